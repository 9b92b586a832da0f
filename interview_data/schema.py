"""JSON Schema of every table's JSONL records, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path

from .models import TABLES

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(config: str) -> dict:
    schema = TABLES[config].model_json_schema(mode="serialization")
    return {"$schema": SCHEMA_DIALECT, "$id": f"interview-data/{config}.schema.json", **schema}


def render(config: str) -> str:
    return json.dumps(json_schema(config), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for config in TABLES:
        path = directory / f"{config}.schema.json"
        path.write_text(render(config), encoding="utf-8")
        written.append(path)
    return written
