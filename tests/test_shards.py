"""Shards: a corpus is cut into runs of whole interviews that depend only on its size, so a build
with several worker processes writes exactly the bytes of a build with one."""

from __future__ import annotations

import filecmp
import importlib.util
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from interview_data import load
from interview_data.errors import InterviewDataError
from interview_data.publish.build import build
from interview_data.publish.shards import MAX_SHARDS, SHARD_MIN_INTERVIEWS, shard_plan

from .conftest import ROOT


def test_shards_are_runs_of_whole_interviews_that_depend_only_on_the_corpus_size():
    for size in (1, SHARD_MIN_INTERVIEWS, SHARD_MIN_INTERVIEWS + 1, 250, MAX_SHARDS * SHARD_MIN_INTERVIEWS + 1):
        dirs = [Path(f"{i:06d}") for i in range(size)]
        shards = shard_plan(dirs)
        assert [d for shard in shards for d in shard] == dirs
        assert len(shards) <= MAX_SHARDS
        assert all(len(shard) >= min(size, SHARD_MIN_INTERVIEWS) for shard in shards[:-1])
    assert len(shard_plan([Path("x")] * SHARD_MIN_INTERVIEWS)) == 1  # the seed-sized release stays one file


def make_synthetic_raw(raw: Path, size: int) -> Path:
    """``size`` interviews derived from the seed by the benchmark's generator."""
    spec = importlib.util.spec_from_file_location("bench", ROOT / "tests" / "benchmarks" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.make_corpus(raw, size)
    return raw


@pytest.fixture(scope="module")
def synthetic_raw(tmp_path_factory) -> Path:
    return make_synthetic_raw(tmp_path_factory.mktemp("raw"), 3)


def dirs_identical(first: Path, second: Path) -> bool:
    comparison = filecmp.dircmp(first, second)
    _, mismatch, errors = filecmp.cmpfiles(first, second, comparison.common_files, shallow=False)
    return (not (comparison.left_only or comparison.right_only or mismatch or errors)
            and all(dirs_identical(first / d, second / d) for d in comparison.common_dirs))


def test_a_sharded_build_is_the_same_with_two_jobs_and_loads_whole(synthetic_raw, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    build(synthetic_raw, one, jobs=1, shard_size=1)
    build(synthetic_raw, two, jobs=2, shard_size=1)
    assert dirs_identical(one, two)
    names = sorted(p.name for p in (one / "data" / "turns").iterdir())
    assert names == sorted(f"{split}-0000{k}-of-00003.parquet" for split in ("train", "validation", "test")
                           for k in range(3))
    turns = load("turns", "train+validation+test", release=one)
    assert turns.num_rows == 3 * 41 and len(set(turns["turn_id"])) == 3 * 41
    train = load("turns", release=one)["turn_id"]
    assert train == sorted(train)  # each split in corpus order, shard after shard
    jsonl = (one / "jsonl" / "turns.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(jsonl) == 3 * 41 and not (one / ".jsonl-parts").exists()
    checked = subprocess.run([sys.executable, "-m", "interview_data", "validate", str(one)],
                             capture_output=True, text=True)
    assert (checked.returncode, checked.stdout) == (0, f"{one}: valid\n"), checked.stderr


def test_a_problem_in_any_shard_stops_the_parallel_build_and_names_its_file(synthetic_raw, tmp_path):
    raw = tmp_path / "raw"
    subprocess.run(["cp", "-r", str(synthetic_raw), str(raw)], check=True)
    broken = raw / "2021-09-24-synthetic-00002" / "interview.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("language: en", "language: [en"), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(InterviewDataError) as caught:
        build(raw, out, jobs=2, shard_size=1)
    assert str(broken) in str(caught.value)
    assert not out.exists() and not list(tmp_path.glob(".out.tmp-*"))


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="the patch reaches workers by fork")
def test_a_worker_that_dies_is_reported_not_waited_for(synthetic_raw, tmp_path, monkeypatch):
    from interview_data.publish import shards

    real = shards.write_shard

    def dies_on_the_second_shard(task):
        if task.index == 1:
            os._exit(9)  # as when the kernel kills a worker for memory
        return real(task)

    monkeypatch.setattr(shards, "write_shard", dies_on_the_second_shard)
    out = tmp_path / "out"
    with pytest.raises(InterviewDataError, match=r"a worker process died; shards [01] to 2 were not finished; run again with fewer --jobs"):
        build(synthetic_raw, out, jobs=2, shard_size=1)
    assert not out.exists() and not list(tmp_path.glob(".out.tmp-*"))
