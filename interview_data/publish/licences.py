"""The release's licences, part by part: our annotations (the project's licence) and each publisher's text.

One list of parts, made from the project facts and the licences the
interviews' metadata states, is what the card's licence table, the
release's ``LICENSE-DATA.md``, croissant.json's ``license`` and
CITATION.cff's ``license`` are written from, so they agree part by part.
The code's licence is the package's, not the data's: the card,
``LICENSE-DATA.md`` and CITATION.cff's abstract name it, Croissant does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from typing import Optional

from .. import _project
from ..reading.metadata import PUBLIC_DOMAIN_US
from .stats import CorpusStats

ANNOTATIONS_PART = "annotations and curated metadata"
SOURCE_PART = "source text"
PUBLIC_DOMAIN_US_NAME = "public domain in the United States (a work of the US federal government, 17 U.S.C. 105)"
NAMES = {  # SPDX ids that interviews are likely to carry, with their names; any other id is shown as it is
    "CC-BY-4.0": "Creative Commons Attribution 4.0 International",
    "CC-BY-3.0": "Creative Commons Attribution 3.0 Unported",
    "CC-BY-3.0-AU": "Creative Commons Attribution 3.0 Australia",
    "CC-BY-SA-4.0": "Creative Commons Attribution Share Alike 4.0 International",
    "CC-BY-NC-4.0": "Creative Commons Attribution Non Commercial 4.0 International",
    "CC0-1.0": "Creative Commons Zero v1.0 Universal",
    "MIT": "MIT License",
}
CFF_IDS = {"CC-BY-4.0", "CC-BY-3.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC0-1.0", "MIT"}
"""Ids of NAMES that CITATION.cff 1.2.0's licence list holds (the SPDX list of 2021-05-14, without CC-BY-3.0-AU);
CITATION.cff names any other licence by its address (``license-url``)."""
HUB_IDS = {"CC-BY-4.0": "cc-by-4.0", "CC-BY-3.0": "cc-by-3.0", "CC-BY-SA-4.0": "cc-by-sa-4.0",
           "CC-BY-NC-4.0": "cc-by-nc-4.0", "CC0-1.0": "cc0-1.0"}  # the Hub's names for SPDX ids
MIXED = "mixed-see-license-data"
TEMPLATE_SLOT = re.compile(r"\{\{(\w+)\}\}")


@dataclass(frozen=True)
class LicencePart:
    """One part of the data under one licence: the annotations, or one publisher's source texts."""

    part: str  # ANNOTATIONS_PART or SOURCE_PART
    publisher: Optional[str]  # for source text
    licence_id: Optional[str]  # SPDX id, PUBLIC_DOMAIN_US, or None: no licence stated
    statement: str  # the licence as stated: the publisher's words, or ours
    attribution: Optional[str]
    interviews: int

    @property
    def label(self) -> str:
        if self.publisher is None:
            return self.part
        return f"{self.part}, {self.publisher} ({plural(self.interviews, 'interview')})"


def parts(stats: CorpusStats) -> list[LicencePart]:
    """The annotations first, then each publisher's source text, by publisher and licence."""
    annotations = LicencePart(ANNOTATIONS_PART, None, _project.ANNOTATIONS_LICENSE,
                              f"licensed by {author_names()}", f"{_project.NAME} {_project.VERSION}, {author_names()}",
                              stats.distinct["interviews"])
    sources = [LicencePart(SOURCE_PART, terms.publisher, terms.licence_id, terms.statement, terms.attribution, n)
               for terms, n in sorted(stats.source_licences.items(), key=lambda item: _order(item[0]))]
    return [annotations, *sources]


def _order(terms) -> tuple:
    return terms.publisher, terms.licence_id or "", terms.statement, terms.attribution or ""


def author_names() -> str:
    return ", ".join(_project.AUTHORS)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def licence_name(licence_id: Optional[str]) -> str:
    """The licence as a reader reads it: ``CC-BY-4.0 (Creative Commons Attribution 4.0 International)``."""
    if licence_id is None:
        return "no licence stated by the publisher"
    if licence_id == PUBLIC_DOMAIN_US:
        return PUBLIC_DOMAIN_US_NAME
    return f"{licence_id} ({NAMES[licence_id]})" if licence_id in NAMES else licence_id


def licence_url(licence_id: Optional[str]) -> Optional[str]:
    """The SPDX page of an SPDX id; None for public domain or no licence."""
    if licence_id is None or licence_id == PUBLIC_DOMAIN_US:
        return None
    return f"https://spdx.org/licenses/{licence_id}.html"


def licence_link(licence_id: Optional[str]) -> str:
    url = licence_url(licence_id)
    return f"[{licence_name(licence_id)}]({url})" if url else licence_name(licence_id)


