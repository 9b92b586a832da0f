"""The text a reader saves from a page of the shared corpus (../shared/corpus): one paragraph per block element.

The corpus holds publishers' own HTML (kremlin.ru, whitehouse.gov) and XML (PM Transcripts, whose <content>
is HTML). Tests turn a page into the plain text a user would paste into source.txt: the text of every block
element (<p>, <div>, <h1>, <li>, ...) inside the chosen part of the page, in document order, each block one
paragraph, paragraphs joined by blank lines. Runs of ASCII whitespace (the HTML source's indentation and hard
wraps) become one space, as a browser shows them; no-break spaces (U+00A0) are kept; a <br> is a line break
inside its paragraph. The corpus files themselves are never copied into the repository.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Callable, Optional

from .conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus"

BLOCKS = frozenset("address article aside blockquote body center dd div dl dt figcaption figure footer form h1 h2 h3 "
                   "h4 h5 h6 header hr html li main nav ol p pre section table tbody td tfoot th thead tr ul".split())
HIDDEN = frozenset("script style svg noscript template head title video audio".split())
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
ASCII_SPACE = re.compile(r"[ \t\r\n\f]+")
LINE_BREAK = "\x00"  # stands for a <br> until the paragraph is finished

Selector = Callable[[str, dict], bool]


class BlockText(HTMLParser):
    """Paragraphs of the elements `keep` selects (tag, attributes -> bool; by default the whole document),
    leaving out what a reader does not see: scripts, styles, and the elements `hide` selects."""

    def __init__(self, keep: Optional[Selector] = None, hide: Optional[Selector] = None) -> None:
        super().__init__(convert_charrefs=True)
        self.keep, self.hide = keep, hide
        self.open: list[tuple[str, bool, bool]] = []  # (tag, kept, hidden) of each open element
        self.current: list[str] = []
        self.paragraphs: list[str] = []

    def showing(self) -> bool:
        kept = self.keep is None or any(kept for _, kept, _ in self.open)
        return kept and not any(hidden for _, _, hidden in self.open)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            self.handle_startendtag(tag, attrs)
            return
        if tag in BLOCKS:
            self.flush()
        attributes = dict(attrs)
        kept = self.keep is not None and self.keep(tag, attributes)
        hidden = tag in HIDDEN or (self.hide is not None and self.hide(tag, attributes))
        self.open.append((tag, kept, hidden))

    def handle_startendtag(self, tag, attrs):
        if tag == "br" and self.showing():
            self.current.append(LINE_BREAK)
        elif tag in BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.flush()
        for depth in range(len(self.open) - 1, -1, -1):  # close it and any element left open inside it
            if self.open[depth][0] == tag:
                del self.open[depth:]
                break

    def handle_data(self, data):
        if self.showing():
            self.current.append(data)

    def flush(self) -> None:
        text = ASCII_SPACE.sub(" ", "".join(self.current))
        lines = [line.strip(" ") for line in text.split(LINE_BREAK)]
        text = "\n".join(line for line in lines if line.strip())
        if text.strip():  # a block of no-break spaces alone is no paragraph
            self.paragraphs.append(text)
        self.current = []

    def close(self) -> None:
        super().close()
        self.flush()


def html_paragraphs(html: str, keep: Optional[Selector] = None, hide: Optional[Selector] = None) -> list[str]:
    parser = BlockText(keep, hide)
    parser.feed(html)
    parser.close()
    return parser.paragraphs


def source_text(paragraphs: list[str]) -> str:
    """source.txt as a reader saves it: paragraphs separated by blank lines, a final line end."""
    return "\n\n".join(paragraphs) + "\n"


# --- the corpus's publishers ------------------------------------------------------------------------------

def kremlin_paragraphs(page: str) -> list[str]:
    """An en.kremlin.ru page (kremlin/<id>.html): its <article>, from the rubric and title to the last tag.

    A name linked to the site's catalogue carries a pop-up (``<span class="tooltip__text">``) that a reader
    sees only on hovering it; left in, "Angela Merkel" would read "Angela Merkel Merkel AngelaFederal
    Chancellor of Germany", inside speaker labels too."""
    html = (CORPUS / "kremlin" / f"{page}.html").read_text(encoding="utf-8")
    return html_paragraphs(html, keep=lambda tag, attrs: tag == "article",
                           hide=lambda tag, attrs: "tooltip__text" in (attrs.get("class") or "").split())


def whitehouse_paragraphs(name: str) -> list[str]:
    """A whitehouse.gov briefing (whitehouse-covid-briefings/<name>.html): the page header and the content."""
    html = (CORPUS / "whitehouse-covid-briefings" / f"{name}.html").read_text(encoding="utf-8")
    return html_paragraphs(html, lambda tag, attrs: tag == "main")


def pm_transcript(transcript_id: str) -> dict[str, str]:
    """A PM Transcripts XML file: its fields (title, release-date, ...) as text; `content` is still HTML."""
    root = ET.parse(CORPUS / "pm-transcripts" / "transcripts" / f"transcript-{transcript_id}.xml").getroot()
    return {child.tag: child.text or "" for child in root.find("transcript")}


def pm_paragraphs(transcript_id: str) -> list[str]:
    """The title, the date as published (dd/mm/yyyy) and the paragraphs of the transcript's HTML content."""
    fields = pm_transcript(transcript_id)
    return [fields["title"].strip(), fields["release-date"].strip()] + html_paragraphs(fields["content"])
