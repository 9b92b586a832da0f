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

import unicodedata
from bisect import bisect_right
from pathlib import Path
from typing import Any, Iterable, NamedTuple, Optional

import ahocorasick
from pydantic import BaseModel, ValidationError

from ..errors import AnnotationError, ErrorReport, InterviewDataError
from .inputs import MAX_ANNOTATION_BYTES, contained, decode_utf8, read_contained
from ..records.annotations import Anchored, ClaimEntry, LabelEntry
from .annotation_rules import rule_violations
from ..records.models import SentenceLabel, serials

LABELS_FILE = "sentence_labels.jsonl"
CLAIMS_FILE = "claims.jsonl"
def apply(folder: Path, interview_id: str, source: str, sentences: list[dict], root: Path,
          speaker_names: Optional[list[str]] = None) -> tuple[list[Optional[SentenceLabel]], list[dict[str, Any]]]:
    """The label of each sentence (all None when there is no folder) and the rows of the claims in ``folder``.

    ``sentences`` are rows of the sentences table without their labels, in source order; every file
    read must lie inside ``root``. With ``speaker_names`` (for the gold), the claims must also keep the
    guidelines' mechanical rules (``annotation_rules``).
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
        if speaker_names is not None:
            errors += rule_violations(folder / CLAIMS_FILE, claim_entries, source, speaker_names)
    if errors:
        raise ErrorReport(errors)
    check_label_consistency(folder, sentences, labels, claims)
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
    text = decode_utf8(data, path, AnnotationError, fix="save the file as UTF-8")
    entries, errors = [], []
    # JSON Lines ends lines with "\n" only: U+2028 and other line breaks of str.splitlines() may sit in a string
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
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
    """Every occurrence in one source of many anchor texts, found in one scan.

    An Aho-Corasick automaton finds the places of the texts' first
    ``KEY_LENGTH`` characters, and each distinct text is compared with the
    source at the places of its key, once, however many entries share it.
    Texts for which that would cost more than ``VERIFY_FACTOR`` times the
    texts and places themselves (a beginning shared by many texts, or found
    in many places) go whole into a second automaton instead, so anchoring
    costs the source, the texts and the places found. Short keys keep the
    first automaton small: whole sentences as keys would make building it
    cost more than scanning the source. A few texts (the items of one claim)
    are looked for one by one, which is cheaper than building an automaton.
    (pyahocorasick follows failure links to report matches, so a scan can
    cost the source times the depth of the trie on highly repetitive text:
    at most ``KEY_LENGTH`` for the first automaton, more for the second.)
    """

    KEY_LENGTH = 16
    VERIFY_FACTOR = 16
    FEW_TEXTS = 8

    def __init__(self, source: str, texts: Iterable[str]) -> None:
        self.source = source
        self.texts = set(texts)
        self._notes: Optional[dict[str, str]] = None
        if len(self.texts) <= self.FEW_TEXTS:
            self.places = {text: starts for text in self.texts if (starts := find_all(source, text))}
            return
        groups: dict[str, list[str]] = {}
        for text in self.texts:
            groups.setdefault(text[: self.KEY_LENGTH], []).append(text)
        key_places = scan(source, groups)
        self.places, costly = {}, []
        for key, candidates in key_places.items():
            group = groups[key]
            if len(candidates) > 1 and self._costly(len(candidates), sum(map(len, group))):
                costly += group
                continue
            for text in group:
                if starts := [start for start in candidates if source.startswith(text, start)]:
                    self.places[text] = starts
        if costly:
            self.places.update(scan(source, costly))

    @classmethod
    def _costly(cls, n_candidates: int, n_compared: int) -> bool:
        """Whether comparing texts of ``n_compared`` characters at each of ``n_candidates`` places would
        cost more than a bounded multiple of both."""
        return n_candidates * n_compared > cls.VERIFY_FACTOR * (n_candidates + n_compared)

    def starts(self, text: str) -> list[int]:
        """Start of every (possibly overlapping) occurrence of ``text``, in order."""
        return self.places.get(text, [])

    def span(self, entry: Anchored) -> tuple[int, int] | Unanchored:
        """Where in the source the entry's text is, or why it cannot be said."""
        places = self.starts(entry.text)
        chosen = choose(len(places), entry.occurrence)
        if isinstance(chosen, int):
            return places[chosen], places[chosen] + len(entry.text)
        note = self.normalisation_notes().get(entry.text) if not places else None
        if note:
            return Unanchored(f"{chosen} ({note})", NORMALISATION_FIX)
        return Unanchored(chosen)

    def normalisation_notes(self) -> dict[str, str]:
        """For each text found nowhere but found once both sides are in NFC, the forms each side uses.

        Worked out on the first call, for all such texts at once, so that many
        unanchored entries cost two more scans, not one each.
        """
        if self._notes is None:
            missing = [text for text in self.texts if text not in self.places]
            self._notes = normalisation_notes(self.source, missing) if missing else {}
        return self._notes


class Unanchored(NamedTuple):
    reason: str
    fix: Optional[str] = None  # set when the cause is known to need another fix than re-anchoring


NORMALISATION_FIX = "save the annotation in the source's normalisation form"


def scan(source: str, keys: Iterable[str]) -> dict[str, list[int]]:
    """Start of every (possibly overlapping) occurrence in ``source`` of each of ``keys`` found there."""
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    places: dict[str, list[int]] = {}
    for end, key in automaton.iter(source):
        places.setdefault(key, []).append(end + 1 - len(key))
    return places


