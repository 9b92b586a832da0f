"""Real transcripts from three other publishers, declared as a user declares them and built with the CLI.

Each transcript is a page of the shared corpus (../shared/corpus: kremlin.ru, whitehouse.gov, PM Transcripts),
turned into the text a reader saves (tests/corpus_text.py) in a temporary raw/ folder, next to an
interview.yaml written by hand as a user writes it: labels typed with plain spaces although the pages put
no-break spaces inside them, stage notes, pull quotes and "See also" blocks declared with `non_turn`, the
page's tail with `trailing_residue`. `interview-data build` builds them all into one release, and each
gives exactly the turns per speaker counted by reading its paragraphs, one by one (the counts below are
not computed: the paragraphs were printed, numbered, and every label read; the comments list them).
The corpus is never copied into the repository; without it these tests are skipped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
import yaml

from interview_data.reading.layout import label_opening

from .conftest import EVERY_SPLIT
from .corpus_text import CORPUS, kremlin_paragraphs, pm_paragraphs, source_text, whitehouse_paragraphs
from .test_cli import run

NON_TURN_KINDS = ("stage_note", "pull_quote", "cross_reference", "caption")


@dataclass(frozen=True)
class Real:
    corpus_file: str  # inside ../shared/corpus
    paragraphs: Callable[[], list[str]]
    interview_yaml: str
    turns: dict[str, int]  # speaker_id -> turns, counted by reading
    non_turn: list[tuple[str, str]] = field(default_factory=list)  # (kind, paragraph) declared, in order

    @property
    def interview_id(self) -> str:
        return yaml.safe_load(self.interview_yaml)["interview_id"]


KREMLIN_LICENSE = """\
license:
  source_text: >-
    Creative Commons Attribution 4.0 International, as the page's footer says: "All content on this
    site is licensed under Creative Commons Attribution 4.0 International".
  annotations: CC-BY-4.0
  code: MIT
"""


def kremlin_tail(*entries: str) -> str:
    """trailing_residue for a kremlin.ru page's tail: its geography, topics and persons, then the page's own."""
    return ("'^(?:Geography|Topics|Persons|" + "|".join(entries) + "|Publication status|Text version)$"
            "|^(?:Published in|Publication date:|Direct link:)'")


WHITE_HOUSE_LICENSE = """\
license:
  source_text: >-
    Public domain in the United States: a work of the US federal government (17 U.S.C. 105); the
    questions are asked by journalists of private outlets.
  annotations: CC-BY-4.0
  code: MIT
"""
PM_LICENSE = """\
license:
  source_text: >-
    Commonwealth of Australia, Creative Commons Attribution (3.0 Australia in the harvested
    collection's README, 4.0 on the PM Transcripts site's copyright page). Source: PM Transcripts,
    Department of the Prime Minister and Cabinet.
  annotations: CC-BY-4.0
  code: MIT
"""

REAL = {
    # One named interviewer; the video's caption repeats the title; a "See also" block (three paragraphs)
    # after the last answer, before the page's tail. Read: [7] Vandenko, [8] Putin, [9] V, [10] P, [11] V,
    # [12] P, [13] V, [14] P (+[15]), [16] V, [17] P, [18] V, [19] P, [20] V, [21] P (+[22]-[26]), [27] V,
    # [28] P (+[29]): 8 and 8.
    "kremlin-62917": Real("kremlin/62917.html", lambda: kremlin_paragraphs("62917"), """\
interview_id: 2020-03-02-putin-tass-army
title: On army and arms race (interview to TASS)
published_at: "2020-03-02T15:00:00+03:00"
date_line: March 2, 2020
publisher: President of Russia (en.kremlin.ru)
source_url: http://en.kremlin.ru/events/president/news/62917
language: en
""" + KREMLIN_LICENSE + """\
speakers:
  - speaker_id: andrei-vandenko
    name: Andrei Vandenko
    role: interviewer
    description: TASS
  - speaker_id: vladimir-putin
    name: Vladimir Putin
    role: interviewee
    description: President of Russia
