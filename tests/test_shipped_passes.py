"""The annotation passes ship in the release (annotations/passes.jsonl): agreement is recomputed from them
alone, and validate checks them line by line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from interview_data.errors import InterviewDataError
from interview_data.publish.paths import PASSES_FILE, read_manifest, write_checksums
from interview_data.publish.release_checks import validate_release
from interview_data.publish.release_records import release_agreement
from interview_data.records.passes import PASS_NAMES

from .conftest import ROOT, SEED_DIR, SEED_ID

BUILD = ROOT / "build"


def test_the_release_ships_every_pass_of_the_seed_in_order():
    lines = [json.loads(line) for line in (BUILD / PASSES_FILE).read_text(encoding="utf-8").splitlines()]
    assert [(e["interview_id"], e["annotation_pass"]) for e in lines] == [(SEED_ID, name) for name in PASS_NAMES]
    assert all(len(e["labels"]) == 665 for e in lines)
    assert [len(e["claims"]) for e in lines] == [471, 482, 532, 553]
    assert PASSES_FILE in read_manifest(BUILD)


def test_agreement_from_the_release_equals_agreement_from_raw():
    from interview_data.reading.interview import read_interview
    from interview_data.research.agreement import AgreementTable

    reading = read_interview(SEED_DIR, with_passes=True)
    table = AgreementTable()
    table.add(reading.records, reading.passes)
    assert release_agreement(BUILD) == table.result()


def test_agreement_prints_the_cards_table_from_anywhere(tmp_path):
    result = subprocess.run([sys.executable, "-m", "interview_data", "agreement"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("| measure | v1: pass A vs pass B |")
    assert result.stdout in (BUILD / "README.md").read_text(encoding="utf-8")


def test_agreement_of_a_release_without_passes_says_so(tmp_path):
    release = tmp_path / "release"
    shutil.copytree(BUILD, release)
    (release / PASSES_FILE).write_text("", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "interview_data", "agreement", "--release", str(release)],
                            capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"error: {release}: no interview of the release has a pair of annotation passes to "
                             "compare; add raw/<id>/annotations/passes/a/ and .../b/ (or v2-a/ and v2-b/) and rebuild "
                             "the release\n")


def test_validate_defaults_to_the_installed_release(tmp_path):
    from interview_data.loading import release_path

    result = subprocess.run([sys.executable, "-m", "interview_data", "validate"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, f"{release_path()}: valid\n"), result.stderr


@pytest.fixture()
def release(tmp_path) -> Path:
    copy = tmp_path / "release"
    shutil.copytree(BUILD, copy)
    return copy


def problems_after(release: Path, edit) -> list[str]:
    """validate's problems once the passes file is edited (and the manifest rewritten to match)."""
    path = release / PASSES_FILE
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    edit(entries)
    path.write_text("".join((e if isinstance(e, str) else json.dumps(e)) + "\n" for e in entries), encoding="utf-8")
    write_checksums(release)
    with pytest.raises(InterviewDataError) as caught:
        validate_release(release)
    return [p.render().removeprefix(f"{path}:") for p in caught.value.problems()]


REBUILD = "rebuild the release from raw/ (a release must not be edited by hand)"


def test_validate_names_each_damaged_pass_line(release):
    span = {}

    def edit(entries):
        entries[0]["labels"].pop()  # a: one sentence unlabelled
        claim = entries[1]["claims"][0]  # b: a span leaving its sentence
        claim["char_end"] += 10_000
        span.update(start=claim["char_start"], end=claim["char_end"])
        entries[2]["claims"][1]["text"] = "something else"  # v2-a: text that is not its span
        entries[3]["annotation_pass"] = "c"  # an unknown pass

    problems = problems_after(release, edit)
    assert problems == [
        f"1: pass 'a' does not label exactly the sentences of {SEED_ID}, in sentence_id order; {REBUILD}",
        f"2: pass 'b' claim 0: span {span['start']}-{span['end']} is not inside its sentence; {REBUILD}",
        f"3: pass 'v2-a' claim 1: its text is not the text of its span; {REBUILD}",
        f"4: unknown annotation pass 'c' (the passes are a, b, v2-a, v2-b); {REBUILD}",
    ]


def test_validate_reports_a_repeated_pass_a_broken_line_and_a_foreign_interview(release):
    def edit(entries):
        entries[1]["annotation_pass"] = "a"
        entries.insert(2, '{"interview_id": ')
        entries.append({**entries[0], "interview_id": "2030-01-01-nobody"})

    assert problems_after(release, edit) == [
        f"3: not valid JSON (EOF while parsing a value at line 2 column 0); {REBUILD}",
        f"6: row of interview '2030-01-01-nobody', which is not in interviews.jsonl; {REBUILD}",
        f"2: annotation pass 'a' of {SEED_ID} is listed twice; {REBUILD}",
    ]


def test_passes_are_written_in_shards_the_same_with_two_jobs(raw_copy, tmp_path):
    import filecmp

    from interview_data.publish.build import build

    seed = raw_copy / SEED_ID
    for suffix, kept in (("copy-one", ()), ("copy-two", ("a", "b"))):
        copy = raw_copy / f"2021-09-25-{suffix}"
        shutil.copytree(seed, copy)
        meta = copy / "interview.yaml"
        meta.write_text(meta.read_text(encoding="utf-8").replace(f"interview_id: {SEED_ID}",
                                                                 f"interview_id: {copy.name}"), encoding="utf-8")
        for folder in (copy / "annotations" / "passes").iterdir():
            if folder.name not in kept:
                shutil.rmtree(folder)
    one, two = tmp_path / "one", tmp_path / "two"
    build(raw_copy, one, jobs=1, shard_size=1)
    build(raw_copy, two, jobs=2, shard_size=1)
    assert filecmp.cmp(one / PASSES_FILE, two / PASSES_FILE, shallow=False)
    assert (one / "SHA256SUMS").read_bytes() == (two / "SHA256SUMS").read_bytes()
    lines = [json.loads(line) for line in (one / PASSES_FILE).read_text(encoding="utf-8").splitlines()]
    assert [(e["interview_id"], e["annotation_pass"]) for e in lines] == [
        (SEED_ID, name) for name in PASS_NAMES] + [("2021-09-25-copy-two", "a"), ("2021-09-25-copy-two", "b")]
    validate_release(one)
    result = release_agreement(one)
    assert result["v1: pass A vs pass B"].interviews == 2 and result["v2: pass A vs gold"].interviews == 1
