"""Corpus statistics gathered one interview at a time, for the card and the build summary.

A build never holds the whole corpus: each interview's tables are folded
into these counters (in the worker that built it) and merged in order, so
memory stays flat as the corpus grows. Measures that belong to research
(baseline scores, agreement between annotation passes) are plugged in by
the caller as accumulators with ``add(records, passes)`` and ``merge(other)``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Optional, Protocol

from ..records.models import TABLES, Record, one_row_each, publication_instant
from ..reading.interview import InterviewReading, TableRows

INTERVIEWS_LISTED = 20  # the card lists the first interviews of the corpus...
NOTES_LISTED = 100  # ...and, after them, up to this many more that carry a care notice or annotation note


@dataclass
class PersonStats:
    name: str
    role: str
    interviews: int = 0
    turns: int = 0
    sentences: int = 0
    words: int = 0
    turn_words: list[int] = field(default_factory=list)

    def merge(self, other: "PersonStats") -> None:
        self.interviews += other.interviews
        self.turns += other.turns
        self.sentences += other.sentences
        self.words += other.words
        self.turn_words += other.turn_words


class Accumulator(Protocol):
    def add(self, records: TableRows, passes: list[TableRows]) -> None: ...

    def merge(self, other: Any) -> None: ...


@dataclass(frozen=True)
class FigureInputs:
    """What the figures show of an interview: per turn its speaker, words and claims."""

    interview_id: str
    speakers: list[str]
    turns: list[tuple[str, str, int]]  # (turn_id, speaker_id, words)
    claims: list[tuple[str, bool]]  # (turn_id, checkworthy)


@dataclass(frozen=True)
class InterviewSummary:
    """What the card says of one interview under its name."""

    position: int  # 0-based, in corpus order, among the interviews folded into the same statistics
    interview_id: str
    title: str
    published_at: str
    publisher: str
    source_url: str
    original_outlet: Optional[str]
    speakers: tuple[tuple[str, str, str], ...]  # (name, role, description), interviewers first
    translation_note: Optional[str]
    care_notice: Optional[str]
    annotation_note: Optional[str]

    @property
    def has_notes(self) -> bool:
        return bool(self.care_notice or self.annotation_note)


@dataclass(frozen=True, order=True)
class SourceLicence:
    """A publisher's terms for its source texts, as an interview.yaml states them."""

    publisher: str
    statement: str  # the publisher's statement (license.source_text)
    licence_id: Optional[str]  # SPDX id, "public-domain-us", or None: no licence stated
    attribution: Optional[str]


