"""Sentence segmentation: a focused rule set, chosen over pysbd and syntok.

``scripts/compare_segmenters.py`` measures the three on the seed transcript
(boundary errors against a hand-checked reference, and speed); the figures
are in README.md. In short: the libraries split inside quoted speech and
after ``No.``/``U.S.``, the rules do not, and the rules are faster.

Rules, for English interview prose:
- a boundary follows ``.``, ``?``, ``!`` or ``...`` (plus closing quotes or
  brackets) when whitespace and then an upper-case letter, digit or opening
  quote come next;
- never after a known abbreviation (``Mr.``, ``i.e.``, ``No.`` before a digit,
  ``U.S.`` before a capitalised word) or a single initial;
- never inside a quotation: ``He asked: “Do you?” I said: “Yes. We will.”``
  gives two sentences, each carrying its whole quotation;
- dashes (``-``, ``–``, ``—``) never end a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterator

TERMINAL = re.compile(r"(?:\.\.\.|…|[.?!])[”’\"')\]]*(?=\s)")
NEXT_START = re.compile(r"\s+(?=[A-Z“\"‘'(\[0-9$€£])")
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "st", "jr", "sr",
    "vs", "etc", "e.g", "i.e", "cf", "approx", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u",
})
ABBREVIATIONS_BEFORE_NUMBER = frozenset({"no", "nos", "art", "p", "pp", "vol", "fig"})
QUOTE_MARK = re.compile("[“”]")
SPACE = re.compile(r"\s*")
WORD_SEPARATOR = re.compile(r"[\s(“\"']")
ABBREVIATION_REACH = 8  # characters looked back from a dot: more than the longest abbreviation


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Half-open (start, end) spans of the sentences of ``text``, whitespace excluded."""
    spans = []
    start = SPACE.match(text).end()
    for boundary, next_start in _boundaries(text):
        spans.append((start, boundary))
        start = next_start
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


def _boundaries(text: str) -> Iterator[tuple[int, int]]:
    """(end of a sentence, start of the next) at each boundary."""
    quotes = _quote_depths(text) if "“" in text else None
    for match in TERMINAL.finditer(text):
        end = match.end()
        if quotes and _depth_after(quotes, end - 1) > 0:
            continue
        following = NEXT_START.match(text, end)
        if not following:
            continue
        if match.group().startswith(".") and _ends_with_abbreviation(text, match.start(), following.end()):
            continue
        yield end, following.end()


def _quote_depths(text: str) -> tuple[list[int], list[int]]:
    """Where the curly double quotation marks are, and the depth of quotation just after each
    (a closing mark with nothing open is ignored)."""
    positions, depths, depth = [], [], 0
    for match in QUOTE_MARK.finditer(text):
        if match.group() == "“":
            depth += 1
        elif depth:
            depth -= 1
        positions.append(match.start())
        depths.append(depth)
    return positions, depths


def _depth_after(quotes: tuple[list[int], list[int]], index: int) -> int:
    """Depth of quotation at character ``index``, its own mark included (a closing mark is at depth 0)."""
    positions, depths = quotes
    last = bisect_right(positions, index) - 1
    return depths[last] if last >= 0 else 0


def _ends_with_abbreviation(text: str, dot: int, next_start: int) -> bool:
    window = text[max(0, dot - ABBREVIATION_REACH):dot]
    original = WORD_SEPARATOR.split(window)[-1]  # the word the dot ends
    if len(original) == len(window) and dot > ABBREVIATION_REACH:
        return False  # longer than any abbreviation
    word = original.lower()
    if word in ABBREVIATIONS and word not in {"etc", "u.s", "u.k", "u.n", "e.u"}:
        return True
    following = text[next_start:next_start + 1]
    if word in ABBREVIATIONS_BEFORE_NUMBER:
        return following.isdigit()
    if word in {"u.s", "u.k", "u.n", "e.u"}:
        return following.isupper()
    return len(word) == 1 and word.isalpha() and word != "i" and original.isupper()