def is_spdx(licence_id: Optional[str]) -> bool:
    return licence_url(licence_id) is not None


# --- the Hub's card header, Croissant and CITATION.cff ----------------------------------------

def hub_licence(data_parts: list[LicencePart]) -> dict:
    """The card header's licence: the Hub's id when one licence covers every part, else ``other``."""
    ids = {part.licence_id for part in data_parts}
    if len(ids) == 1 and next(iter(ids)) in HUB_IDS:
        return {"license": HUB_IDS[next(iter(ids))]}
    return {"license": "other", "license_name": MIXED, "license_link": "LICENSE-DATA.md"}


def croissant_licences(data_parts: list[LicencePart]) -> list[dict]:
    """schema.org CreativeWorks, one per part: its licence id and page, statement and attribution."""
    works = []
    for part in data_parts:
        work = {"@type": "sc:CreativeWork", "name": f"{part.label}: {licence_name(part.licence_id)}",
                "description": part.statement}
        if part.licence_id is not None:
            work["identifier"] = part.licence_id
        if licence_url(part.licence_id):
            work["url"] = licence_url(part.licence_id)
        if part.attribution:
            work["creditText"] = part.attribution
        works.append(work)
    return works


def summary(data_parts: list[LicencePart]) -> str:
    """The licences in one line, the source texts' grouped by licence: ``annotations and curated metadata
    CC-BY-4.0; source text: CC-BY-4.0 (3 interviews), no licence stated (1 interview)``."""
    by_licence: dict[Optional[str], int] = {}
    for part in data_parts:
        if part.part == SOURCE_PART:
            by_licence[part.licence_id] = by_licence.get(part.licence_id, 0) + part.interviews
    sources = ", ".join(f"{licence_id or 'no licence stated'} ({plural(n, 'interview')})"
                        for licence_id, n in sorted(by_licence.items(), key=lambda item: (item[0] is None, item[0] or "")))
    ours = "; ".join(f"{part.part} {part.licence_id}" for part in data_parts if part.part != SOURCE_PART)
    return f"{ours}; {SOURCE_PART}: {sources}"


# --- the card's table and LICENSE-DATA.md -----------------------------------------------------

def table(data_parts: list[LicencePart]) -> str:
    """Markdown table, one row per part, the code last."""
    rows = [f"| {escape_cell(part.part)} | {escape_cell(part.publisher or 'all')} | {part.interviews} | "
            f"{licence_link(part.licence_id)} | {escape_cell(part.statement)} | "
            f"{escape_cell(part.attribution or '–')} |" for part in data_parts]
    rows.append(f"| code (the `interview_data` package that builds this release) | – | – | "
                f"{licence_link(_project.CODE_LICENSE)} | the project's licence | – |")
    return "\n".join(["| part | publisher | interviews | licence | as stated | attribution |",
                      "|---|---|---|---|---|---|", *rows]) + "\n"


def caution(data_parts: list[LicencePart]) -> str:
    """What a user must check before redistributing, from the parts present."""
    unlicensed = sum(part.interviews for part in data_parts if part.part == SOURCE_PART and part.licence_id is None)
    attributed = [part for part in data_parts if part.attribution]
    lines = []
    if unlicensed:
        lines.append(f"The source text of {plural(unlicensed, 'interview')} has no licence stated by its publisher: "
                     "it is included verbatim for research and not relicensed by us. Check the publisher's "
                     "terms before redistributing it.")
    if attributed:
        lines.append("Reuse of a part under a licence that asks for attribution carries that part's attribution "
                     "line, shown above (for a source text, also in `interviews.license_attribution`).")
    lines.append("Every row of the `interviews` table carries its source text's licence "
                 "(`license_source_text`, `license_source_text_id`, `license_attribution`), so a subset can be "
                 "selected by licence.")
    return "\n\n".join(lines) + "\n"


def escape_cell(text: str) -> str:
    """Free text in a Markdown table cell: one line, pipes and Markdown punctuation escaped."""
    return escape_markdown(" ".join(text.split())).replace("|", "\\|")


MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>#])")


def escape_markdown(text: str) -> str:
    """Text from metadata shown as it is written, never read as Markdown."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def licence_file(stats: CorpusStats) -> str:
    """The release's LICENSE-DATA.md."""
    data_parts = parts(stats)
    template = (files("interview_data") / "templates" / "LICENSE-DATA.md").read_text(encoding="utf-8")
    values = {"table": table(data_parts), "caution": caution(data_parts),
              "annotations_licence": licence_link(_project.ANNOTATIONS_LICENSE),
              "code_licence": licence_link(_project.CODE_LICENSE)}
    return TEMPLATE_SLOT.sub(lambda m: values[m.group(1)], template)
