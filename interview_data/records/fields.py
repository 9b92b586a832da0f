"""Hugging Face features and Arrow schemas and rows, derived from the pydantic models.

One walker, :func:`field_type`, reads a field's annotation into a
:class:`FieldType` (a scalar, an enumeration, a list of something, or a
nested model); the features, the Arrow conversion and Croissant's fields are
all folds over it, so no other code inspects pydantic's types.

Enumerations become ``ClassLabel`` (stored as their index), lists become
``List``, nested models become dicts of features. Every field stays nullable
so ``ClassLabel`` survives the Parquet round trip.

The features are first written in the serialised form ``datasets`` itself
stores in a Parquet schema (``{"_type": "Value", "dtype": ...}``, ...); the
Arrow schema is built from that form with pyarrow alone, so a build never
imports ``datasets``, and ``datasets.Features`` is read back from it (a test
checks the two agree).
"""

from __future__ import annotations

import json
import types
import typing
from enum import Enum
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from pydantic import BaseModel

from .models import TABLES, list_adapter, validate_rows

SCALARS = {str: "string", int: "int64", float: "float64", bool: "bool"}


@dataclass(frozen=True)
class FieldType:
    """What a field holds: ``kind`` is "scalar" (``target`` a Python type), "enum" (an Enum), "model"
    (a pydantic model) or "list" (``item`` the FieldType of its items). Every field is nullable."""

    kind: str
    target: Any = None
    item: Optional["FieldType"] = None


@lru_cache(maxsize=None)
def field_type(annotation: Any) -> FieldType:
    annotation = strip_optional(annotation)
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return FieldType("list", item=field_type(item))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return FieldType("enum", annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return FieldType("model", annotation)
    if annotation in SCALARS:
        return FieldType("scalar", annotation)
    raise TypeError(f"no field type for {annotation!r}")


def model_fields(model: type[BaseModel]) -> list[tuple[str, FieldType, Optional[str]]]:
    """(name, type, description) of each field of ``model``, in order."""
    return [(name, field_type(field.annotation), field.description) for name, field in model.model_fields.items()]


@lru_cache(maxsize=None)
def feature_dicts(config: str) -> dict[str, Any]:
    """A table's features, serialised as ``datasets.Features.to_dict()`` writes them."""
    return _model_dicts(TABLES[config])


def _model_dicts(model: type[BaseModel]) -> dict[str, Any]:
    return {name: _feature_dict(kind) for name, kind, _ in model_fields(model)}


def _feature_dict(kind: FieldType) -> dict[str, Any]:
    if kind.kind == "list":
        return {"feature": _feature_dict(kind.item), "_type": "List"}
    if kind.kind == "enum":
        return {"names": [member.value for member in kind.target], "_type": "ClassLabel"}
    if kind.kind == "model":
        return _model_dicts(kind.target)
    return {"dtype": SCALARS[kind.target], "_type": "Value"}


@lru_cache(maxsize=None)
def features_for(config: str):
    """The Hugging Face features of a table (built once per process; treat as read-only)."""
    from datasets import Features

    return Features.from_dict(feature_dicts(config))


@lru_cache(maxsize=None)
def arrow_schema(config: str):
    """The Arrow schema of a table, with its features in the metadata where ``datasets`` looks."""
    import pyarrow as pa

    features = feature_dicts(config)
    return pa.schema([pa.field(name, _arrow_type(feature)) for name, feature in features.items()],
                     metadata={"huggingface": json.dumps({"info": {"features": features}})})


def _arrow_type(feature: dict[str, Any]):
    import pyarrow as pa

    kind = feature.get("_type")
    if kind == "Value":
        return pa.type_for_alias(feature["dtype"])
    if kind == "ClassLabel":
        return pa.int64()
    if kind == "List":
        return pa.list_(_arrow_type(feature["feature"]))
    return pa.struct([pa.field(name, _arrow_type(inner)) for name, inner in feature.items()])


def strip_optional(annotation: Any) -> Any:
    if _is_optional(annotation):
        return next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


def _is_optional(annotation: Any) -> bool:
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return False
    args = typing.get_args(annotation)
    return type(None) in args and len(args) == 2


def arrow_rows(config: str, records: list[BaseModel]) -> list[dict[str, Any]]:
    """Records of a table as Arrow rows: enumerations as their ClassLabel index."""
    model = TABLES[config]
    rows = list_adapter(model).dump_python(records)  # one call: the loop runs in pydantic-core
    for row in rows:
        _convert(model, row)
    return rows


def arrow_table(config: str, records: list[BaseModel]):
    import pyarrow as pa

    return pa.Table.from_pylist(arrow_rows(config, records), schema=arrow_schema(config))


def _convert(model: type[BaseModel], row: dict[str, Any]) -> dict[str, Any]:
    return _map_enums(model, row, _class_index)


def _map_enums(model: type[BaseModel], row: dict[str, Any], lookup) -> dict[str, Any]:
    """``row`` with every enumeration value, nested ones included, replaced by ``lookup(enum)[value]``."""
    for name, kind, target in _special_fields(model):
        value = row[name]
        if value is None:
            continue
        if kind == "enum":
            row[name] = lookup(target)[value]
        elif kind == "model":
            _map_enums(target, value, lookup)
        elif kind == "model_list":
            for item in value:
                _map_enums(target, item, lookup)
        else:  # enum_list
            row[name] = [lookup(target)[v] for v in value]
    return row


def records_from_arrow(config: str, table) -> list:
    """The records of a table's Arrow rows (the inverse of :func:`arrow_table`): ClassLabel indices
    back to their enumeration members, then validated by the table's model."""
    model = TABLES[config]
    return validate_rows(model, [_restore(model, row) for row in table.to_pylist()])


def _restore(model: type[BaseModel], row: dict[str, Any]) -> dict[str, Any]:
    return _map_enums(model, row, _members)


@lru_cache(maxsize=None)
def _members(enum: type[Enum]) -> tuple[Enum, ...]:
    return tuple(enum)


@lru_cache(maxsize=None)
def _special_fields(model: type[BaseModel]) -> tuple[tuple[str, str, type], ...]:
    """(name, kind, type) of the fields that need converting for Arrow, found once per model."""
    special = []
    for name, kind, _ in model_fields(model):
        inner = kind.item if kind.kind == "list" else kind
        if inner.kind in ("enum", "model"):
            special.append((name, f"{inner.kind}_list" if kind.kind == "list" else inner.kind, inner.target))
    return tuple(special)


@lru_cache(maxsize=None)
def _class_index(enum: type[Enum]) -> dict[Enum, int]:
    return {member: index for index, member in enumerate(enum)}
