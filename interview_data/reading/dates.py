"""Dates as publishers print them at the start of a line: "24 September 2021, 12:10", "June 27, 2019"."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Optional

MONTH = r"[A-Z][a-z]{2,8}\.?"
DATE_SHAPES = [  # (regex at the start of a line, strptime formats tried in turn)
    (rf"{MONTH} \d{{1,2}}, \d{{4}}", ["%B %d, %Y", "%b %d, %Y", "%b. %d, %Y"]),
    (rf"\d{{1,2}} {MONTH},? \d{{4}}", ["%d %B %Y", "%d %b %Y", "%d %B, %Y", "%d %b. %Y"]),
    (r"\d{4}-\d{2}-\d{2}", ["%Y-%m-%d"]),
    (r"\d{1,2}\.\d{1,2}\.\d{4}", ["%d.%m.%Y"]),
    (r"\d{1,2}/\d{1,2}/\d{4}", ["%d/%m/%Y"]),
]
TIME_AFTER_DATE = re.compile(r"(?:T|,?[ \t\u00a0]+(?:[-–—|][ \t\u00a0]+)?)(?P<time>\d{1,2}:\d{2})(?!\d)")
DATE_LINE_REST = re.compile(r"(?:$|[\s,;:|–—-]|T\d)")  # what may follow a date: its end, a space or punctuation
MAX_DATE_LINE = 120


def date_at_line_start(line: str) -> Optional[tuple[datetime, bool]]:
    """(date, whether a time was given) for a line opening with a date, optionally a time, then place text."""
    line = line.strip()
    if len(line) > MAX_DATE_LINE:
        return None
    for shape, formats in DATE_SHAPES:
        match = re.match(shape, line)
        if not match or not DATE_LINE_REST.match(line, match.end()):
            continue
        day = _parse_date(match.group(0), formats)
        if day is None:
            continue
        time = TIME_AFTER_DATE.match(line, match.end())
        if time:
            hour, minute = map(int, time.group("time").split(":"))
            if hour < 24 and minute < 60:
                return day.replace(hour=hour, minute=minute), True
        return day, False
    return None


def _parse_date(text: str, formats: list[str]) -> Optional[datetime]:
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def has_date(paragraph: str) -> bool:
    """Whether a line of a date-line paragraph holds a date ("Moscow, June 27, 2019" too)."""
    for line in paragraph.splitlines():
        line = line.strip()
        if len(line) <= MAX_DATE_LINE and any(
                date_at_line_start(line[word.start():]) for word in re.finditer(r"\b\w", line)):
            return True
    return False
