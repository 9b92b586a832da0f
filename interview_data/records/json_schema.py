"""JSON Schema of every table's JSONL records, generated from the models."""

from __future__ import annotations

import json

from .models import TABLES

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(config: str) -> dict:
    schema = TABLES[config].model_json_schema(mode="serialization")
    return {"$schema": SCHEMA_DIALECT, "$id": f"interview-data/{config}.schema.json", **schema}


def render(config: str) -> str:
    return json.dumps(json_schema(config), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
