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
OPEN_QUOTES = "“‘"
CLOSE_QUOTES = "”’"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Half-open (start, end) spans of the sentences of ``text``, whitespace excluded."""
    spans = []
    start = _skip_space(text, 0)
    for boundary in _boundaries(text):
        spans.append((start, boundary))
        start = _skip_space(text, boundary)
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


def _boundaries(text: str) -> Iterator[int]:
    quotes = _quote_depths(text) if "“" in text else None
    for match in TERMINAL.finditer(text):
        end = match.end()
        if (quotes and _depth_after(quotes, end - 1) > 0) or not NEXT_START.match(text, end):
            continue
        if match.group().startswith(".") and _ends_with_abbreviation(text, match.start(), end):
            continue
        yield end


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


def _ends_with_abbreviation(text: str, dot: int, end: int) -> bool:
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(“\"'":
        word_start -= 1
    word = text[word_start:dot].lower()
    if word in ABBREVIATIONS and word not in {"etc", "u.s", "u.k", "u.n", "e.u"}:
        return True
    following = text[_skip_space(text, end):_skip_space(text, end) + 1]
    if word in ABBREVIATIONS_BEFORE_NUMBER:
        return following.isdigit()
    if word in {"u.s", "u.k", "u.n", "e.u"}:
        return following.isupper()
    return len(word) == 1 and word.isalpha() and word != "i" and text[word_start].isupper()


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index