@dataclass
class CorpusStats:
    distinct: Counter = field(default_factory=Counter)  # interviews, speakers: each counted once, not per split
    rows: Counter = field(default_factory=Counter)  # config -> rows
    split_rows: Counter = field(default_factory=Counter)  # (config, split name) -> rows
    split_labels: Counter = field(default_factory=Counter)  # (split name, label name) -> sentences
    arrow_bytes: Counter = field(default_factory=Counter)  # (config, split) -> bytes of its Arrow table, as written
    examples: dict[str, Record] = field(default_factory=dict)  # first row of each table
    listed: list[InterviewSummary] = field(default_factory=list)  # see INTERVIEWS_LISTED and NOTES_LISTED
    notes: int = 0  # interviews with a care notice or an annotation note
    source_licences: Counter = field(default_factory=Counter)  # SourceLicence -> interviews
    languages: Counter = field(default_factory=Counter)  # language -> interviews
    earliest_published_at: str = ""  # oldest interview's publication date-time (ISO 8601)
    latest_published_at: str = ""  # newest interview's publication date-time (ISO 8601)
    translations: Counter = field(default_factory=Counter)  # is_translation (True, False, None) -> interviews
    annotated: int = 0  # interviews with gold sentence labels or claims
    with_passes: int = 0  # interviews with independent annotation passes kept beside the gold
    people: dict[str, PersonStats] = field(default_factory=dict)
    labels: Counter = field(default_factory=Counter)  # (label or None, role) -> sentences
    claim_types: Counter = field(default_factory=Counter)  # (type, role) -> claims
    checkworthy_types: Counter = field(default_factory=Counter)
    first_interview: Optional[FigureInputs] = None  # the release's figures show its first interview
    plugins: dict[str, Accumulator] = field(default_factory=dict)

    def add(self, reading: InterviewReading) -> None:
        """Fold one interview in."""
        part = reading.records
        if self.first_interview is None and part.interviews:
            self.first_interview = figure_inputs(part)
        interviews = one_row_each(part.interviews, ("interview_id",))
        speakers = unique_speakers(part.speakers)
        for interview in interviews:
            listed = summary(self.distinct["interviews"], interview, speakers)
            self.notes += listed.has_notes
            self._list(listed)
            self.distinct["interviews"] += 1
            self.source_licences[SourceLicence(interview.publisher, interview.license_source_text,
                                               interview.license_source_text_id, interview.license_attribution)] += 1
            self.languages[interview.language] += 1
            self.earliest_published_at = earlier(self.earliest_published_at, interview.published_at)
            self.latest_published_at = later(self.latest_published_at, interview.published_at)
            self.translations[interview.is_translation] += 1
        self.distinct["speakers"] += len(speakers)
        for config in TABLES:
            records = getattr(part, config)
            self.rows[config] += len(records)
            self.split_rows.update((config, record.split.value) for record in records)
            if records:
                self.examples.setdefault(config, records[0])
        self.split_labels.update((s.split.value, s.label.value) for s in part.sentences if s.label is not None)
        if part.claims or any(s.label is not None for s in part.sentences):
            self.annotated += 1
        if reading.passes:
            self.with_passes += 1
        roles = {s.speaker_id: s.role.value for s in part.speakers}
        for (label, speaker_id), n in Counter((s.label, s.speaker_id) for s in part.sentences).items():
            self.labels[(label.value if label else None, roles[speaker_id])] += n
        for (kind, speaker_id, worthy), n in Counter((c.claim_type, c.speaker_id, c.checkworthy)
                                                     for c in part.claims).items():
            self.claim_types[(kind.value, roles[speaker_id])] += n
            if worthy:
                self.checkworthy_types[kind.value] += n
        for plugin in self.plugins.values():
            plugin.add(part, reading.passes)
        for speaker_id, person in _people(part).items():
            self._merge_person(speaker_id, person)

    def merge(self, other: "CorpusStats") -> None:
        """Fold in the statistics of interviews that come after these ones."""
        offset = self.distinct["interviews"]
        for listed in other.listed:
            self._list(replace(listed, position=offset + listed.position))
        self.notes += other.notes
        self.distinct += other.distinct
        self.rows += other.rows
        self.split_rows += other.split_rows
        self.split_labels += other.split_labels
        self.arrow_bytes += other.arrow_bytes
        for config, example in other.examples.items():
            self.examples.setdefault(config, example)
        self.source_licences += other.source_licences
        self.languages += other.languages
        self.earliest_published_at = earlier(self.earliest_published_at, other.earliest_published_at)
        self.latest_published_at = later(self.latest_published_at, other.latest_published_at)
        self.translations += other.translations
        self.annotated += other.annotated
        self.with_passes += other.with_passes
        self.labels += other.labels
        self.claim_types += other.claim_types
        self.checkworthy_types += other.checkworthy_types
        self.first_interview = self.first_interview or other.first_interview
        for name, plugin in other.plugins.items():
            self.plugins[name].merge(plugin)
        for speaker_id, person in other.people.items():
            self._merge_person(speaker_id, person)

    def _list(self, interview: InterviewSummary) -> None:
        """Keep the interview for the card's list if it is among the first, or carries notes that fit."""
        listed_for_notes = sum(1 for listed in self.listed if listed.position >= INTERVIEWS_LISTED)
        if interview.position < INTERVIEWS_LISTED or (interview.has_notes and listed_for_notes < NOTES_LISTED):
            self.listed.append(interview)

    def _merge_person(self, speaker_id: str, person: PersonStats) -> None:
        if speaker_id in self.people:
            self.people[speaker_id].merge(person)
        else:
            self.people[speaker_id] = person


def later(first: str, second: str) -> str:
    """The later of two publication times (compared as instants); an empty one counts as none."""
    return _extreme(max, first, second)


def earlier(first: str, second: str) -> str:
    """The earlier of two publication times (compared as instants); an empty one counts as none."""
    return _extreme(min, first, second)


def _extreme(pick, first: str, second: str) -> str:
    return pick(first, second, key=publication_instant) if first and second else first or second


def unique_speakers(speakers: list) -> list:
    return one_row_each(speakers, ("interview_id", "speaker_id"))


def summary(position: int, interview, speakers) -> InterviewSummary:
    order = {"interviewer": 0, "interviewee": 1}
    people = sorted(((s.name, s.role.value, s.description) for s in speakers if s.interview_id == interview.interview_id),
                    key=lambda person: order.get(person[1], 2))
    return InterviewSummary(position, interview.interview_id, interview.title, interview.published_at,
                            interview.publisher, interview.source_url, interview.original_outlet, tuple(people),
                            interview.translation_note, interview.care_notice, interview.annotation_note)


def figure_inputs(part: TableRows) -> FigureInputs:
    return FigureInputs(part.interviews[0].interview_id, [s.speaker_id for s in unique_speakers(part.speakers)],
                        [(t.turn_id, t.speaker_id, t.n_words) for t in part.turns],
                        [(c.turn_id, c.checkworthy) for c in part.claims])


def _people(part: TableRows) -> dict[str, PersonStats]:
    people = {s.speaker_id: PersonStats(s.name, s.role.value, interviews=1, words=s.n_words) for s in part.speakers}
    for turn in part.turns:
        people[turn.speaker_id].turns += 1
        people[turn.speaker_id].turn_words.append(turn.n_words)
    for speaker_id, n in Counter(s.speaker_id for s in part.sentences).items():
        people[speaker_id].sentences += n
    return people
