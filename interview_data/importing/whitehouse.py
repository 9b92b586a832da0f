"""whitehouse.gov press briefings and remarks, as saved whole (2017-2021 site layout).

- The transcript is the page's content block (``page-content__content``);
  the share and "All News" asides, navigation, header and footer are dropped.
- Front matter: the page header as shown (section, title, topic, "Issued
  on:" date), then the place and time lines before the first turn.
- Speaker labels are upper case and end with a colon (``THE PRESIDENT:``,
  ``DR. FAUCI:``); every journalist is ``Q`` followed by spaces, one
  anonymous interviewer scoped to the briefing. ``THE PRESIDENT`` and ``THE
  VICE PRESIDENT`` are named from the office holders on the briefing's date;
  the other officials are named by their label. Officials are interviewees.
- Stage notes are their own paragraphs: ``(Laughter.)``, ``END``, and the
  start and end times (``5:47 P.M. EDT``); they are ``non_turn`` stage notes.
- ``published_at`` is the "Issued on" date alone: the time lines give when
  the briefing started and ended, not when the page was published (the
  31 March 2020 briefing was issued on 1 April).
- Works of the US federal government are in the public domain (17 U.S.C. 105).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from typing import Optional

from ..reading.metadata import label_key
from .cast import TITLE_WORDS, Cast, Speaker, display_name, group_labels, normal, person_id, scoped_id, surname, unique_ids
from .draft import License, Page, Provenance, Quarantine, assemble, interview_id, opening_label
from .html_text import element_text, html_document, paragraph_lines, split_at

NAME = "whitehouse"
SUFFIXES = (".html", ".htm")
PUBLISHER = "The White House (whitehouse.gov)"
STAGE_NOTES = [r"^\([^()]*\)$", r"^END\b", r"(?m)^\d{1,2}:\d{2} [AP]\.M\. E[DS]T$"]
OFFICES = {  # label -> [(first day in office, name)], latest first
    "the president": [(date(2021, 1, 20), "Joe Biden"), (date(2017, 1, 20), "Donald Trump"),
                      (date(2009, 1, 20), "Barack Obama")],
    "the vice president": [(date(2021, 1, 20), "Kamala Harris"), (date(2017, 1, 20), "Mike Pence"),
                           (date(2009, 1, 20), "Joe Biden")],
}
OTHER_VOICES = frozenset({"aide", "participant", "staff", "audience member", "moderator"})
LICENSE = License(
    "Public domain in the United States: a work of the US federal government (17 U.S.C. 105); "
    "the page states no licence", "public-domain-us", "The White House, whitehouse.gov")


def convert(data: bytes, provenance: Provenance):
    document = html_document(data.decode("utf-8"))
    content = _one(document, '//div[contains(concat(" ", @class, " "), " page-content__content ")]')
    top = _one(document, '//div[contains(concat(" ", @class, " "), " page-header__wrap ")]')
    title = _one(document, '//h1')
    stamp = _one(document, '//p[contains(@class, "meta__date")]//time')
    if content is None or top is None or title is None or stamp is None:
        return Quarantine("unreadable", "no content block, title or date: not a whitehouse.gov briefing page")
    try:
        day = datetime.strptime(" ".join(element_text(stamp).split()), "%B %d, %Y").date()
    except ValueError:
        return Quarantine("unreadable", f"date {element_text(stamp)!r} is not 'Month D, YYYY'")
    paragraphs = split_at(paragraph_lines(content), lambda line: _opening(line) is not None)
    openings = [_opening(p) for p in paragraphs]
    if not any(openings):
        return Quarantine("not_a_transcript", f"{len(paragraphs)} paragraph(s), none opens with a speaker label")
    title_text = element_text(title)
    date_text = element_text(stamp.getparent())
    header = [("title" if p == title_text else "date_line" if p == date_text else "furniture", p)
              for p in ("\n".join(lines) for lines in paragraph_lines(top))]
    url = _address(document, provenance.original_file)
    page = Page(
        importer=NAME, document_id=_post_id(document, url), title=title_text,
        published_at=day.isoformat(), date_line=date_text, publisher=PUBLISHER,
        source_url=url, license=LICENSE, header=header, body=paragraphs,
        non_turn=[("stage_note", pattern) for pattern in STAGE_NOTES],
        id_stopwords=frozenset({"remarks", "by", "and", "the", "of", "in"}),
        inferred=[("license.attribution", "the page states no attribution line; this one names the publisher")],
    )
    return assemble(page, _cast(paragraphs, openings, interview_id(page), day), provenance)


def _one(document, path: str):
    found = document.xpath(path)
    return found[0] if found else None


def _address(document, file_name: str) -> str:
    url = _one(document, '//meta[@property="og:url"]')
    content = url.get("content", "") if url is not None else ""
    return content if content.startswith("https://www.whitehouse.gov/") else f"https://www.whitehouse.gov/{file_name}"


def _post_id(document, url: str) -> str:
    """The site's post number (``postid-230519`` on the body), else the address's last segment."""
    body = _one(document, "//body")
    found = re.search(r"\bpostid-(\d+)\b", body.get("class", "")) if body is not None else None
    return found.group(1) if found else url.rstrip("/").rsplit("/", 1)[-1]


def _opening(paragraph: str) -> Optional[str]:
    label = opening_label(paragraph)
    if label is None:
        return None
    return label if label == "Q" or label.upper() == label or _shouted(label) else None


def _shouted(label: str) -> bool:
    """'THE VICE President': a label whose first word is upper case, as typed on this site."""
    first = label.split()[0]
    return len(first) > 1 and first.isupper()


def _office_holder(label: str, day: date) -> Optional[str]:
    for start, name in OFFICES.get(normal(label), []):
        if day >= start:
            return name
    return None


def _cast(paragraphs: list[str], openings: list[Optional[str]], identifier: str, day: date) -> Cast:
    counts = Counter(o for o in openings if o)
    groups = group_labels(counts, lambda label: False, lambda label: "q" if label == "Q" else None)
    speakers = []
    for group in groups:
        labels = tuple(sorted(group.labels))
        main = group.labels[0]
        if group.anonymous:
            speakers.append(Speaker(scoped_id("journalist", identifier), "Journalists (not named)", "interviewer",
                                    "every journalist's question, labelled Q on the page", labels))
            continue
        holder = _office_holder(main, day)
        if holder:
            speakers.append(Speaker(person_id(holder), holder, "interviewee", display_name(main), labels))
        elif normal(main) in OTHER_VOICES:
            speakers.append(Speaker(scoped_id(normal(main), identifier), f"{display_name(main)} (not named)",
                                    "other", f"labelled {main} on the page", labels))
        else:
            name = display_name(main)
            plain = [w for w in normal(main).split() if w not in TITLE_WORDS]
            speakers.append(Speaker(person_id(" ".join(plain) or surname(main) or name), name, "interviewee",
                                    f"labelled {main} on the page", labels))
    known = {label_key(label) for s in speakers for label in s.labels}
    ignored = sorted({label for p in paragraphs if (label := opening_label(p)) and label_key(label) not in known})
    return Cast(unique_ids(speakers), ignored)

