"""Build a release: every interview in raw/, checked, written atomically to build/.

Interviews are processed independently (in worker processes with ``jobs``
> 1, results taken back in folder order) and streamed into the Parquet and
JSONL files, so the output is byte-identical whatever the number of jobs and
memory does not grow with the corpus.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Iterator, Optional

from . import card, croissant, integrity
from .agreement import agreement, format_agreement
from .errors import ErrorReport, InterviewDataError, MetadataError
from .features import arrow_schema, arrow_table
from .figures import render_figures
from .models import PRIMARY_KEYS, TABLES, list_adapter
from .pipeline import Tables, build_interview
from .progress import Progress
from .stats import CorpusStats

PARQUET_NAME = "train-00000-of-00001.parquet"
ROW_GROUP_SIZE = 5_000  # bounded buffers: memory stays flat however many interviews there are
IN_FLIGHT_PER_JOB = 4  # results waiting for the writer, per worker process
TRIM_EVERY = 16  # interviews between returns of freed memory to the OS
CHECKSUMS = "SHA256SUMS"
GUIDELINES = "ANNOTATION_GUIDELINES.md"


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
        except InterviewDataError as exc:
            errors += exc.problems()
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
    return sorted(getattr(tables, config), key=attrgetter(*PRIMARY_KEYS[config]))


@dataclass
class Processed:
    """One interview, built, checked and serialised in a worker; cheap to send back (Arrow buffers, text)."""

    directory: Path
    interview_id: Optional[str] = None
    errors: list[InterviewDataError] = field(default_factory=list)
    arrow: dict[str, Any] = field(default_factory=dict)  # config -> pyarrow.Table
    jsonl: dict[str, bytes] = field(default_factory=dict)  # UTF-8
    stats: Optional[CorpusStats] = None


def process_interview(directory: Path) -> Processed:
    """Pure per-interview work: parse, segment, annotate, check, serialise, count."""
    with cycle_collector_paused():
        return _process_interview(directory)


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """An interview allocates some 10^4 short-lived, acyclic objects (records, rows, spans);
    the cycle collector's passes over them took a fifth of the build. Reference counting
    still frees them; any cycle left over is collected once the collector resumes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _process_interview(directory: Path) -> Processed:
    try:
        part = build_interview(directory)
        integrity.check_tables(part)
    except InterviewDataError as exc:
        return Processed(directory, errors=exc.problems())
    stats = CorpusStats()
    stats.add(part)
    rows = {config: sorted_rows(part, config) for config in TABLES}
    return Processed(
        directory, part.interviews[0].interview_id,
        arrow={c: arrow_table(c, records) for c, records in rows.items()},
        jsonl={c: json_lines(c, records) for c, records in rows.items()},
        stats=stats,
    )


def json_lines(config: str, records: list) -> bytes:
    """One JSON object per line, exactly ``record.model_dump_json()`` each, serialised in one call.

    pydantic-core writes the list as ``[{...},{...}]``; every record starts
    with the key ``interview_id`` and no nested object has that key, so the
    seams between records are the only places where ``},{"interview_id":``
    occurs (inside a JSON string the quote would be escaped).
    """
    if not records:
        return b""
    seam = b'},{"interview_id":'
    data = list_adapter(TABLES[config]).dump_json(records)
    return data[1:-1].replace(seam, b'}\n{"interview_id":') + b"\n"


