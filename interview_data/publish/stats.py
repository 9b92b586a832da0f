"""Corpus statistics gathered one interview at a time, for the card and the build summary.

A build never holds the whole corpus: each interview's tables are folded
into these counters (in the worker that built it) and merged in order, so
memory stays flat as the corpus grows. Measures that belong to research
(baseline scores, agreement between annotation passes) are plugged in by
the caller as accumulators with ``add(records, passes)`` and ``merge(other)``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Optional, Protocol

from ..records.models import TABLES, Record, publication_instant
from ..reading.interview import InterviewReading, TableRows

SOURCES_KEPT = 5


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


@dataclass
class CorpusStats:
    rows: Counter = field(default_factory=Counter)
    arrow_bytes: Counter = field(default_factory=Counter)  # config -> bytes of its Arrow tables, as written
    examples: dict[str, Record] = field(default_factory=dict)  # first row of each table
    sources: list[tuple[str, str]] = field(default_factory=list)  # (url, publisher) of the first interviews
    languages: set[str] = field(default_factory=set)
    latest_published_at: str = ""  # newest interview's publication date-time (ISO 8601)
    translation_notes: set[str] = field(default_factory=set)
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
        for config in TABLES:
            records = getattr(part, config)
            self.rows[config] += len(records)
            if records:
                self.examples.setdefault(config, records[0])
        for interview in part.interviews:
            self.sources.append((interview.source_url, interview.publisher))
            self.languages.add(interview.language)
            self.latest_published_at = later(self.latest_published_at, interview.published_at)
            if interview.translation_note:
                self.translation_notes.add(interview.translation_note)
        del self.sources[SOURCES_KEPT:]
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
        self.rows += other.rows
        self.arrow_bytes += other.arrow_bytes
        for config, example in other.examples.items():
            self.examples.setdefault(config, example)
        self.sources = (self.sources + other.sources)[:SOURCES_KEPT]
        self.languages |= other.languages
        self.latest_published_at = later(self.latest_published_at, other.latest_published_at)
        self.translation_notes |= other.translation_notes
        self.labels += other.labels
        self.claim_types += other.claim_types
        self.checkworthy_types += other.checkworthy_types
        self.first_interview = self.first_interview or other.first_interview
        for name, plugin in other.plugins.items():
            self.plugins[name].merge(plugin)
        for speaker_id, person in other.people.items():
            self._merge_person(speaker_id, person)

    def _merge_person(self, speaker_id: str, person: PersonStats) -> None:
        if speaker_id in self.people:
            self.people[speaker_id].merge(person)
        else:
            self.people[speaker_id] = person


def later(first: str, second: str) -> str:
    """The later of two publication times (compared as instants); an empty one is the earliest."""
    if not first or not second:
        return first or second
    return max(first, second, key=publication_instant)


def figure_inputs(part: TableRows) -> FigureInputs:
    return FigureInputs(part.interviews[0].interview_id, [s.speaker_id for s in part.speakers],
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
