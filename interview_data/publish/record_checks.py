"""Cross-table checks: keys, references, offsets, source reconstruction, release files.

The source text is not shipped in a release: it is rebuilt from the turn
paragraphs plus the interview's accounted pieces, and must hash to the
recorded ``source_sha256``. Every span is then checked against it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from enum import Enum
from operator import attrgetter
from pathlib import Path
from typing import Iterable

from ..errors import ErrorReport, IntegrityError
from ..records.models import (FOREIGN_KEYS, ID_PARENTS, PRIMARY_KEYS, TABLES, Interview, PieceKind, Sentence, Turn,
                              one_row_each)
from ..records.passes import PASS_NAMES, AnnotationPass

def check_records(tables) -> None:
    """Raise an ErrorReport listing every broken key, reference, count or span."""
    rows = {config: getattr(tables, config) for config in TABLES}
    errors = [*_id_form_errors(rows), *_key_errors(rows), *_split_errors(rows), *_span_errors(rows),
              *_count_errors(rows), *_label_in_text_errors(rows)]
    if errors:
        raise ErrorReport(errors)


def _id_form_errors(rows: dict) -> Iterable[IntegrityError]:
    """Every id extends its parent's (``<interview_id>/t000/s000``), so ids unique within an interview
    are unique in the corpus, and an interview's rows can be checked on their own."""
    for config, (column, parent, letter) in ID_PARENTS.items():
        for record in rows[config]:
            ident, prefix = getattr(record, column), f"{getattr(record, parent)}/{letter}"
            if not (ident.startswith(prefix) and ident[len(prefix):].isdigit() and ident.isascii()):
                yield IntegrityError(f"{config}: {column} {ident!r} is not of the form {prefix}NNN",
                                     fix="rebuild from raw/")


def _key_errors(rows: dict) -> Iterable[IntegrityError]:
    keys = {config: Counter(map(_key_of(PRIMARY_KEYS[config]), records)) for config, records in rows.items()}
    for config, counts in keys.items():
        for key, count in counts.items():
            if count > 1:
                yield IntegrityError(f"{config}: primary key {_shown(key)} occurs {count} times",
                                     fix="ids must be unique; check for a duplicated interview")
    for config, references in FOREIGN_KEYS.items():
        for columns, target, target_columns in references:
            known = set(keys[target]) if target_columns == PRIMARY_KEYS[target] else set(
                map(_key_of(target_columns), rows[target]))
            for key in sorted(set(map(_key_of(columns), rows[config])) - known):
                yield IntegrityError(f"{config}: {dict(zip(columns, _shown(key)))} refers to no row of {target}",
                                     fix="rebuild from raw/; a release must not be edited by hand")
    turn_ids = set(keys["turns"])
    for pair in rows["qa_pairs"]:
        for answer in pair.answer_turn_ids:
            if (answer,) not in turn_ids:
                yield IntegrityError(f"qa_pairs: {pair.pair_id} answer {answer} is not a turn",
                                     fix="rebuild from raw/")


def _split_errors(rows: dict) -> Iterable[IntegrityError]:
    """An interview's rows in interviews (and each speaker's in speakers) are in exactly the splits that
    hold its turns; a question's answers are in the question's split (the references check the rest)."""
    turn_splits = defaultdict(set)
    for turn in rows["turns"]:
        turn_splits[turn.interview_id].add(turn.split)
    for config in ("interviews", "speakers"):
        listed = defaultdict(set)
        for record in rows[config]:
            listed[(record.interview_id, getattr(record, "speaker_id", None))].add(record.split)
        for (interview_id, speaker_id), splits in sorted(listed.items()):
            if splits != turn_splits[interview_id]:
                who = f"{interview_id}" + (f" speaker {speaker_id}" if speaker_id else "")
                yield IntegrityError(f"{config}: {who} is in splits {_names(splits)} but its turns are in "
                                     f"{_names(turn_splits[interview_id])}", fix="rebuild from raw/")
    first = {}
    for interview in rows["interviews"]:
        alike = interview.model_copy(update={"split": None})
        if first.setdefault(interview.interview_id, alike) != alike:
            yield IntegrityError(f"interviews: the rows of {interview.interview_id} differ in more than their "
                                 "split", fix="rebuild from raw/")
    split_of = {turn.turn_id: turn.split for turn in rows["turns"]}
    for pair in rows["qa_pairs"]:
        for answer in pair.answer_turn_ids:
            if answer in split_of and split_of[answer] != pair.split:
                yield IntegrityError(f"qa_pairs: {pair.pair_id} is in {pair.split.value} but its answer {answer} "
                                     f"is in {split_of[answer].value}", fix="rebuild from raw/")


