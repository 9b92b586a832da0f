"""Checking a release on disk: its files against the manifest, then its records, one interview at a time.

Two levels, both used by ``interview-data validate`` and the first also by
``load(verify=True)``:

- files: the manifest parses strictly and names only files inside the
  release; the files present are exactly the files listed, each with its
  checksum; the marker's version can be read by this package; every Parquet
  file has exactly its table's schema (features included);
- records: every JSONL line is a valid record of its table (the pydantic
  models, strictly), keys are unique and references resolve, every span is
  the text it claims in the source rebuilt from the release, counts agree,
  and the Parquet rows equal the JSONL rows.

Records are streamed: the tables' rows are grouped by interview (a release
writes them in the order of ``interviews.jsonl``), so memory holds one
interview at a time whatever the size of the release. The build runs the
same record check on each shard it writes, reading the files back, before
the release is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Iterable, Iterator, Optional

from ..errors import ErrorReport, IntegrityError, InterviewDataError, first_line
from .record_checks import check_records, pass_problems
from .paths import (CHECKSUMS, checksum_errors, jsonl_file, marker_version, parquet_files, passes_file,
                    read_manifest, release_files, split_files, version_problem)
from ..records.models import TABLES, Split
from ..records.passes import AnnotationPass

REBUILD = "rebuild the release from raw/ (a release must not be edited by hand)"
MAX_ERRORS = 200  # a badly damaged release is reported by its first problems, not all of them


@dataclass(frozen=True)
class TableFiles:
    jsonl: Path
    parquet: dict[Split, list[Path]]  # each split's files in shard order


def release_tables(root: Path) -> dict[str, TableFiles]:
    return {config: TableFiles(jsonl_file(root, config), {split: split_files(root, config, split) for split in Split})
            for config in TABLES}


def validate_release(root: Path, records: bool = True) -> None:
    """Raise an ErrorReport with every problem of the release at ``root`` (see the module docstring)."""
    errors = list(file_errors(root))
    if not errors and records:
        errors = _first(record_errors(release_tables(root), passes_file(root)))
    if errors:
        raise ErrorReport(errors)


def file_errors(root: Path, hashes: bool = True, configs: Iterable[str] = TABLES) -> Iterator[IntegrityError]:
    """Problems of the release's files: manifest, file set, checksums (when ``hashes``), version, schemas."""
    try:
        entries = read_manifest(root)
    except InterviewDataError as exc:
        yield from exc.problems()
        return
    if hashes:
        yield from checksum_errors(root, entries)
    else:
        present = {p.relative_to(root).as_posix() for p in release_files(root)}
        if present != set(entries):
            yield IntegrityError("the files differ from the manifest", path=root / CHECKSUMS, fix=REBUILD)
    problem = version_problem(marker_version(root), root)
    if problem is not None:
        yield problem
    for config in configs:
        yield from schema_errors(root, config)


def schema_errors(root: Path, config: str) -> Iterator[IntegrityError]:
    """Each Parquet file of ``config`` has exactly the table's Arrow schema and its features."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..records.fields import arrow_schema

    paths = parquet_files(root, config)
    if not paths:
        yield IntegrityError("no Parquet file for this table", path=root / "data" / config, fix=REBUILD)
    expected = arrow_schema(config)
    for path in paths:
        try:
            schema = pq.read_schema(path)
        except (pa.ArrowException, OSError) as exc:
            yield IntegrityError(f"not a readable Parquet file ({first_line(exc)})", path=path, fix=REBUILD)
            continue
        if not schema.equals(expected) or schema.metadata != expected.metadata:  # list item names may differ
            yield IntegrityError(f"the schema is not the {config} table's schema (a file of another table, "
                                 "or of another version?)", path=path, fix=REBUILD)


def _first(problems: Iterable[IntegrityError]) -> list[IntegrityError]:
    errors = []
    for problem in problems:
        errors.append(problem)
        if len(errors) >= MAX_ERRORS:
            break
    return errors


# --- records, streamed ------------------------------------------------------------------

@dataclass
class Row:
    line: int
    interview_id: Optional[str]
    record: object  # the validated record, or None when the line is not one


class JsonlRows:
    """A table's JSONL file as validated records, read line by line (lines end at "\\n" only)."""

    def __init__(self, path: Path, model, errors: list[IntegrityError]) -> None:
        self.path, self.model, self.errors = path, model, errors
        self.rows = self._rows()
        self.peeked: Optional[Row] = None

    def _rows(self) -> Iterator[Row]:
        import json

        if not self.path.is_file():
            self.errors.append(IntegrityError("table file is missing", path=self.path, fix=REBUILD))
            return
        with self.path.open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                try:
                    record = self.model.model_validate_json(line, strict=True)
                except ValueError as exc:
                    self.errors.append(IntegrityError(record_problem(exc), path=self.path, line=number, fix=REBUILD))
                    try:
                        interview_id = json.loads(line).get("interview_id")
                    except (ValueError, AttributeError):
                        interview_id = None
                    yield Row(number, interview_id if isinstance(interview_id, str) else None, None)
                    continue
                yield Row(number, record.interview_id, record)

    def peek(self) -> Optional[Row]:
        if self.peeked is None:
            self.peeked = next(self.rows, None)
        return self.peeked

    def pop(self) -> Row:
        row, self.peeked = self.peek(), None
        return row


