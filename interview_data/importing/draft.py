"""A publisher's page, read by its importer, as raw/<id>/source.txt and a complete interview.yaml.

Pure: a :class:`Page` (what the importer read) and a :class:`Cast` (who
speaks) in, a :class:`Draft` or a :class:`Quarantine` out. Every draft is
read back by the build's own parser (``reading``) before it is accepted, and
refused as a quarantine when it is not a dialogue the parser reads right.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml
from pydantic import ValidationError

from .._version import __version__
from ..errors import InterviewDataError
from ..publish.record_checks import check_records
from ..reading.drafting import slugify
from ..reading.interview import unlabelled
from ..reading.layout import WHITESPACE_RUN, declared_label_pattern, label_opening
from ..reading.metadata import InterviewMeta
from ..reading.source import Source
from .cast import Cast

PARAGRAPH = "\n\n"
LEDE_CHARS = 100
ID_WORDS = 6
SUSPECT_SHARE = 0.25  # questions followed straight by another question, beyond which answers are unlabelled
MIN_SUSPECT = 3

# Why a file is not imported. The report names one of these for every quarantined file.
REASONS = {
    "unreadable": "not a file of this format that can be read (encoding, markup, size or nesting)",
    "not_a_transcript": "no speaker labels: a summary, article or speech, not a transcript of a dialogue",
    "one_speaker": "only one speaker has turns: a speech or statement, not a dialogue",
    "unresolved_labels": "speaker labels that cannot be resolved to a speaker (typically OCR damage)",
    "unlabelled_answers": "questions follow questions: the answers carry no speaker labels (typically OCR text)",
    "unlabelled_questions": "the interviewee's turns follow each other: the questions carry no labels (typically "
                            "OCR text, 'Q.' for 'Q:')",
    "label_inside_paragraph": "a speaker label inside a paragraph, so two turns would run together",
    "interviewee_absent": "the interviewee named in the file has no turn (another person is interviewed)",
    "no_interviewer": "nobody asks: no speaker's turns are questions, or the interviewer is not labelled",
    "missing_metadata": "the file lacks a fact interview.yaml needs (its id, title, date or the interviewee's name)",
    "not_built": "the drafted interview.yaml is refused by the build's parser",
    "duplicate": "the same interview was imported from another file of this run",
}


@dataclass(frozen=True)
class Quarantine:
    reason: str
    detail: str

    def __post_init__(self) -> None:
        assert self.reason in REASONS, self.reason


@dataclass(frozen=True)
class License:
    source_text: str  # the licence as the publisher states it
    source_text_id: Optional[str]  # SPDX-style id, or None when none is stated
    attribution: Optional[str]


@dataclass(frozen=True)
class Page:
    """What an importer read from one publisher's file."""

    importer: str
    document_id: str  # the publisher's id of the document (PM transcript id, kremlin page id, ...)
    title: str
    published_at: str  # a date (YYYY-MM-DD) or a date-time with its UTC offset
    date_line: Optional[str]  # the header paragraph the date is read from
    publisher: str
    source_url: str
    license: License
    header: list[tuple[str, str]]  # (front matter kind, paragraph) before the body
    body: list[str]  # paragraphs; a paragraph's lines are joined with "\n"
    language: str = "en"
    inferred: list[tuple[str, str]] = field(default_factory=list)  # (field, note)
    non_turn: list[tuple[str, str]] = field(default_factory=list)  # (kind, RE2 pattern)
    id_stopwords: frozenset = frozenset()  # title words left out of the id's slug


@dataclass(frozen=True)
class Provenance:
    original_file: str
    sha256: str
    importer: str
    importer_version: str = __version__


@dataclass(frozen=True)
class Draft:
    interview_id: str
    source_text: str
    yaml_text: str
    meta: dict


def interview_id(page: Page) -> str:
    """Date, title slug and the publisher's document id: unique without looking at other files."""
    words = [w for w in re.findall(r"[a-z0-9]+", slugify(page.title, words=40)) if w not in page.id_stopwords]
    slug = "-".join(words[:ID_WORDS]) or "interview"
    return f"{page.published_at[:10]}-{slug}-{slugify(page.document_id, words=12)}"


def opening_label(paragraph: str) -> Optional[str]:
    """The label a paragraph opens with, as the build's parser sees one (``Name:``), or ``Q`` before spaces."""
    first = paragraph.split("\n", 1)[0]
    if re.match(r"Q(?:\t|[ \u00a0]{2,})\S", first):
        return "Q"
    return label_opening(first)


def front_kind(paragraph: str, title: str) -> str:
    """The front matter kind of a paragraph before the first turn."""
    if " ".join(paragraph.split()).casefold() == " ".join(title.split()).casefold():
        return "title_repeat"
    return "lede" if len(paragraph) > LEDE_CHARS else "furniture"


