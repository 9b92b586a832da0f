"""Parse a transcript into front matter, turns and residue, by the declared layout.

Pure: text and metadata in, spans out. Every character of the source ends up
in a turn paragraph or in an accounted piece (front matter, marker,
separator, whitespace, residue), so the source can be rebuilt from the dataset.
One parser serves every layout that interview.yaml can declare.

Speakers of turns without a label: with `dash` and `none` markers the n-th turn goes to
speaker_order[n % len(speaker_order)] (speaker_overrides first); with `mixed` markers a dash
turn goes to the speaker after the previous turn's in speaker_order, so labelled turns reset
the alternation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterator, Optional

from ..errors import ErrorReport, LayoutError
from .metadata import InterviewMeta, label_key
from ..records.models import PieceKind
from .patterns import compile_user_pattern, search_paragraph
from .dates import has_date
from .source import line_of

LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
DASH_MARKER = re.compile(r"[-–—][ \t\u00a0]*(?=\S)")
SPACE = " \t\u00a0\u2009\u202f\ufeff"
INLINE_SPACE = "[ \t\u00a0\u202f]"
WHITESPACE_RUN = "[\\s\u00a0\u202f]+"
SUFFIX = rf"(?:{INLINE_SPACE}?\([^)\n]{{1,40}}\))?"  # "Doe (retranslated):"
# a paragraph opening "<words>[ (suffix)]:" followed by whitespace or the paragraph's end
LABEL_OPENING = re.compile(rf"(?P<name>[^\s:()][^:()\r\n]{{0,79}}?){INLINE_SPACE}*{SUFFIX}{INLINE_SPACE}*:(?=\s|$)")
NAME_PARTICLES = frozenset("of de da di du del della der den des do dos van von zu ter ten la le al el "
                           "bin ibn bint ben y e".split())
PARTICLE_PREFIX = re.compile(r"(?:al|el|ad|as|ash|at|ibn|bin|d|l)[-'’](?=\w)")  # "al-Assad", "d'Estaing"
MAX_LABEL_WORDS = 8
MAX_REPORTED = 10


@dataclass(frozen=True)
class SourceParagraph:
    """One paragraph of the source, surrounding spaces excluded."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Marker:
    length: int
    speaker_id: Optional[str]  # None: decided by the dash alternation
    alone: bool = False  # the marker is the whole paragraph; the turn's text follows


@dataclass
class RawTurn:
    speaker_id: str
    paragraphs: list[SourceParagraph] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedTranscript:
    turns: list[RawTurn]
    pieces: list[tuple[PieceKind, int, int]]  # everything outside the turn paragraphs


def parse_transcript(text: str, meta: InterviewMeta, source_name: str = "source.txt") -> ParsedTranscript:
    layout = meta.layout
    blocks = list(split_paragraphs(text, layout.paragraphs))
    front, body = _split_front_matter(text, blocks, meta, source_name)
    labels = _label_pattern(meta)
    _check_front_matter(text, front, meta, labels, source_name)
    residue = _trailing_residue(body, layout.trailing_residue)
    body = body[: len(body) - len(residue)]
    pieces = front + [(PieceKind.residue, b.start, b.end) for b in residue]
    turns, markers, others = _assemble_turns(text, body, meta, labels, source_name)
    pieces += [(PieceKind.turn_marker, start, end) for start, end in markers] + others
    covered = pieces + [(None, p.start, p.end) for t in turns for p in t.paragraphs]
    pieces += list(_gaps(text, covered))
    return ParsedTranscript(turns=turns, pieces=sorted(pieces, key=lambda p: p[1]))


def split_paragraphs(text: str, mode: str = "line") -> Iterator[SourceParagraph]:
    """Paragraphs: each non-blank line (``line``) or each run of non-blank lines (``blank_line``).

    LF, CRLF and CR line ends all work; spaces (incl. no-break and BOM) at the
    edges are left out of the paragraph.
    """
    run: list[tuple[int, int]] = []
    for match in LINE.finditer(text):
        line = match.group().rstrip("\r\n")
        content = line.strip(SPACE)
        if content:
            start = match.start() + (len(line) - len(line.lstrip(SPACE)))
            run.append((start, start + len(content)))
        if run and (mode == "line" or not content or match.end() == len(text)):
            yield SourceParagraph(run[0][0], run[-1][1], text[run[0][0]:run[-1][1]])
            run = []
    if run:
        yield SourceParagraph(run[0][0], run[-1][1], text[run[0][0]:run[-1][1]])


