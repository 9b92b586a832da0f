"""Standoff annotations, anchored by their text, resolved onto sentences and claims.

Files in ``raw/<id>/annotations/`` (one JSON object per line):

- ``sentence_labels.jsonl``: ``{"text": <sentence>, "label": ...}``;
- ``claims.jsonl``: ``{"text": <verbatim span>, "claim_text": ..., ...}`` with
  ``quantities``/``times``/``entities`` whose ``text`` is found inside the claim.

An anchor is its exact text, found in the source; ``occurrence`` (0-based)
picks one when the text occurs more than once. A sentence label must match a
segmented sentence exactly and a claim must lie inside one sentence, so an
edited source or a changed segmenter makes the build stop with the file,
line and text that no longer anchor; nothing moves silently.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path
from typing import Any, Optional

import ahocorasick
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import AnnotationError, ErrorReport, InterviewDataError
from .inputs import MAX_ANNOTATION_BYTES, contained, read_contained
from .models import (Attribution, Certainty, ClaimType, Comparator, EntityType, Polarity,
                     QuantitySubtype, SentenceLabel, TimeOrientation, TimeType, Verifiable)

LABELS_FILE = "sentence_labels.jsonl"
CLAIMS_FILE = "claims.jsonl"
TIMEX_VALUE = re.compile(
    r"^(?:PRESENT_REF|PAST_REF|FUTURE_REF"
    r"|[0-9X]{2,4}(?:-(?:[0-9X]{2}|W[0-9X]{2}|Q[1-4X]|SP|SU|FA|WI|H[12])(?:-[0-9X]{2})?)?(?:T[0-9X:]+|T(?:MO|AF|EV|NI))?"
    r"|T[0-9X]{2}(?::[0-9X]{2})?"
    r"|P(?:[0-9.]+|X)(?:Y|M|W|D|DE|CE)|PT(?:[0-9.]+|X)(?:H|M|S))$")


class Anchored(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1)
    occurrence: Optional[int] = Field(None, ge=0)


class LabelEntry(Anchored):
    label: SentenceLabel
    note: Optional[str] = None


class QuantityEntry(Anchored):
    value: float
    value_max: Optional[float] = None
    unit: str = Field(min_length=1)
    comparator: Comparator
    subtype: Optional[QuantitySubtype] = None


class TimeEntry(Anchored):
    type: TimeType
    value: str = Field(pattern=TIMEX_VALUE.pattern)
    mod: Optional[str] = None


class EntityEntry(Anchored):
    type: EntityType
    canonical: str = Field(min_length=1)


class ClaimEntry(Anchored):
    claim_text: str = Field(min_length=1)
    claim_type: ClaimType
    secondary_type: Optional[ClaimType] = None
    quantity_subtype: Optional[QuantitySubtype] = None
    checkworthy: bool
    verifiable: Verifiable
    certainty: Certainty
    polarity: Polarity
    time_orientation: TimeOrientation
    attribution: Attribution
    quantities: list[QuantityEntry] = Field(default_factory=list)
    times: list[TimeEntry] = Field(default_factory=list)
    entities: list[EntityEntry] = Field(default_factory=list)
    cluster_id: Optional[str] = None
    note: Optional[str] = None


def apply(folder: Path, interview_id: str, source: str, sentences: list[dict],
          root: Path) -> tuple[list[Optional[SentenceLabel]], list[dict[str, Any]]]:
    """The label of each sentence (all None when there is no folder) and the rows of the claims in ``folder``.

    ``sentences`` are rows of the sentences table without their labels, in source order; every file
    read must lie inside ``root``.
    """
    if not folder.is_dir():
        return [None] * len(sentences), []
    contained(folder, root)
    errors: list[InterviewDataError] = []
    label_entries = _entries_or_errors(folder / LABELS_FILE, LabelEntry, errors, root)
    claim_entries = _entries_or_errors(folder / CLAIMS_FILE, ClaimEntry, errors, root)
    index = AnchorIndex(source, [entry.text for _, entry in (label_entries or []) + (claim_entries or [])])
    labels: list[Optional[SentenceLabel]] = [None] * len(sentences)
    claims: list[dict[str, Any]] = []
    if label_entries is not None:  # a file that could not be read is reported once, not once per sentence
        try:
            labels = label_sentences(folder / LABELS_FILE, index, sentences, label_entries)
        except InterviewDataError as exc:
            errors += exc.problems()
    if claim_entries is not None:
        try:
            claims = resolve_claims(folder / CLAIMS_FILE, index, interview_id, sentences, claim_entries)
        except InterviewDataError as exc:
            errors += exc.problems()
    if errors:
        raise ErrorReport(errors)
    check_consistency(folder, sentences, labels, claims)
    return labels, claims


def _entries_or_errors(path: Path, model: type[BaseModel], errors: list,
                       root: Path) -> Optional[list[tuple[int, Any]]]:
    """The file's entries, or None (its problems added to ``errors``) when it cannot be read."""
    try:
        return read_entries(path, model, root)
    except InterviewDataError as exc:
        errors += exc.problems()
        return None


