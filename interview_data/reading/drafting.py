"""Draft interview.yaml for a new transcript: detect the layout, date line and speaker labels.

Facts only a person can supply (publisher, URL, UTC offset, names, roles,
licence) are written as ``<FILL IN: ...>`` placeholders; ``build`` refuses
them and names each one with its line.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Optional

import yaml

from ..errors import InterviewDataError
from .metadata import ID_PATTERN, FILL_IN_MARK
from .layout import DASH_MARKER, LABEL_LIKE, SourceParagraph, split_paragraphs
from .source import read_source

DATE_FORMATS = ["%d %B %Y, %H:%M", "%d %B %Y", "%B %d, %Y", "%B %d, %Y, %H:%M", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]
INTERVIEWER_LABELS = {"q", "question", "interviewer", "host", "moderator"}


def fill_in(what: str) -> str:
    return f"{FILL_IN_MARK} {what}>"


def slugify(text: str, words: int = 5) -> str:
    tokens = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(tokens[:words]) or "interview"


def find_date(blocks: list[SourceParagraph]) -> tuple[Optional[int], Optional[datetime]]:
    for index, block in enumerate(blocks[:12]):
        for fmt in DATE_FORMATS:
            try:
                return index, datetime.strptime(block.text.strip(), fmt)
            except ValueError:
                continue
    return None, None


def paragraph_mode(text: str) -> str:
    lines = text.splitlines()
    adjacent = sum(1 for a, b in zip(lines, lines[1:]) if a.strip() and b.strip())
    has_blank = any(not line.strip() for line in lines)
    return "blank_line" if has_blank and adjacent > 0.3 * max(1, sum(1 for l in lines if l.strip())) else "line"


def detect_labels(blocks: list[SourceParagraph]) -> Counter:
    """Paragraph-opening labels that recur, name an interviewer, or are aliases of one that recurs."""
    found = Counter()
    for block in blocks:
        match = LABEL_LIKE.match(block.text)
        if match:
            found[match.group(1)] += 1
    keep = set()
    for group in group_aliases(list(found)):
        shouted = any(label.isupper() and len(label) > 2 for label in group)
        if sum(found[label] for label in group) >= 2 or _asks(group) or shouted:
            keep.update(group)
    return Counter({label: n for label, n in found.items() if label in keep})


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
    date_index, date = find_date(blocks)
    labels = detect_labels(blocks)
    dash_count = sum(1 for b in blocks if DASH_MARKER.match(b.text))
    style = "label" if sum(labels.values()) > dash_count else "dash"
    start, first_marked = _transcript_start(blocks, style, labels)
    title = blocks[0].text if blocks else ""
    interview_id = interview_id or (f"{date:%Y-%m-%d}-{slugify(title)}" if date else fill_in("YYYY-MM-DD-slug"))
    meta = {
        "interview_id": interview_id,
        "title": title,
        "published_at": fill_in(f"{date:%Y-%m-%dT%H:%M}:00 plus the publisher's UTC offset, e.g. +04:00"
                                if date else "ISO 8601 date-time with UTC offset"),
        **({"date_line": blocks[date_index].text} if date_index is not None else {}),
        "publisher": fill_in("who published this text"),
        "source_url": fill_in("https://... address of the page"),
        "language": "en",
        "license": {"source_text": fill_in("reuse terms of the source, or 'not stated by the publisher'"),
                    "annotations": "CC-BY-4.0", "code": "MIT"},
        "speakers": _speakers(style, labels),
        "layout": _layout(blocks, mode, style, start, first_marked, date_index),
    }
    header = ("# Drafted by `interview-data init`. Replace every <FILL IN: ...> and check the\n"
              "# detected layout and speakers; `interview-data build` names what is still missing.\n")
    return interview_id, header + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)


def _transcript_start(blocks: list[SourceParagraph], style: str, labels: Counter) -> tuple[int, bool]:
    def marked(block: SourceParagraph) -> bool:
        if style == "dash":
            return bool(DASH_MARKER.match(block.text))
        match = LABEL_LIKE.match(block.text)
        return bool(match and match.group(1) in labels)

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
                         "name": group[0].title() if not asks else fill_in("name"),
                         "role": "interviewer" if asks else fill_in("interviewer, interviewee or other"),
                         "description": fill_in("as stated in the interview"), "labels": sorted(group)})
    return speakers


def _layout(blocks, mode, style, start, first_marked, date_index) -> dict:
    kinds = []
    for index, block in enumerate(blocks[:start]):
        if index == 0:
            kinds.append("title")
        elif index == date_index:
            kinds.append("date_line")
        elif block.text == blocks[0].text:
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
    if FILL_IN_MARK in interview_id:
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

