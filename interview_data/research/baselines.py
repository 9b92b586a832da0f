"""Baselines for check-worthiness and quantity extraction: trivial ones and a rule-based detector.

BASELINES lists the built-in check-worthiness baselines, each one function
from sentences to labels and (where it ranks) scores: the card's table
(``evaluate``) and ``interview-data baseline NAME`` both call it.

The detector never sees the gold: it scores a sentence from surface cues
(numbers, money, percentages, dates and years, reporting verbs, capitalised
names) and extracts quantities with a hedge word, a number and a unit.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Callable, NamedTuple, Optional, Sequence

from ..records.models import Comparator, Sentence, SentenceLabel

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
# A figure (digits with separators) or a currency or percent sign; the leading character class lets
# the regular-expression engine skip ahead to candidates.
NUMERIC = re.compile(r"[\d$€%](?:(?<=\d)\d*(?:[.,]\d+)*)?")
# A capitalised word inside a sentence (after a lower-case letter or a comma, and a space): one match
# per word, starting at the space, which lets the engine skip ahead.
NAME = re.compile(r" (?<=[a-z,;] )[A-Z](?=[a-z])")
HEDGES = {
    "about": Comparator.approx, "around": Comparator.approx, "approximately": Comparator.approx,
    "nearly": Comparator.approx, "almost": Comparator.approx, "some": Comparator.approx,
    "more than": Comparator.gt, "over": Comparator.gt, "at least": Comparator.gte,
    "less than": Comparator.lt, "fewer than": Comparator.lt, "under": Comparator.lt,
    "up to": Comparator.lte, "at most": Comparator.lte,
}
PERSON_NOUNS = {"people", "person", "soldier", "deserter", "civilian", "serviceman", "servicemen",
                "citizen", "refugee", "martyr", "casualtie", "victim", "resident", "child", "children"}
# The lookahead lets the engine reject, with one character test, the positions where neither a hedge,
# a currency sign, a digit nor a number word can start (about half the time of matching was spent there).
MATCH_START = "".join(sorted({w[0] for w in [*HEDGES, *NUMBER_WORDS]}))
QUANTITY = re.compile(
    rf"(?=[{MATCH_START}$\d])"
    rf"(?:(?P<hedge>{'|'.join(sorted(HEDGES, key=len, reverse=True))})\s+)?"
    rf"(?P<currency>\$)?(?P<number>\d[\d,]*(?:\.\d+)?|\b(?:{'|'.join(NUMBER_WORDS)})\b)"
    rf"(?:\s*(?P<scale>{'|'.join(SCALES)})\b)?"
    r"(?:\s*(?P<percent>%|percent\b|per cent\b))?"
    r"(?:\s+(?P<noun>[a-z][a-z-]+))?",
    re.IGNORECASE)
YEAR = re.compile(r"^(?:19|20)\d{2}$")
RANDOM_SEED = 13


class Cues(NamedTuple):
    strong: int  # figures, currency and percent signs, number words, months
    reporting: int  # reporting verbs and "according to"
    names: int  # capitalised words inside the sentence
    question: bool


SCAN_JOINER = "\x1e"  # joins texts scanned together; no cue matches across it
SCAN_JOINER_BYTE = SCAN_JOINER.encode()
LETTERS_ONLY = bytes(c if 97 <= c <= 122 or c == ord(SCAN_JOINER) else 32 for c in range(256))  # others -> space
REPORTING_BYTES = {w.encode() for w in REPORTING_WORDS}
KEPT_TOKENS = {w.encode() for w in CUE_WORDS} | REPORTING_BYTES | {SCAN_JOINER_BYTE}


def cues(text: str) -> Cues:
    return cues_of([text])[0]


def cues_of(texts: list[str]) -> list[Cues]:
    """The cues of each text; the texts are scanned together, one pass per kind of cue."""
    if any(SCAN_JOINER in text for text in texts):
        return [_cues_with_joiner(text) if SCAN_JOINER in text else cues_of([text])[0] for text in texts]
    joined = SCAN_JOINER.join(texts)
    starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
    lowered = joined.encode("utf-8").lower()  # bytes.lower() changes ASCII letters only
    strong, reporting = _word_counts(lowered, len(texts))
    figures, names = _per_text(NUMERIC.finditer(joined), starts), _per_text(NAME.finditer(joined), starts)
    return [Cues(strong=strong[i] + figures[i], reporting=reporting[i] + part.count(b"according to"),
                 names=names[i], question=text.rstrip().endswith("?"))
            for i, (text, part) in enumerate(zip(texts, lowered.split(SCAN_JOINER_BYTE)))]


def _word_counts(lowered: bytes, n_texts: int) -> tuple[list[int], list[int]]:
    """Cue words and reporting words per text, from the runs of ASCII letters (the words of [A-Za-z]+)."""
    strong, reporting, index = [0] * n_texts, [0] * n_texts, 0
    tokens = lowered.replace(SCAN_JOINER_BYTE, b" " + SCAN_JOINER_BYTE + b" ").translate(LETTERS_ONLY).split()
    for token in filter(KEPT_TOKENS.__contains__, tokens):  # the filter runs in C over every word
        if token == SCAN_JOINER_BYTE:
            index += 1
        elif token in REPORTING_BYTES:
            reporting[index] += 1
        else:
            strong[index] += 1
    return strong, reporting


def _per_text(matches, starts: list[int]) -> list[int]:
    counts = [0] * len(starts)
    for match in matches:
        counts[bisect_right(starts, match.start()) - 1] += 1
    return counts


def _cues_with_joiner(text: str) -> Cues:
    """A text holding the separator character itself: no cue spans it, so its pieces' cues add up."""
    pieces = cues_of(text.split(SCAN_JOINER))
    return Cues(strong=sum(p.strong for p in pieces), reporting=sum(p.reporting for p in pieces),
                names=sum(p.names for p in pieces), question=text.rstrip().endswith("?"))


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