layout:
  paragraphs: blank_line
  # Events / title / two lede paragraphs / date / time / the video's caption
  front_matter: [furniture, title, lede, lede, date_line, furniture, title_repeat]
  turn_marker: label
  non_turn:
    - {kind: cross_reference, pattern: '^See also$'}
    - {kind: cross_reference, pattern: '^Brain drain and'}
    - {kind: cross_reference, pattern: '^February 27, 2020$'}
  trailing_residue: """ + kremlin_tail() + """
inferred:
  - field: published_at
    note: the page gives 15:00 without a zone; +03:00 is Moscow time
""", {"andrei-vandenko": 8, "vladimir-putin": 8},
        [("cross_reference", "See also"),
         ("cross_reference", "Brain drain and\u00a0Silicon Valley (interview to\u00a0TASS)"),
         ("cross_reference", "February 27, 2020")]),

    # The agency asks ("Question:"), Putin answers, first as "President of\xa0Russia Vladimir Putin:"; two pull
    # quotes (”...“) and a "See also" block inside his answers. Read: [4] Q, [5] P (+[6], [10]-[13]), [14] Q,
    # [16] P (+[17], [18]), [19] Q, [20] P, [24] Q, [25] P, [32] Q, [33] P: 5 and 5. Pull quotes [15], [30].
    "kremlin-17723": Real("kremlin/17723.html", lambda: kremlin_paragraphs("17723"), """\
interview_id: 2013-03-22-putin-itar-tass-brics
title: Interview to the ITAR-TASS news agency
# the page's time, 00:00, is no time of day: the date alone
published_at: "2013-03-22"
date_line: March 22, 2013
publisher: President of Russia (en.kremlin.ru)
source_url: http://en.kremlin.ru/events/president/news/17723
language: en
""" + KREMLIN_LICENSE + """\
speakers:
  - speaker_id: itar-tass
    name: ITAR-TASS
    role: interviewer
    labels: [Question]
  - speaker_id: vladimir-putin
    name: Vladimir Putin
    role: interviewee
    labels: [President of Russia Vladimir Putin, Vladimir Putin]
layout:
  paragraphs: blank_line
  front_matter: [furniture, title, date_line, furniture]
  turn_marker: label
  non_turn:
    - {kind: pull_quote, pattern: '^”.+“$'}
    - {kind: cross_reference, pattern: '^See also$'}
    - {kind: cross_reference, pattern: '^Concept of'}
    - {kind: cross_reference, pattern: '^March 21, 2013$'}
  trailing_residue: """ + kremlin_tail("BRICS", "Economy and finance", "Foreign policy") + """
""", {"itar-tass": 5, "vladimir-putin": 5}, [
        ("cross_reference", "See also"),
        ("cross_reference", "Concept of\u00a0participation of\u00a0the\u00a0Russian Federation in\u00a0BRICS"),
        ("cross_reference", "March 21, 2013"), ("pull_quote", "\u201dBRICS is a\u00a0key element..."),
        ("pull_quote", "\u201dBRICS members advocate...")]),

    # Three presidents, each first labelled with his title ("President of\xa0the\xa0Republic of\xa0Turkey Recep
    # Tayyip Erdogan (retranslated):"), then by name (once "Recep Tayyip\xa0Erdogan:"); journalists ask
    # ("Question:", "Question (retranslated):") and one answers Putin ("Remark: Yes."); photo captions in the
    # text. Read: [7] Erdogan, [30] Rouhani, [46] E, [47] Putin, [66] E, [72] Q, [73] P, [74] Q, [76] P,
    # [77] Remark, [78] P, [81] Q, [83] P, [84] Q, [86] R, [89] E, [97] Q, [99] R, [100] E, [102] Q, [104] P,
    # [108] R, [110] E, [115] Q, [116] E: Erdogan 7, Rouhani 4, Putin 6, journalists 7 + 1.
    "kremlin-57201": Real("kremlin/57201.html", lambda: kremlin_paragraphs("57201"), """\
