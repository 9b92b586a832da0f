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
        config = item['@id'].removesuffix('-parquet')
        assert files == [f"data/{config}/{split}-00000-of-00001.parquet" for split in ("test", "train", "validation")]
        assert set(files) <= listed  # their checksums are in the manifest
    keys = {rs["@id"]: [k["@id"] for k in rs["key"]] for rs in metadata["recordSet"]}
    assert keys["speakers"] == ["speakers/interview_id", "speakers/speaker_id", "speakers/split"]
    references = {f["@id"]: f["references"] for rs in metadata["recordSet"] for f in rs["field"] if "references" in f}
    assert references["sentences/turn_id"] == {"fileSet": {"@id": "turns-parquet"}, "extract": {"column": "turn_id"}}


def test_mlcroissant_reports_no_error_and_no_warning():
    mlc = pytest.importorskip("mlcroissant")
    metadata = json.loads((BUILD / "croissant.json").read_text(encoding="utf-8"))
    issues = mlc.Dataset(jsonld=metadata).metadata.ctx.issues
    assert not issues.errors and not issues.warnings, issues.report()


def test_the_context_is_the_standard_one():
    from mlcroissant._src.core.rdf import make_context

    metadata = json.loads((BUILD / "croissant.json").read_text(encoding="utf-8"))
    assert metadata["@context"] == make_context()
    assert metadata["datePublished"] == "2021-09-24"
    assert {"rai:dataCollection", "rai:dataAnnotationProtocol", "rai:dataLimitations"} <= set(metadata)


def declared_paths(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    """Every field and subField by its path from the record set (``claims/attribution/type``)."""
    declared = {}
    for field in fields:
        declared[prefix + field["name"]] = field
        declared |= declared_paths(field.get("subField", []), prefix + field["name"] + "/")
    return declared


def model_paths(model, prefix: str = "") -> dict[str, object]:
    """Every column of a model, nested ones included, by its path, with its FieldType."""
    from interview_data.records.fields import model_fields

    paths = {}
    for name, kind, _ in model_fields(model):
        paths[prefix + name] = kind
        value = kind.item if kind.kind == "list" else kind
        if value.kind == "model":
            paths |= model_paths(value.target, prefix + name + "/")
    return paths


def test_every_model_column_is_a_field_or_subfield_and_enumerations_name_their_classes():
    from interview_data.publish.croissant import enumeration_id

    metadata = json.loads((BUILD / "croissant.json").read_text(encoding="utf-8"))
    record_sets = {rs["@id"]: rs for rs in metadata["recordSet"]}
    for config, model in TABLES.items():
        declared = declared_paths(record_sets[config]["field"])
        expected = model_paths(model)
        assert set(declared) == set(expected), config
        for path, kind in expected.items():
            assert declared[path].get("repeated", False) == (kind.kind == "list"), path
            value = kind.item if kind.kind == "list" else kind
            if value.kind != "enum":
                continue
            classes = record_sets[enumeration_id(value.target)]
            assert "sc:Enumeration" in ([classes["dataType"]] if isinstance(classes["dataType"], str) else classes["dataType"])
            assert [row[f"{classes['@id']}/name"] for row in classes["data"]] == [m.value for m in value.target]
            assert classes["@id"] in declared[path]["description"], path


def test_nested_columns_iterate(dataset):
    first = next(iter(dataset.records("claims")))
    assert set(first["claims/attribution"]) == {"claims/attribution/type", "claims/attribution/source",
                                                "claims/attribution/cue"}
    assert isinstance(first["claims/entities"], list)


def test_the_splits_are_declared_as_croissant_splits():
    metadata = json.loads((BUILD / "croissant.json").read_text(encoding="utf-8"))
    splits = next(rs for rs in metadata["recordSet"] if "cr:Split" in rs.get("dataType", []))
    assert [(row[f"{splits['@id']}/name"], row[f"{splits['@id']}/url"]) for row in splits["data"]] == [
        ("train", "cr:TrainingSplit"), ("validation", "cr:ValidationSplit"), ("test", "cr:TestSplit")]
    split_fields = [f for rs in metadata["recordSet"] for f in rs["field"] if f["@id"].endswith("/split")]
    assert len(split_fields) == 6  # every table has its split column
