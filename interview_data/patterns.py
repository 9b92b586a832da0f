"""The regular expressions users write in interview.yaml, compiled with RE2.

Python's ``re`` backtracks: ``^(a+)+$`` over forty a's and a "b" runs for
hours. RE2 matches in time linear in the text, so a layout pattern cannot
stall a build. The price is RE2's syntax: no backreferences (``\\1``) and
no lookaround (``(?=``, ``(?!``, ``(?<=``, ``(?<!``); ``\\w``, ``\\d``, ``\\s``
and ``\\b`` match ASCII only (``\\pL``, ``\\p{Zs}`` reach other scripts).
Every ``re.escape`` output is valid RE2, so patterns drafted by
``interview-data init`` are accepted.

Measured on the seed (Python 3.11, google-re2 1.1.20251105, one laptop core):
compiling ``^(gallery-photo)+$`` takes about 24 µs with ``re`` (cache purged)
and 5 µs with RE2; searching it in all 72 of the seed's paragraphs takes
about 9 µs with ``re`` and 155 µs with RE2 (each str crosses to UTF-8), a
cost that does not show in a build. ``^(a+)+$`` over 30 a's and a "b" takes
40 s with ``re`` (doubling with each further "a") and 3 µs with RE2.
"""

from __future__ import annotations

import re2

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print its own parse errors on stderr; ours name the file and line


class PatternError(ValueError):
    """A pattern RE2 cannot compile; the message says why."""


def compile_user_pattern(pattern: str):
    """``pattern`` compiled with RE2 (``search`` has the meaning of ``re``'s), or PatternError."""
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise PatternError(reason) from None