interview_id: 2018-04-04-putin-erdogan-rouhani-ankara
title: News conference following a meeting of the presidents of Russia, Turkey and Iran
published_at: "2018-04-04T16:20:00+03:00"
date_line: April 4, 2018
publisher: President of Russia (en.kremlin.ru)
source_url: http://en.kremlin.ru/events/president/news/57201
language: en
""" + KREMLIN_LICENSE + """\
speakers:
  - speaker_id: recep-tayyip-erdogan
    name: Recep Tayyip Erdogan
    role: interviewee
    description: President of Turkey
    labels: [President of the Republic of Turkey Recep Tayyip Erdogan, Recep Tayyip Erdogan]
  - speaker_id: hassan-rouhani
    name: Hassan Rouhani
    role: interviewee
    description: President of Iran
    labels: [President of the Islamic Republic of Iran Hassan Rouhani, Hassan Rouhani]
  - speaker_id: vladimir-putin
    name: Vladimir Putin
    role: interviewee
    description: President of Russia
    labels: [President of Russia Vladimir Putin, Vladimir Putin]
  - speaker_id: journalists
    name: Journalists
    role: interviewer
    description: journalists from Iran, Russia and Turkey
    labels: [Question, Remark]
layout:
  paragraphs: blank_line
  front_matter: [furniture, title, lede, date_line]
  # then the time, the place and a photo caption: furniture
  transcript_starts_with: President of the Republic of Turkey
  turn_marker: label
  non_turn:
    # Photo captions, typed with plain spaces: patterns see the page's no-break spaces as spaces
    - {kind: caption, pattern: '^News conference following a'}
    - {kind: caption, pattern: '^President of (?:Turkey Recep Tayyip Erdogan|Iran Hassan Rouhani)\\.$'}
    - {kind: cross_reference, pattern: '^See also$'}
    - {kind: cross_reference, pattern: '^Visit to'}
    - {kind: cross_reference, pattern: '^April 3 \u2212 4, 2018$'}
  trailing_residue: """ + kremlin_tail("Iran", "Syria", "Turkey", "Foreign policy", "Erdogan Recep Tayyip",
                                       "Rouhani Hassan") + """
