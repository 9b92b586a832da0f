"""Australian Prime Ministers' transcripts, as the PM Transcripts site's XML export (1945-2019).

- The file is ``<transcripts><transcript>`` with ``transcript-id``, ``title``,
  ``prime-minister`` ("Howard, John"), ``release-date`` (dd/mm/yyyy) and the
  transcript as HTML in ``content``. source.txt is the title, the release
  date as written, then the content's paragraphs.
- Labels are upper case and end with a colon, alone in their paragraph
  (``<p>JOURNALIST:</p>``) or before the text (``PRIME MINISTER: Well``);
  in scanned transcripts the lines are ``<br>``-separated and a line that
  opens with a label starts a new paragraph.
- The Prime Minister named in the file is the interviewee, whatever the label
  (``PRIME MINISTER``, ``PM``, ``PRIME MINSTER``, ``HOWARD``, ``MR HOWARD``,
  ``PM RUDD``, ``JULIA GILLARD``, the initials ``PK``). ``JOURNALIST``,
  ``QUESTION``, ``Q``, ``CALLER``, ``HOST`` and the like are anonymous
  interviewers scoped to the interview; a surname label (``LAWS``) is a named
  speaker, given the full name when the title has it (``Interview with Steve
  Austin``); its role is interviewer when the title names them or they ask.
- In a scanned (``<br>``-wrapped) transcript, a label seen once that matches
  no other speaker is taken as OCR damage, and the file is quarantined.
- The release date has no time: ``published_at`` is the date alone.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from typing import Optional

from lxml import etree

from ..reading.metadata import label_key
from .cast import (QUESTION_SHARE, Cast, Speaker, display_name, group_labels, normal, person_id, question_share,
                   scoped_id, unique_ids)
from .draft import License, Page, Provenance, Quarantine, assemble, interview_id, opening_label, turn_texts
from .html_text import html_fragment, paragraph_lines, split_at, xml_parser

NAME = "pm-transcripts"
SUFFIXES = (".xml",)
PUBLISHER = "Department of the Prime Minister and Cabinet, Australia (PM Transcripts)"
ADDRESS = "https://pmtranscripts.pmc.gov.au/release/transcript-{}"
LICENSE = License("Licensed from the Commonwealth of Australia under a Creative Commons Attribution 3.0 "
                  "Australia Licence", "CC-BY-3.0-AU", "Source: PM Transcripts, Department of the Prime Minister "
                                                       "and Cabinet")
ANONYMOUS = {  # normal form of the label -> (role word, role)
    **{word: ("journalist", "interviewer") for word in (
        "journalist", "journalists", "j", "jrnlst", "journo", "reporter", "reporters", "press")},
    **{word: ("question", "interviewer") for word in ("question", "questions", "q", "questioner")},
    **{word: ("caller", "interviewer") for word in ("caller", "callers", "talkback caller")},
    **{word: ("host", "interviewer") for word in ("host", "presenter", "compere", "interviewer", "announcer",
                                                  "moderator", "chairman", "chair")},
    **{word: ("audience member", "other") for word in ("audience", "audience member", "voice", "voices",
                                                       "unidentified", "unidentified speaker", "participant",
                                                       "crowd", "man", "woman", "student")},
}
NEAR_ROLE = {"journalist": 0.8, "question": 0.8, "prime minister": 0.8}
NOT_SPEAKERS = frozenset("""subjects subject topics topic embargo embargoed ends end e oe eoe transcript note date
    place check against delivery proof only released release time location venue""".split())
STAGE_NOTES = [r"(?i)^\[?\(?(?:ENDS?|E\s?&\s?O\s?E|END OF TRANSCRIPT)\.?\)?\]?$"]  # not '[Inaudible]': a turn
OTHER_OFFICES = frozenset({"deputy", "acting", "former", "assistant", "shadow", "opposition"})


def convert(data: bytes, provenance: Provenance):
    record = etree.fromstring(data, xml_parser())
    transcript = record if record.tag == "transcript" else record.find("transcript")
    if transcript is None:
        return Quarantine("unreadable", "no <transcript> element: not a PM Transcripts XML file")
    fields = {name: " ".join((transcript.findtext(name) or "").split())
              for name in ("transcript-id", "title", "prime-minister", "release-date")}
    try:
        day = datetime.strptime(fields["release-date"], "%d/%m/%Y").date()
    except ValueError:
        return Quarantine("unreadable", f"release-date {fields['release-date']!r} is not dd/mm/yyyy")
    if not fields["transcript-id"] or not fields["title"] or "," not in fields["prime-minister"]:
        missing = [name for name in ("transcript-id", "title", "prime-minister") if not fields[name]]
        return Quarantine("missing_metadata", f"{', '.join(missing) or 'prime-minister'} empty or not "
                                              "'Surname, First'")
    surname, first = (part.strip() for part in fields["prime-minister"].split(",", 1))
    pm = PrimeMinister(f"{first} {surname}", surname)
    content = transcript.findtext("content") or ""
    lines = paragraph_lines(html_fragment(content)) if content.strip() else []
    scanned = "<br" in content.lower()
    paragraphs = split_at(lines, lambda line: _opening(line, pm) is not None)
    openings = [_opening(p, pm) for p in paragraphs]
    if not any(openings):
        return Quarantine("not_a_transcript", f"{len(paragraphs)} paragraph(s), none opens with an upper-case "
                                              "speaker label (a speech, statement or unlabelled text)")
    page = Page(
        importer=NAME, document_id=fields["transcript-id"], title=fields["title"], published_at=day.isoformat(),
        date_line=fields["release-date"], publisher=PUBLISHER, source_url=ADDRESS.format(fields["transcript-id"]),
        license=LICENSE,
        header=[("title", fields["title"]), ("date_line", fields["release-date"])], body=paragraphs,
        inferred=[("source_url", "formed from the transcript id: the PM Transcripts release page; the file "
                                 "does not state its address"),
                  ("license", "the file states no licence: these are the terms the PM Transcripts collection "
                              "states for its transcripts (the site's copyright page now gives CC BY 4.0)")],
        non_turn=[("stage_note", pattern) for pattern in STAGE_NOTES],
        id_stopwords=frozenset({"transcript", "of", "the", "prime", "minister", "hon", "mp", "pm", "a", "an", "and",
                                *normal(pm.name).split()}),
    )
    identifier = interview_id(page)
    cast = _cast(paragraphs, openings, pm, fields["title"], identifier, scanned)
    if isinstance(cast, Quarantine):
        return cast
    return assemble(page, cast, provenance)


class PrimeMinister:
    def __init__(self, name: str, surname: str) -> None:
        self.name = name
        self.surname = normal(surname)
        self.forms = {"prime minister", "the prime minister", "pm", "p m", "the pm", self.surname,
                      normal(name), f"mr {self.surname}", f"mrs {self.surname}", f"ms {self.surname}",
                      f"prime minister {self.surname}", f"pm {self.surname}", f"prime minister {normal(name)}",
                      "".join(word[0] for word in normal(name).split())}

    def named(self, label: str) -> bool:
        """Whether a label names the Prime Minister (typos and OCR damage of 'PRIME MINISTER' and 'PM' included)."""
        text = normal(label)
        letters = re.sub(r"[^a-z]", "", text)
        if text in self.forms or re.fullmatch(r"[a-z]?pm[a-z]?", letters) and len(letters) <= 3:
            return True
        if set(text.split()) & OTHER_OFFICES:  # DEPUTY PRIME MINISTER is not the Prime Minister
            return False
        near = (len(text.split()) == 2 and _near(text, "prime minister")
                or len(text.split()) == 1 and len(self.surname) >= 5 and _near(text, self.surname))
        return near or (text.startswith("prime minister ") and _near(text[15:], self.surname))


def _near(text: str, target: str) -> bool:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, text, target).ratio() >= 0.8


TIGHT_LABEL = re.compile(r"([A-Z][A-Z.'’ -]{0,40}?)[ \u00a0]*(?::(?=\S)|[ \u00a0]{2,}(?=\S))")


def _opening(paragraph: str, pm: PrimeMinister) -> Optional[str]:
    """A speaker label opening the paragraph: upper case, or a known role or the PM in any case; also an upper
    case label with no space after its colon (``PM:Okay``) and a role or PM label before two spaces."""
    label = opening_label(paragraph)
    if label is not None:
        return label if label.upper() == label or pm.named(label) or _anonymous(label) else None
    tight = TIGHT_LABEL.match(paragraph)
    if tight and (paragraph[tight.end() - 1] == ":" or pm.named(tight.group(1)) or _anonymous(tight.group(1))):
        return tight.group(1).strip()
    return None


def _anonymous(label: str) -> Optional[str]:
    text = normal(label)
    if text in ANONYMOUS:
        return text
    if len(text) >= 6 and _near(text, "journalist"):
        return "journalist"
    return None


def _cast(paragraphs: list[str], openings: list[Optional[str]], pm: PrimeMinister, title: str,
          identifier: str, scanned: bool) -> Cast | Quarantine:
    counts = Counter(o for o in openings if o and normal(o) not in NOT_SPEAKERS)
    groups = group_labels(counts, pm.named, _anonymous)
    for label in sorted({found for p in paragraphs if (found := opening_label(p)) and found not in counts}):
        home = next((g for g in groups if not g.anonymous and any(_same_person(label, known) for known in g.labels)),
                    None)  # 'John Laws:' in a recording quoted by LAWS is LAWS
        if home is not None and label_key(label) not in {label_key(known) for known in home.labels}:
            home.labels.append(label)
    texts = turn_texts(paragraphs, openings)
    named = [g for g in groups if not g.interviewee and not g.anonymous]
    unresolved = [g.labels[0] for g in named if scanned and g.count == 1]
    if unresolved:
        return Quarantine("unresolved_labels", f"label(s) {', '.join(sorted(unresolved))} seen once in a scanned "
                                               "transcript, matching no speaker")
    interviewer_known = any(ANONYMOUS[g.anonymous][1] == "interviewer" for g in groups if g.anonymous)
    speakers = []
    for group in groups:
        labels = tuple(sorted(group.labels))
        if group.interviewee:
            speakers.append(Speaker(person_id(pm.name), pm.name, "interviewee", "Prime Minister of Australia", labels))
        elif group.anonymous:
            word, role = ANONYMOUS[group.anonymous]
            speakers.append(Speaker(scoped_id(word, identifier), f"{word.capitalize()} (not named)", role,
                                    f"labelled {group.labels[0]} in the transcript, not named", labels))
        else:
            name = _full_name(group.labels[0], title) or display_name(group.labels[0])
            asks = question_share(text for label in group.labels for text in texts.get(label, []))
            in_title = _full_name(group.labels[0], title) is not None
            sole = len(named) == 1 and not interviewer_known
            role = "interviewer" if in_title or sole or asks >= QUESTION_SHARE else "other"
            speakers.append(Speaker(person_id(name), name, role, f"labelled {group.labels[0]} in the transcript",
                                    labels))
    speakers = unique_ids(speakers)
    known = {label_key(label) for s in speakers for label in s.labels}
    ignored = sorted({label for p in paragraphs if (label := opening_label(p)) and label_key(label) not in known})
    return Cast(speakers, ignored)


def _same_person(label: str, known: str) -> bool:
    a, b = normal(label), normal(known)
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)


def _full_name(label: str, title: str) -> Optional[str]:
    """'Anna Reynolds' for the label REYNOLDS when the title names her ('... WITH ANNA REYNOLDS, ...')."""
    words = normal(label).split()
    if not words or len(words[-1]) < 3:
        return None
    found = re.search(r"\b([A-Z][A-Za-z'’-]+)\s+(" + re.escape(words[-1]) + r")\b", title, re.IGNORECASE)
    if not found or found.group(1).lower() in {"with", "and", "the", "mr", "mrs", "ms", "dr", "by", "to", "on"}:
        return None
    return display_name(f"{found.group(1)} {found.group(2)}".upper()) if title.isupper() else \
        f"{found.group(1)} {found.group(2)}"
