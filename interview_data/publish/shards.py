"""Writing the tables: interviews serialised one at a time, in shards of whole interviews.

A shard is a run of consecutive interviews (in folder order) written to its
own Parquet file per table and split, ``data/<config>/<split>-<k>-of-<n>.parquet``
(every split's file is written, empty or not, so each split has n files), in
row groups of exactly ``ROW_GROUP_SIZE`` rows (the last one shorter), and to
a JSONL part that the release joins in order into ``jsonl/<config>.jsonl``.
The shards depend only on the number of interviews, so a shard's bytes are
the same whichever process writes it: ``--jobs N`` writes N shards at a time
in worker processes (``concurrent.futures.ProcessPoolExecutor``) and its
output is identical to ``--jobs 1``. Each interview folder is read once, in
the process that writes its shard, its annotation passes included: the
statistics the card needs are gathered there and merged in shard order.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import math
import os
import shutil
import signal
from concurrent.futures import ProcessPoolExecutor, TimeoutError
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from ..errors import IntegrityError, InterviewDataError, as_user_error
from ..reading.interview import TableRows, read_interview
from ..records.fields import arrow_schema, arrow_table
from ..records.models import PRIMARY_KEYS, TABLES, Split, list_adapter
from ..research.agreement import AgreementTable
from ..research.evaluate import BaselineCounts
from .paths import parquet_name
from .release_checks import TableFiles, record_errors
from .stats import CorpusStats

# zstd's default level: level 9 made files 2.5% smaller and compressing them 1.6 times slower
PARQUET_COMPRESSION = {"compression": "zstd", "compression_level": 3}
ROW_GROUP_SIZE = 5_000  # bounded buffers: memory stays flat however many interviews there are
SHARD_MIN_INTERVIEWS = 100  # a corpus of up to this many interviews is one file per table
MAX_SHARDS = 64  # larger corpora get bigger shards, not more files
TRIM_EVERY = 16  # interviews between returns of freed memory to the OS
PARTS = ".jsonl-parts"
POLL_SECONDS = 0.2  # how often the parent updates the progress display while workers write


def new_stats() -> CorpusStats:
    """Statistics with the research measures the card reports plugged in."""
    return CorpusStats(plugins={"baselines": BaselineCounts(), "agreement": AgreementTable()})


def shard_plan(dirs: list[Path], min_interviews: int = SHARD_MIN_INTERVIEWS) -> list[list[Path]]:
    """Consecutive runs of interviews, each written to its own files."""
    size = max(min_interviews, math.ceil(len(dirs) / MAX_SHARDS))
    return [dirs[start:start + size] for start in range(0, len(dirs), size)]


# --- one interview -------------------------------------------------------------------------

@dataclass
class Processed:
    """One interview, built, checked and serialised."""

    interview_id: Optional[str] = None
    errors: list[InterviewDataError] = field(default_factory=list)
    arrow: dict[tuple[str, Split], Any] = field(default_factory=dict)  # (config, split) -> pyarrow.Table
    jsonl: dict[str, bytes] = field(default_factory=dict)  # UTF-8
    stats: Optional[CorpusStats] = None


def serialise_interview(directory: Path, whole_interview: bool = False) -> Processed:
    """Pure per-interview work: parse, segment, annotate, serialise, count (the records are checked
    once written, see ``check_shard``); ``whole_interview``: the corpus splits whole interviews."""
    with cycle_collector_paused():
        return _serialise_interview(directory, whole_interview)


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


def _serialise_interview(directory: Path, whole_interview: bool = False) -> Processed:
    try:
        reading = read_interview(directory, with_passes=True, whole_interview=whole_interview)
    except InterviewDataError as exc:
        return Processed(errors=exc.problems())
    stats = new_stats()
    stats.add(reading)
    part = reading.records
    rows = {config: sorted_rows(part, config) for config in TABLES}
    arrow = {(c, split): arrow_table(c, [r for r in records if r.split == split])
             for c, records in rows.items() for split in Split}
    stats.arrow_bytes.update({key: table.nbytes for key, table in arrow.items()})
    return Processed(
        part.interviews[0].interview_id,
        arrow=arrow,
        jsonl={c: json_lines(c, records) for c, records in rows.items()},
        stats=stats,
    )


def sorted_rows(tables: TableRows, config: str) -> list:
    """Rows in primary-key order, splits in their order (train, validation, test)."""
    get = attrgetter(*PRIMARY_KEYS[config])
    order = {split: index for index, split in enumerate(Split)}
    return sorted(getattr(tables, config), key=lambda row: tuple(
        order[value] if isinstance(value, Split) else value for value in _as_tuple(get(row))))


def _as_tuple(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


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


# --- one shard -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ShardTask:
    index: int
    count: int
    dirs: list[Path]
    staging: Path
    whole_interviews: bool = False  # the corpus is split by whole interviews (see reading.splits)


@dataclass
class ShardWritten:
    """What the release needs back from a shard: ids to check, problems, statistics."""

    identities: list[tuple[Path, str]] = field(default_factory=list)  # (folder, interview_id) in order
    errors: list[InterviewDataError] = field(default_factory=list)
    stats: CorpusStats = field(default_factory=new_stats)


_interview_done: Callable[[], None] = lambda: None  # progress hook, set per process


def set_progress_hook(hook: Optional[Callable[[], None]]) -> None:
    global _interview_done
    _interview_done = hook or (lambda: None)


def write_shard(task: ShardTask) -> ShardWritten:
    """Process the shard's interviews in order and write its files; stop writing at the first problem
    (the release will not be published) but keep checking the rest, to report every problem at once."""
    written, ids = ShardWritten(), set()
    with TableWriters(task.staging, task.index, task.count) as writers:
        for number, directory in enumerate(task.dirs, start=1):
            processed = serialise_interview(directory, task.whole_interviews)
            written.errors += processed.errors
            repeated = processed.interview_id in ids  # reported by the release, which sees every shard
            if processed.interview_id is not None:
                written.identities.append((directory, processed.interview_id))
                ids.add(processed.interview_id)
            if not written.errors and not repeated:
                writers.write(processed)
                written.stats.merge(processed.stats)
            _interview_done()
            if number % TRIM_EVERY == 0:
                release_free_memory()
    if not written.errors and len(ids) == len(written.identities):
        with cycle_collector_paused():
            written.errors += check_shard(task)
    return written


def check_shard(task: ShardTask) -> list[InterviewDataError]:
    """Read the shard's files back and check their records as ``interview-data validate`` would:
    the build publishes nothing the validator rejects."""
    files = {config: TableFiles(jsonl_part(task.staging, config, task.index),
                                {split: [task.staging / "data" / config / parquet_name(split, task.index, task.count)]
                                 for split in Split})
             for config in TABLES}
    return [IntegrityError(f"the release as written fails its check: {problem.render()}",
                           fix="report this with the input that caused it; the previous release is unchanged")
            for problem in record_errors(files)]


class TableWriters:
    """A shard's files: per config and split, a Parquet file in row groups of exactly ROW_GROUP_SIZE
    rows (the last one shorter); per config, a JSONL part, appended in order."""

    def __init__(self, root: Path, shard: int, shards: int) -> None:
        self.pending: dict[tuple[str, Split], list] = {(c, split): [] for c in TABLES for split in Split}
        self.writers, self.jsonl = {}, {}
        try:
            self._open(root, shard, shards)
        except BaseException:
            self._close_files(report=False)
            raise

    def _open(self, root: Path, shard: int, shards: int) -> None:
        import pyarrow.parquet as pq

        for config in TABLES:
            for split in Split:
                parquet = root / "data" / config / parquet_name(split, shard, shards)
                parquet.parent.mkdir(parents=True, exist_ok=True)
                self.writers[config, split] = pq.ParquetWriter(parquet, arrow_schema(config), write_page_index=False,
                                                               **PARQUET_COMPRESSION)
            part = jsonl_part(root, config, shard)
            part.parent.mkdir(parents=True, exist_ok=True)
            self.jsonl[config] = part.open("wb")

    def __enter__(self) -> "TableWriters":
        return self

    def __exit__(self, kind, *_) -> None:
        """Flush and close after success; after a failure only close (the files will be discarded,
        and the failure, not a later one from closing, is the one to report)."""
        if kind is not None:
            self._close_files(report=False)
            return
        try:
            for key in self.pending:
                self._flush(key, final=True)
        except BaseException:
            self._close_files(report=False)
            raise
        self._close_files(report=True)

    def write(self, processed: Processed) -> None:
        for config in TABLES:
            self.jsonl[config].write(processed.jsonl[config])
        for key, pending in self.pending.items():
            pending.append(processed.arrow[key])
            if sum(t.num_rows for t in pending) >= ROW_GROUP_SIZE:
                self._flush(key, final=False)

    def _flush(self, key: tuple[str, Split], final: bool) -> None:
        import pyarrow as pa

        if not self.pending[key]:
            return
        table = pa.concat_tables(self.pending[key])
        whole = table.num_rows if final else table.num_rows - table.num_rows % ROW_GROUP_SIZE
        if whole:
            self.writers[key].write_table(table.slice(0, whole), row_group_size=ROW_GROUP_SIZE)
        self.pending[key] = [table.slice(whole)] if whole < table.num_rows else []

    def _close_files(self, report: bool) -> None:
        """Close every file, even when closing one of them fails; ``report`` raises the first failure."""
        failure = None
        for handle in [*self.writers.values(), *self.jsonl.values()]:
            try:
                handle.close()
            except Exception as exc:  # keep closing the others
                failure = failure or exc
        if failure is not None and report:
            raise failure


def jsonl_part(root: Path, config: str, shard: int) -> Path:
    return root / PARTS / config / f"{shard:05d}.jsonl"


def append_jsonl_parts(root: Path, shard: int) -> None:
    """Append a shard's JSONL parts to the release's JSONL files (shards arrive in order)."""
    (root / "jsonl").mkdir(exist_ok=True)
    for config in TABLES:
        part = jsonl_part(root, config, shard)
        with part.open("rb") as source, (root / "jsonl" / f"{config}.jsonl").open("ab") as target:
            shutil.copyfileobj(source, target, 1 << 20)
        part.unlink()


# --- shards written by worker processes ------------------------------------------------------

def shards_in_workers(tasks: list[ShardTask], jobs: int, progress) -> Iterator[tuple[ShardTask, ShardWritten]]:
    """Each shard with its result, in shard order, ``jobs`` shards written at a time by worker processes.

    A worker that dies (killed for memory, say) breaks the pool, which is
    reported with the shard it was writing; on any failure, and on Ctrl-C,
    the workers are stopped; and a worker dies with its parent.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    done = context.Value("q", 0)  # interviews written, by every worker
    pool = ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=context, initializer=_start_worker,
                               initargs=(done, os.getpid()))
    finished = False
    try:
        futures = [pool.submit(_write_shard_in_worker, task) for task in tasks]
        for task, future in zip(tasks, futures):
            yield task, _result(task, len(tasks), future, progress, done)
        finished = True
    finally:
        if not finished:
            for process in list(getattr(pool, "_processes", {}).values()):  # a shard can take minutes
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _write_shard_in_worker(task: ShardTask) -> ShardWritten:
    return write_shard(task)  # looked up in the worker, so the pool pickles only this function's name


