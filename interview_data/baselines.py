"""Baselines for check-worthiness and quantity extraction: trivial ones and a rule-based detector.

The detector never sees the gold: it scores a sentence from surface cues
(numbers, money, percentages, dates and years, reporting verbs, capitalised
names) and extracts quantities with a hedge word, a number and a unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .models import Comparator, SentenceLabel

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "dozens": 24, "thousand": 1000,
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"}
CUE_WORDS = set(NUMBER_WORDS) | MONTHS | {"million", "billion", "percent"}
REPORTING_WORDS = {"said", "says", "say", "admitted", "admit", "stated", "declared", "announced", "reported",
                   "claimed", "confirmed", "signed", "adopted", "passed"}
NUMERIC = re.compile(r"\d+(?:[.,]\d+)*|[$€%]")
WORDS = re.compile(r"[A-Za-z]+")
NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")
HEDGES = {
    "about": Comparator.approx, "around": Comparator.approx, "approximately": Comparator.approx,
    "nearly": Comparator.approx, "almost": Comparator.approx, "some": Comparator.approx,
    "more than": Comparator.gt, "over": Comparator.gt, "at least": Comparator.gte,
    "less than": Comparator.lt, "fewer than": Comparator.lt, "under": Comparator.lt,
    "up to": Comparator.lte, "at most": Comparator.lte,
}
PERSON_NOUNS = {"people", "person", "soldier", "deserter", "civilian", "serviceman", "servicemen",
                "citizen", "refugee", "martyr", "casualtie", "victim", "resident", "child", "children"}
QUANTITY = re.compile(
    rf"(?:(?P<hedge>{'|'.join(sorted(HEDGES, key=len, reverse=True))})\s+)?"
    rf"(?P<currency>\$)?(?P<number>\d[\d,]*(?:\.\d+)?|\b(?:{'|'.join(NUMBER_WORDS)})\b)"
    rf"(?:\s*(?P<scale>{'|'.join(SCALES)})\b)?"
    r"(?:\s*(?P<percent>%|percent\b|per cent\b))?"
    r"(?:\s+(?P<noun>[a-z][a-z-]+))?",
    re.IGNORECASE)
YEAR = re.compile(r"^(?:19|20)\d{2}$")
RANDOM_SEED = 13


@dataclass(frozen=True)
class Cues:
    strong: int  # figures, currency and percent signs, number words, months
    reporting: int  # reporting verbs and "according to"
    names: int  # capitalised words inside the sentence
    question: bool


def cues(text: str) -> Cues:
    words = [w.lower() for w in WORDS.findall(text)]
    lowered = text.lower()
    return Cues(
        strong=len(NUMERIC.findall(text)) + sum(w in CUE_WORDS for w in words),
        reporting=sum(w in REPORTING_WORDS for w in words) + lowered.count("according to"),
        names=len(NAME.findall(text)),
        question=text.rstrip().endswith("?"),
    )


def cue_score(found: Cues) -> float:
    return 2 * found.strong + found.reporting + 0.5 * found.names - (1 if found.question else 0)


def rule_label(found: Cues) -> SentenceLabel:
    if found.strong:
        return SentenceLabel.check_worthy_factual
    if found.question:
        return SentenceLabel.non_factual
    if found.reporting or found.names:
        return SentenceLabel.unimportant_factual
    return SentenceLabel.non_factual


def majority_label(_: str) -> SentenceLabel:
    return SentenceLabel.non_factual


def all_positive_label(_: str) -> SentenceLabel:
    return SentenceLabel.check_worthy_factual


@dataclass(frozen=True)
class ExtractedQuantity:
    char_start: int
    char_end: int
    value: float
    unit: str
    comparator: Comparator


def extract_quantities(text: str, offset: int = 0) -> list[ExtractedQuantity]:
    found = []
    for match in QUANTITY.finditer(text):
        value = _number(match.group("number"))
        if value is None or (YEAR.match(match.group("number")) and not match.group("currency")):
            continue
        if match.group("scale"):
            value *= SCALES[match.group("scale").lower()]
        hedge = (match.group("hedge") or "").lower()
        found.append(ExtractedQuantity(
            offset + match.start(), offset + match.end(), value, _unit(match),
            HEDGES.get(hedge, Comparator.eq)))
    return found


def _number(token: str) -> Optional[float]:
    if token.lower() in NUMBER_WORDS:
        return float(NUMBER_WORDS[token.lower()])
    try:
        return float(token.replace(",", ""))
    except ValueError:
        return None


def _unit(match: re.Match) -> str:
    if match.group("currency"):
        return "USD"
    if match.group("percent"):
        return "%"
    noun = (match.group("noun") or "").lower()
    singular = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    if noun in PERSON_NOUNS or singular in PERSON_NOUNS:
        return "person"
    return singular or "count"
