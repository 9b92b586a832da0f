"""The committed release equals a fresh build and passes every integrity check."""

from __future__ import annotations

import json
import subprocess

import jsonschema
import pyarrow.parquet as pq
import pytest

from interview_data.publish.release_checks import validate_release
from interview_data.records.models import TABLES
from interview_data.records.json_schema import render

from .conftest import ROOT
from .lockfile import needs_lock

BUILD = ROOT / "build"


def files_of(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@needs_lock
def test_committed_build_is_byte_identical_to_a_fresh_build(fresh_build):
    committed, fresh = files_of(BUILD), files_of(fresh_build)
    assert sorted(committed) == sorted(fresh)
    changed = [name for name in fresh if committed[name] != fresh[name]]
    assert changed == [], "run `interview-data build` and commit build/"


def test_release_layout(fresh_build):
    for config in TABLES:
        assert (fresh_build / "data" / config / "train-00000-of-00001.parquet").is_file()
        assert (fresh_build / "jsonl" / f"{config}.jsonl").is_file()
    assert (fresh_build / "README.md").is_file()


def test_checksums_pass_sha256sum(fresh_build):
    result = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=fresh_build,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = {line.split("  ", 1)[1] for line in (fresh_build / "SHA256SUMS").read_text().splitlines()}
    assert listed == set(files_of(fresh_build)) - {"SHA256SUMS"}


@needs_lock
def test_committed_schema_matches_the_models():
    for config in TABLES:
        committed = (ROOT / "schema" / f"{config}.schema.json").read_text(encoding="utf-8")
        assert committed == render(config), "run `interview-data schema` and commit schema/"


@pytest.mark.parametrize("config", list(TABLES))
def test_every_jsonl_record_validates_against_its_schema(config):
    schema = json.loads((ROOT / "schema" / f"{config}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    lines = (BUILD / "jsonl" / f"{config}.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        validator.validate(json.loads(line))


def test_parquet_carries_classlabel_features():
    metadata = pq.read_schema(BUILD / "data" / "turns" / "train-00000-of-00001.parquet").metadata
    features = json.loads(metadata[b"huggingface"])["info"]["features"]
    assert features["turn_type"] == {"names": ["question", "answer", "remark", "closing"], "_type": "ClassLabel"}
    assert features["paragraphs"]["_type"] == "List"


def test_validate_passes_on_the_committed_release():
    validate_release(BUILD)


def test_rows_are_sorted_by_primary_key():
    ids = [json.loads(line)["sentence_id"] for line in (BUILD / "jsonl" / "sentences.jsonl").open(encoding="utf-8")]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
