"""JSON Schema of every table's JSONL records, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path

from .models import TABLES
from ..publish.ownership import check_not_overlapping, check_owned_folder, write_file_atomically

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(config: str) -> dict:
    schema = TABLES[config].model_json_schema(mode="serialization")
    return {"$schema": SCHEMA_DIALECT, "$id": f"interview-data/{config}.schema.json", **schema}


def render(config: str) -> str:
    return json.dumps(json_schema(config), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def is_our_schema(path: Path) -> bool:
    """A JSON Schema file this command wrote (its ``$id`` names the package)."""
    if not path.name.endswith(".schema.json") or path.stat().st_size > 1 << 20:
        return False
    try:
        schema = json.loads(path.read_bytes())
    except ValueError:
        return False
    return isinstance(schema, dict) and str(schema.get("$id", "")).startswith("interview-data/")


def write_schemas(directory: Path) -> list[Path]:
    """Write every table's schema into ``directory``: a folder that is absent, empty, or holds only ours."""
    check_not_overlapping(directory, [], what="--out")
    check_owned_folder(directory, is_our_schema, "JSON Schema files of interview-data")
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for config in TABLES:
        path = directory / f"{config}.schema.json"
        write_file_atomically(path, render(config).encode("utf-8"))
        written.append(path)
    return written
