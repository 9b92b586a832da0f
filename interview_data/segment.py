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
from typing import Iterator

TERMINAL = re.compile(r"(?:\.\.\.|…|[.?!])[”’\"')\]]*(?=\s)")
NEXT_START = re.compile(r"\s+(?=[A-Z“\"‘'(\[0-9$€£])")
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "st", "jr", "sr",
    "vs", "etc", "e.g", "i.e", "cf", "approx", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u",
})
ABBREVIATIONS_BEFORE_NUMBER = frozenset({"no", "nos", "art", "p", "pp", "vol", "fig"})
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
    quote_depth = _quote_depths(text) if "“" in text else None
    for match in TERMINAL.finditer(text):
        end = match.end()
        if (quote_depth and quote_depth[end - 1] > 0) or not NEXT_START.match(text, end):
            continue
        if match.group().startswith(".") and _ends_with_abbreviation(text, match.start(), end):
            continue
        yield end


def _quote_depths(text: str) -> list[int]:
    """Depth of curly double quotation at each character, the closing mark included at depth 0."""
    depths, depth = [], 0
    for char in text:
        if char == "“":
            depth += 1
        elif char == "”" and depth:
            depth -= 1
        depths.append(depth)
    return depths


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
