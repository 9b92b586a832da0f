"""The annotation guidelines' mechanical rules (v2), checked on the gold annotation of every build.

- Rewrites add no names (3.1): every capitalised word of a ``claim_text`` but those opening a
  sentence occurs in the interview's source (in any case) or in its speakers' names. Names from
  outside knowledge belong in an entity's ``canonical`` only.
- Durations are times, never quantities (5.1): no quantity counts a unit of time.
- One value form for durations (5.1): ``P<n><unit>`` (or ``PT<n><unit>``) with the unit the text
  names, and a half written as ``.5``.

Independent annotation passes are kept as they were made and not held to these rules.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import AnnotationError
from ..records.annotations import ClaimEntry

CAPITALISED = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]*")
OPENING_WORD = re.compile(r"(?:^|[.!?:;]\s+)[\"“‘(]*([A-Z][\w’'-]*)")  # a capitalised word opening a sentence
WORD = re.compile(r"[\w’'-]+")
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
ALLOWED_WORDS = frozenset({"According"})  # "According to <speaker>, ...", the rewrites' opening
TIME_UNITS = {"century": "CE", "centuries": "CE", "decade": "DE", "year": "Y", "month": "M", "week": "W",
              "day": "D", "hour": "H", "minute": "M"}
# ("second" is left out: "the second largest" is no duration)
TIME_UNIT_WORD = re.compile(r"\b(centur(?:y|ies)|decades?|years?|months?|weeks?|days?|hours?|minutes?)\b", re.IGNORECASE)
DURATION_VALUE = re.compile(r"P(?:(?P<date>\d+(?:\.\d+)?|X)(?P<date_unit>Y|M|W|D|DE|CE)"
                            r"|T(?P<time>\d+(?:\.\d+)?|X)(?P<time_unit>H|M|S))")


def rule_violations(path: Path, entries: Iterable[tuple[int, ClaimEntry]], source: str,
                    names: Iterable[str]) -> list[AnnotationError]:
    """Every violation of the rules above in ``path``'s claim lines, each with its line."""
    entries = list(entries)
    known = set(WORD.findall(source.casefold())) | set(WORD.findall(" ".join(names).casefold()))
    every_rewrite = ". ".join(entry.claim_text for _, entry in entries)  # each one opens a sentence
    names_added = any(word.casefold() not in known and word not in ALLOWED_WORDS for word in _capitalised(every_rewrite))
    errors = []
    for line, entry in entries:
        errors += [AnnotationError(message, path=path, line=line, fix=fix)
                   for message, fix in _claim_violations(entry, known, names_added)]
    return errors


def _claim_violations(entry: ClaimEntry, known: set[str], names_added: bool) -> Iterator[tuple[str, str]]:
    added = sorted({word for word in _capitalised(entry.claim_text)
                    if word.casefold() not in known and word not in ALLOWED_WORDS}) if names_added else []
    if added:
        yield (f"claim_text names {', '.join(added)}, which neither the interview nor its speakers' names contain",
               "write names as the text gives them (guidelines 3.1); outside names go in an entity's canonical")
    for quantity in entry.quantities:
        if quantity.unit.lower() in TIME_UNITS or TIME_UNIT_WORD.search(quantity.text):
            yield (f"quantity {quantity.text!r} counts time",
                   "annotate a duration as a time of type duration only, not as a quantity (guidelines 5.1)")
    for time in entry.times:
        if time.type.value == "duration":
            problem = _duration_problem(time.text, time.value)
            if problem:
                yield problem, "write durations as P<n><unit> with the unit the text names (guidelines 5.1)"


def _capitalised(text: str) -> set[str]:
    """Capitalised words of ``text`` but those opening a sentence (each counted once per
    opening), possessive endings left out."""
    words = Counter(CAPITALISED.findall(text))
    words.subtract(OPENING_WORD.findall(text))
    return {POSSESSIVE.sub("", word) for word, count in words.items() if count > 0}


def _duration_problem(text: str, value: str) -> str | None:
    match = DURATION_VALUE.fullmatch(value)
    if match is None:
        return f"duration {text!r} has the value {value!r}, not of the form P<n><unit>"
    amount = match.group("date") or match.group("time")
    unit = match.group("date_unit") or match.group("time_unit")
    words = [w.lower().rstrip("s") if not w.lower().startswith("centur") else "century"
             for w in TIME_UNIT_WORD.findall(text)]
    expected = {TIME_UNITS[w] for w in words if w in TIME_UNITS}
    if len(expected) == 1 and unit not in expected:
        return f"duration {text!r} has the value {value!r}, in another unit than the text names"
    if "and a half" in text.lower() and not amount.endswith(".5"):
        return f"duration {text!r} has the value {value!r}; a half is written .5 in the unit the text names"
    return None
