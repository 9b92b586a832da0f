"""Build a release: every interview in raw/, checked, written atomically to build/.

Interviews are processed independently and streamed, in shards of whole
interviews (see ``shards``), into the Parquet and JSONL files; with
``jobs`` > 1 worker processes write several shards at once. The output is
byte-identical whatever the number of jobs, and memory does not grow with
the corpus.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Iterator, Optional

from ..errors import ErrorReport, InputError, InterviewDataError, MetadataError
from ..reading.inputs import MAX_METADATA_BYTES, MAX_TEXT_BYTES, contained, read_contained
from ..reading.interview import TableRows, read_records
from ..reading.metadata import ID_PATTERN
from ..reading.splits import WHOLE_INTERVIEWS_FROM
from ..records.models import TABLES
from ..research.agreement import format_agreement
from ..research.trained import INPUT_CONFIG as TRAINED_INPUT
from . import card, citation, croissant, licences, record_checks
from .figures import render_figures
from .ownership import (build_lock, check_generated_file, check_not_overlapping, check_replaceable_release,
                        is_generated_card, new_staging, remove_stale_staging, swap_into_place)
from .paths import (CITATION_FILE, GUIDELINES, LICENCE_FILE, MARKER, marker_text, parquet_files, sha256_file,
                    write_checksums)
from .release_checks import file_errors
from .shards import (PARTS, SHARD_MIN_INTERVIEWS, ShardTask, ShardWritten, append_jsonl_parts, new_stats,
                     set_progress_hook, shard_plan, shards_in_workers, write_shard)
from .stats import CorpusStats


def interview_dirs(raw: Path) -> list[Path]:
    """The interview folders of ``raw``, in id order: each named by a valid interview id, and inside
    ``raw`` even when reached through a symbolic link. Hidden entries and plain files are skipped."""
    if not raw.is_dir():
        raise InterviewDataError("raw directory not found", path=raw,
                                 fix="pass --raw DIR pointing at a folder of <interview_id>/ folders")
    dirs, errors = [], []
    for entry in sorted(raw.iterdir()):
        if entry.name.startswith("."):
            continue
        try:
            contained(entry, raw)
        except InputError as exc:
            errors.append(exc)
            continue
        if not entry.is_dir():
            continue
        if re.fullmatch(ID_PATTERN, entry.name):
            dirs.append(entry)
        else:
            errors.append(InputError("folder name is not an interview id (YYYY-MM-DD-slug, lowercase ASCII)",
                                     path=entry, fix="rename it to its interview_id, or move it out of the raw folder"))
    if errors:
        raise ErrorReport(errors)
    if not dirs:
        raise InterviewDataError("no interview folders found", path=raw,
                                 fix="add raw/<interview_id>/source.txt and interview.yaml")
    return dirs


def build_corpus(raw: Path) -> TableRows:
    tables = TableRows()
    seen: dict[str, Path] = {}
    errors: list[InterviewDataError] = []
    for directory in interview_dirs(raw):
        try:
            part = read_records(directory)
        except InterviewDataError as exc:
            errors += exc.problems()
            continue
        interview_id = part.interviews[0].interview_id
        _check_identity(directory, interview_id, seen, errors)
        seen[interview_id] = directory
        tables.extend(part)
    if errors:
        raise ErrorReport(errors)
    record_checks.check_records(tables)
    return tables


def _check_identity(directory: Path, interview_id: str, seen: dict[str, Path],
                    errors: list[InterviewDataError]) -> None:
    meta_path = directory / "interview.yaml"
    if interview_id in seen:
        errors.append(MetadataError(f"duplicate interview_id '{interview_id}' (also in {seen[interview_id]})",
                                    path=meta_path, line=_id_line(meta_path), fix="give each interview its own id"))
    elif directory.name != interview_id:
        errors.append(MetadataError(f"interview_id '{interview_id}' differs from its folder name '{directory.name}'",
                                    path=meta_path, line=_id_line(meta_path), fix=f"rename the folder to {interview_id}"))


def _id_line(meta_path: Path) -> Optional[int]:
    """The line of the top-level ``interview_id:`` key (the file was read and validated already)."""
    try:
        lines = read_contained(meta_path, meta_path.parent.parent, MAX_METADATA_BYTES).split(b"\n")
    except (OSError, InterviewDataError):
        return None
    return next((n for n, line in enumerate(lines, start=1) if line.startswith(b"interview_id:")), None)


def check_build_targets(raw: Path, out: Path, card_copy: Optional[Path]) -> None:
    """Refuse, before any work, outputs that would overwrite what is not ours (see ``ownership``)."""
    check_not_overlapping(out, [raw])
    check_replaceable_release(out)
    if card_copy is not None:
        check_not_overlapping(card_copy, [raw, out], what="--card")
        check_generated_file(card_copy, is_generated_card, "--card")


def build(raw: Path, out: Path, card_copy: Optional[Path] = None, jobs: int = 1,
          progress=None, shard_size: int = SHARD_MIN_INTERVIEWS) -> CorpusStats:
    """Build raw/ into ``out`` atomically; ``card_copy`` also receives the rendered dataset card.

    ``out`` must be absent, empty or a release of ours, and ``card_copy`` absent or a card of ours;
    a build holds a lock beside ``out`` and replaces it only when every check passed. ``progress``,
    a ``tqdm`` bar or None, counts the interviews written."""
    out = Path(os.path.abspath(out))
    check_build_targets(raw, out, card_copy)
    out.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(out):
        check_replaceable_release(out)  # again, under the lock: another build may have written it meanwhile
        remove_stale_staging(out)
        dirs = interview_dirs(raw)
        if progress is not None:
            progress.total = len(dirs)
        return _build_and_swap(raw, dirs, out, jobs, progress, shard_size, card_copy)


def _build_and_swap(raw: Path, dirs: list[Path], out: Path, jobs: int, progress,
                    shard_size: int, card_copy: Optional[Path]) -> CorpusStats:
    staging, retired, card_draft = new_staging(out), None, None
    try:
        stats = _write_tables(dirs, staging, jobs, progress, shard_size)
        card_text = _write_release_files(raw, staging, stats)
        _check_staged(staging, stats)
        if card_copy is not None:
            card_draft = _draft_beside(card_copy, card_text)
        retired = swap_into_place(staging, out)
        if card_draft is not None:
            os.replace(card_draft, card_copy)
            card_draft = None
    finally:
        for folder in (staging, retired):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        if card_draft is not None:
            card_draft.unlink(missing_ok=True)
    return stats


def _check_staged(staging: Path, stats: CorpusStats) -> None:
    """The last look before publishing: row counts, manifest, marker and schemas. (Each shard's records
    were read back and checked by whoever wrote it.)"""
    record_checks.check_row_counts(staging, stats.rows)
    errors = list(file_errors(staging, hashes=False))
    if errors:
        raise ErrorReport(errors)


def _draft_beside(path: Path, text: str) -> Path:
    draft = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    draft.write_text(text, encoding="utf-8", newline="\n")
    return draft


def _write_tables(dirs: list[Path], staging: Path, jobs: int, progress, shard_size: int) -> CorpusStats:
    shards = shard_plan(dirs, shard_size)
    whole = len(dirs) >= WHOLE_INTERVIEWS_FROM  # the split unit: whole interviews, or exchanges
    tasks = [ShardTask(index, len(shards), shard, staging, whole) for index, shard in enumerate(shards)]
    stats, errors, seen = new_stats(), [], {}
    try:
        for task, written in _shards_written(tasks, jobs, progress):
            errors += written.errors
            for directory, interview_id in written.identities:
                _check_identity(directory, interview_id, seen, errors)
                seen[interview_id] = directory
            if not errors:
                stats.merge(written.stats)
                append_jsonl_parts(staging, task.index)
    finally:
        if progress is not None:
            progress.close()
    if errors:
        raise ErrorReport(errors)
    shutil.rmtree(staging / PARTS)
    return stats


def _shards_written(tasks: list[ShardTask], jobs: int, progress) -> Iterator[tuple[ShardTask, ShardWritten]]:
    """Each shard with its result, in shard order; with jobs > 1, ``jobs`` shards are written at a time."""
    if jobs <= 1 or len(tasks) < 2:
        set_progress_hook(progress.update if progress is not None else None)
        try:
            yield from ((task, write_shard(task)) for task in tasks)
        finally:
            set_progress_hook(None)
        return
    yield from shards_in_workers(tasks, jobs, progress)


def _write_release_files(raw: Path, staging: Path, stats: CorpusStats) -> str:
    """The card, figures, licences, citation, guidelines, Croissant, marker and manifest, from the statistics."""
    passes = stats.plugins["agreement"].result()
    figures = render_figures(stats.first_interview) if stats.first_interview else {}
    sizes = {config: sum(path.stat().st_size for path in parquet_files(staging, config)) for config in TABLES}
    guidelines = raw / GUIDELINES
    shipped_guidelines = guidelines.exists() or guidelines.is_symlink()
    # the trained baselines' figures are committed, not computed here: the card says whether they were
    # computed on these very sentence files
    sentence_files = {path.relative_to(staging).as_posix(): sha256_file(path)
                      for path in parquet_files(staging, TRAINED_INPUT)}
    card_text = card.render_card(stats, format_agreement(passes) if passes else None, sorted(figures), sizes,
                                 shipped_guidelines, sentence_files)
    for name, svg in figures.items():
        _write_text(staging / "figures" / name, svg)
    _write_text(staging / "README.md", card_text)
    _write_text(staging / LICENCE_FILE, licences.licence_file(stats))
    _write_text(staging / CITATION_FILE, citation.citation_cff(licences.parts(stats)))
    if shipped_guidelines:
        (staging / GUIDELINES).write_bytes(read_contained(guidelines, raw, MAX_TEXT_BYTES))
    _write_text(staging / "croissant.json", croissant.render(stats))
    _write_text(staging / MARKER, marker_text())
    write_checksums(staging)
    return card_text


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
