"""Hugging Face ``Features`` and Arrow rows, derived from the pydantic models.

Enumerations become ``ClassLabel`` (stored as their index), lists become
``List``, nested models become dicts of features. Every field stays nullable
so ``ClassLabel`` survives the Parquet round trip.
"""

from __future__ import annotations

import types
import typing
from enum import Enum
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from .models import TABLES

SCALARS = {str: "string", int: "int64", float: "float64", bool: "bool"}


def features_for(config: str):
    return _model_features(TABLES[config])


def _model_features(model: type[BaseModel]):
    from datasets import Features

    return Features({name: _feature(field.annotation) for name, field in model.model_fields.items()})


def _feature(annotation: Any):
    from datasets import ClassLabel, List, Value

    annotation = strip_optional(annotation)
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return List(_feature(item))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return ClassLabel(names=[member.value for member in annotation])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {name: _feature(f.annotation) for name, f in annotation.model_fields.items()}
    if annotation in SCALARS:
        return Value(SCALARS[annotation])
    raise TypeError(f"no feature mapping for {annotation!r}")


def strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def to_arrow_row(record: BaseModel) -> dict[str, Any]:
    """A record as an Arrow row: enumerations as their ClassLabel index."""
    return {name: _arrow_value(getattr(record, name)) for name in type(record).model_fields}


@lru_cache(maxsize=None)
def _class_index(enum: type[Enum]) -> dict[Enum, int]:
    return {member: index for index, member in enumerate(enum)}


def _arrow_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return _class_index(type(value))[value]
    if isinstance(value, BaseModel):
        return to_arrow_row(value)
    if isinstance(value, list):
        return [_arrow_value(v) for v in value]
    return value