def read_entries(path: Path, model: type[BaseModel], root: Path) -> list[tuple[int, Any]]:
    """(line number, validated entry) for every non-blank line of a JSONL file inside ``root``."""
    try:
        data = read_contained(path, root, MAX_ANNOTATION_BYTES)
    except FileNotFoundError:
        raise AnnotationError("annotation file is missing", path=path,
                              fix="add it, or remove the annotations folder to build without annotations") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AnnotationError(f"not valid UTF-8 at byte {exc.start}", path=path,
                              line=data[: exc.start].count(b"\n") + 1, fix="save the file as UTF-8") from None
    entries, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entries.append((number, model.model_validate_json(line)))
        except ValidationError as exc:
            if exc.errors()[0]["type"] == "json_invalid":
                errors.append(AnnotationError(f"not valid JSON ({exc.errors()[0]['ctx']['error']})", path=path,
                                              line=number, fix="write one JSON object per line"))
                continue
            for err in exc.errors()[:3]:
                field = ".".join(str(p) for p in err["loc"])
                errors.append(AnnotationError(f"field '{field}': {err['msg']}", path=path, line=number,
                                              fix="correct the value (see raw/ANNOTATION_GUIDELINES.md)"))
    if errors:
        raise ErrorReport(errors)
    return entries


class AnchorIndex:
    """Every occurrence in one source of many anchor texts, found in one pass.

    Scanning the source once per annotation costs a whole-source search for
    each of the hundreds of labels and claims of an interview; instead an
    Aho-Corasick automaton finds where each anchor's first PREFIX characters
    occur, and only those places are compared with the whole anchor.
    """

    PREFIX = 16

    def __init__(self, source: str, texts: list[str]) -> None:
        self.source = source
        self.places: dict[str, list[int]] = {}
        keys = {text[: self.PREFIX] for text in texts}
        if not keys:
            return
        automaton = ahocorasick.Automaton()
        for key in keys:
            automaton.add_word(key, key)
        automaton.make_automaton()
        for end, key in automaton.iter(source):
            self.places.setdefault(key, []).append(end + 1 - len(key))

    def starts(self, text: str) -> list[int]:
        """Start of every (possibly overlapping) occurrence of ``text``, in order."""
        places = self.places.get(text[: self.PREFIX], ())
        return [p for p in places if self.source.startswith(text, p)]


def locate(starts: list[int], entry: Anchored, offset: int = 0) -> tuple[int, int] | str:
    """Span of the entry among the ``starts`` of its text (shifted by ``offset``), or a reason it has none."""
    if not starts:
        return "not found"
    if entry.occurrence is None:
        if len(starts) > 1:
            return f"found {len(starts)} times; add \"occurrence\": 0..{len(starts) - 1}"
        index = 0
    elif entry.occurrence >= len(starts):
        return f"occurrence {entry.occurrence} asked for, but the text occurs {len(starts)} time(s)"
    else:
        index = entry.occurrence
    return offset + starts[index], offset + starts[index] + len(entry.text)


def find_all(haystack: str, needle: str) -> list[int]:
    """Start of every (possibly overlapping) occurrence of ``needle``."""
    starts, index = [], haystack.find(needle)
    while index != -1:
        starts.append(index)
        index = haystack.find(needle, index + 1)
    return starts


