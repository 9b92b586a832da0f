"""Draft interview.yaml for a new transcript: detect the layout, date line and speaker labels.

Facts only a person can supply (publisher, URL, UTC offset, names, roles,
licence) are written as ``<FILL IN: ...>`` placeholders; ``build`` refuses
them and names each one with its line.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, Optional

import yaml

from ..errors import InterviewDataError
from .._project import ANNOTATIONS_LICENSE, CODE_LICENSE
from .metadata import ID_PATTERN, FILL_IN_MARK
from .dates import date_at_line_start
from .layout import DASH_MARKER, SourceParagraph, label_opening, split_paragraphs
from .source import read_source

FRONT_MATTER_SEARCH = 12
INTERVIEWER_LABELS = {"q", "question", "interviewer", "host", "moderator"}
UNDECOMPOSED_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "þ": "th",
                                      "œ": "oe", "ð": "d", "ı": "i"})
NAVIGATION_WORDS = frozenset("home menu search news login log in sign subscribe contact about skip to content "
                             "main navigation share print back top english русский events".split())
URL = re.compile(r"https?://|www\.|\.(?:com|org|net|ru|gov)\b", re.IGNORECASE)
MENU_SEPARATORS = re.compile(r"[|•·›»>/]")
MIN_TITLE_WORDS = 4


class FoundDate(NamedTuple):
    index: int
    when: datetime
    has_time: bool


def fill_in(what: str) -> str:
    return f"{FILL_IN_MARK} {what}>"


def ascii_fold(text: str) -> str:
    """'Jörg Schönenborn' -> 'jorg schonenborn': decomposed, combining marks dropped, ß/æ/ø/ł/đ/þ mapped."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(UNDECOMPOSED_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str, words: int = 5) -> str:
    tokens = re.findall(r"[a-z0-9]+", ascii_fold(text))
    return "-".join(tokens[:words]) or "interview"


def find_date(blocks: list[SourceParagraph]) -> Optional[FoundDate]:
    """The first of the opening paragraphs with a line that starts with a date."""
    for index, block in enumerate(blocks[:FRONT_MATTER_SEARCH]):
        for line in block.text.splitlines():
            found = date_at_line_start(line)
            if found:
                return FoundDate(index, *found)
    return None


def published_at_value(date: Optional[FoundDate]) -> str:
    """The date alone when the date line gives no time; with a time, a placeholder for the UTC offset."""
    if date is None:
        return fill_in("ISO 8601 date (2021-09-24) or date-time with UTC offset; no date line found")
    if not date.has_time:
        return f"{date.when:%Y-%m-%d}"
    return fill_in(f"{date.when:%Y-%m-%dT%H:%M}:00 plus the publisher's UTC offset, e.g. +04:00 "
                   f"(or the date alone, {date.when:%Y-%m-%d})")


def looks_like_navigation(text: str) -> bool:
    """Site furniture: a URL, menu words only, or an all-caps line of menu items."""
    words = re.findall(r"\w+", text.casefold())
    if URL.search(text) or (words and all(word in NAVIGATION_WORDS for word in words)):
        return True
    return text.isupper() and bool(MENU_SEPARATORS.search(text) or re.search(r"\S(?:\t| {2,})\S", text))


def title_index(blocks: list[SourceParagraph], before: int, date_index: Optional[int]) -> int:
    """The first paragraph of MIN_TITLE_WORDS+ words that is not navigation nor the date line, before
    `before`; else the first paragraph that is not the date line."""
    others = [i for i in range(len(blocks)) if i != date_index]
    for index in others:
        text = blocks[index].text
        if index < before and len(text.split()) >= MIN_TITLE_WORDS and not looks_like_navigation(text):
            return index
    return others[0] if others else 0


def count_placeholders(yaml_text: str) -> int:
    """Values still `<FILL IN: ...>`, counted as `build` reports them: one per scalar value."""
    return _count_marked(yaml.safe_load(yaml_text))


def _count_marked(node: Any) -> int:
    if isinstance(node, dict):
        return sum(_count_marked(value) for value in node.values())
    if isinstance(node, list):
        return sum(_count_marked(item) for item in node)
    return int(node is not None and FILL_IN_MARK in str(node))


