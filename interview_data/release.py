"""Build a release: every interview in raw/, checked, written atomically to build/."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from . import card, croissant, integrity
from .agreement import agreement, format_agreement
from .evaluate import evaluate, format_table
from .figures import render_figures
from .errors import ErrorReport, InterviewDataError, MetadataError
from .features import features_for, to_arrow_row
from .models import PRIMARY_KEYS, TABLES
from .pipeline import Tables, build_interview

PARQUET_NAME = "train-00000-of-00001.parquet"
ROW_GROUP_SIZE = 50_000
CHECKSUMS = "SHA256SUMS"


def interview_dirs(raw: Path) -> list[Path]:
    if not raw.is_dir():
        raise InterviewDataError("raw directory not found", path=raw,
                                 fix="pass --raw DIR pointing at a folder of <interview_id>/ folders")
    dirs = sorted(p for p in raw.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not dirs:
        raise InterviewDataError("no interview folders found", path=raw,
                                 fix="add raw/<interview_id>/source.txt and interview.yaml")
    return dirs


def build_corpus(raw: Path) -> Tables:
    tables = Tables()
    seen: dict[str, Path] = {}
    errors: list[InterviewDataError] = []
    for directory in interview_dirs(raw):
        try:
            part = build_interview(directory)
        except ErrorReport as report:
            errors.extend(report.errors)
            continue
        except InterviewDataError as exc:
            errors.append(exc)
            continue
        interview_id = part.interviews[0].interview_id
        _check_identity(directory, interview_id, seen, errors)
        seen[interview_id] = directory
        tables.extend(part)
    if errors:
        raise ErrorReport(errors)
    integrity.check_tables(tables)
    return tables


def _check_identity(directory: Path, interview_id: str, seen: dict[str, Path],
                    errors: list[InterviewDataError]) -> None:
    meta_path = directory / "interview.yaml"
    if interview_id in seen:
        errors.append(MetadataError(f"duplicate interview_id '{interview_id}' (also in {seen[interview_id]})",
                                    path=meta_path, fix="give each interview its own id"))
    elif directory.name != interview_id:
        errors.append(MetadataError(f"interview_id '{interview_id}' differs from its folder name '{directory.name}'",
                                    path=meta_path, fix=f"rename the folder to {interview_id}"))


def sorted_rows(tables: Tables, config: str) -> list:
    key_fields = PRIMARY_KEYS[config]
    return sorted(getattr(tables, config), key=lambda r: tuple(getattr(r, k) for k in key_fields))


def write_release(tables: Tables, out: Path, card_text: str, figures: dict[str, str]) -> None:
    """Write into a temporary sibling, then swap it into place: never a half-written release."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        _write_files(tables, staging, card_text, figures)
        integrity.check_release(staging)
        _swap_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_files(tables: Tables, root: Path, card_text: str, figures: dict[str, str]) -> None:
    for config in TABLES:
        rows = sorted_rows(tables, config)
        write_parquet(rows, config, root / "data" / config / PARQUET_NAME)
        write_jsonl(rows, root / "jsonl" / f"{config}.jsonl")
    for name, svg in figures.items():
        _write_text(root / "figures" / name, svg)
    _write_text(root / "README.md", card_text)
    _write_text(root / "croissant.json", croissant.render(tables, root))
    write_checksums(root)


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_parquet(rows: list, config: str, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    schema = features_for(config).arrow_schema
    table = pa.Table.from_pylist([to_arrow_row(r) for r in rows], schema=schema)
    pq.write_table(table, path, compression="zstd", compression_level=9,
                   row_group_size=ROW_GROUP_SIZE, write_page_index=False)


def write_jsonl(rows: list, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row.model_dump(mode="json"), ensure_ascii=False) + "\n")


def release_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != CHECKSUMS)


def write_checksums(root: Path) -> None:
    lines = [f"{sha256_file(p)}  {p.relative_to(root).as_posix()}\n" for p in release_files(root)]
    (root / CHECKSUMS).write_text("".join(lines), encoding="utf-8")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _swap_into_place(staging: Path, out: Path) -> None:
    if not out.exists():
        os.replace(staging, out)
        return
    retired = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.replace(out, retired)
    try:
        os.replace(staging, out)
    except OSError:
        os.replace(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def build(raw: Path, out: Path, card_copy: Path | None = None) -> Tables:
    """Build raw/ into ``out``; ``card_copy`` also receives the rendered dataset card."""
    tables = build_corpus(raw)
    passes = agreement(interview_dirs(raw))
    scores = evaluate(tables.sentences, tables.claims)
    figures = render_figures(tables)
    card_text = card.render_card(tables, format_agreement(passes) if passes else None,
                                 format_table(scores) if scores else None, sorted(figures))
    write_release(tables, out, card_text, figures)
    if card_copy is not None:
        _write_text(card_copy, card_text)
    return tables