def _split_front_matter(text: str, blocks: list[SourceParagraph], meta: InterviewMeta,
                        source_name: str) -> tuple[list[tuple[PieceKind, int, int]], list[SourceParagraph]]:
    layout = meta.layout
    count = len(layout.front_matter)
    if layout.transcript_starts_with is not None:
        opening = re.compile(_flexible_label(layout.transcript_starts_with))  # typed with plain spaces too
        count = next((i for i, b in enumerate(blocks) if opening.match(b.text)), None)
        if count is None:
            raise LayoutError(f"no paragraph starts with layout.transcript_starts_with "
                              f"{layout.transcript_starts_with!r}", path=source_name,
                              fix="copy the opening words of the first question exactly")
        if count < len(layout.front_matter):
            raise LayoutError(f"layout.front_matter lists {len(layout.front_matter)} paragraphs but the "
                              f"transcript starts at paragraph {count + 1}", path=source_name,
                              line=line_of(text, blocks[count].start), fix="shorten layout.front_matter")
    if len(blocks) <= count:
        raise LayoutError(f"found {len(blocks)} paragraph(s) but layout.front_matter declares {count}",
                          path=source_name, fix="shorten layout.front_matter in interview.yaml")
    kinds = list(layout.front_matter) + ["furniture"] * (count - len(layout.front_matter))
    pieces = [(PieceKind(kind), b.start, b.end) for kind, b in zip(kinds, blocks)]
    return pieces, blocks[count:]


def _check_front_matter(text: str, front: list[tuple[PieceKind, int, int]], meta: InterviewMeta,
                        labels: Optional[re.Pattern], source_name: str) -> None:
    """Declared front matter must fit its kind: a date line holds a date, no paragraph is a turn."""
    errors = []
    for kind, start, end in front:
        paragraph, line = text[start:end], line_of(text, start)
        if kind == PieceKind.date_line and not has_date(paragraph):
            errors.append(LayoutError(f"layout.front_matter declares a date_line but paragraph {paragraph[:60]!r} "
                                      "holds no date", path=source_name, line=line,
                                      fix="correct the kinds in layout.front_matter (one per leading paragraph)"))
        elif labels and labels.match(paragraph) and meta.layout.turn_marker in ("label", "mixed"):
            errors.append(LayoutError(f"front matter paragraph {paragraph[:60]!r} opens with a speaker label",
                                      path=source_name, line=line,
                                      fix="shorten layout.front_matter: the transcript starts here"))
    if errors:
        raise ErrorReport(errors[:MAX_REPORTED] + _more(len(errors)))


def _trailing_residue(body: list[SourceParagraph], pattern: Optional[str]) -> list[SourceParagraph]:
    if not pattern:
        return []
    regex = compile_user_pattern(pattern)
    count = 0
    while count < len(body) and search_paragraph(regex, body[len(body) - 1 - count].text):
        count += 1
    return body[len(body) - count:]


