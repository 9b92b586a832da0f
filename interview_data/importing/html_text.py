"""A publisher's HTML or XML as plain paragraphs, by fixed rules (lxml).

Rules, the same for every publisher (a publisher's module adds only which
elements to drop and where its article is):

- every block element (``p``, ``div``, ``h1``-``h6``, ``li``, ``blockquote``,
  ``td``, ...) starts a new paragraph, and so does its end; a paragraph with
  no text is no paragraph;
- inside a paragraph, every run of ASCII whitespace (space, tab, line end,
  form feed) is one space, as a browser shows it, and spaces at either end
  of a line are dropped; no-break spaces (U+00A0) and every other character
  are kept as written, but a line of nothing but spaces (no-break ones too)
  is no line;
- ``<br>`` ends a line: the paragraph goes on on the next line
  (``PARAGRAPH`` joins paragraphs with a blank line, lines with one line end),
  except where the next line opens with a speaker label (``split_at``, with
  the publisher's label test): there a new paragraph starts, since a turn
  starts a paragraph;
- dropped with everything inside them: scripts, styles, forms, navigation,
  headers, footers, asides, media (``figure``, ``img``, ``video``, ``svg``,
  ...), and elements hidden from the reader (a ``hidden`` attribute or class,
  ``aria-hidden="true"``, ``display:none``); text after a dropped element
  (its tail) is kept.

Parsing never touches the network nor resolves entities that are not
character references (``XML_PARSER``), and trees nested deeper than
MAX_DEPTH are refused (the walk is iterative, so no recursion limit is hit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from lxml import etree, html

from ..reading.layout import SPACE

MAX_DEPTH = 200  # element nesting; the publishers' pages reach 25
BLOCKS = frozenset("""address article blockquote body center dd details dialog div dl dt fieldset figcaption
    h1 h2 h3 h4 h5 h6 hr html legend li main ol p pre section summary table tbody td tfoot th thead tr ul""".split())
DROPPED = frozenset("""audio button canvas embed figure footer form head header iframe img input map nav noscript
    object picture script select source style svg template textarea track video aside""".split())
ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
BLANK = SPACE + "\r\n"  # a line of these only is blank to the build's parser (no-break spaces included)
PARAGRAPH = "\n\n"
LINE = "\n"


class TooDeep(ValueError):
    """The document nests elements deeper than MAX_DEPTH."""


def xml_parser() -> etree.XMLParser:
    """An XML parser that reads nothing but the bytes given: no DTD, no external entity, no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def html_document(text: str) -> html.HtmlElement:
    """A whole HTML page, parsed from text (never bytes: libxml2 would guess the encoding)."""
    return html.document_fromstring(text, parser=html.HTMLParser(no_network=True, remove_comments=True,
                                                                  remove_pis=True))


def html_fragment(text: str) -> html.HtmlElement:
    """An HTML fragment (such as an XML export's embedded body) inside one ``div``."""
    return html.fragment_fromstring(text, create_parent="div",
                                    parser=html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True))


def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def hidden(element) -> bool:
    """Hidden from the reader: a hidden attribute or class, aria-hidden, or display:none."""
    style = (element.get("style") or "").replace(" ", "").lower()
    return (element.get("hidden") is not None or "hidden" in classes(element)
            or element.get("aria-hidden") == "true" or "display:none" in style)


@dataclass
class _Paragraphs:
    """Paragraphs being collected: each a list of lines, each line a list of text pieces."""

    done: list[list[str]]
    lines: list[str]
    pieces: list[str]

    def text(self, piece: Optional[str]) -> None:
        if piece:
            self.pieces.append(piece)

    def line_break(self) -> None:
        self.lines.append(_tidy("".join(self.pieces)))
        self.pieces = []

    def block_break(self) -> None:
        self.line_break()
        lines = _trim_blank_lines(self.lines)
        if lines:
            self.done.append(lines)
        self.lines = []


def _tidy(line: str) -> str:
    return ASCII_SPACE.sub(" ", line).strip(" ")


def _trim_blank_lines(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


def paragraph_lines(root, drop: Callable[[object], bool] = lambda element: False) -> list[list[str]]:
    """The paragraphs of ``root`` (each a list of its lines), by the module's rules; ``drop`` names
    further elements to leave out with their content. Raises TooDeep."""
    collected = _Paragraphs([], [], [])
    for event, element in _walk(root, drop):
        if event == "text":
            collected.text(element)
        elif event == "br":
            collected.line_break()
        else:
            collected.block_break()
    collected.block_break()
    kept = [[line for line in lines if line.strip(BLANK)] for lines in collected.done]
    return [lines for lines in kept if lines]


def _walk(root, drop: Callable[[object], bool]) -> Iterator[tuple[str, object]]:
    """("text", str), ("br", element) and ("block", element) events in document order, iteratively."""
    stack: list[tuple[object, bool, int]] = [(root, False, 0)]  # (element, closing, depth)
    while stack:
        element, closing, depth = stack.pop()
        if closing:
            if _is_block(element):
                yield "block", element
            if element is not root:
                yield "text", element.tail
            continue
        if depth > MAX_DEPTH:
            raise TooDeep(f"elements nested more than {MAX_DEPTH} deep")
        if not isinstance(element.tag, str) or _dropped(element, drop):
            if element is not root:
                yield "text", element.tail
            continue
        if element.tag == "br":
            yield "br", element
            if element is not root:
                yield "text", element.tail
            continue
        if _is_block(element):
            yield "block", element
        yield "text", element.text
        stack.append((element, True, depth))
        stack.extend((child, False, depth + 1) for child in reversed(element))


def _is_block(element) -> bool:
    return isinstance(element.tag, str) and element.tag.lower() in BLOCKS


def _dropped(element, drop: Callable[[object], bool]) -> bool:
    return element.tag.lower() in DROPPED or hidden(element) or drop(element)


def element_text(element) -> str:
    """The text of one element as a single line (its paragraphs and lines joined by spaces)."""
    return " ".join(line for lines in paragraph_lines(element) for line in lines)


def split_at(paragraphs: list[list[str]], opens_turn: Callable[[str], bool]) -> list[str]:
    """Paragraphs as text, a paragraph split before each later line that opens a turn."""
    texts = []
    for lines in paragraphs:
        start = 0
        for index in range(1, len(lines)):
            if opens_turn(lines[index]):
                texts.append(LINE.join(lines[start:index]))
                start = index
        texts.append(LINE.join(lines[start:]))
    return texts
