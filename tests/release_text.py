"""Reading what a release says, for the tests: the card's links, and its licences part by part as the card,
LICENSE-DATA.md, croissant.json and CITATION.cff each state them."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Optional

import yaml

from interview_data.publish.licences import ANNOTATIONS_PART, PUBLIC_DOMAIN_US_NAME, SOURCE_PART, licence_name
from interview_data.reading.metadata import PUBLIC_DOMAIN_US

FENCED = re.compile(r"^```.*?^```", re.M | re.S)
CODE_SPAN = re.compile(r"`[^`\n]*`")
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\\[\[\]])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
HTML_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def card_body(text: str) -> str:
    """The card's Markdown without its YAML header, code blocks and code spans (no links there)."""
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    return CODE_SPAN.sub("", FENCED.sub("", text))


def link_targets(text: str) -> list[str]:
    body = card_body(text)
    return [m.group(1) for pattern in (INLINE_LINK, REFERENCE_LINK, HTML_LINK) for m in pattern.finditer(body)]


def relative_links(text: str) -> list[str]:
    """Every link target that is neither an absolute address nor an anchor of the card itself."""
    return [t for t in link_targets(text) if not SCHEME.match(t) and not t.startswith("#")]


def anchors(text: str) -> list[str]:
    return [t[1:] for t in link_targets(text) if t.startswith("#")]


def heading_slugs(text: str) -> set[str]:
    """Anchors of the card's headings, as GitHub and the Hub make them."""
    slugs = set()
    for heading in HEADING.findall(card_body(text)):
        slug = unicodedata.normalize("NFKC", heading).lower()
        slug = re.sub(r"[^\w\- ]", "", slug).replace(" ", "-")
        slugs.add(slug)
    return slugs


def resolves(base: Path, target: str) -> bool:
    path = target.split("#", 1)[0].split("?", 1)[0]
    return (base / path).exists()


# --- licences, part by part ---------------------------------------------------------------------

Part = tuple  # (part, publisher or None, interviews or None, licence id or None)
UNESCAPE = re.compile(r"\\(.)")
CELL_SPLIT = re.compile(r"(?<!\\)\|")
LINKED = re.compile(r"^\[([^\]]+?)(?: \([^\]]*\))?\]\([^)]+\)$")


def _licence_id(cell: str) -> Optional[str]:
    linked = LINKED.match(cell)
    if linked:
        return linked.group(1)
    if cell == PUBLIC_DOMAIN_US_NAME:
        return PUBLIC_DOMAIN_US
    assert cell == licence_name(None), cell
    return None


def table_parts(markdown: str) -> tuple[set[Part], dict[str, Optional[str]]]:
    """The data parts of a licence table (the card's or LICENSE-DATA.md's), and each publisher's attribution."""
    parts, attributions = set(), {}
    for line in markdown.splitlines():
        cells = [UNESCAPE.sub(r"\1", c.strip()) for c in CELL_SPLIT.split(line)[1:-1]]
        if len(cells) != 6 or cells[0] not in (ANNOTATIONS_PART, SOURCE_PART):
            continue
        part, publisher, interviews, licence, _, attribution = cells
        if part == ANNOTATIONS_PART:
            parts.add((part, None, None, _licence_id(licence)))
        else:
            parts.add((part, publisher, int(interviews), _licence_id(licence)))
            attributions[publisher] = None if attribution == "–" else attribution
    return parts, attributions


CROISSANT_SOURCE = re.compile(r"^source text, (?P<publisher>.+) \((?P<n>\d+) interviews?\)$")


def croissant_parts(metadata: dict) -> tuple[set[Part], dict[str, Optional[str]]]:
    parts, attributions = set(), {}
    for work in metadata["license"]:
        licence_id = work.get("identifier")
        label = work["name"].removesuffix(": " + licence_name(licence_id))
        assert label != work["name"], work
        if label == ANNOTATIONS_PART:
            parts.add((ANNOTATIONS_PART, None, None, licence_id))
            continue
        match = CROISSANT_SOURCE.match(label)
        assert match, label
        parts.add((SOURCE_PART, match["publisher"], int(match["n"]), licence_id))
        attributions[match["publisher"]] = work.get("creditText")
    return parts, attributions


CFF_SCOPE = re.compile(r"^source text of (\d+) interviews?$")
CFF_NOTES = re.compile(r"^Licence: (?P<licence>.+?)(?:; attribution: (?P<attribution>.+))?\.$")


def citation_parts(citation: dict) -> tuple[set[Part], dict[str, Optional[str]]]:
    parts, attributions = {(ANNOTATIONS_PART, None, None, citation["license"])}, {}
    for reference in citation.get("references", []):
        publisher = reference["authors"][0]["name"]
        notes = CFF_NOTES.match(reference["notes"])
        licence_id = None if notes["licence"] == "none stated by the publisher" else notes["licence"]
        if "license" in reference:
            assert reference["license"] == licence_id
        parts.add((SOURCE_PART, publisher, int(CFF_SCOPE.match(reference["scope"]).group(1)), licence_id))
        attributions[publisher] = notes["attribution"]
    return parts, attributions


def licence_section(card: str) -> str:
    return card[card.index("### License\n"):card.index("## Uses\n")]


def release_licences(release: Path, citation_file: Optional[Path] = None) -> dict[str, tuple]:
    """Each artefact's statement of the licences, by artefact."""
    card = (release / "README.md").read_text(encoding="utf-8")
    citation = yaml.safe_load((citation_file or release / "CITATION.cff").read_text(encoding="utf-8"))
    return {
        "card": table_parts(licence_section(card)),
        "LICENSE-DATA.md": table_parts((release / "LICENSE-DATA.md").read_text(encoding="utf-8")),
        "croissant.json": croissant_parts(json.loads((release / "croissant.json").read_text(encoding="utf-8"))),
        "CITATION.cff": citation_parts(citation),
    }


def assert_licences_agree(release: Path, citation_file: Optional[Path] = None) -> set[Part]:
    """The four statements name the same parts with the same licences and attributions; returns the parts."""
    stated = release_licences(release, citation_file)
    parts, attributions = stated["card"]
    for name, (other_parts, other_attributions) in stated.items():
        assert other_parts == parts, (name, other_parts, parts)
        assert other_attributions == attributions, (name, other_attributions, attributions)
    return parts
