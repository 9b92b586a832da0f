"""The assumption behind ``shards.json_lines``: records are split into lines at the seams
``},{"interview_id":``, which is right only while every table's record serialises with
``interview_id`` as its first key and no nested model has a field serialised as ``interview_id``.
A model change that breaks either must fail here, not corrupt the JSONL files."""

from __future__ import annotations

import json
import typing

import pytest
from pydantic import BaseModel

from interview_data.records.models import TABLES

SEAM_KEY = "interview_id"


def serialised_names(model: type[BaseModel]) -> list[str]:
    fields = [info.serialization_alias or info.alias or name
              for name, info in model.model_fields.items() if not info.exclude]
    return fields + list(model.model_computed_fields)


def models_in(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for argument in typing.get_args(annotation) for model in models_in(argument)]


def nested_models(model: type[BaseModel], seen: set | None = None) -> set[type[BaseModel]]:
    seen = set() if seen is None else seen
    annotations = [info.annotation for info in model.model_fields.values()]
    annotations += [info.return_type for info in model.model_computed_fields.values()]
    for annotation in annotations:
        for inner in models_in(annotation):
            if inner not in seen:
                seen.add(inner)
                nested_models(inner, seen)
    return seen


def keys_below_the_top(value, top: bool = True) -> set[str]:
    if isinstance(value, dict):
        own = set() if top else set(value)
        return own.union(*(keys_below_the_top(v, top=False) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_below_the_top(v, top=False) for v in value))
    return set()


def test_the_walk_finds_nested_models_through_lists_and_optionals():
    names = {model.__name__ for model in nested_models(TABLES["claims"])}
    assert {"Attribution", "Quantity", "TimeExpression", "Entity"} <= names
    assert {model.__name__ for model in nested_models(TABLES["interviews"])} == {"AccountedPiece", "Provenance"}
    assert {model.__name__ for model in nested_models(TABLES["turns"])} == {"Paragraph"}


@pytest.mark.parametrize("config", list(TABLES))
def test_every_table_record_serialises_interview_id_first(config):
    model = TABLES[config]
    assert serialised_names(model)[0] == SEAM_KEY
    assert not model.__pydantic_decorators__.model_serializers, "a custom serializer may reorder the keys"


@pytest.mark.parametrize("config", list(TABLES))
def test_no_nested_model_serialises_a_field_named_interview_id(config):
    offenders = sorted(m.__name__ for m in nested_models(TABLES[config]) if SEAM_KEY in serialised_names(m))
    assert offenders == []


@pytest.mark.parametrize("config", list(TABLES))
def test_the_seed_records_as_serialised_hold_to_both_rules(config, seed_tables):
    records = getattr(seed_tables, config)
    assert records
    for record in records:
        data = json.loads(record.model_dump_json())
        assert next(iter(data)) == SEAM_KEY
        assert SEAM_KEY not in keys_below_the_top(data)


def test_the_rules_catch_a_model_that_would_break_the_seams():
    from typing import Optional

    from interview_data.records.models import Record

    class Mention(Record):
        interview_id: str

    class Broken(Record):
        text: str
        interview_id: str
        mentions: Optional[list[Mention]] = None

    assert serialised_names(Broken)[0] != SEAM_KEY
    assert [m for m in nested_models(Broken) if SEAM_KEY in serialised_names(m)] == [Mention]