def _result(task: ShardTask, shards: int, future, progress, done) -> ShardWritten:
    while True:
        try:
            written = future.result(timeout=POLL_SECONDS)
        except TimeoutError:
            _show(progress, done.value)
            continue
        except BrokenProcessPool:  # the pool cannot say which worker died, only what was unfinished
            raise InterviewDataError(f"a worker process died; shards {task.index} to {shards - 1} were not finished",
                                     fix="run again with fewer --jobs (a killed worker is often out of memory)") from None
        except Exception as exc:  # a full disk in a worker, or a bug: one message, its traceback for --debug
            raise as_user_error(exc) from exc
        _show(progress, done.value)
        return written


def _show(progress, done: int) -> None:
    if progress is not None:
        progress.update(done - progress.n)


def _start_worker(done, parent: int) -> None:
    """In each worker: Ctrl-C is the parent's to handle, the worker dies with the parent, and every
    interview written is counted for the parent's progress display."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command line's handler, inherited by fork
    _die_with(parent)

    def count() -> None:
        with done.get_lock():
            done.value += 1

    set_progress_hook(count)


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when the parent dies (Linux; elsewhere the pool's closed pipes do)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def release_free_memory() -> None:
    """Hand freed heap back to the OS (glibc keeps it otherwise, and a long build's RSS creeps up)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
