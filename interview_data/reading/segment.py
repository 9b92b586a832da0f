"""Sentence segmentation: a focused rule set, chosen over pysbd and syntok.

``tests/benchmarks/segmentation.py`` measures the three against hand-checked
sentences of three publishers (kremlin.ru, whitehouse.gov, PM Transcripts)
and of the seed; the table and the boundary conventions are in README.md.

Rules, for English interview prose (each is linear in the text):
- a boundary follows ``.``, ``?``, ``!``, ``…`` or ``...`` (plus closing quotes
  or brackets) when whitespace and then the start of a sentence come next: a
  capital of any script (``str.isupper``/``istitle``: ``Ömer``, ``Çelik``),
  a digit, an opening quote or bracket, a bullet; an ellipsis glued between
  two words is one before a capital too (``I’m not….I’m simply saying``);
- never after a title or a known abbreviation (``Mr.``, ``Dr.``, ``i.e.``),
  nor after ``No.``/``Art.``/``Sept.`` before a number;
- after an initialism (``U.S.``, ``D.C.``, ``a.m.``), a single initial or
  ``Inc.``/``Jr.``-style abbreviations, only when the next word is a
  capitalised function word (``The``, ``We``, ``It``, ``And``,
  ``Shouldn’t`` ...) or an opening quote or bracket: ``the U.S. Congress`` is
  one sentence, ``the U.S. The rest`` two, ``U. S. A. recently`` one;
- never inside a quotation that closes within the paragraph (at most
  MAX_QUOTATION characters on): ``He asked: “Do you?” I said: “Yes. We
  will.”`` gives two sentences, each carrying its whole quotation. Whether a
  mark opens or closes is read from its neighbours, not its glyph, so
  reversed marks (``”Russia is supplying arms.“``) pair up; a mark that
  never closes protects nothing, so it cannot swallow the rest;
- dashes (``-``, ``–``, ``—``), colons and semicolons never end a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterator

TERMINAL = re.compile(r"(?:\.\.\.|…|[.?!])[”“’\"'»)\]]*(?=\s)"  # punctuation before white space
                      r"|(?<=\w)(?:…|\.\.)[.…]*(?=[^\W\d_])")  # an ellipsis between two words: "not….I’m"
SPACE = re.compile(r"\s*")
WORD = re.compile(r"[^\W\d_]{1,12}")
WORD_SEPARATOR = re.compile(r"[\s(“”„«\"']")
INITIALISM = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")  # U.S, a.m, D.C, or one letter
QUOTE_MARK = re.compile("[“”„«»\"]")
OPENING = frozenset("“”„«\"‘'([$€£•")  # a sentence may start with these (” too: reversed marks)
OPENS_AFTER = frozenset("([{—–-/:")  # a quotation mark after these (or a space) opens
CLOSES_BEFORE = frozenset(".,;:!?…)]}—–-’'")  # a quotation mark before these (or a space) closes
MAX_QUOTATION = 1000  # characters: the corpus's longest closed quotation is about 700
ABBREVIATION_REACH = 8  # characters looked back from a dot: more than the longest abbreviation

NEVER_FINAL = frozenset({  # titles and abbreviations that do not end a sentence
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "adm", "maj", "gov", "sen",
    "rep", "rev", "hon", "st", "vs", "e.g", "i.e", "cf", "approx",
})
BEFORE_NUMBER = frozenset({  # abbreviations that do not end a sentence when a number follows
    "no", "nos", "art", "p", "pp", "vol", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
})
MAY_END = frozenset({"inc", "ltd", "co", "corp", "jr", "sr"})  # treated as initialisms are
SENTENCE_OPENERS = frozenset("""
    a all also an and any are as at because before both but by can could did do does during each
    even every for from had has have he her here his how i if in is it its just let many most my
    no not now of on once only or our perhaps please she should since so some still than thank that
    the their then there these they this those though to today under unless was we well were what
    when where whether which while who why will with would yes yet you your
    aren couldn didn doesn don hadn hasn haven isn shouldn wasn weren won wouldn
""".split())


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
    quotations = _quotations(text) if QUOTE_MARK.search(text) else []
    opens = [opening for opening, _ in quotations]
    for match in TERMINAL.finditer(text):
        end = match.end()
        if quotations and _inside(quotations, opens, end - 1):
            continue
        next_start = SPACE.match(text, end).end()
        if not _starts_sentence(text, next_start):
            continue
        mark = match.group()
        if mark[0] == "." and not mark.startswith("...") and _ends_with_abbreviation(text, match.start(), next_start):
            continue
        yield end, next_start


def _starts_sentence(text: str, index: int) -> bool:
    first = text[index:index + 1]
    return bool(first) and (first.isupper() or first.istitle() or first.isdigit() or first in OPENING)


def _quotations(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) of each double quotation closed within MAX_QUOTATION characters.

    A mark with a space (or an opening bracket, a dash, a colon) before it and none after opens;
    one with a space or punctuation after it and none before closes; otherwise its glyph decides
    (a straight mark closes when a quotation is open). An opening mark met while one is open
    replaces it: the earlier one never closed, so it protects nothing.
    """
    spans: list[tuple[int, int]] = []
    opened = None
    for match in QUOTE_MARK.finditer(text):
        index = match.start()
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        opens = not after.isspace() and (before.isspace() or before in OPENS_AFTER)
        closes = not before.isspace() and (after.isspace() or after in CLOSES_BEFORE)
        if opens == closes:
            opens = match.group() in "“„«" or (match.group() == '"' and opened is None)
        if opens:
            opened = index
        elif opened is not None:
            if index - opened <= MAX_QUOTATION:
                spans.append((opened, index))
            opened = None
    return spans


def _inside(quotations: list[tuple[int, int]], opens: list[int], index: int) -> bool:
    """Whether ``index`` lies strictly between a quotation's opening and closing marks."""
    last = bisect_right(opens, index) - 1
    return last >= 0 and quotations[last][0] < index < quotations[last][1]


def _ends_with_abbreviation(text: str, dot: int, next_start: int) -> bool:
    window = text[max(0, dot - ABBREVIATION_REACH):dot]
    original = WORD_SEPARATOR.split(window)[-1]  # the word the dot ends
    if len(original) == len(window) and dot > ABBREVIATION_REACH:
        return False  # longer than any abbreviation
    word = original.lower()
    if word in NEVER_FINAL:
        return True
    if word in BEFORE_NUMBER:
        return text[next_start:next_start + 1].isdigit()
    if word in MAY_END or (INITIALISM.fullmatch(original) and (len(original) > 1 or original.isupper())):
        if word == "i":
            return False
        following = WORD.match(text, next_start)
        if following is None:
            return text[next_start].isdigit()
        if len(following.group()) == 1 and text[following.end():following.end() + 1] == ".":
            return True  # another initial: "U. S. A."
        return following.group().lower() not in SENTENCE_OPENERS
    return False