def _assemble_turns(text: str, body: list[SourceParagraph], meta: InterviewMeta, labels: Optional[re.Pattern],
                    source_name: str):
    layout = meta.layout
    separator = compile_user_pattern(layout.separator) if layout.separator else None
    non_turn = [(PieceKind(rule.kind), compile_user_pattern(rule.pattern)) for rule in layout.non_turn]
    continues = compile_user_pattern(layout.continues_turn) if layout.continues_turn else None
    turns: list[RawTurn] = []
    markers: list[tuple[int, int]] = []
    others: list[tuple[PieceKind, int, int]] = []
    pending: Optional[str] = None  # speaker named by a label alone on its line
    errors: list[LayoutError] = []
    for block in body:
        kind = next((kind for kind, regex in non_turn if search_paragraph(regex, block.text)), None)
        if kind is None and separator and search_paragraph(separator, block.text):
            kind = PieceKind.separator
        if kind is not None:
            others.append((kind, block.start, block.end))
            continue
        marker = _marker(block.text, layout.turn_marker, labels, meta)
        if marker is None and layout.turn_marker != "dash":
            errors += _unknown_label(text, block, meta, source_name)
        if marker and marker.alone:
            markers.append((block.start, block.end))
            pending = marker.speaker_id
            continue
        starts_turn = (marker is not None or pending is not None or (not turns and not layout.first_turn_marked)
                       or (layout.turn_marker == "none" and not (turns and continues and search_paragraph(continues, block.text))))
        if not starts_turn and not turns:
            raise LayoutError("the transcript's first paragraph has no turn marker", path=source_name,
                              line=line_of(text, block.start),
                              fix="set layout.first_turn_marked: false, or extend layout.front_matter")
        if starts_turn:
            speaker = (marker.speaker_id if marker else None) or pending or _unlabelled_speaker(
                turns, meta, text, block, source_name)
            turns.append(RawTurn(speaker_id=speaker))
            pending = None
        if marker:
            markers.append((block.start, block.start + marker.length))
            block = SourceParagraph(block.start + marker.length, block.end, block.text[marker.length:])
        turns[-1].paragraphs.append(block)
    if errors:
        raise ErrorReport(errors[:MAX_REPORTED] + _more(len(errors)))
    if pending is not None:
        raise LayoutError("the transcript ends with a speaker label and no text", path=source_name,
                          fix="remove the label or add the turn's text")
    if not turns:
        raise LayoutError("no turns found in the transcript", path=source_name,
                          fix="check layout.turn_marker and layout.front_matter in interview.yaml")
    if not markers and layout.turn_marker != "none":
        raise _no_markers_error(layout.turn_marker, source_name)
    if not layout.allow_consecutive_turns:
        _check_alternation(text, turns, meta, source_name)
    return turns, markers, others


def _no_markers_error(style: str, source_name: str) -> LayoutError:
    found = {"dash": "a dash", "label": "a declared speaker label"}.get(style, "a dash or a declared label")
    return LayoutError(f"layout.turn_marker is {style!r} but no paragraph starts with {found}, "
                       f"so the whole transcript would be one turn", path=source_name,
                       fix="set layout.turn_marker to the style the transcript uses (dash, label, mixed, "
                           "or none when paragraphs simply alternate) and, for labels, list them in "
                           "speakers[].labels")


def _check_alternation(text: str, turns: list[RawTurn], meta: InterviewMeta, source_name: str) -> None:
    errors = [_consecutive_turns_error(text, turn, meta, source_name)
              for previous, turn in zip(turns, turns[1:]) if previous.speaker_id == turn.speaker_id]
    if errors:
        raise ErrorReport(errors[:MAX_REPORTED] + _more(len(errors)))


def _consecutive_turns_error(text: str, turn: RawTurn, meta: InterviewMeta, source_name: str) -> LayoutError:
    line = line_of(text, turn.paragraphs[0].start)
    name = meta.speaker(turn.speaker_id).name
    return LayoutError(f"two consecutive turns by {name} at line {line}", path=source_name, line=line,
                       fix="if the transcript really has them, set layout.allow_consecutive_turns: true")


def _more(count: int) -> list[LayoutError]:
    return [LayoutError(f"... and {count - MAX_REPORTED} more")] if count > MAX_REPORTED else []


def _label_pattern(meta: InterviewMeta) -> Optional[re.Pattern]:
    return declared_label_pattern([label for s in meta.speakers for label in s.turn_labels])


