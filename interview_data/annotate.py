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

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import AnnotationError, ErrorReport, InterviewDataError
from .models import (Attribution, Certainty, Claim, ClaimType, Comparator, Entity, EntityType,
                     Polarity, Quantity, QuantitySubtype, Sentence, SentenceLabel, TimeExpression,
                     TimeOrientation, TimeType, Verifiable)

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


def apply(folder: Path, interview_id: str, source: str,
          sentences: list[Sentence]) -> tuple[list[Sentence], list[Claim]]:
    """Sentences with the labels in ``folder``, and its claims (none when there is no folder)."""
    if not folder.is_dir():
        return sentences, []
    errors = []
    labelled, claims = sentences, []
    try:
        labelled = label_sentences(folder / LABELS_FILE, source, sentences)
    except InterviewDataError as exc:
        errors += exc.problems()
    try:
        claims = resolve_claims(folder / CLAIMS_FILE, interview_id, source, sentences)
    except InterviewDataError as exc:
        errors += exc.problems()
    if errors:
        raise ErrorReport(errors)
    check_consistency(folder, labelled, claims)
    return labelled, claims


def read_entries(path: Path, model: type[BaseModel]) -> list[tuple[int, Any]]:
    """(line number, validated entry) for every non-blank line of a JSONL file."""
    if not path.exists():
        raise AnnotationError("annotation file is missing", path=path,
                              fix="add it, or remove the annotations folder to build without annotations")
    data = path.read_bytes()
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


def locate(haystack: str, entry: Anchored, offset: int = 0) -> Optional[tuple[int, int]] | str:
    """Span of the entry's text in ``haystack`` (shifted by ``offset``), or a reason it has none."""
    starts = find_all(haystack, entry.text)
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


def label_sentences(path: Path, source: str, sentences: list[Sentence]) -> list[Sentence]:
    by_span = {(s.char_start, s.char_end): s for s in sentences}
    labels: dict[tuple[int, int], SentenceLabel] = {}
    errors = []
    for number, entry in read_entries(path, LabelEntry):
        span = locate(source, entry)
        if isinstance(span, str) or span not in by_span:
            reason = span if isinstance(span, str) else "it is no longer one sentence of the segmentation"
            errors.append(AnnotationError(f"sentence label does not anchor: {_short(entry.text)} {reason}",
                                          path=path, line=number,
                                          fix="re-anchor the label on the sentence as it now reads"))
        elif span in labels:
            errors.append(AnnotationError(f"sentence labelled twice: {_short(entry.text)}", path=path,
                                          line=number, fix="keep one label per sentence"))
        else:
            labels[span] = entry.label
    missing = [s for s in sentences if (s.char_start, s.char_end) not in labels]
    errors += [AnnotationError(f"sentence {s.sentence_id} has no label: {_short(s.text)}", path=path,
                               fix="add a line for it") for s in missing]
    if errors:
        raise ErrorReport(errors)
    return [s.model_copy(update={"label": labels[(s.char_start, s.char_end)]}) for s in sentences]


def resolve_claims(path: Path, interview_id: str, source: str,
                   sentences: list[Sentence]) -> list[Claim]:
    resolved, errors = [], []
    starts = [s.char_start for s in sentences]  # sentences are in source order
    for number, entry in read_entries(path, ClaimEntry):
        try:
            resolved.append(_resolve_claim(entry, source, sentences, starts))
        except AnnotationError as exc:
            errors.append(AnnotationError(exc.message, path=path, line=number, fix=exc.fix))
    if errors:
        raise ErrorReport(errors)
    resolved.sort(key=lambda c: (c["char_start"], c["char_end"]))
    return [Claim(interview_id=interview_id, claim_id=f"{interview_id}/c{i:03d}", **fields)
            for i, fields in enumerate(resolved)]


def _resolve_claim(entry: ClaimEntry, source: str, sentences: list[Sentence],
                   sentence_starts: list[int]) -> dict[str, Any]:
    span = locate(source, entry)
    if isinstance(span, str):
        raise AnnotationError(f"claim does not anchor: {_short(entry.text)} {span}",
                              fix="re-anchor the claim on the text as it now reads")
    start, end = span
    index = bisect_right(sentence_starts, start) - 1
    sentence = sentences[index] if index >= 0 and end <= sentences[index].char_end else None
    if sentence is None:
        raise AnnotationError(f"claim {_short(entry.text)} is not inside one sentence",
                              fix="shorten the span to one sentence, or split the claim")
    inner = source[start:end]
    fields = entry.model_dump(exclude={"text", "occurrence", "quantities", "times", "entities"})
    return {
        **fields, "text": inner, "char_start": start, "char_end": end,
        "turn_id": sentence.turn_id, "sentence_id": sentence.sentence_id,
        "speaker_id": sentence.speaker_id,
        "attribution": entry.attribution,
        "quantities": [Quantity(**_sub_span(q, inner, start), **q.model_dump(exclude={"text", "occurrence"}))
                       for q in entry.quantities],
        "times": [TimeExpression(**_sub_span(t, inner, start), **t.model_dump(exclude={"text", "occurrence"}))
                  for t in entry.times],
        "entities": [Entity(**_sub_span(e, inner, start), **e.model_dump(exclude={"text", "occurrence"}))
                     for e in entry.entities],
    }


def _sub_span(entry: Anchored, claim_text: str, claim_start: int) -> dict[str, Any]:
    span = locate(claim_text, entry, claim_start)
    if isinstance(span, str):
        raise AnnotationError(f"{_short(entry.text)} is not inside its claim {_short(claim_text)}: {span}",
                              fix="quote the span exactly as it appears inside the claim")
    return {"text": entry.text, "char_start": span[0], "char_end": span[1]}


def check_consistency(folder: Path, sentences: list[Sentence], claims: list[Claim]) -> None:
    """A check-worthy claim sits in a sentence labelled check-worthy; non-factual sentences hold no claim."""
    label_of = {s.sentence_id: s.label for s in sentences}
    errors = []
    for claim in claims:
        label = label_of[claim.sentence_id]
        if claim.checkworthy and label is not SentenceLabel.check_worthy_factual:
            errors.append(AnnotationError(
                f"check-worthy claim {_short(claim.text)} lies in sentence {claim.sentence_id} labelled {label.value}",
                path=folder / CLAIMS_FILE,
                fix="label the sentence check_worthy_factual or set the claim's checkworthy to false"))
    if errors:
        raise ErrorReport(errors)


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
