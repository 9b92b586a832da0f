"""Who speaks: turn labels found in a transcript, grouped into speakers with roles and person ids.

Pure functions. A publisher's module says which labels name its interviewee
and which words are anonymous roles; the rest is the same for every publisher:

- label variants are one speaker when they are equal up to case, spaces and
  dots (``DR.\u00a0FAUCI`` and ``Dr. Fauci``), when one is the end of the other
  (``Dmitry Peskov`` in ``Presidential Press Secretary Dmitry Peskov``), when
  they differ by a title word only (``MR. FAUCI``, ``DR. FAUCI``), or when a
  rarer one is a near spelling of a more frequent one (``PRIME MINSTER``,
  ``ADMIRAL GIRIOR``, ``E REYNOLDS``), measured with ``difflib``;
- an anonymous label (``JOURNALIST``, ``Q``, ``Question``, ``CALLER``) gets a
  person id scoped to the interview: two unnamed journalists in two
  interviews are not one person;
- a named speaker's role comes from what they say when the publisher does
  not state it: an interviewer when at least QUESTION_SHARE of their turns
  ask a question, else ``other``.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Optional

from ..reading.drafting import ascii_fold, slugify
from ..reading.metadata import label_key

QUESTION_SHARE = 0.4
NEAR_SPELLING = 0.8  # difflib ratio for a rarer label to join a more frequent one
NEAR_WORD = 0.6  # and for each word that differs, when both have as many words
TITLE_WORDS = frozenset("""mr mrs ms miss dr prof professor sir dame hon the president vice secretary acting under
    admiral rear general lieutenant surgeon attorney administrator ambassador leader senator minister premier
    governor deputy treasurer chancellor federal presidential press""".split())


@dataclass(frozen=True)
class Speaker:
    speaker_id: str
    name: str
    role: str
    description: str
    labels: tuple[str, ...]


@dataclass
class Group:
    """Label variants taken to name one speaker, the most frequent first (one per label_key)."""

    labels: list[str]
    count: int
    anonymous: Optional[str] = None  # the anonymous role word, for JOURNALIST, Q, ...
    interviewee: bool = False


@dataclass
class Cast:
    speakers: list[Speaker]
    ignore_labels: list[str] = field(default_factory=list)


def normal(label: str) -> str:
    """A label as compared here: folded case and accents, dots followed by a space, one space per run."""
    text = ascii_fold(label).replace(".", ". ")
    return " ".join(re.sub(r"[^\w' ]", " ", text).split())


def surname(label: str) -> str:
    words = [w for w in normal(label).split() if w not in TITLE_WORDS]
    return words[-1] if words else ""


def _joins(rare: str, frequent: str, counts: Counter) -> bool:
    """Whether ``rare`` (no more frequent than ``frequent``) names the same speaker."""
    a, b = normal(rare), normal(frequent)
    if a == b or (a and (b.endswith(" " + a) or a.endswith(" " + b))):
        return True
    if surname(rare) and surname(rare) == surname(frequent) and (
            set(a.split()) - {surname(rare)} <= TITLE_WORDS and set(b.split()) - {surname(frequent)} <= TITLE_WORDS):
        return True
    words_a, words_b = set(a.split()), set(b.split())
    if words_a < words_b or words_b < words_a:  # a title word more or less: another office, not a typo
        return False
    rare_enough = counts[rare] <= max(2, counts[frequent] // 10)
    if not rare_enough or difflib.SequenceMatcher(None, a, b).ratio() < NEAR_SPELLING:
        return False
    pairs = list(zip(a.split(), b.split())) if len(a.split()) == len(b.split()) else []
    # word by word, each differing word a near spelling too: not 'Question from Perm' / '... from Khabarovsk'
    return all(difflib.SequenceMatcher(None, x, y).ratio() >= NEAR_WORD for x, y in pairs if x != y)


def group_labels(counts: Counter, interviewee: Callable[[str], bool],
                 anonymous: Callable[[str], Optional[str]]) -> list[Group]:
    """Labels (with how often each opens a turn) grouped into speakers; deterministic."""
    groups: list[Group] = []
    by_role: dict[str, Group] = {}
    ordered = sorted(counts, key=lambda label: (-counts[label], label))
    host = Group([], 0, interviewee=True)
    for label in ordered:
        role = anonymous(label)
        if interviewee(label):
            target = host
        elif role is not None:
            target = by_role.setdefault(role, Group([], 0, anonymous=role))
        else:
            target = next((g for g in groups if any(_joins(label, other, counts) for other in g.labels)), None)
            if target is None:
                target = Group([], 0)
                groups.append(target)
        if label_key(label) not in {label_key(known) for known in target.labels}:  # one form per key
            target.labels.append(label)
        target.count += counts[label]
    return ([host] if host.labels else []) + [by_role[r] for r in sorted(by_role)] + groups


def question_share(turns: Iterable[str]) -> float:
    texts = list(turns)
    return sum("?" in text for text in texts) / len(texts) if texts else 0.0


def person_id(name: str) -> str:
    return slugify(name, words=8)


def scoped_id(role: str, interview_id: str) -> str:
    """An anonymous speaker's id: the role word and the interview it belongs to."""
    return f"{slugify(role, words=3)}-at-{interview_id}"


def display_name(label: str) -> str:
    """'DR. FAUCI' -> 'Dr. Fauci', 'KERRY O'BRIEN' -> 'Kerry O'Brien'; mixed case stays as written."""
    label = " ".join(label.split())
    if not label.isupper():
        return label
    words = re.sub(r"[A-Za-z]+", lambda m: m.group().capitalize(), label.lower())
    return re.sub(r"\bMc([a-z])", lambda m: "Mc" + m.group(1).upper(), words)


def unique_ids(speakers: list[Speaker]) -> list[Speaker]:
    """Speakers whose names slug alike keep apart: the later ones get -2, -3, ..."""
    seen: Counter = Counter()
    unique = []
    for speaker in speakers:
        seen[speaker.speaker_id] += 1
        if seen[speaker.speaker_id] > 1:
            speaker = replace(speaker, speaker_id=f"{speaker.speaker_id}-{seen[speaker.speaker_id]}")
        unique.append(speaker)
    return unique