def paragraph_mode(text: str) -> str:
    lines = text.splitlines()
    adjacent = sum(1 for a, b in zip(lines, lines[1:]) if a.strip() and b.strip())
    has_blank = any(not line.strip() for line in lines)
    return "blank_line" if has_blank and adjacent > 0.3 * max(1, sum(1 for l in lines if l.strip())) else "line"


def opening_label(block: SourceParagraph) -> Optional[str]:
    """The label a paragraph opens with, as the parser sees it, with whitespace runs made plain spaces."""
    label = label_opening(block.text)
    return " ".join(label.split()) if label else None


def detect_labels(blocks: list[SourceParagraph]) -> Counter:
    """Paragraph-opening labels the parser would see, from the first surely-a-speaker label on
    (one that recurs, names an interviewer or is upper case); one-off labels before it
    ("Panel: the budget debate") are front matter."""
    labels = [opening_label(block) for block in blocks]
    found = Counter(label for label in labels if label)
    sure = {label for group in group_aliases(list(found)) if _surely_speakers(group, found) for label in group}
    first = next((i for i, label in enumerate(labels) if label in sure), 0)
    return Counter(label for label in labels[first:] if label)


def _surely_speakers(group: list[str], found: Counter) -> bool:
    shouted = any(label.isupper() and len(label) > 2 for label in group)
    return sum(found[label] for label in group) >= 2 or _asks(group) or shouted


def _asks(group: list[str]) -> bool:
    return any(label.casefold() in INTERVIEWER_LABELS for label in group)


def group_aliases(labels: list[str]) -> list[list[str]]:
    """Labels naming one person: 'Jane Doe' and 'Doe', 'ANNA LEE' and 'Anna Lee', 'Q' and 'Question'."""
    groups: list[list[str]] = []
    for label in sorted(labels, key=len, reverse=True):
        folded = label.casefold()
        home = next((g for g in groups if (_asks(g) and _asks([label])) or any(
            folded == m.casefold() or m.casefold().split()[-1] == folded for m in g)), None)
        (home.append(label) if home else groups.append([label]))
    return groups


def draft(text: str, interview_id: Optional[str] = None) -> tuple[str, str]:
    """(interview_id, interview.yaml text) for a transcript; the id defaults to date + title slug."""
    mode = paragraph_mode(text)
    blocks = list(split_paragraphs(text, mode))
    labels = detect_labels(blocks)
    dash_count = sum(1 for b in blocks if DASH_MARKER.match(b.text))
    style = "label" if sum(labels.values()) > dash_count else "dash"
    start, first_marked = _transcript_start(blocks, style, labels)
    date = find_date(blocks[:start or FRONT_MATTER_SEARCH])  # the date line is front matter
    date_index = date.index if date else None
    title_at = title_index(blocks, date_index or start, date_index)
    title = blocks[title_at].text if blocks else ""
    interview_id = interview_id or (f"{date.when:%Y-%m-%d}-{slugify(title)}" if date else fill_in("YYYY-MM-DD-slug"))
    meta = {
        "interview_id": interview_id,
        "title": title,
        "published_at": published_at_value(date),
        **({"date_line": blocks[date_index].text} if date_index is not None else {}),
        "publisher": fill_in("who published this text"),
        "source_url": fill_in("https://... address of the page"),
        "language": "en",
        "license": {"source_text": fill_in("reuse terms of the source, or 'not stated by the publisher'"),
                    "source_text_id": fill_in("SPDX id of that licence (CC-BY-4.0), public-domain-us, or null "
                                              "when the publisher states none"),
                    "annotations": ANNOTATIONS_LICENSE, "code": CODE_LICENSE},
        "speakers": _speakers(style, labels),
        "layout": _layout(blocks, mode, style, start, first_marked, date_index, title_at),
    }
    header = ("# Drafted by `interview-data init`. Replace every <FILL IN: ...> and check the\n"
              "# detected layout and speakers; `interview-data build` names what is still missing.\n")
    return interview_id, header + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)


def _transcript_start(blocks: list[SourceParagraph], style: str, labels: Counter) -> tuple[int, bool]:
    def marked(block: SourceParagraph) -> bool:
        if style == "dash":
            return bool(DASH_MARKER.match(block.text))
        return opening_label(block) in labels

    first = next((i for i, b in enumerate(blocks) if marked(b)), 0)
    if style == "dash" and first > 0 and blocks[first - 1].text.rstrip().endswith("?"):
        return first - 1, False
    return first, True