def turn_texts(paragraphs: list[str], openings: list[Optional[str]]) -> dict[str, list[str]]:
    """label -> the texts of the turns it opens (a labelled paragraph and the unlabelled ones after it)."""
    texts: dict[str, list[str]] = {}
    current: Optional[list[str]] = None
    for paragraph, label in zip(paragraphs, openings):
        if label:
            current = texts.setdefault(label, [])
            current.append(paragraph)
        elif current is not None:
            current[-1] += PARAGRAPH + paragraph
    return texts


def split_inline_labels(paragraphs: list[str], labels: list[str]) -> list[str]:
    """Paragraphs split where a speaker label, as declared (case kept) and with its colon, follows a sentence
    end or an interruption's dash inside them ('... millions of Australians. JOURNALIST: Mr Howard, ...',
    'you did say- PM: -But'): the space before the label becomes a paragraph break, since a turn starts a
    paragraph. Only whitespace changes. One-letter labels (Q, J) are left alone."""
    shouted = sorted({label for label in labels if len(label) > 1}, key=len, reverse=True)
    if not shouted:
        return paragraphs
    names = "|".join(WHITESPACE_RUN.join(map(re.escape, label.split())) for label in shouted)
    # after a sentence end (and a closing quote or bracket), or after an interrupted word's dash
    inside = re.compile(r"(?:(?<=[.?!…][\"'”’)])|(?<=[.?!…])|(?<=[-–—]))\s+(?=(?:" + names + r")[ \u00a0]*:)")
    split = []
    for paragraph in paragraphs:
        split += [part for part in inside.split(paragraph) if part]
    return split


def damaged_label(body: list[str], labels: list[str]) -> Optional[str]:
    """A line opening with a speaker's label whose colon was misread or lost: a semicolon ('Prime Minister;
    Oh'), or after an upper-case label a full stop ('PM. I Well') or one space before a capitalised word
    ('QUESTION Sir, both')."""
    shapes = sorted({" ".join(label.split()) for label in labels if len(label) > 1}, key=len, reverse=True)
    if not shapes:
        return None
    def alternatives(forms):
        return "|".join(WHITESPACE_RUN.join(map(re.escape, form.split())) for form in forms)
    shouted = [form for form in shapes if form.isupper()]
    pattern = re.compile(r"(?m)^(?:(?i:" + alternatives(shapes) + r")[ \u00a0]*;"
                         + (r"|(?:" + alternatives(shouted) + r")(?:\.(?=\s)| (?=[A-Z][a-z]))" if shouted else "") + r")(?=\s|[A-Z])")
    for paragraph in body:
        found = pattern.search(paragraph)
        if found:
            return found.group()
    return None


def assemble(page: Page, cast: Cast, provenance: Provenance) -> Draft | Quarantine:
    """The source text and interview.yaml for ``page``, checked by the build's parser. The transcript starts
    at the first body paragraph that opens with a speaker's label; the body paragraphs before it are front
    matter."""
    labels = [label for s in cast.speakers for label in s.labels]
    if not labels:
        return Quarantine("not_a_transcript", "no speaker labels")
    marker = declared_label_pattern(labels)  # as the build's parser reads a declared label
    body = split_inline_labels(page.body, labels)
    first = next((i for i, p in enumerate(body) if marker.match(p)), None)
    if first is None:
        return Quarantine("not_a_transcript", "no paragraph opens with a speaker label")
    damaged = damaged_label(body, labels)
    header = page.header + [(front_kind(p, page.title), p) for p in body[:first]]
    body = body[first:]
    if damaged:
        return Quarantine("unresolved_labels", f"{damaged!r} opens a line: a speaker label with its colon "
                                               "misread (OCR damage)")
    source_text = PARAGRAPH.join([text for _, text in header] + body) + "\n"
    identifier = interview_id(page)
    meta = _meta(page, cast, identifier, [kind for kind, _ in header], provenance)
    ending = marker.match(body[-1])
    if len(body) > 1 and ending and not body[-1][ending.end():].strip(" \u00a0:"):  # a label left with no turn
        meta["layout"]["trailing_residue"] = "^" + re.escape(body[-1]) + "$"
    try:
        turns = _turns(meta, source_text)
    except InterviewDataError as exc:
        return Quarantine("not_built", exc.problems()[0].render().replace("\n", " "))
    meta["layout"]["allow_consecutive_turns"] = any(a.speaker_id == b.speaker_id for a, b in zip(turns, turns[1:]))
    problem = dialogue_problem(turns, meta)
    if problem:
        return problem
    return Draft(identifier, source_text, yaml_text(meta), meta)


