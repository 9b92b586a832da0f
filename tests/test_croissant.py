"""croissant.json validates with mlcroissant and every record set iterates with the right count."""

from __future__ import annotations

import json

import pytest

from interview_data.records.models import TABLES

from .conftest import ROOT

BUILD = ROOT / "build"


@pytest.fixture()
def dataset():  # a fresh Dataset per test: mlcroissant does not restart a consumed record set
    mlc = pytest.importorskip("mlcroissant")
    return mlc.Dataset(str(BUILD / "croissant.json"))


def test_every_record_set_iterates_with_the_right_count(dataset):
    for config in TABLES:
        expected = sum(1 for _ in (BUILD / "jsonl" / f"{config}.jsonl").open(encoding="utf-8"))
        assert sum(1 for _ in dataset.records(config)) == expected, config


def test_records_carry_keys_and_values(dataset):
    first = next(iter(dataset.records("turns")))
    assert first["turns/turn_id"] == b"2021-09-24-aliyev-natsionalnaya-oborona/t000"
    assert first["turns/index"] == 0


def test_file_sets_cover_every_parquet_file_and_keys():
    metadata = json.loads((BUILD / "croissant.json").read_text(encoding="utf-8"))
    listed = {line.split("  ", 1)[1] for line in (BUILD / "SHA256SUMS").read_text(encoding="utf-8").splitlines()}
    for item in metadata["distribution"]:
        files = sorted(p.relative_to(BUILD).as_posix() for p in BUILD.glob(item["includes"]))
        assert files == [f"data/{item['@id'].removesuffix('-parquet')}/train-00000-of-00001.parquet"]
        assert set(files) <= listed  # their checksums are in the manifest
    keys = {rs["@id"]: [k["@id"] for k in rs["key"]] for rs in metadata["recordSet"]}
    assert keys["speakers"] == ["speakers/interview_id", "speakers/speaker_id"]
    references = {f["@id"]: f["references"] for rs in metadata["recordSet"] for f in rs["field"] if "references" in f}
    assert references["sentences/turn_id"] == {"fileSet": {"@id": "turns-parquet"}, "extract": {"column": "turn_id"}}