# --- the built-in baselines, one function each ---------------------------------------------------

class Predictions(NamedTuple):
    """A baseline's label for each sentence, and its score (higher: more check-worthy), or None for a
    baseline that does not rank."""

    labels: list[SentenceLabel]
    scores: Optional[list[float]]


def predict_majority(sentences: Sequence[Sentence]) -> Predictions:
    """Every sentence non_factual, the majority class of the gold; no ranking."""
    return Predictions([majority_label(s.text) for s in sentences], None)


def predict_all_check_worthy(sentences: Sequence[Sentence]) -> Predictions:
    """Every sentence check_worthy_factual; no ranking."""
    return Predictions([all_positive_label(s.text) for s in sentences], None)


def predict_random(sentences: Sequence[Sentence]) -> Predictions:
    """A label and a score drawn, for each sentence on its own, from the SHA-256 of
    ``"<RANDOM_SEED>:<sentence_id>"``: the first 8 bytes (big-endian) modulo 3 pick the class (in
    the order of SentenceLabel), the next 8 divided by 2**64 give the score. A sentence's prediction
    depends on nothing else, so it is the same in every split and every subset."""
    classes, labels, scores = list(SentenceLabel), [], []
    for sentence in sentences:
        digest = hashlib.sha256(f"{RANDOM_SEED}:{sentence.sentence_id}".encode("utf-8")).digest()
        labels.append(classes[int.from_bytes(digest[:8], "big") % len(classes)])
        scores.append(int.from_bytes(digest[8:16], "big") / 2 ** 64)
    return Predictions(labels, scores)


def predict_cues(sentences: Sequence[Sentence]) -> Predictions:
    """The rule-based detector: a label from the surface cues (``rule_label``), ranked by ``cue_score``."""
    found = cues_of([s.text for s in sentences])
    return Predictions([rule_label(f) for f in found], [cue_score(f) for f in found])


class Baseline(NamedTuple):
    slug: str  # its name on the command line (``interview-data baseline SLUG``)
    name: str  # its name in the card's table
    predict: Callable[[Sequence[Sentence]], Predictions]


BASELINES = {baseline.slug: baseline for baseline in [
    Baseline("majority", "majority (non_factual)", predict_majority),
    Baseline("all-check-worthy", "all check-worthy", predict_all_check_worthy),
    Baseline("random", f"random (seed {RANDOM_SEED})", predict_random),
    Baseline("cues", "rule-based cues", predict_cues),
]}


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