class TableWriters:
    """Per config, one Parquet file written in row groups of exactly ROW_GROUP_SIZE rows
    (the last one shorter) and one JSONL file, appended in order."""

    def __init__(self, root: Path) -> None:
        import pyarrow.parquet as pq

        self.pending: dict[str, list] = {c: [] for c in TABLES}
        self.writers, self.jsonl = {}, {}
        (root / "jsonl").mkdir(parents=True, exist_ok=True)
        for config in TABLES:
            parquet = root / "data" / config / PARQUET_NAME
            parquet.parent.mkdir(parents=True, exist_ok=True)
            self.writers[config] = pq.ParquetWriter(parquet, arrow_schema(config), compression="zstd",
                                                    compression_level=9, write_page_index=False)
            self.jsonl[config] = (root / "jsonl" / f"{config}.jsonl").open("wb")

    def write(self, processed: Processed) -> None:
        for config in TABLES:
            self.jsonl[config].write(processed.jsonl[config])
            pending = self.pending[config]
            pending.append(processed.arrow[config])
            if sum(t.num_rows for t in pending) >= ROW_GROUP_SIZE:
                self._flush(config, final=False)

    def _flush(self, config: str, final: bool) -> None:
        import pyarrow as pa

        if not self.pending[config]:
            return
        table = pa.concat_tables(self.pending[config])
        whole = table.num_rows if final else table.num_rows - table.num_rows % ROW_GROUP_SIZE
        if whole:
            self.writers[config].write_table(table.slice(0, whole), row_group_size=ROW_GROUP_SIZE)
        self.pending[config] = [table.slice(whole)] if whole < table.num_rows else []

    def close(self) -> None:
        for config in TABLES:
            self._flush(config, final=True)
            self.writers[config].close()
            self.jsonl[config].close()


def _processed_in_order(dirs: list[Path], jobs: int) -> Iterator[Processed]:
    """Results in folder order; with jobs > 1 at most ``IN_FLIGHT_PER_JOB * jobs`` wait in memory."""
    if jobs <= 1 or len(dirs) < 2:
        yield from map(process_interview, dirs)
        return
    import multiprocessing
    import threading

    window, stop = threading.Semaphore(IN_FLIGHT_PER_JOB * jobs), threading.Event()

    def feed() -> Iterator[Path]:
        for directory in dirs:
            while not window.acquire(timeout=0.1):
                if stop.is_set():
                    return
            yield directory

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    try:
        with context.Pool(jobs) as pool:
            for processed in pool.imap(process_interview, feed()):
                window.release()
                yield processed
    finally:
        stop.set()


def build(raw: Path, out: Path, card_copy: Optional[Path] = None, jobs: int = 1,
          progress: Optional[Progress] = None) -> CorpusStats:
    """Build raw/ into ``out`` atomically; ``card_copy`` also receives the rendered dataset card."""
    dirs = interview_dirs(raw)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        stats = _write_tables(dirs, staging, jobs, progress or Progress(len(dirs), enabled=False))
        card_text = _write_release_files(dirs, staging, stats)
        integrity.check_written(staging, stats.rows)
        _swap_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if card_copy is not None:
        _write_text(card_copy, card_text)
    return stats


def _write_tables(dirs: list[Path], staging: Path, jobs: int, progress: Progress) -> CorpusStats:
    stats, errors, seen = CorpusStats(), [], {}
    writers = TableWriters(staging)
    try:
        for processed in _processed_in_order(dirs, jobs):
            errors += processed.errors
            if processed.interview_id is not None:
                _check_identity(processed.directory, processed.interview_id, seen, errors)
                seen[processed.interview_id] = processed.directory
            if not errors:
                writers.write(processed)
                stats.merge(processed.stats)
            progress.advance()
            if progress.done % TRIM_EVERY == 0:
                release_free_memory()
    finally:
        writers.close()
        progress.finish()
    if errors:
        raise ErrorReport(errors)
    return stats


def release_free_memory() -> None:
    """Hand freed heap back to the OS (glibc keeps it otherwise, and a long build's RSS creeps up)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _write_release_files(dirs: list[Path], staging: Path, stats: CorpusStats) -> str:
    passes = agreement(dirs)
    figures = render_figures(build_interview(dirs[0]))
    card_text = card.render_card(stats, format_agreement(passes) if passes else None, sorted(figures))
    for name, svg in figures.items():
        _write_text(staging / "figures" / name, svg)
    _write_text(staging / "README.md", card_text)
    _write_text(staging / "LICENSE-DATA.md", card.licence_text())
    guidelines = dirs[0].parent / GUIDELINES
    if guidelines.is_file():
        shutil.copyfile(guidelines, staging / GUIDELINES)
    _write_text(staging / "croissant.json", croissant.render(stats, staging))
    write_checksums(staging)
    return card_text


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


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