def _speakers(style: str, labels: Counter) -> list[dict]:
    if style == "dash":
        return [{"speaker_id": fill_in("person-slug of the interviewer"), "name": fill_in("name"),
                 "role": "interviewer", "description": fill_in("as stated in the interview")},
                {"speaker_id": fill_in("person-slug of the interviewee"), "name": fill_in("name"),
                 "role": "interviewee", "description": fill_in("as stated in the interview")}]
    speakers = []
    for group in group_aliases(list(labels)):
        asks = _asks(group)
        speakers.append({"speaker_id": slugify(group[0]) if not asks else fill_in("person-slug"),
                         "name": _display_name(group[0]) if not asks else fill_in("name"),
                         "role": "interviewer" if asks else fill_in("interviewer, interviewee or other"),
                         "description": fill_in("as stated in the interview"), "labels": sorted(group)})
    return speakers


def _display_name(label: str) -> str:
    return label.title() if label.isupper() else label


def _layout(blocks, mode, style, start, first_marked, date_index, title_at) -> dict:
    kinds = []
    for index, block in enumerate(blocks[:start]):
        if index < title_at:
            kinds.append("furniture")
        elif index == title_at:
            kinds.append("title")
        elif index == date_index:
            kinds.append("date_line")
        elif block.text == blocks[title_at].text:
            kinds.append("title_repeat")
        else:
            kinds.append("lede" if len(block.text) > 100 else "furniture")
    layout = {"paragraphs": mode, "front_matter": kinds, "turn_marker": style, "first_turn_marked": first_marked}
    if style == "dash":
        layout["speaker_order"] = [fill_in("interviewer slug, as in speakers"), fill_in("interviewee slug")]
    separators = Counter(b.text for b in blocks[start:] if re.fullmatch(r"[^\w\s]+(?:\s+[^\w\s]+)*", b.text))
    if separators:
        layout["separator"] = f"^{re.escape(separators.most_common(1)[0][0])}$"
    residue = _residue_pattern(blocks[start:])
    if residue:
        layout["trailing_residue"] = residue
    return layout


def _residue_pattern(body: list[SourceParagraph]) -> Optional[str]:
    """Trailing paragraphs that look like page residue: one token repeated, or no spaces at all."""
    if not body:
        return None
    last = body[-1].text
    if len(body) > 2 and body[-2].text == last:
        return f"^{re.escape(last)}$"
    repeated = re.fullmatch(r"(.{3,40}?)\1+", last)
    if repeated:
        return f"^({re.escape(repeated.group(1))})+$"
    if " " not in last and len(last) > 30:
        return f"^{re.escape(last)}$"
    return None


def init_interview(source: Path, raw: Path, interview_id: Optional[str] = None) -> Path:
    """Copy the transcript into raw/<id>/ and draft its interview.yaml; returns the new folder.

    The id must be an interview id (so the folder is a direct child of ``raw``), and the folder must
    not exist yet: init only ever creates."""
    if interview_id is not None and not re.fullmatch(ID_PATTERN, interview_id):
        raise InterviewDataError(f"--id {interview_id!r} is not an interview id",
                                 fix="use the form YYYY-MM-DD-slug: lowercase ASCII letters, digits and hyphens")
    transcript = read_source(source)
    interview_id, yaml_text = draft(transcript.text, interview_id)
    if FILL_IN_MARK in interview_id:  # only when no --id was given
        raise InterviewDataError("no date line found to name the interview", path=source,
                                 fix="pass --id YYYY-MM-DD-slug")
    if raw.exists() and not raw.is_dir():
        raise InterviewDataError("is a file, not a folder of interviews", path=raw, fix="pass --raw DIR")
    folder = raw / interview_id
    if folder.exists() or folder.is_symlink():
        raise InterviewDataError("folder already exists", path=folder,
                                 fix="remove it, or pass another --id")
    folder.mkdir(parents=True)
    (folder / "source.txt").write_bytes(transcript.text.encode("utf-8"))  # the bytes read: UTF-8 round-trips
    (folder / "interview.yaml").write_text(yaml_text, encoding="utf-8")
    return folder

