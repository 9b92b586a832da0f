"""croissant.json of a release in several shards: every record set yields the rows of every Parquet file."""

from __future__ import annotations

import json

import pytest

from interview_data.publish.paths import jsonl_file, parquet_files
from interview_data.records.models import TABLES

from .test_shards import make_synthetic_raw

SHARDS = 3


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    from interview_data.publish.build import build

    raw = make_synthetic_raw(tmp_path_factory.mktemp("raw"), SHARDS)
    out = tmp_path_factory.mktemp("sharded") / "release"
    build(raw, out, shard_size=1)
    return out


def jsonl_rows(release, config: str) -> list[dict]:
    with jsonl_file(release, config).open("rb") as handle:
        return [json.loads(line) for line in handle]


def records(release, config: str) -> list[dict]:
    mlc = pytest.importorskip("mlcroissant")
    return list(mlc.Dataset(str(release / "croissant.json")).records(config))


def test_the_release_has_three_parquet_files_per_table_and_split(sharded):
    for config in TABLES:
        assert [p.name for p in parquet_files(sharded, config)] == \
            [f"{split}-{k:05d}-of-{SHARDS:05d}.parquet" for split in ("train", "validation", "test")
             for k in range(SHARDS)], config


@pytest.mark.parametrize("config", list(TABLES))
def test_every_record_set_yields_the_rows_of_all_shards(sharded, config):
    assert len(records(sharded, config)) == len(jsonl_rows(sharded, config))


def test_the_turns_record_set_reaches_every_interview(sharded):
    yielded = {row["turns/interview_id"].decode("utf-8") for row in records(sharded, "turns")}
    assert yielded == {row["interview_id"] for row in jsonl_rows(sharded, "interviews")}
    assert len(yielded) == SHARDS