def _shown(key: tuple) -> tuple:
    """A key as a message shows it: enumerations by their value."""
    return tuple(value.value if isinstance(value, Enum) else value for value in key)


def _names(splits: set) -> str:
    return "[" + ", ".join(sorted(split.value for split in splits)) + "]"


def _key_of(columns: tuple[str, ...]):
    """A function from a record to the tuple of its ``columns``."""
    get = attrgetter(*columns)
    return get if len(columns) > 1 else lambda record: (get(record),)


def rebuild_source(interview: Interview, turns: list[Turn]) -> str:
    pieces = [(p.char_start, p.char_end, p.text) for p in interview.accounted]
    pieces += [(p.char_start, p.char_end, p.text) for t in turns for p in t.paragraphs]
    pieces.sort()
    position, parts = 0, []
    for start, end, text in pieces:
        if start != position or end - start != len(text):
            raise IntegrityError(f"{interview.interview_id}: source pieces do not tile the text at offset {position}",
                                 fix="rebuild from raw/")
        parts.append(text)
        position = end
    return "".join(parts)


def _span_errors(rows: dict) -> Iterable[IntegrityError]:
    turns_by = defaultdict(list)
    for turn in rows["turns"]:
        turns_by[turn.interview_id].append(turn)
    sources = {}
    for interview in one_row_each(rows["interviews"], ("interview_id",)):
        try:
            text = rebuild_source(interview, turns_by[interview.interview_id])
        except IntegrityError as exc:
            yield exc
            continue
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != interview.source_sha256:
            yield IntegrityError(f"{interview.interview_id}: rebuilt source does not match source_sha256",
                                 fix="rebuild from raw/")
        sources[interview.interview_id] = text
    for config in ("turns", "sentences", "claims"):
        for record in rows[config]:
            source = sources.get(record.interview_id)
            if source is not None:
                yield from _record_span_errors(config, record, source)


def _record_span_errors(config: str, record, source: str) -> Iterable[IntegrityError]:
    spans = []
    if config == "turns":
        spans = list(record.paragraphs)
        if record.text != "\n\n".join(p.text for p in record.paragraphs):
            yield IntegrityError(f"turns: {record.turn_id} text is not its paragraphs joined", fix="rebuild from raw/")
    elif config == "sentences":
        spans = [record]
    elif config == "claims":
        spans = [record, *record.quantities, *record.times, *record.entities]
    for span in spans:
        if source[span.char_start:span.char_end] != span.text:
            ident = getattr(record, "turn_id" if config == "turns" else f"{config[:-1]}_id")
            yield IntegrityError(f"{config}: {ident} span [{span.char_start}, {span.char_end}) "
                                 f"is not {span.text[:40]!r} in the source", fix="rebuild from raw/")


def _label_in_text_errors(rows: dict) -> Iterable[IntegrityError]:
    """No turn paragraph starts with a speaker label of its interview (a label read as text).

    The labels looked for are each speaker's ``name`` and every label the interview uses as a turn
    marker (its accounted ``turn_marker`` pieces: ``JOURNALIST:``, ``Q:``, ``Doe (retranslated):``), each
    followed by a colon, with any whitespace, case or normalisation form and an optional "(suffix)".
    A declared label never used as a marker is not in the release; the parser refuses it when it reads
    the transcript. A paragraph that follows its turn's marker on the same line is text as written
    even when it opens like a label (a host reading out ``Maria Sittel: Question: In Derbent ...``).
    """
    names = defaultdict(list)
    for speaker in rows["speakers"]:
        names[speaker.interview_id].append(speaker.name)
    for interview in rows["interviews"]:
        names[interview.interview_id] += sorted({label for piece in interview.accounted
                                                 if piece.kind == PieceKind.turn_marker
                                                 and (label := _marker_label(piece.text))})
    patterns = {interview_id: _name_label_pattern(found) for interview_id, found in names.items()}
    after_inline_marker = {(interview.interview_id, piece.char_end) for interview in rows["interviews"]
                           for piece in interview.accounted if piece.kind == PieceKind.turn_marker
                           and not any(end in piece.text for end in "\r\n")}
    for turn in rows["turns"]:
        pattern = patterns.get(turn.interview_id)
        for paragraph in turn.paragraphs if pattern else ():
            if (turn.interview_id, paragraph.char_start) in after_inline_marker:
                continue
            match = pattern.match(paragraph.text)
            if match:
                yield IntegrityError(f"turns: {turn.turn_id} starts a paragraph with the speaker label "
                                     f"{match.group()!r}", fix="make the transcript's label match a "
                                     "speaker's labels in interview.yaml and rebuild from raw/")


