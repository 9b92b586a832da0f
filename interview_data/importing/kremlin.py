"""en.kremlin.ru pages (interviews, news conferences, Direct Line), as saved whole.

- The transcript is the article body (``itemprop="articleBody"``); media,
  "See also" blocks, tags, the publication-status box and hidden tooltips
  carry the site's ``masha-ignore`` class (or ``hidden``) and are dropped.
  Pull quotes (``blockquote``) repeat the text beside them: they stay in
  source.txt and are declared ``non_turn`` pull quotes.
- Front matter: the page's top block as shown (section link, title, lede,
  date, time, place).
- Speaker labels are the bold openings of paragraphs (``<b>Vladimir
  Putin</b>:``, ``<b>Question: </b>``); a label that names Putin is the
  interviewee; ``Question`` is an anonymous interviewer and ``Remark`` /
  ``Reply`` / ``Response`` anonymous others, each scoped to the interview.
- Pages without any such label are the older summaries, not transcripts.
- The time is the page's (Moscow); its UTC offset is inferred from the date.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Optional

from ..reading.layout import label_opening
from ..reading.metadata import label_key
from .cast import QUESTION_SHARE, Cast, Speaker, display_name, group_labels, person_id, question_share, scoped_id, unique_ids
from .draft import License, Page, Provenance, Quarantine, assemble, interview_id, turn_texts
from .html_text import classes, element_text, html_document, paragraph_lines

NAME = "kremlin"
SUFFIXES = (".html", ".htm")
PUBLISHER = "President of Russia website (en.kremlin.ru), Presidential Executive Office"
ADDRESS = "http://en.kremlin.ru/events/president/news/{}"
ANONYMOUS = {"question": ("Question", "interviewer"), "remark": ("Remark", "other"),
             "reply": ("Reply", "other"), "response": ("Response", "other")}
DROPPED_CLASSES = frozenset({"masha-ignore", "read__bottommeta", "read__cut", "hidden"})
LABEL_EMPHASIS = ("b", "strong")


def convert(data: bytes, provenance: Provenance):
    document = html_document(data.decode("utf-8"))
    body = _one(document, '//div[@itemprop="articleBody"]')
    top = _one(document, '//div[contains(concat(" ", @class, " "), " read__top ")]')
    title = _one(document, "//h1")
    if body is None or top is None or title is None:
        return Quarantine("unreadable", "no article body, title or top block: not an en.kremlin.ru event page")
    page_id = _page_id(document, provenance.original_file)
    paragraphs = ["\n".join(lines) for lines in paragraph_lines(body, _drop)]
    labels = _bold_labels(body)
    openings = [_opening(p, labels) for p in paragraphs]
    if not any(openings):
        return Quarantine("not_a_transcript", f"{len(paragraphs)} paragraph(s), none opens with a speaker label "
                                              "(a summary page)")
    published = _published(document)
    if published is None:
        return Quarantine("unreadable", "no publication date (time itemprop=datePublished)")
    day, clock, date_text = published
    title_text = element_text(title)
    header = [(_top_kind(p, title_text, date_text), p) for p in ("\n".join(l) for l in paragraph_lines(top, _drop))]
    offset = moscow_offset(day)
    published_at = f"{day.isoformat()}T{clock}:00{offset}" if clock else day.isoformat()
    page = Page(
        importer=NAME, document_id=page_id, title=title_text, published_at=published_at, date_line=date_text,
        publisher=PUBLISHER, source_url=ADDRESS.format(page_id), license=_license(document, page_id),
        header=header, body=paragraphs,
        inferred=[("published_at", f"the page gives {day.isoformat()} {clock or ''} without a time zone; the UTC "
                                   f"offset {offset} is Moscow time on that date, where the Kremlin publishes")]
        if clock else [],
        non_turn=[("pull_quote", "^" + re.escape(q) + "$") for q in _pull_quotes(body)],
        id_stopwords=frozenset({"vladimir", "putin", "s", "the", "a", "an"}),
    )
    identifier = interview_id(page)
    return assemble(page, _cast(paragraphs, openings, identifier), provenance)


def _one(document, path: str):
    found = document.xpath(path)
    return found[0] if found else None


def _drop(element) -> bool:
    return bool(classes(element) & DROPPED_CLASSES)


def _page_id(document, file_name: str) -> str:
    url = _one(document, '//meta[@property="og:url"]')
    found = re.search(r"/(\d+)/?$", url.get("content", "")) if url is not None else None
    return found.group(1) if found else re.sub(r"\.html?$", "", file_name)


def _published(document) -> Optional[tuple[date, Optional[str], str]]:
    stamp = _one(document, '//time[contains(@class, "read__published")]')
    if stamp is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", stamp.get("datetime", "")):
        return None
    clock = _one(document, '//div[contains(@class, "read__time")]')
    clock_text = element_text(clock) if clock is not None else ""
    return (date.fromisoformat(stamp.get("datetime")), clock_text if re.fullmatch(r"\d{2}:\d{2}", clock_text)
            else None, element_text(stamp))


def moscow_offset(day: date) -> str:
    """Moscow's UTC offset on ``day``: +03:00, with summer time (+04:00) until 2011, and +04:00 all year
    from 27 March 2011 to 26 October 2014 (the switch days themselves counted after the switch)."""
    if date(2011, 3, 27) <= day < date(2014, 10, 26):
        return "+04:00"
    if day >= date(2014, 10, 26):
        return "+03:00"
    return "+04:00" if _last_sunday(day.year, 3) <= day < _last_sunday(day.year, 10) else "+03:00"


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, 31)
    return date.fromordinal(last.toordinal() - (last.weekday() + 1) % 7)


def _top_kind(paragraph: str, title: str, date_text: str) -> str:
    if paragraph == title:
        return "title"
    if paragraph == date_text:
        return "date_line"
    return "lede" if len(paragraph) > 100 else "furniture"


def _license(document, page_id: str) -> License:
    footer = _one(document, '//div[contains(@class, "footer__license")]')
    stated = element_text(footer) if footer is not None else ""
    if "Creative Commons Attribution 4.0" not in stated:
        return License("not stated on the page", None, None)
    return License(stated, "CC-BY-4.0", f"President of Russia, en.kremlin.ru, {ADDRESS.format(page_id)}")


def _bold_labels(body) -> set[str]:
    """The texts of bold runs that open a paragraph (a speaker label, its colon inside or just after)."""
    found = set()
    for paragraph in body.iter("p"):
        if (paragraph.text or "").strip() or not len(paragraph) or paragraph[0].tag not in LABEL_EMPHASIS:
            continue
        label = " ".join(element_text(paragraph[0]).split()).rstrip(": \u00a0")
        if label:
            found.add(label_key(label))
    return found


def _opening(paragraph: str, bold: set[str]) -> Optional[str]:
    """The speaker label a paragraph opens with: a bold opening followed by a colon."""
    head = paragraph.split(":", 1)[0] if ":" in paragraph[:200] else ""
    if head and label_key(head) in bold:
        return " ".join(head.split(" ")).strip()
    return None


def _anonymous(label: str) -> Optional[str]:
    return label_key(label) if label_key(label) in ANONYMOUS else None


def _cast(paragraphs: list[str], openings: list[Optional[str]], identifier: str) -> Cast:
    counts = Counter(o for o in openings if o)
    groups = group_labels(counts, lambda label: "putin" in label_key(label), _anonymous)
    texts = turn_texts(paragraphs, openings)
    named = [g for g in groups if not g.interviewee and not g.anonymous]
    sole = len(named) == 1 and not any(g.anonymous == "question" for g in groups)  # the other side of a dialogue
    speakers = []
    for group in groups:
        longest = max(group.labels, key=lambda l: (len(l), l))
        if group.interviewee:
            speakers.append(Speaker("vladimir-putin", "Vladimir Putin", "interviewee",
                                    _description(longest, "Vladimir Putin") or "President of Russia",
                                    tuple(sorted(group.labels))))
        elif group.anonymous:
            name, role = ANONYMOUS[group.anonymous]
            speakers.append(Speaker(scoped_id(name, identifier or "draft"), f"{name} (not named)", role,
                                    f"speaker labelled '{name}' on the page, not named", tuple(sorted(group.labels))))
        elif any(len(label.split()) >= 2 for label in group.labels):  # a person's name, not "Second:"
            name = display_name(min((l for l in group.labels if len(l.split()) >= 2), key=lambda l: (len(l), l)))
            asks = question_share(text for label in group.labels for text in texts.get(label, []))
            role = "interviewer" if sole or asks >= QUESTION_SHARE else "other"
            speakers.append(Speaker(person_id(name), name, role,
                                    _description(longest, name), tuple(sorted(group.labels))))
    ignored = sorted({found for p in paragraphs if (found := label_opening(p)) and not any(
        label_key(found) == label_key(label) for s in speakers for label in s.labels)})
    return Cast(unique_ids(speakers), ignored)


def _description(label: str, name: str) -> str:
    """The words of the longest label before the name ('President of Russia'), else the label."""
    words = label.split()
    if label_key(label).endswith(label_key(name)) and len(words) > len(name.split()):
        return " ".join(words[: len(words) - len(name.split())])
    return label if label_key(label) != label_key(name) else ""


def _pull_quotes(body) -> list[str]:
    quotes = []
    for quote in body.iter("blockquote"):
        if not _drop(quote):
            quotes += ["\n".join(lines) for lines in paragraph_lines(quote, _drop)]
    return sorted(set(quotes))
