"""Parse a transcript into front matter, turns and residue, by the declared layout.

Pure: text and metadata in, spans out. Every character of the source ends up
in a turn paragraph or in an accounted piece (front matter, marker,
whitespace, residue), so the source can be rebuilt from the dataset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Optional

from .errors import LayoutError
from .metadata import InterviewMeta
from .models import PieceKind
from .source import line_of

LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
DASH_MARKER = re.compile(r"[-–—][ \t\u00a0]*(?=\S)")
SPACE = " \t\u00a0\u2009\u202f\ufeff"


@dataclass(frozen=True)
class Block:
    """One paragraph of the source (a non-blank line), surrounding spaces excluded."""

    start: int
    end: int
    text: str


@dataclass
class RawTurn:
    speaker_id: str
    paragraphs: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedTranscript:
    turns: list[RawTurn]
    pieces: list[tuple[PieceKind, int, int]]  # everything outside the turn paragraphs


def parse_transcript(text: str, meta: InterviewMeta, source_name: str = "source.txt") -> ParsedTranscript:
    blocks = list(split_paragraphs(text))
    layout = meta.layout
    n_front = len(layout.front_matter)
    if len(blocks) <= n_front:
        raise LayoutError(f"found {len(blocks)} paragraph(s) but layout.front_matter declares {n_front}",
                          path=source_name, fix="shorten layout.front_matter in interview.yaml")
    pieces = [(PieceKind(kind), b.start, b.end) for kind, b in zip(layout.front_matter, blocks)]
    body = blocks[n_front:]
    residue = _trailing_residue(body, layout.trailing_residue)
    body = body[: len(body) - len(residue)]
    pieces += [(PieceKind.residue, b.start, b.end) for b in residue]
    turns, markers = _assemble_turns(text, body, meta, source_name)
    pieces += [(PieceKind.turn_marker, start, end) for start, end in markers]
    covered = pieces + [(None, p.start, p.end) for t in turns for p in t.paragraphs]
    pieces += list(_gaps(text, covered))
    return ParsedTranscript(turns=turns, pieces=sorted(pieces, key=lambda p: p[1]))


def split_paragraphs(text: str) -> Iterator[Block]:
    """Each non-blank line is a paragraph; LF, CRLF and CR line ends all work."""
    for match in LINE.finditer(text):
        line = match.group().rstrip("\r\n")
        content = line.strip(SPACE)
        if not content:
            continue
        start = match.start() + (len(line) - len(line.lstrip(SPACE)))
        yield Block(start, start + len(content), content)


def _trailing_residue(body: list[Block], pattern: Optional[str]) -> list[Block]:
    if not pattern:
        return []
    regex = re.compile(pattern)
    count = 0
    while count < len(body) and regex.search(body[len(body) - 1 - count].text):
        count += 1
    return body[len(body) - count:]


def _assemble_turns(text: str, body: list[Block], meta: InterviewMeta,
                    source_name: str) -> tuple[list[RawTurn], list[tuple[int, int]]]:
    layout = meta.layout
    turns: list[RawTurn] = []
    markers: list[tuple[int, int]] = []
    for index, block in enumerate(body):
        marker = _marker_length(block.text, layout.turn_marker)
        starts_turn = marker is not None or (index == 0 and not layout.first_turn_marked)
        if not starts_turn and not turns:
            raise LayoutError("the transcript's first paragraph has no turn marker", path=source_name,
                              line=line_of(text, block.start),
                              fix="set layout.first_turn_marked: false, or extend layout.front_matter")
        if starts_turn:
            turns.append(RawTurn(speaker_id=_speaker_for(len(turns), meta)))
        if marker:
            markers.append((block.start, block.start + marker))
            block = Block(block.start + marker, block.end, block.text[marker:])
        turns[-1].paragraphs.append(block)
    if not turns:
        raise LayoutError("no turns found in the transcript", path=source_name,
                          fix="check layout.turn_marker and layout.front_matter in interview.yaml")
    return turns, markers


def _marker_length(paragraph: str, marker_style: str) -> Optional[int]:
    if marker_style == "dash":
        match = DASH_MARKER.match(paragraph)
        return match.end() if match else None
    raise LayoutError(f"turn_marker '{marker_style}' is not supported", fix="use turn_marker: dash")


def _speaker_for(turn_index: int, meta: InterviewMeta) -> str:
    order = meta.layout.speaker_order
    return order[turn_index % len(order)]


def _gaps(text: str, covered: list[tuple]) -> Iterator[tuple[PieceKind, int, int]]:
    position = 0
    for _, start, end in sorted(covered, key=lambda p: p[1]):
        if start > position:
            yield _gap_piece(text, position, start)
        position = max(position, end)
    if position < len(text):
        yield _gap_piece(text, position, len(text))


def _gap_piece(text: str, start: int, end: int) -> tuple[PieceKind, int, int]:
    gap = text[start:end]
    if gap.strip(SPACE + "\r\n"):
        raise LayoutError(f"text {gap.strip()[:40]!r} belongs to no paragraph (internal parser error)",
                          line=line_of(text, start), fix="report this with the transcript")
    return (PieceKind.whitespace, start, end)