def record_problem(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        if first["type"] == "json_invalid":
            return f"not valid JSON ({first.get('ctx', {}).get('error', first['msg'])})"
        where = ".".join(str(p) for p in first["loc"]) or "(record)"
        return f"field '{where}': {first['msg']}"
    return str(exc)


class ParquetRows:
    """A table's Parquet files read in order, handed out as Arrow tables of the next ``n`` rows."""

    def __init__(self, paths: list[Path], config: str, errors: list[IntegrityError]) -> None:
        self.paths, self.config, self.errors = paths, config, errors
        self.batches = self._batches()
        self.buffer = []  # Arrow tables not yet handed out
        self.buffered = 0

    def _batches(self) -> Iterator:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for path in self.paths:
            try:
                for batch in pq.ParquetFile(path).iter_batches(batch_size=5_000):
                    yield pa.Table.from_batches([batch])
            except (pa.ArrowException, OSError) as exc:
                self.errors.append(IntegrityError(f"not a readable Parquet file ({first_line(exc)})",
                                                  path=path, fix=REBUILD))
                return

    def take(self, count: int):
        import pyarrow as pa

        while self.buffered < count:
            table = next(self.batches, None)
            if table is None:
                break
            self.buffer.append(table)
            self.buffered += table.num_rows
        joined = pa.concat_tables(self.buffer) if self.buffer else None
        if joined is None:
            return None
        taken, rest = joined.slice(0, count), joined.slice(count)
        self.buffer, self.buffered = ([rest] if rest.num_rows else []), rest.num_rows
        return taken

    def left(self) -> int:
        return self.buffered + sum(table.num_rows for table in self.batches)


def record_errors(files: dict[str, TableFiles], passes: Optional[Path] = None) -> Iterator[IntegrityError]:
    """Every problem of the records in ``files``, and of the annotation passes in ``passes`` (a file
    that may be absent: a release without passes), found one interview at a time."""
    errors: list[IntegrityError] = []
    order = _interview_order(files["interviews"].jsonl)
    tables = {config: JsonlRows(f.jsonl, TABLES[config], errors) for config, f in files.items()}
    shipped = JsonlRows(passes, AnnotationPass, errors) if passes is not None and passes.exists() else None
    parquet = {(config, split): ParquetRows(paths, config, errors)
               for config, f in files.items() for split, paths in f.parquet.items()}
    comparing = dict.fromkeys(TABLES, True)
    seen: set[str] = set()
    while (head := tables["interviews"].pop()) is not None:
        interview_id = head.interview_id
        if interview_id in seen:
            errors.append(IntegrityError(f"interview {interview_id} is listed twice", path=files["interviews"].jsonl,
                                         line=head.line, fix=REBUILD))
        seen.add(interview_id)
        group = {"interviews": [head]}
        while (row := tables["interviews"].peek()) is not None and row.interview_id == interview_id:
            group["interviews"].append(tables["interviews"].pop())  # its row in each further split
        for config in TABLES:
            if config != "interviews":
                group[config], skipped = _rows_of(tables[config], interview_id, order, errors)
                if skipped:
                    comparing[config] = False  # a skipped row has its Parquet row too: the two no longer align
        if all(row.record is not None for rows in group.values() for row in rows):
            try:
                check_records(SimpleNamespace(**{c: [row.record for row in rows] for c, rows in group.items()}))
            except InterviewDataError as exc:
                errors += [_in_interview(problem, interview_id) for problem in exc.problems()]
        _compare_parquet(group, parquet, comparing, files, errors)
        if shipped is not None:
            _check_passes(_rows_of(shipped, interview_id, order, errors)[0], group["sentences"], shipped.path, errors)
        yield from errors
        errors.clear()
    left = [(files[config].jsonl, rows) for config, rows in tables.items()] + ([(shipped.path, shipped)] if shipped else [])
    for path, rows in left:
        if (row := rows.pop()) is not None:
            errors.append(IntegrityError(f"row of interview {row.interview_id!r}, which is not in interviews.jsonl "
                                         "or comes earlier", path=path, line=row.line, fix=REBUILD))
    for config in TABLES:
        if comparing[config] and any(parquet[config, split].left() for split in Split):
            errors.append(IntegrityError(f"{config}: the Parquet files hold more rows than the JSONL file",
                                         path=files[config].jsonl, fix=REBUILD))
    yield from errors


def _check_passes(rows: list[Row], sentences: list[Row], path: Path, errors: list[IntegrityError]) -> None:
    """An interview's shipped annotation passes against its sentences."""
    if any(row.record is None for row in sentences):
        return  # the sentences are damaged, reported already
    by_id = {s.record.sentence_id: s.record for s in sorted(sentences, key=lambda s: s.record.sentence_id)}
    seen: set[str] = set()
    for row in rows:
        if row.record is not None:
            errors += [IntegrityError(problem, path=path, line=row.line, fix=REBUILD)
                       for problem in pass_problems(row.record, by_id, seen)]


def _interview_order(path: Path) -> dict[str, int]:
    """Position of every interview id in interviews.jsonl (ids only; the rows are read later)."""
    import json

    order: dict[str, int] = {}
    if path.is_file():
        with path.open("rb") as handle:
            for line in handle:
                try:
                    interview_id = json.loads(line).get("interview_id")
                except (ValueError, AttributeError):
                    continue
                if isinstance(interview_id, str):
                    order.setdefault(interview_id, len(order))
    return order


def _rows_of(table: JsonlRows, interview_id: str, order: dict[str, int],
             errors: list[IntegrityError]) -> tuple[list[Row], int]:
    """The rows of ``interview_id`` at the head of ``table``, and how many rows were skipped: rows of
    no interview, or of an earlier one, are reported and skipped; rows of a later one are left for it."""
    position = order.get(interview_id, -1)
    rows, skipped = [], 0
    while (row := table.peek()) is not None:
        if row.interview_id == interview_id or row.interview_id is None:  # None: unreadable, reported already
            rows.append(table.pop())
            continue
        if row.interview_id in order and order[row.interview_id] > position:
            break
        table.pop()
        skipped += 1
        if row.interview_id not in order:
            problem = f"row of interview {row.interview_id!r}, which is not in interviews.jsonl"
        else:
            problem = (f"row of interview {row.interview_id!r} is out of place (rows are grouped by interview, "
                       "in the order of interviews.jsonl)")
        errors.append(IntegrityError(problem, path=table.path, line=row.line, fix=REBUILD))
    return rows, skipped


def _compare_parquet(group: dict[str, list[Row]], parquet: dict[tuple[str, Split], ParquetRows],
                     comparing: dict[str, bool], files: dict[str, TableFiles], errors: list[IntegrityError]) -> None:
    """Each split's Parquet rows of the interview are its JSONL rows of that split, in order."""
    from ..records.fields import arrow_table

    for config, rows in group.items():
        if not comparing[config] or not rows:
            continue
        if any(row.record is None for row in rows):
            comparing[config] = False  # the JSONL rows are damaged; the comparison would only repeat that
            continue
        for split in Split:
            records = [row.record for row in rows if row.record.split == split]
            actual = parquet[config, split].take(len(records)) if records else None
            if records and (actual is None or not actual.equals(arrow_table(config, records))):
                paths = files[config].parquet[split]
                errors.append(IntegrityError(f"{config}: the {split.value} Parquet rows of interview "
                                             f"{rows[0].interview_id} differ from its JSONL rows",
                                             path=paths[0].parent if paths else files[config].jsonl, fix=REBUILD))
                comparing[config] = False
                break


def _in_interview(problem: InterviewDataError, interview_id: str) -> InterviewDataError:
    return problem if interview_id in problem.message else IntegrityError(
        f"{interview_id}: {problem.message}", fix=problem.fix)