def label_sentences(path: Path, index: AnchorIndex, sentences: list[dict],
                    entries: list[tuple[int, LabelEntry]]) -> list[SentenceLabel]:
    position = {(s["char_start"], s["char_end"]): i for i, s in enumerate(sentences)}
    labels: list[Optional[SentenceLabel]] = [None] * len(sentences)
    errors = []
    for number, entry in entries:
        span = locate(index.starts(entry.text), entry)
        if isinstance(span, str) or span not in position:
            reason = span if isinstance(span, str) else "it is no longer one sentence of the segmentation"
            errors.append(AnnotationError(f"sentence label does not anchor: {_short(entry.text)} {reason}",
                                          path=path, line=number,
                                          fix="re-anchor the label on the sentence as it now reads"))
        elif labels[position[span]] is not None:
            errors.append(AnnotationError(f"sentence labelled twice: {_short(entry.text)}", path=path,
                                          line=number, fix="keep one label per sentence"))
        else:
            labels[position[span]] = entry.label
    errors += [AnnotationError(f"sentence {s['sentence_id']} has no label: {_short(s['text'])}", path=path,
                               fix="add a line for it") for s, label in zip(sentences, labels) if label is None]
    if errors:
        raise ErrorReport(errors)
    return labels


def resolve_claims(path: Path, index: AnchorIndex, interview_id: str, sentences: list[dict],
                   entries: list[tuple[int, ClaimEntry]]) -> list[dict[str, Any]]:
    """Rows of the claims table, numbered in source order."""
    resolved, errors = [], []
    starts = [s["char_start"] for s in sentences]  # sentences are in source order
    for number, entry in entries:
        try:
            resolved.append(_resolve_claim(entry, index, sentences, starts))
        except AnnotationError as exc:
            errors.append(AnnotationError(exc.message, path=path, line=number, fix=exc.fix))
    if errors:
        raise ErrorReport(errors)
    resolved.sort(key=lambda c: (c["char_start"], c["char_end"]))
    for number, row in enumerate(resolved):
        row.update(interview_id=interview_id, claim_id=f"{interview_id}/c{number:03d}")
    return resolved


ENTRY_ONLY = frozenset({"text", "occurrence", "quantities", "times", "entities"})


def _resolve_claim(entry: ClaimEntry, index: AnchorIndex, sentences: list[dict],
                   sentence_starts: list[int]) -> dict[str, Any]:
    span = locate(index.starts(entry.text), entry)
    if isinstance(span, str):
        raise AnnotationError(f"claim does not anchor: {_short(entry.text)} {span}",
                              fix="re-anchor the claim on the text as it now reads")
    start, end = span
    position = bisect_right(sentence_starts, start) - 1
    sentence = sentences[position] if position >= 0 and end <= sentences[position]["char_end"] else None
    if sentence is None:
        raise AnnotationError(f"claim {_short(entry.text)} is not inside one sentence",
                              fix="shorten the span to one sentence, or split the claim")
    inner = entry.text
    row = {name: value for name, value in entry.__dict__.items() if name not in ENTRY_ONLY}
    row.update(
        text=inner, char_start=start, char_end=end, turn_id=sentence["turn_id"],
        sentence_id=sentence["sentence_id"], speaker_id=sentence["speaker_id"],
        quantities=[_sub_span(q, inner, start) for q in entry.quantities],
        times=[_sub_span(t, inner, start) for t in entry.times],
        entities=[_sub_span(e, inner, start) for e in entry.entities],
    )
    return row


def _sub_span(entry: Anchored, claim_text: str, claim_start: int) -> dict[str, Any]:
    span = locate(find_all(claim_text, entry.text), entry, claim_start)
    if isinstance(span, str):
        raise AnnotationError(f"{_short(entry.text)} is not inside its claim {_short(claim_text)}: {span}",
                              fix="quote the span exactly as it appears inside the claim")
    row = {name: value for name, value in entry.__dict__.items() if name != "occurrence"}
    row.update(char_start=span[0], char_end=span[1])
    return row


def check_consistency(folder: Path, sentences: list[dict], labels: list[SentenceLabel],
                      claims: list[dict[str, Any]]) -> None:
    """A check-worthy claim sits in a sentence labelled check-worthy."""
    label_of = {s["sentence_id"]: label for s, label in zip(sentences, labels)}
    errors = []
    for claim in claims:
        label = label_of[claim["sentence_id"]]
        if claim["checkworthy"] and label is not SentenceLabel.check_worthy_factual:
            errors.append(AnnotationError(
                f"check-worthy claim {_short(claim['text'])} lies in sentence {claim['sentence_id']} "
                f"labelled {label.value}", path=folder / CLAIMS_FILE,
                fix="label the sentence check_worthy_factual or set the claim's checkworthy to false"))
    if errors:
        raise ErrorReport(errors)


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
