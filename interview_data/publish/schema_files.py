"""Writing the JSON Schema files of the records into a folder of ours (``interview-data schema``)."""

from __future__ import annotations

import json
from pathlib import Path

from ..records.json_schema import render
from ..records.models import TABLES
from .ownership import check_not_overlapping, check_owned_folder, write_file_atomically


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
