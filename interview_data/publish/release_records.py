"""A release's records read back, for the commands that work from a release alone (``evaluate``,
``baseline``, ``agreement``): one split of a table, the gold sentence labels, the shipped
annotation passes. Only the release's own files are read, never ``raw/``: an installed package
has no ``raw/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..errors import IntegrityError, InterviewDataError, first_line
from ..records.fields import records_from_arrow
from ..records.models import SentenceLabel, Split
from ..records.passes import GOLD, AnnotationPass, annotation_of
from ..research.agreement import Agreement, agreement
from ..research.predictions import GoldSentence
from .paths import PASSES_FILE, RESTORE, marker_version, passes_file, split_files, version_problem
from .release_checks import record_problem

MAX_PASS_LINE_BYTES = 64 << 20  # one interview's pass: the seed's longest line is under 200 kB


def check_release(root: Path) -> Path:
    """``root`` if it is a release this package can read (a folder, of this major and minor version)."""
    if not root.is_dir():
        raise InterviewDataError("release folder not found", path=root,
                                 fix="pass the folder written by `interview-data build` (--release DIR)")
    problem = version_problem(marker_version(root), root)
    if problem is not None:
        raise problem
    return root


def _tables(root: Path, config: str, splits: Iterable[Split], columns: Optional[list[str]] = None,
            interview_ids: Optional[set[str]] = None) -> Iterator:
    import pyarrow as pa
    import pyarrow.parquet as pq

    for split in splits:
        paths = split_files(root, config, split)
        if not paths:
            raise IntegrityError(f"no {split.value} Parquet file of {config}", path=root / "data" / config, fix=RESTORE)
        for path in paths:
            filters = [("interview_id", "in", sorted(interview_ids))] if interview_ids is not None else None
            try:
                yield pq.read_table(path, columns=columns, filters=filters)
            except (pa.ArrowException, OSError) as exc:
                raise IntegrityError(f"not a readable Parquet file ({first_line(exc)})", path=path, fix=RESTORE) from None


def split_records(root: Path, config: str, split: Split) -> list:
    """The records of one split of a table, in release order (the split's shards in order)."""
    return [record for table in _tables(root, config, [split]) for record in records_from_arrow(config, table)]


def gold_sentences(root: Path) -> dict[str, GoldSentence]:
    """Every sentence of the release, by id: its split, interview and gold label (None: unlabelled)."""
    classes = list(SentenceLabel)  # a ClassLabel is stored as its index in the enumeration
    gold = {}
    for split in Split:
        for table in _tables(root, "sentences", [split], columns=["interview_id", "sentence_id", "label"]):
            columns = table.to_pydict()
            for interview_id, sentence_id, label in zip(columns["interview_id"], columns["sentence_id"],
                                                        columns["label"]):
                gold[sentence_id] = GoldSentence(sentence_id, interview_id, split,
                                                 None if label is None else classes[label])
    return gold


def shipped_passes(root: Path) -> Iterator[AnnotationPass]:
    """The release's annotation passes (``annotations/passes.jsonl``), line by line."""
    path = passes_file(root)
    if not path.is_file():
        raise InterviewDataError(f"the release ships no annotation passes ({PASSES_FILE} is missing)", path=root,
                                 fix="rebuild the release with this version of interview-data")
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if len(line) > MAX_PASS_LINE_BYTES:
                raise IntegrityError(f"line longer than {MAX_PASS_LINE_BYTES >> 20} MiB", path=path, line=number,
                                     fix=RESTORE)
            try:
                yield AnnotationPass.model_validate_json(line, strict=True)
            except ValueError as exc:
                raise IntegrityError(f"not an annotation pass ({record_problem(exc)})", path=path, line=number,
                                     fix="restore the release (`interview-data validate` names every damaged file)"
                                     ) from None


def release_agreement(root: Path) -> dict[str, Agreement]:
    """The agreement table of the release's shipped passes, the gold being its sentences and claims."""
    by_interview: dict[str, dict[str, AnnotationPass]] = {}
    for annotation in shipped_passes(root):
        by_interview.setdefault(annotation.interview_id, {})[annotation.annotation_pass] = annotation
    if not by_interview:
        return {}
    wanted = set(by_interview)
    rows = {config: {} for config in ("sentences", "claims")}
    for config, grouped in rows.items():
        for table in _tables(root, config, Split, interview_ids=wanted):
            for record in records_from_arrow(config, table):
                grouped.setdefault(record.interview_id, []).append(record)

    def gold_of(interview_id: str):
        return lambda: annotation_of(interview_id, GOLD, rows["sentences"].get(interview_id, []),
                                     rows["claims"].get(interview_id, []))

    return agreement((passes, gold_of(interview_id)) for interview_id, passes in by_interview.items())