def normalisation_notes(source: str, texts: list[str]) -> dict[str, str]:
    """For each of ``texts`` absent from ``source`` but present once both are in NFC, which form each uses."""
    in_nfc = AnchorIndex(unicodedata.normalize("NFC", source), [nfc(text) for text in texts])
    differing = [text for text in texts if in_nfc.starts(nfc(text))]
    in_source = AnchorIndex(source, [form(text) for text in differing for form in (nfc, nfd)])
    notes = {}
    for text in differing:
        held = "NFC form" if in_source.starts(nfc(text)) else "NFD form" if in_source.starts(nfd(text)) else "a mixed form"
        notes[text] = f"the source has it in {held}, this line in {normal_form(text)}"
    return notes


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def normal_form(text: str) -> str:
    for form in ("NFC", "NFD"):
        if unicodedata.is_normalized(form, text):
            return form
    return "a mixed form"


def choose(count: int, occurrence: Optional[int]) -> int | str:
    """Which of ``count`` occurrences an entry means, or why it names none."""
    if count == 0:
        return "not found"
    if occurrence is None:
        return 0 if count == 1 else f"found {count} times; add \"occurrence\": 0..{count - 1}"
    if occurrence >= count:
        return f"occurrence {occurrence} asked for, but the text occurs {count} time(s)"
    return occurrence


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
    labelled_on: dict[int, int] = {}  # sentence position -> line of its label
    errors = []
    for number, entry in entries:
        span = index.span(entry)
        if not isinstance(span, Unanchored) and span not in position:
            span = Unanchored("it is no longer one sentence of the segmentation")
        if isinstance(span, Unanchored):
            errors.append(AnnotationError(f"sentence label does not anchor: {_short(entry.text)} {span.reason}",
                                          path=path, line=number,
                                          fix=span.fix or "re-anchor the label on the sentence as it now reads"))
        elif position[span] in labelled_on:
            errors.append(AnnotationError(
                f"sentence labelled twice (lines {labelled_on[position[span]]} and {number}): {_short(entry.text)}",
                path=path, line=number, fix="keep one label per sentence"))
        else:
            labelled_on[position[span]] = number
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
    first_line: dict[tuple[int, int, str], int] = {}  # (start, end, claim_text) -> line that annotated it
    for number, entry in entries:
        try:
            row = _resolve_claim(entry, index, sentences, starts)
        except AnnotationError as exc:
            errors.append(AnnotationError(exc.message, path=path, line=number, fix=exc.fix))
            continue
        identity = (row["char_start"], row["char_end"], row["claim_text"])
        if identity in first_line:
            errors.append(AnnotationError(
                f"claim annotated twice (lines {first_line[identity]} and {number}): {_short(entry.text)}",
                path=path, line=number, fix="delete one of the two lines"))
            continue
        first_line[identity] = number
        resolved.append(row)
    if errors:
        raise ErrorReport(errors)
    resolved.sort(key=lambda c: (c["char_start"], c["char_end"]))
    for number, row in zip(serials(len(resolved)), resolved):
        row.update(interview_id=interview_id, claim_id=f"{interview_id}/c{number}")
    return resolved


ENTRY_ONLY = frozenset({"text", "occurrence", "quantities", "times", "entities"})


def _resolve_claim(entry: ClaimEntry, index: AnchorIndex, sentences: list[dict],
                   sentence_starts: list[int]) -> dict[str, Any]:
    span = index.span(entry)
    if isinstance(span, Unanchored):
        raise AnnotationError(f"claim does not anchor: {_short(entry.text)} {span.reason}",
                              fix=span.fix or "re-anchor the claim on the text as it now reads")
    start, end = span
    position = bisect_right(sentence_starts, start) - 1
    sentence = sentences[position] if position >= 0 and end <= sentences[position]["char_end"] else None
    if sentence is None:
        raise AnnotationError(f"claim {_short(entry.text)} is not inside one sentence",
                              fix="shorten the span to one sentence, or split the claim")
    row = {name: value for name, value in entry.__dict__.items() if name not in ENTRY_ONLY}
    row.update(
        text=entry.text, char_start=start, char_end=end, turn_id=sentence["turn_id"],
        sentence_id=sentence["sentence_id"], speaker_id=sentence["speaker_id"],
    )
    items = (*entry.quantities, *entry.times, *entry.entities)
    claim = AnchorIndex(entry.text, [item.text for item in items]) if items else None
    for kind in ("quantities", "times", "entities"):
        row[kind] = [_item_row(item, claim, start) for item in getattr(entry, kind)]
    return row


def _item_row(entry: Anchored, claim: AnchorIndex, claim_start: int) -> dict[str, Any]:
    """Row of a quantity, time or entity, anchored inside its claim (indexed in ``claim``)."""
    span = claim.span(entry)
    if isinstance(span, Unanchored):
        raise AnnotationError(f"{_short(entry.text)} is not inside its claim {_short(claim.source)}: {span.reason}",
                              fix=span.fix or "quote the span exactly as it appears inside the claim")
    row = {name: value for name, value in entry.__dict__.items() if name != "occurrence"}
    row.update(char_start=claim_start + span[0], char_end=claim_start + span[1])
    return row


def check_label_consistency(folder: Path, sentences: list[dict], labels: list[SentenceLabel],
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