inferred:
  - field: published_at
    note: the page gives 16:20 without a zone; +03:00 is Moscow time (and Ankara's)
""", {"recep-tayyip-erdogan": 7, "hassan-rouhani": 4, "vladimir-putin": 6, "journalists": 8}, [
        ("caption", "President of\u00a0Turkey Recep Tayyip Erdogan."),
        ("caption", "President of\u00a0Iran Hassan Rouhani."),
        ("caption", "News conference following a..."), ("caption", "News conference following a..."),
        ("caption", "News conference following a..."), ("caption", "News conference following a..."),
        ("cross_reference", "See also"), ("cross_reference", "Visit to\u00a0Turkey"),
        ("cross_reference", "April 3 \u2212 4, 2018")]),

    # A joint news conference: Putin opens, then Merkel (first with her title and "(retranslated)", once
    # misspelt "Angela Markel:"), journalists ask ("Question:", "Question (retranslated):"); photo captions inside
    # turns, a "See also" block inside Putin's statement. Read: [6] Putin, [35] Merkel, [53] Q, [55] P, [58] Q,
    # [61] P, [63] M, [65] Q, [66] M ("Markel"), [70] Q, [74] P, [81] M: 4, 4, 4.
    "kremlin-62565": Real("kremlin/62565.html", lambda: kremlin_paragraphs("62565"), """\
interview_id: 2020-01-11-putin-merkel-news-conference
title: News conference following Russian-German talks
published_at: "2020-01-11T18:35:00+03:00"
date_line: January 11, 2020
publisher: President of Russia (en.kremlin.ru)
source_url: http://en.kremlin.ru/events/president/news/62565
language: en
""" + KREMLIN_LICENSE + """\
speakers:
  - speaker_id: vladimir-putin
    name: Vladimir Putin
    role: interviewee
    description: President of Russia
    labels: [President of Russia Vladimir Putin, Vladimir Putin]
  - speaker_id: angela-merkel
    name: Angela Merkel
    role: interviewee
    description: Federal Chancellor of Germany
    # the page misspells her name once
    labels: [Federal Chancellor of Germany Angela Merkel, Angela Merkel, Angela Markel]
  - speaker_id: journalists
    name: Journalists
    role: interviewer
    labels: [Question]
layout:
  paragraphs: blank_line
  # Events / title / lede / date / time / place
  front_matter: [furniture, title, lede, date_line, furniture, furniture]
  turn_marker: label
  non_turn:
    - {kind: cross_reference, pattern: '^See also$'}
    - {kind: cross_reference, pattern: '^Russian-German talks$'}
    - {kind: cross_reference, pattern: '^January 11, 2020$'}
    # photo captions, typed with plain spaces (the page has a no-break space after "At")
    - {kind: caption, pattern: '^At News conference following Russian-German talks\\.$'}
    - {kind: caption, pattern: '^News conference following Russian-German talks\\. '}
  trailing_residue: """ + kremlin_tail("Germany", "Foreign policy", "Merkel Angela") + """
inferred:
  - field: published_at
    note: the page gives 18:35 without a zone; +03:00 is Moscow time
""", {"vladimir-putin": 4, "angela-merkel": 4, "journalists": 4}, [
        ("cross_reference", "See also"), ("cross_reference", "Russian-German talks"),
        ("cross_reference", "January 11, 2020")]
        + [("caption", "At\u00a0News conference following Russian-German talks.")]
        + [("caption", "News conference following Russian-German talks. Federal Chancellor...")]
        + [("caption", "At\u00a0News conference following Russian-German talks.")] * 3
        + [("caption", "News conference following Russian-German talks. With Federal Chancellor...")]),

    # A short briefing: "THE PRESIDENT:", "DR. HAHN:", "THE VICE PRESIDENT:", journalists as "Q" and three
    # no-break spaces; "END" and the closing time. Read: [8] President, [26] Hahn, [40] Pr, [41] Q, [42] Pr,
    # [43] Q, [44] H, [45] Q, [46] H, [49] Pr, [51] Vice President, [78] Pr: 5, 3, 3, 1.
    "whitehouse-april-24": Real("whitehouse-covid-briefings/white_house_briefing_April-24-2020.html",
                                lambda: whitehouse_paragraphs("white_house_briefing_April-24-2020"), """\
interview_id: 2020-04-24-coronavirus-task-force-briefing
title: Remarks by President Trump, Vice President Pence, and Members of the Coronavirus Task Force in Press Briefing
published_at: "2020-04-24T17:39:00-04:00"
date_line: "April 24, 2020 5:39 P.M. EDT"
publisher: The White House (whitehouse.gov)
source_url: https://www.whitehouse.gov/briefings-statements/remarks-president-trump-vice-president-pence-members-coronavirus-task-force-press-briefing-32/
language: en
""" + WHITE_HOUSE_LICENSE + """\
speakers:
  - {speaker_id: donald-trump, name: Donald Trump, role: interviewee, labels: [The President]}
  - {speaker_id: mike-pence, name: Mike Pence, role: interviewee, labels: [The Vice President]}
  - {speaker_id: stephen-hahn, name: Stephen Hahn, role: interviewee, description: FDA Commissioner, labels: [Dr. Hahn]}
  - {speaker_id: journalists, name: Journalists, role: interviewer, labels: [Q]}
layout:
  paragraphs: blank_line
  # Remarks / title / Healthcare / Issued on: April 27, 2020 / Share: / All News / the room / date and time
  front_matter: [furniture, title, furniture, furniture, furniture, furniture, furniture, date_line]
  turn_marker: label
  trailing_residue: '^(?:END|\\d{1,2}:\\d{2} [AP]\\.M\\. EDT)$'
""", {"donald-trump": 5, "stephen-hahn": 3, "journalists": 3, "mike-pence": 1}),

    # Nine speakers, a "(Laughter.)" paragraph between two turns (another inside Dr. Birx's turn stays there).
    # Read: [8] Pr, [45] VP, [75] Giroir, [101] VP, [106] Birx, [123] G, [124] Adams, [125] G, [126] stage note,
    # [127] B, [128] VP, [129] Fauci, [135] VP, [137] Q, [139] VP, [144] Wolf, [150] Q, [151] W, [152] VP,
    # [153] Q, [155] VP, [158] F, [160] Q, [161] F, [162] Q, [163] F, [164] Q, [165] F, [166] Q, [167] VP,
    # [171] Azar, [180] VP, [182] Q, [184] VP, [188] G, [193] Q, [196] VP: the President 1, the Vice President 11,
    # Giroir 4, Birx 2, Adams 1, Fauci 5, Wolf 2, Azar 1, Q 9.
    "whitehouse-march-15": Real("whitehouse-covid-briefings/white_house_briefing_March-15-2020.html",
                                lambda: whitehouse_paragraphs("white_house_briefing_March-15-2020"), """\
interview_id: 2020-03-15-coronavirus-task-force-briefing
title: Remarks by President Trump, Vice President Pence, and Members of the Coronavirus Task Force in Press Briefing
published_at: "2020-03-15T17:15:00-04:00"
date_line: "Issued on: March 15, 2020"
publisher: The White House (whitehouse.gov)
source_url: https://www.whitehouse.gov/briefings-statements/remarks-president-trump-vice-president-pence-members-coronavirus-task-force-press-briefing-2/
language: en
""" + WHITE_HOUSE_LICENSE + """\
speakers:
  - {speaker_id: donald-trump, name: Donald Trump, role: interviewee, labels: [The President]}
  - {speaker_id: mike-pence, name: Mike Pence, role: interviewee, labels: [The Vice President]}
  - {speaker_id: brett-giroir, name: Brett Giroir, role: interviewee, labels: [Admiral Giroir]}
  - {speaker_id: deborah-birx, name: Deborah Birx, role: interviewee, labels: [Dr. Birx]}
  - {speaker_id: jerome-adams, name: Jerome Adams, role: interviewee, labels: [Surgeon General Adams]}
  - {speaker_id: anthony-fauci, name: Anthony Fauci, role: interviewee, labels: [Dr. Fauci]}
  - {speaker_id: chad-wolf, name: Chad Wolf, role: interviewee, labels: [Acting Secretary Wolf]}
  - {speaker_id: alex-azar, name: Alex Azar, role: interviewee, labels: [Secretary Azar]}
  - {speaker_id: journalists, name: Journalists, role: interviewer, labels: [Q]}
layout:
  paragraphs: blank_line
  # Remarks / title / Healthcare / Issued on: March 15, 2020 / Share: / All News / the room / the time
  front_matter: [furniture, title, furniture, date_line, furniture, furniture, furniture, furniture]
  turn_marker: label
  non_turn:
    - {kind: stage_note, pattern: '^\\(Laughter\\.\\)$'}
  trailing_residue: '^(?:END|\\d{1,2}:\\d{2} [AP]\\.M\\. EDT)$'
""", {"donald-trump": 1, "mike-pence": 11, "brett-giroir": 4, "deborah-birx": 2, "jerome-adams": 1,
      "anthony-fauci": 5, "chad-wolf": 2, "alex-azar": 1, "journalists": 9}, [("stage_note", "(Laughter.)")]),

    # Every label alone in its paragraph ("JOURNALIST:", then the question); dd/mm/yyyy date, no time.
    # Read: [4] J, [6] PM, [8] J, [10] PM, ... alternating to [32] J, [34] PM (+[36] "Thank you."): 8 and 8.
    "pm-12006": Real("pm-transcripts/transcripts/transcript-12006.xml", lambda: pm_paragraphs("12006"), """\
interview_id: 2001-09-28-howard-doorstop-brisbane
title: Doorstop Interview, Brisbane
published_at: "2001-09-28"
date_line: 28/09/2001
publisher: PM Transcripts, Department of the Prime Minister and Cabinet
source_url: https://pmtranscripts.pmc.gov.au/release/transcript-12006
language: en
""" + PM_LICENSE + """\
speakers:
  - {speaker_id: journalists, name: Journalists, role: interviewer, labels: [Journalist]}
  - speaker_id: john-howard
    name: John Howard
    role: interviewee
    description: Prime Minister of Australia
    labels: [Prime Minister]
layout:
  paragraphs: blank_line
  # title / date / "Subjects: CHOGM" / "E&OE..."
  front_matter: [title, date_line, lede, furniture]
  turn_marker: label
""", {"journalists": 8, "john-howard": 8}),

    # A radio show: two hosts by first name, a "PRESENTER" and the Prime Minister as "PM", labels inline;
    # "[ENDS]". Read: [3] Jules, [4] Fifi, [5] J, [6] PM, [7] F, [8] PM, [9] F, [10] PM, [12] F, [13] J, [14] PM,
    # [15] J, [16] PM, [18] F, [19] J, [21] PM, [23] F, [24] J, [25] F, [26] J, [27] PM, [28] F, [29] J,
    # [30] Presenter, [31] J, [32] Pr, [33] J, [34] PM, [35] Pr: Jules 10, Fifi 8, PM 8, Presenter 3.
    "pm-19076": Real("pm-transcripts/transcripts/transcript-19076.xml", lambda: pm_paragraphs("19076"), """\
interview_id: 2013-02-20-gillard-fifi-and-jules
title: Transcript of interview with Fifi and Jules, Fox FM
published_at: "2013-02-20"
date_line: 20/02/2013
publisher: PM Transcripts, Department of the Prime Minister and Cabinet
source_url: https://pmtranscripts.pmc.gov.au/release/transcript-19076
language: en
""" + PM_LICENSE + """\
speakers:
  - {speaker_id: jules, name: Jules, role: interviewer, description: Fox FM presenter}
  - {speaker_id: fifi, name: Fifi, role: interviewer, description: Fox FM presenter}
  - speaker_id: presenter
    name: Presenter
    role: interviewer
    description: a presenter the transcript does not name
  - speaker_id: julia-gillard
    name: Julia Gillard
    role: interviewee
    description: Prime Minister of Australia
    labels: [PM]
layout:
  paragraphs: blank_line
  front_matter: [title, date_line, furniture]
  turn_marker: label
  trailing_residue: '^\\[ENDS\\]$'
""", {"jules": 10, "fifi": 8, "julia-gillard": 8, "presenter": 3}),
}


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    """All the real transcripts in one raw/ folder, built by `interview-data build`."""
    missing = [real.corpus_file for real in REAL.values() if not (CORPUS / real.corpus_file).is_file()]
    if missing:
        pytest.skip(f"the shared corpus is absent ({CORPUS / missing[0]}, {len(missing)} file(s) missing)")
    root = tmp_path_factory.mktemp("real")
    for real in REAL.values():
        folder = root / "raw" / real.interview_id
        folder.mkdir(parents=True)
        (folder / "source.txt").write_text(source_text(real.paragraphs()), encoding="utf-8")
        (folder / "interview.yaml").write_text(real.interview_yaml, encoding="utf-8")
    result = run("build", "--raw", str(root / "raw"), "--out", str(root / "out"))
    assert result.returncode == 0, result.stderr
    return root / "out"


@pytest.fixture(scope="module")
def tables(release) -> dict[str, list[dict]]:
    from interview_data import load

    interviews = load("interviews", EVERY_SPLIT, release=release)
    kind = interviews.features["accounted"].feature["kind"]
    rows = list({row["interview_id"]: row for row in interviews.to_list()}.values())  # one per split: alike
    for row in rows:
        row["accounted"] = [dict(piece, kind=kind.int2str(piece["kind"])) for piece in row["accounted"]]
    return {"turns": load("turns", EVERY_SPLIT, release=release).to_list(), "interviews": rows}


@pytest.mark.parametrize("name", sorted(REAL))
def test_a_real_transcript_gives_the_turns_a_reader_counts(tables, name):
    real = REAL[name]
    turns = [t for t in tables["turns"] if t["interview_id"] == real.interview_id]
    assert dict(Counter(t["speaker_id"] for t in turns)) == real.turns
    openings = [(t["turn_id"], p["text"][:60]) for t in turns for p in t["paragraphs"] if label_opening(p["text"])]
    assert openings == []


@pytest.mark.parametrize("name", sorted(REAL))
def test_declared_non_turn_paragraphs_are_accounted_by_kind(tables, name):
    """Each paragraph a `non_turn` rule declares is accounted with its kind (a text ending in "..." is the
    paragraph's opening), in the order of the page."""
    real = REAL[name]
    interview = next(i for i in tables["interviews"] if i["interview_id"] == real.interview_id)
    declared = [(p["kind"], p["text"]) for p in interview["accounted"] if p["kind"] in NON_TURN_KINDS]
    assert len(declared) == len(real.non_turn), declared
    for (kind, text), (expected_kind, expected) in zip(declared, real.non_turn):
        assert kind == expected_kind
        assert text.startswith(expected[:-3]) if expected.endswith("...") else text == expected


def test_page_text_is_one_paragraph_per_block_as_a_reader_sees_it():
    """corpus_text: hard wraps and indentation become one space, no-break spaces stay, <br> breaks the line,
    scripts and hidden pop-ups are left out, and only the selected element is read."""
    from .corpus_text import html_paragraphs

    page = ("<html><head><title>T</title><script>var x = 1;</script></head><body><nav><p>Menu</p></nav>"
            "<article><h1>An\n   interview</h1><p><b>Question: </b>Why?</p><p>President of&nbsp;Russia "
            "<a>Vladimir Putin<span class='tooltip__text'><span>Putin Vladimir</span></span></a>:\nBecause."
            "<br/>Second line.</p><p>&nbsp;</p><div>See also<div>A link</div></div></article></body></html>")
    paragraphs = html_paragraphs(page, keep=lambda tag, attrs: tag == "article",
                                 hide=lambda tag, attrs: attrs.get("class") == "tooltip__text")
    assert paragraphs == ["An interview", "Question: Why?",
                          "President of\u00a0Russia Vladimir Putin: Because.\nSecond line.", "See also", "A link"]
    assert source_text(["a", "b"]) == "a\n\nb\n"



# --- regression: the opening words of the first turn, typed with plain spaces ------------------------------

NBSP_PAGE = ("Events\n\nNews conference\n\nApril 4, 2018\n\nAnkara\n\n"
             "President of\u00a0the\u00a0Republic of\u00a0Turkey Recep Tayyip Erdogan (retranslated): Friends.\n\n"
             "Question: Why?\n\nRecep Tayyip\u00a0Erdogan: Because.\n")
NBSP_YAML = """\
interview_id: 2018-04-04-nbsp-start
title: News conference
published_at: "2018-04-04"
publisher: Example
source_url: https://example.org/news
language: en
license: {source_text: not stated, annotations: CC-BY-4.0, code: MIT}
speakers:
  - speaker_id: recep-tayyip-erdogan
    name: Recep Tayyip Erdogan
    role: interviewee
    labels: [President of the Republic of Turkey Recep Tayyip Erdogan, Recep Tayyip Erdogan]
  - {speaker_id: journalists, name: Journalists, role: interviewer, labels: [Question]}
layout:
  paragraphs: blank_line
  front_matter: [furniture, title, date_line]
  transcript_starts_with: President of the Republic of Turkey
  turn_marker: label
"""


def write_raw(tmp_path: Path, source: str, interview_yaml: str) -> Path:
    folder = tmp_path / yaml.safe_load(interview_yaml)["interview_id"]
    folder.mkdir()
    (folder / "source.txt").write_text(source, encoding="utf-8")
    (folder / "interview.yaml").write_text(interview_yaml, encoding="utf-8")
    return folder


def test_transcript_starts_with_typed_with_plain_spaces_finds_the_opening_with_no_break_spaces(tmp_path):
    """kremlin.ru puts no-break spaces inside the first turn's opening words; the user types plain spaces,
    as for labels (this was compared character for character, and refused)."""
    from interview_data.reading.interview import read_records

    tables = read_records(write_raw(tmp_path, NBSP_PAGE, NBSP_YAML))
    assert [t.speaker_id for t in tables.turns] == ["recep-tayyip-erdogan", "journalists", "recep-tayyip-erdogan"]
    front = [(p.kind.value, p.text) for p in tables.interviews[0].accounted if p.kind.value not in (
        "whitespace", "turn_marker")]
    assert front == [("furniture", "Events"), ("title", "News conference"), ("date_line", "April 4, 2018"),
                     ("furniture", "Ankara")]


def test_transcript_starts_with_still_refuses_words_no_paragraph_opens_with(tmp_path):
    from interview_data.errors import InterviewDataError
    from interview_data.reading.interview import read_records

    folder = write_raw(tmp_path, NBSP_PAGE, NBSP_YAML.replace("Republic of Turkey\n", "Republic of Iran\n"))
    with pytest.raises(InterviewDataError, match="no paragraph starts with layout.transcript_starts_with "
                                                 "'President of the Republic of Iran'"):
        read_records(folder)
