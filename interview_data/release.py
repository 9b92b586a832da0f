"""Build a release: every interview in raw/, checked, written atomically to build/.

Interviews are processed independently and streamed, in shards of whole
interviews (see ``writing``), into the Parquet and JSONL files; with
``jobs`` > 1 worker processes write several shards at once. The output is
byte-identical whatever the number of jobs, and memory does not grow with
the corpus.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from . import card, croissant, integrity
from .agreement import agreement, format_agreement
from .errors import ErrorReport, InterviewDataError, MetadataError
from .features import features_for
from .figures import render_figures
from .models import TABLES
from .pipeline import Tables, build_interview
from .progress import Progress
from .stats import CorpusStats
from .workers import shards_in_workers
from .writing import (PARTS, SHARD_MIN_INTERVIEWS, ShardTask, ShardWritten, append_jsonl_parts,
                      set_progress_hook, shard_plan, write_shard)

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


def build(raw: Path, out: Path, card_copy: Optional[Path] = None, jobs: int = 1,
          progress: Optional[Progress] = None, shard_size: int = SHARD_MIN_INTERVIEWS) -> CorpusStats:
    """Build raw/ into ``out`` atomically; ``card_copy`` also receives the rendered dataset card."""
    dirs = interview_dirs(raw)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a release is for reading
    extras = Deferred(lambda: _corpus_independent_parts(dirs))
    try:
        stats = _write_tables(dirs, staging, jobs, progress or Progress(len(dirs), enabled=False), shard_size,
                              while_workers_run=extras.start)
        card_text = _write_release_files(dirs, staging, stats, extras.result())
        integrity.check_written(staging, stats.rows)
        _swap_into_place(staging, out)
    finally:
        extras.wait()  # a thread still running when the next build forks its workers could hand them a lock
        shutil.rmtree(staging, ignore_errors=True)
    if card_copy is not None:
        _write_text(card_copy, card_text)
    return stats


def _write_tables(dirs: list[Path], staging: Path, jobs: int, progress: Progress, shard_size: int,
                  while_workers_run: Callable[[], None]) -> CorpusStats:
    shards = shard_plan(dirs, shard_size)
    tasks = [ShardTask(index, len(shards), shard, staging) for index, shard in enumerate(shards)]
    stats, errors, seen = CorpusStats(), [], {}
    try:
        for task, written in zip(tasks, _shards_written(tasks, jobs, progress, while_workers_run)):
            errors += written.errors
            for directory, interview_id in written.identities:
                _check_identity(directory, interview_id, seen, errors)
                seen[interview_id] = directory
            if not errors:
                stats.merge(written.stats)
                append_jsonl_parts(staging, task.index)
    finally:
        progress.finish()
    if errors:
        raise ErrorReport(errors)
    shutil.rmtree(staging / PARTS)
    return stats


def _shards_written(tasks: list[ShardTask], jobs: int, progress: Progress,
                    while_workers_run: Callable[[], None]) -> Iterator[ShardWritten]:
    """Each shard's result, in shard order; with jobs > 1, ``jobs`` shards are written at a time
    and ``while_workers_run`` is called once the workers exist."""
    if jobs <= 1 or len(tasks) < 2:
        set_progress_hook(progress.advance)
        try:
            yield from map(write_shard, tasks)
        finally:
            set_progress_hook(None)
        return
    yield from shards_in_workers(tasks, jobs, progress, while_workers_run)


class Deferred:
    """A computation run in a background thread once ``start`` is called, or in the caller when its
    result is asked for first; its exception, if any, is raised to whoever asks for the result."""

    def __init__(self, compute: Callable[[], Any]) -> None:
        self.compute, self.thread, self.outcome = compute, None, None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="release-extras", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.outcome = (True, self.compute())
        except BaseException as exc:  # handed over to result()
            self.outcome = (False, exc)

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()

    def result(self) -> Any:
        if self.thread is None:
            return self.compute()
        self.wait()
        succeeded, value = self.outcome
        if not succeeded:
            raise value
        return value


def _corpus_independent_parts(dirs: list[Path]) -> tuple[Any, dict[str, str]]:
    """The agreement between annotation passes and the figures (of the first interview), and the
    features of the card's header: nothing here waits for the corpus statistics."""
    for config in TABLES:
        features_for(config)
    return agreement(dirs), render_figures(build_interview(dirs[0]))


def _write_release_files(dirs: list[Path], staging: Path, stats: CorpusStats,
                         extras: tuple[Any, dict[str, str]]) -> str:
    passes, figures = extras
    card_text = card.render_card(stats, format_agreement(passes) if passes else None, sorted(figures))
    for name, svg in figures.items():
        _write_text(staging / "figures" / name, svg)
    _write_text(staging / "README.md", card_text)
    _write_text(staging / "LICENSE-DATA.md", card.licence_text())
    guidelines = dirs[0].parent / GUIDELINES
    if guidelines.is_file():
        shutil.copyfile(guidelines, staging / GUIDELINES)
    _write_text(staging / "croissant.json", croissant.render(stats))
    write_checksums(staging)
    return card_text


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def release_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != CHECKSUMS)


def write_checksums(root: Path) -> None:
    files = release_files(root)
    with ThreadPoolExecutor(max(2, os.cpu_count() or 1)) as pool:  # hashing and reading release the GIL
        digests = list(pool.map(sha256_file, files))
    lines = [f"{digest}  {p.relative_to(root).as_posix()}\n" for digest, p in zip(digests, files)]
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