def _marker_label(marker: str) -> str:
    """The label of a turn marker ('PRIME MINISTER:\\n' -> 'PRIME MINISTER'), '' for a dash."""
    label = re.sub(r"[\s\u00a0\u202f]*(?:\([^)\n]{1,40}\))?[\s\u00a0\u202f:]*$", "", marker)
    return label if any(c.isalpha() for c in label) else ""


def _name_label_pattern(names: list[str]) -> re.Pattern:
    """``<name>:`` for any of the names, whitespace runs of any kind, either normalisation form."""
    forms = {unicodedata.normalize(form, name) for name in names for form in ("NFC", "NFD")}
    words = (name.split() for name in sorted(forms, key=len, reverse=True))
    alternatives = "|".join(r"[\s\u00a0\u202f]+".join(map(re.escape, split)) for split in words if split)
    return re.compile(rf"(?:{alternatives})[\s\u00a0\u202f]*(?:\([^)\n]{{1,40}}\)[\s\u00a0\u202f]*)?:",
                      re.IGNORECASE)


def _count_errors(rows: dict) -> Iterable[IntegrityError]:
    for interview in one_row_each(rows["interviews"], ("interview_id",)):
        actual = {
            "n_turns": sum(t.interview_id == interview.interview_id for t in rows["turns"]),
            "n_sentences": sum(s.interview_id == interview.interview_id for s in rows["sentences"]),
            "n_claims": sum(c.interview_id == interview.interview_id for c in rows["claims"]),
        }
        for field, count in actual.items():
            if getattr(interview, field) != count:
                yield IntegrityError(f"interviews: {interview.interview_id} {field} is "
                                     f"{getattr(interview, field)} but the table has {count}",
                                     fix="rebuild from raw/")


# --- a release just written ---------------------------------------------------------

def check_row_counts(root: Path, rows: dict) -> None:
    """After a streaming write: every table file is readable and holds the rows that were written."""
    import pyarrow.parquet as pq

    from .paths import jsonl_file, parquet_files

    errors = []
    for config in TABLES:
        parquet = root / "data" / config
        parquet_rows = sum(pq.ParquetFile(p).metadata.num_rows for p in parquet_files(root, config))
        counts = (parquet_rows, _count_lines(jsonl_file(root, config)))
        if counts != (rows[config], rows[config]):
            errors.append(IntegrityError(f"{config}: wrote {rows[config]} rows but the files hold {counts}",
                                         path=parquet, fix="report this; the previous release is unchanged"))
    if errors:
        raise ErrorReport(errors)


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def pass_problems(annotation: AnnotationPass, sentences: dict[str, Sentence], seen: set[str]) -> Iterable[str]:
    """What is wrong with one shipped annotation pass (``records.passes``) of an interview whose
    sentences are ``sentences`` (by id, in id order); ``seen``: the pass names met so far for it."""
    name = annotation.annotation_pass
    if name not in PASS_NAMES:
        yield f"unknown annotation pass {name!r} (the passes are {', '.join(PASS_NAMES)})"
    elif name in seen:
        yield f"annotation pass {name!r} of {annotation.interview_id} is listed twice"
    seen.add(name)
    if [item.sentence_id for item in annotation.labels] != list(sentences):
        yield f"pass {name!r} does not label exactly the sentences of {annotation.interview_id}, in sentence_id order"
    for number, claim in enumerate(annotation.claims):
        sentence = sentences.get(claim.sentence_id)
        if sentence is None:
            yield f"pass {name!r} claim {number}: sentence {claim.sentence_id!r} is not a sentence of the interview"
        elif not sentence.char_start <= claim.char_start < claim.char_end <= sentence.char_end:
            yield f"pass {name!r} claim {number}: span {claim.char_start}-{claim.char_end} is not inside its sentence"
        elif sentence.text[claim.char_start - sentence.char_start:claim.char_end - sentence.char_start] != claim.text:
            yield f"pass {name!r} claim {number}: its text is not the text of its span"