def _meta(page: Page, cast: Cast, identifier: str, kinds: list[str], provenance: Provenance) -> dict:
    layout: dict = {"paragraphs": "blank_line", "front_matter": kinds, "turn_marker": "label"}
    if cast.ignore_labels:
        layout["ignore_labels"] = cast.ignore_labels
    layout["allow_consecutive_turns"] = True
    if page.non_turn:
        layout["non_turn"] = [{"kind": kind, "pattern": pattern} for kind, pattern in page.non_turn]
    meta = {
        "interview_id": identifier,
        "title": page.title,
        "published_at": page.published_at,
        **({"date_line": page.date_line} if page.date_line else {}),
        "publisher": page.publisher,
        "source_url": page.source_url,
        "language": page.language,
        "license": license_fields(page.license),
        "speakers": [{"speaker_id": s.speaker_id, "name": s.name, "role": s.role, "description": s.description,
                      "labels": list(s.labels)} for s in cast.speakers],
        "layout": layout,
        **({"inferred": [{"field": f, "note": n} for f, n in page.inferred]} if page.inferred else {}),
        "provenance": {"original_file": provenance.original_file, "sha256": provenance.sha256,
                       "importer": provenance.importer, "importer_version": provenance.importer_version},
    }
    return meta


def license_fields(terms: License) -> dict:
    """The licence block of interview.yaml: the publisher's terms as stated, with their id (null when the
    publisher states none) and the attribution line; the project's own licences are the defaults."""
    fields = {"source_text": terms.source_text, "source_text_id": terms.source_text_id}
    if terms.attribution is not None:
        fields["attribution"] = terms.attribution
    return fields


def yaml_text(meta: dict) -> str:
    header = ("# Written by `interview-data import` from the publisher's file named in provenance;\n"
              "# every value is read from that file (see `inferred` for what is not stated there).\n")
    return header + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)


NO_ANNOTATIONS = Path("/dev/null/annotations")  # never a folder: an imported interview has no annotations yet


def _turns(meta: dict, source_text: str):
    """The turns the build reads from the draft, after the release's own record checks (keys, spans, counts, no
    turn paragraph opening with a speaker's label); InterviewDataError when the build would refuse it."""
    try:
        parsed = InterviewMeta.model_validate(meta)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise InterviewDataError(f"interview.yaml field {where}: {problem['msg']}") from None
    source = Source(path=Path("source.txt"), text=source_text,
                    sha256=hashlib.sha256(source_text.encode("utf-8")).hexdigest())
    tables = unlabelled(parsed, source).labelled(NO_ANNOTATIONS, NO_ANNOTATIONS.parent)
    check_records(tables)
    return tables.turns


def dialogue_problem(turns, meta: dict) -> Optional[Quarantine]:
    """Why the parsed turns are not a dialogue read right, or None."""
    roles = {s["speaker_id"]: s["role"] for s in meta["speakers"]}
    speaking = {t.speaker_id for t in turns}
    if len(speaking) < 2:
        return Quarantine("one_speaker", f"all {len(turns)} turns are by {next(iter(speaking))}")
    if not any(roles[s] == "interviewee" for s in speaking):
        return Quarantine("interviewee_absent", "no turn by " + ", ".join(
            s["name"] for s in meta["speakers"] if s["role"] == "interviewee"))
    asking = [t for t in turns if t.role.value == "interviewer"]
    if not asking:
        return Quarantine("no_interviewer", "no interviewer has a turn")
    followed = [a for a, b in zip(turns, turns[1:]) if a.role.value == "interviewer" and "?" in a.text
                and b.role.value == "interviewer"]
    questions = [t for t in asking if "?" in t.text]
    if len(followed) >= MIN_SUSPECT and len(followed) > SUSPECT_SHARE * len(questions):
        return Quarantine("unlabelled_answers", f"{len(followed)} of {len(questions)} questions are followed by "
                                                f"another question, not an answer")
    answering = [t for t in turns if t.role.value == "interviewee"]
    runs = [a for a, b in zip(turns, turns[1:]) if a.role.value == "interviewee" and b.speaker_id == a.speaker_id]
    if len(runs) >= MIN_SUSPECT and len(runs) > SUSPECT_SHARE * len(answering):
        return Quarantine("unlabelled_questions", f"{len(runs)} of {len(answering)} interviewee turns are followed "
                                                  "by another turn of the same speaker")
    inside = _label_inside(turns, meta)
    if inside:
        return Quarantine("label_inside_paragraph", inside)
    return None


def _label_inside(turns, meta: dict) -> Optional[str]:
    """A declared upper-case label after a sentence end inside a turn paragraph ('... can.. REYNOLDS: What')."""
    labels = sorted({label for s in meta["speakers"] for label in s["labels"] if label.isupper() and len(label) > 1},
                    key=len, reverse=True)
    if not labels:
        return None
    pattern = re.compile(r"[.?!…][\"'”’)]*\s+(" + "|".join(r"\s+".join(map(re.escape, label.split()))
                                                          for label in labels) + r")\s*:")
    for turn in turns:
        for paragraph in turn.paragraphs:
            found = pattern.search(paragraph.text)
            if found:
                return f"{found.group(1)!r} inside {turn.turn_id.rsplit('/', 1)[1]}"
    return None
