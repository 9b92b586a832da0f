"""Corpus statistics gathered one interview at a time, for the card and the build summary.

A build never holds the whole corpus: each interview's tables are folded
into these counters (in the worker that built it) and merged in order, so
memory stays flat as the corpus grows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .evaluate import Counts, add_counts, count_interview
from .models import TABLES, Record
from .pipeline import Tables, count_words

SOURCES_KEPT = 5


@dataclass
class PersonStats:
    name: str
    role: str
    interviews: int = 0
    turns: int = 0
    sentences: int = 0
    words: int = 0
    sentence_words: int = 0
    turn_words: list[int] = field(default_factory=list)

    def merge(self, other: "PersonStats") -> None:
        self.interviews += other.interviews
        self.turns += other.turns
        self.sentences += other.sentences
        self.words += other.words
        self.sentence_words += other.sentence_words
        self.turn_words += other.turn_words


@dataclass
class CorpusStats:
    rows: Counter = field(default_factory=Counter)
    examples: dict[str, Record] = field(default_factory=dict)  # first row of each table
    sources: list[tuple[str, str]] = field(default_factory=list)  # (url, publisher) of the first interviews
    languages: set[str] = field(default_factory=set)
    translation_notes: set[str] = field(default_factory=set)
    people: dict[str, PersonStats] = field(default_factory=dict)
    labels: Counter = field(default_factory=Counter)  # (label or None, role) -> sentences
    claim_types: Counter = field(default_factory=Counter)  # (type, role) -> claims
    checkworthy_types: Counter = field(default_factory=Counter)
    baselines: dict[str, Counts] = field(default_factory=dict)

    def add(self, part: Tables) -> None:
        """Fold one interview's tables in."""
        for config in TABLES:
            records = getattr(part, config)
            self.rows[config] += len(records)
            if records:
                self.examples.setdefault(config, records[0])
        for interview in part.interviews:
            self.sources.append((interview.source_url, interview.publisher))
            self.languages.add(interview.language)
            if interview.translation_note:
                self.translation_notes.add(interview.translation_note)
        del self.sources[SOURCES_KEPT:]
        roles = {s.speaker_id: s.role.value for s in part.speakers}
        self.labels.update((s.label.value if s.label else None, roles[s.speaker_id]) for s in part.sentences)
        self.claim_types.update((c.claim_type.value, roles[c.speaker_id]) for c in part.claims)
        self.checkworthy_types.update(c.claim_type.value for c in part.claims if c.checkworthy)
        add_counts(self.baselines, count_interview(part.sentences, part.claims))
        for speaker_id, person in _people(part).items():
            self._merge_person(speaker_id, person)

    def merge(self, other: "CorpusStats") -> None:
        """Fold in the statistics of interviews that come after these ones."""
        self.rows += other.rows
        for config, example in other.examples.items():
            self.examples.setdefault(config, example)
        self.sources = (self.sources + other.sources)[:SOURCES_KEPT]
        self.languages |= other.languages
        self.translation_notes |= other.translation_notes
        self.labels += other.labels
        self.claim_types += other.claim_types
        self.checkworthy_types += other.checkworthy_types
        add_counts(self.baselines, other.baselines)
        for speaker_id, person in other.people.items():
            self._merge_person(speaker_id, person)

    def _merge_person(self, speaker_id: str, person: PersonStats) -> None:
        if speaker_id in self.people:
            self.people[speaker_id].merge(person)
        else:
            self.people[speaker_id] = person


def _people(part: Tables) -> dict[str, PersonStats]:
    people = {s.speaker_id: PersonStats(s.name, s.role.value, interviews=1, words=s.n_words) for s in part.speakers}
    for turn in part.turns:
        people[turn.speaker_id].turns += 1
        people[turn.speaker_id].turn_words.append(turn.n_words)
    texts: dict[str, list[str]] = {speaker_id: [] for speaker_id in people}
    for sentence in part.sentences:
        texts[sentence.speaker_id].append(sentence.text)
    for speaker_id, spoken in texts.items():
        people[speaker_id].sentences += len(spoken)
        people[speaker_id].sentence_words += count_words("\n".join(spoken))  # no word spans a line break
    return people
