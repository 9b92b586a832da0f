"""The regular expressions users write in interview.yaml, compiled with RE2.

Python's ``re`` backtracks: ``^(a+)+$`` over forty a's and a "b" runs for
hours. RE2 matches in time linear in the text, so a layout pattern cannot
stall a build. The price is RE2's syntax: no backreferences (``\\1``) and
no lookaround (``(?=``, ``(?!``, ``(?<=``, ``(?<!``); ``\\w``, ``\\d``, ``\\s``
and ``\\b`` match ASCII only (``\\pL``, ``\\p{Zs}`` reach other scripts).
Every ``re.escape`` output is valid RE2, so patterns drafted by
``interview-data init`` are accepted. RE2's time also grows with the size of
the compiled program, so that size is limited too (MAX_PROGRAM_SIZE).

Measured on the seed (Python 3.11, google-re2 1.1.20251105, the development container):
compiling ``^(gallery-photo)+$`` takes about 24 µs with ``re`` (cache purged)
and 5 µs with RE2; searching it in all 72 of the seed's paragraphs takes
about 9 µs with ``re`` and 155 µs with RE2 (each str crosses to UTF-8), a
cost that does not show in a build. ``^(a+)+$`` over 30 a's and a "b" takes
40 s with ``re`` (doubling with each further "a") and 3 µs with RE2.
"""

from __future__ import annotations

import re2

MAX_PATTERN_CHARS = 10_000
MAX_PROGRAM_SIZE = 5_000  # RE2 instructions; the seed's pattern has 20, a 5,000-character literal about 5,000
# RE2's time is linear in the text but grows with the program: searching a 1 MB paragraph
# takes about 0.15 s at 5,000 instructions ("[a-z]{1000}" five times), about 65 s at 50,000.

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print its own parse errors on stderr; ours name the file and line


# Patterns see a paragraph with these as plain spaces, as labels ignore the kind of whitespace: a pattern
# typed with spaces matches kremlin.ru's no-break spaces. The paragraph itself is never changed.
PLAIN_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\t": " "})


def search_paragraph(regex, paragraph: str) -> bool:
    """Whether a compiled user pattern matches anywhere in the paragraph, its spaces made plain."""
    return regex.search(paragraph.translate(PLAIN_SPACES)) is not None


class PatternError(ValueError):
    """A pattern RE2 cannot compile, or one too large; the message says why."""


def compile_user_pattern(pattern: str):
    """``pattern`` compiled with RE2 (``search`` has the meaning of ``re``'s), or PatternError."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternError(f"longer than {MAX_PATTERN_CHARS:,} characters")
    try:
        compiled = re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        raise PatternError(reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)) from None
    except UnicodeEncodeError:  # a lone surrogate, which no UTF-8 text can hold
        raise PatternError("holds a character that is not valid Unicode text") from None
    if compiled.programsize > MAX_PROGRAM_SIZE:
        raise PatternError(f"compiles to {compiled.programsize:,} RE2 instructions, more than the limit of "
                           f"{MAX_PROGRAM_SIZE:,} (large {{n}} repeats cost the most)")
    return compiled