def declared_label_pattern(labels: list[str]) -> Optional[re.Pattern]:
    """A paragraph opening with one of ``labels`` as the parser reads a declared label (any whitespace
    inside, case and normalisation form ignored, an optional "(suffix)"), or None without labels."""
    forms = {form for label in labels for form in _label_forms(label)}
    if not forms:
        return None
    alternatives = "|".join(_flexible_label(form) for form in sorted(forms, key=len, reverse=True))
    # "Label:" opening a paragraph, "Q<tab or 2+ spaces>text" (press-briefing style), or a label
    # alone on its line (with or without the colon)
    return re.compile(rf"(?P<label>{alternatives}){SUFFIX}"
                      rf"(?:{INLINE_SPACE}*:|\t|[ \u00a0]{{2,}}(?=\S)|(?=[ \t]*(?:[\r\n]|$)))", re.IGNORECASE)


def _label_forms(label: str) -> set[str]:
    """A declared label in both Unicode normalisation forms, so either form in the text matches."""
    return {unicodedata.normalize(form, label.strip()) for form in ("NFC", "NFD")} - {""}


def _flexible_label(label: str) -> str:
    """A label as a regex in which any whitespace run matches any whitespace run (no-break spaces too)."""
    return WHITESPACE_RUN.join(re.escape(word) for word in label.split())


def _marker(paragraph: str, style: str, labels: Optional[re.Pattern], meta: InterviewMeta) -> Optional[Marker]:
    if style == "none":
        return None
    match = labels.match(paragraph) if labels and style != "dash" else None
    if not match:
        dash = DASH_MARKER.match(paragraph) if style in ("dash", "mixed") else None
        return Marker(dash.end(), None) if dash else None
    label = label_key(match.group("label"))
    speaker = next(s.speaker_id for s in meta.speakers if label in {label_key(l) for l in s.turn_labels})
    length = match.end()
    while length < len(paragraph) and paragraph[length].isspace():
        length += 1
    return Marker(length, speaker, alone=length == len(paragraph))


def label_opening(paragraph: str) -> Optional[str]:
    """The label a paragraph opens with ("Dr. Fauci", "President of Russia Vladimir Putin"), or None.

    Label-shaped: at most MAX_LABEL_WORDS words before the colon (and an optional "(suffix)"),
    each a capitalised word or a name particle ("of", "von", "bin"), at least half capitalised;
    so "We said: yes" and "In 2020: ..." are sentences, not labels.
    """
    match = LABEL_OPENING.match(paragraph)
    if not match:
        return None
    words = match.group("name").split()
    names = sum(map(_is_name_word, words))
    particles = sum(word.casefold() in NAME_PARTICLES and not _is_name_word(word) for word in words)
    if len(words) > MAX_LABEL_WORDS or names + particles != len(words) or names < particles:
        return None
    return match.group("name").strip()


def _is_name_word(word: str) -> bool:
    prefix = PARTICLE_PREFIX.match(word)
    core = word[prefix.end():] if prefix else word
    return core[:1].isupper() and all(c.isalnum() or c in ".'’-" for c in core)


def _unknown_label(text: str, block: SourceParagraph, meta: InterviewMeta, source_name: str) -> list[LayoutError]:
    label = label_opening(block.text)
    if label is None or label_key(label) in {label_key(ignored) for ignored in meta.layout.ignore_labels}:
        return []
    return [LayoutError(f"unknown speaker label {label!r}", path=source_name,
                        line=line_of(text, block.start),
                        fix="add it to a speaker's labels in interview.yaml, or to layout.ignore_labels "
                            "if it is not a speaker")]


def _unlabelled_speaker(turns: list[RawTurn], meta: InterviewMeta, text: str, block: SourceParagraph,
                        source_name: str) -> str:
    layout = meta.layout
    if len(turns) in layout.speaker_overrides:
        return layout.speaker_overrides[len(turns)]
    order = layout.speaker_order
    if not order:
        raise LayoutError("a turn starts without a speaker label", path=source_name,
                          line=line_of(text, block.start),
                          fix="start the paragraph with a known label, or declare layout.speaker_order")
    if layout.turn_marker != "mixed":
        return order[len(turns) % len(order)]
    previous = turns[-1].speaker_id if turns else None
    return order[(order.index(previous) + 1) % len(order)] if previous in order else order[0]


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
