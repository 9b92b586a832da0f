"""`interview-data import` on publishers' real files from ../shared/corpus (never copied into the repository).

The expected turns per speaker were counted by reading each file's own text
(its labels, and the unlabelled paragraphs that continue a turn), not by
running the importer; the files span 1978-2020, XML and HTML, and three
publishers. Files the importer must refuse are tested with their reason.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from interview_data.cli import main
from interview_data.importing import FORMATS
from interview_data.importing.draft import REASONS, Quarantine, split_inline_labels
from interview_data.importing.html_text import html_fragment, paragraph_lines
from interview_data.importing.kremlin import moscow_offset
from interview_data.importing.run import MARKER, convert, import_files, owned
from interview_data.publish.build import build_corpus
from interview_data.publish.record_checks import check_records

from .conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus"
PM = CORPUS / "pm-transcripts" / "transcripts"
KREMLIN = CORPUS / "kremlin"
WHITEHOUSE = CORPUS / "whitehouse-covid-briefings"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is absent ({CORPUS})")

# file -> {speaker name: turns}, counted by reading the file
COUNTED = {
    ("pm-transcripts", "transcript-4726.xml"): {"Malcolm Fraser": 1, "Question (not named)": 1},  # 1978, scanned
    ("pm-transcripts", "transcript-4659.xml"): {"Malcolm Fraser": 3, "Question (not named)": 3},  # 1978, scanned
    ("pm-transcripts", "transcript-4762.xml"): {"Malcolm Fraser": 2, "Question (not named)": 2},  # one label mid-line
    ("pm-transcripts", "transcript-4804.xml"): {"Malcolm Fraser": 6, "Question (not named)": 6},  # two mid-line
    ("pm-transcripts", "transcript-7699.xml"): {"Robert Hawke": 2, "Journalist (not named)": 2},  # 1989
    ("pm-transcripts", "transcript-7764.xml"): {"Robert Hawke": 1, "Journalist (not named)": 1},
    ("pm-transcripts", "transcript-7885.xml"): {"Robert Hawke": 5, "Journalist (not named)": 5},  # 1990
    ("pm-transcripts", "transcript-9892.xml"): {"Paul Keating": 5, "Journalist (not named)": 4},  # 1995, J: and PM:
    ("pm-transcripts", "transcript-10491.xml"): {"John Howard": 5, "Journalist (not named)": 5},  # labels alone
    ("pm-transcripts", "transcript-10636.xml"): {"John Howard": 1, "Journalist (not named)": 1},  # 1998
    ("pm-transcripts", "transcript-11490.xml"): {"John Howard": 3, "Journalist (not named)": 3},  # 2000
    ("pm-transcripts", "transcript-12044.xml"): {"John Howard": 2, "Journalist (not named)": 2},  # a label sans colon
    ("pm-transcripts", "transcript-12073.xml"): {"John Howard": 2, "Journalist (not named)": 2},  # [ends]
    ("pm-transcripts", "transcript-22040.xml"): {"John Howard": 3, "Journalist (not named)": 2},  # 2005
    ("pm-transcripts", "transcript-22418.xml"): {"John Howard": 4, "Journalist (not named)": 3},  # 2006
    ("pm-transcripts", "transcript-17228.xml"): {"Kevin Rudd": 3, "Host (not named)": 3},  # 2010
    ("pm-transcripts", "transcript-17244.xml"): {"Kevin Rudd": 2, "Journalist (not named)": 1},
    ("pm-transcripts", "transcript-17582.xml"): {"Julia Gillard": 3, "Host (not named)": 4},  # 2011
    ("kremlin", "53082.html"): {"Vladimir Putin": 6, "Question (not named)": 6},  # 2016, a long label once
    ("kremlin", "57675.html"): {"Vladimir Putin": 42, "Armin Wolf": 42},  # 2018, "(ORF) news presenter"
    ("kremlin", "60741.html"): {"Vladimir Putin": 7, "Question (not named)": 7},  # 2019
    ("kremlin", "62917.html"): {"Vladimir Putin": 8, "Andrei Vandenko": 8},  # 2020
    ("kremlin", "62991.html"): {"Vladimir Putin": 4, "Andrei Vandenko": 4},  # "<p> <b>" once
    ("whitehouse", "white_house_briefing_March-24-2020.html"): {
        "Donald Trump": 15, "Journalists (not named)": 11, "Dr. Fauci": 2, "Mr. Kudlow": 2, "Dr. Birx": 1,
        "Mike Pence": 1},
}
QUARANTINED = {  # file -> reason
    ("pm-transcripts", "transcript-228.xml"): "unresolved_labels",  # 1960: 'QUESTION.' and 'QUESTION Sir'
    ("pm-transcripts", "transcript-1409.xml"): "one_speaker",  # 1966: the questions are 'Q.', no label
    ("pm-transcripts", "transcript-4774.xml"): "unresolved_labels",  # 1978: 'Prime Minister;'
    ("pm-transcripts", "transcript-9033.xml"): "unresolved_labels",  # 1993: 'PM. I Well'
    ("pm-transcripts", "transcript-11192.xml"): "interviewee_absent",  # the acting PM is interviewed
    ("kremlin", "27028.html"): "not_a_transcript",  # 2002: a summary of an interview
}
FOLDERS = {"pm-transcripts": PM, "kremlin": KREMLIN, "whitehouse": WHITEHOUSE}


def path_of(importer: str, name: str) -> Path:
    return FOLDERS[importer] / name


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """Every counted and every quarantined file, imported once into a temporary raw folder."""
    raw = tmp_path_factory.mktemp("imported") / "raw"
    for importer in FORMATS:
        files = [path_of(i, name) for i, name in [*COUNTED, *QUARANTINED] if i == importer]
        import_files(importer, files, raw)
    return raw


@needs_corpus
def test_at_least_twenty_real_files_from_three_publishers_over_decades():
    assert len(COUNTED) >= 20 and {importer for importer, _ in COUNTED} == set(FORMATS)
    years = {int(convert(i, path_of(i, n).read_bytes(), n).interview_id[:4]) // 10 for i, n in COUNTED}
    assert years >= {197, 198, 199, 200, 201, 202}


@needs_corpus
@pytest.mark.parametrize("importer,name", sorted(COUNTED))
def test_imported_turns_per_speaker_are_those_counted_by_reading(imported, importer, name):
    draft = convert(importer, path_of(importer, name).read_bytes(), name)
    assert not isinstance(draft, Quarantine), draft
    tables = build_corpus_of(imported, draft.interview_id)
    names = {s.speaker_id: s.name for s in tables.speakers}
    assert dict(Counter(names[t.speaker_id] for t in tables.turns)) == COUNTED[importer, name]


def build_corpus_of(raw: Path, interview_id: str):
    from interview_data.reading.interview import read_records

    return read_records(raw / interview_id)


@needs_corpus
@pytest.mark.parametrize("importer,name", sorted(QUARANTINED))
def test_files_that_are_not_dialogues_read_right_are_quarantined_with_their_reason(importer, name):
    result = convert(importer, path_of(importer, name).read_bytes(), name)
    assert isinstance(result, Quarantine) and result.reason == QUARANTINED[importer, name], result


@needs_corpus
def test_the_imported_files_build_and_pass_the_release_checks(imported):
    tables = build_corpus(imported)
    check_records(tables)  # keys, spans, counts, and no turn paragraph opening with a label
    assert len({i.interview_id for i in tables.interviews}) == len(COUNTED)  # a row per split it holds
    source = {i.interview_id: (imported / i.interview_id / "source.txt").read_text(encoding="utf-8")
              for i in tables.interviews}
    for turn in tables.turns:
        assert all(source[turn.interview_id][p.char_start:p.char_end] == p.text for p in turn.paragraphs)


@needs_corpus
def test_provenance_is_recorded_and_carried_into_the_interviews_table(imported):
    name = "transcript-7885.xml"
    data = (PM / name).read_bytes()
    tables = build_corpus(imported)
    row = next(i for i in tables.interviews if i.provenance and i.provenance.original_file == name)
    assert row.provenance.sha256 == hashlib.sha256(data).hexdigest()
    assert row.provenance.importer == "pm-transcripts" and row.published_at == "1990-02-04"
    meta = yaml.safe_load((imported / row.interview_id / "interview.yaml").read_text(encoding="utf-8"))
    assert meta["provenance"]["original_file"] == name and meta["date_line"] == "04/02/1990"


@needs_corpus
def test_unnamed_interviewers_get_ids_scoped_to_their_interview(imported):
    tables = build_corpus(imported)
    anonymous = [s for s in tables.speakers if s.name.endswith("(not named)")]
    assert anonymous and all(s.speaker_id.endswith("-at-" + s.interview_id) for s in anonymous)
    named = {s.speaker_id for s in tables.speakers if s.name == "John Howard"}
    assert named == {"john-howard"}  # a named person keeps one id across interviews


@needs_corpus
def test_kremlin_page_facts_no_break_spaces_and_pull_quotes():
    name = "54023.html"
    draft = convert("kremlin", (KREMLIN / name).read_bytes(), name)
    meta = draft.meta
    assert meta["published_at"].endswith("+03:00") and meta["source_url"].endswith("/54023")
    assert meta["license"]["source_text"].startswith("All content on this site is licensed under Creative Commons")
    assert "\u00a0" in draft.source_text
    quotes = [rule for rule in meta["layout"]["non_turn"] if rule["kind"] == "pull_quote"]
    assert len(quotes) == 6
    assert "See also" not in draft.source_text and "Publication status" not in draft.source_text


@needs_corpus
def test_whitehouse_stage_notes_belong_to_no_turn(tmp_path):
    name = "white_house_briefing_March-24-2020.html"
    import_files("whitehouse", [WHITEHOUSE / name], tmp_path)
    (folder,) = [p for p in tmp_path.iterdir() if not p.name.startswith(".")]
    tables = build_corpus(tmp_path)
    notes = [p.text for p in tables.interviews[0].accounted if p.kind.value == "stage_note"]
    assert "END" in notes and any(n.endswith("P.M. EDT") for n in notes)
    assert not any(p.text in ("END",) for t in tables.turns for p in t.paragraphs)


@needs_corpus
def test_the_same_file_gives_byte_identical_folders(tmp_path):
    files = [PM / "transcript-7885.xml", KREMLIN / "62991.html"]
    for raw in (tmp_path / "a", tmp_path / "b"):
        import_files("pm-transcripts", files[:1], raw)
        import_files("kremlin", files[1:], raw)
    first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert first == second and len(first) == 6


@needs_corpus
def test_reimport_is_refused_and_replace_touches_only_unedited_folders_it_wrote(tmp_path, capsys):
    source = PM / "transcript-7885.xml"
    raw = tmp_path / "raw"
    assert main(["import", "pm-transcripts", str(source), "--raw", str(raw), "--quiet"]) == 0
    (folder,) = [p for p in raw.iterdir() if not p.name.startswith(".")]
    before = (folder / "source.txt").read_bytes()
    assert main(["import", "pm-transcripts", str(source), "--raw", str(raw)]) == 1
    assert "refused" in capsys.readouterr().out
    assert main(["import", "pm-transcripts", str(source), "--raw", str(raw), "--replace", "--quiet"]) == 0
    assert (folder / "source.txt").read_bytes() == before and owned(folder)
    (folder / "interview.yaml").write_text((folder / "interview.yaml").read_text() + "# edited\n")
    assert main(["import", "pm-transcripts", str(source), "--raw", str(raw), "--replace"]) == 1
    assert (folder / "interview.yaml").read_text().endswith("# edited\n")  # a person's edit is never lost
    assert sorted(p.name for p in raw.iterdir()) == [folder.name]  # no staging folder left behind


@needs_corpus
def test_report_lists_every_file_with_its_outcome(tmp_path, capsys):
    report = tmp_path / "report.jsonl"
    files = [KREMLIN / "27028.html", KREMLIN / "62991.html"]
    assert main(["import", "kremlin", *map(str, files), "--raw", str(tmp_path / "raw"), "--report", str(report)]) == 0
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [(Path(r["file"]).name, r["status"]) for r in rows] == [("27028.html", "quarantined"),
                                                                   ("62991.html", "imported")]
    assert rows[0]["reason"] == "not_a_transcript" and rows[1]["interview_id"].endswith("-62991")
    assert "2 file(s): 1 imported" in capsys.readouterr().out


# --- without the corpus: the rules on small made-up inputs ---------------------------------------------

def test_html_paragraph_rules():
    fragment = html_fragment("<p>A  <b>bold</b>\n word&nbsp;kept<br/>next line</p><div>B<script>x()</script>"
                             "<span hidden>tip</span><span aria-hidden='true'>icon</span> tail</div><p>\u00a0</p>")
    assert paragraph_lines(fragment) == [["A bold word\u00a0kept", "next line"], ["B tail"]]


def test_labels_after_a_sentence_end_start_a_paragraph():
    text = "It is a fine day. JOURNALIST: And tomorrow?"
    assert split_inline_labels([text], ["JOURNALIST", "PM"]) == ["It is a fine day.", "JOURNALIST: And tomorrow?"]
    assert split_inline_labels(["Maria Sittel: Question: In Derbent"], ["Question"]) == [
        "Maria Sittel: Question: In Derbent"]


def test_moscow_offsets():
    from datetime import date

    assert [moscow_offset(date(*d)) for d in [(2002, 4, 7), (2002, 1, 7), (2013, 1, 1), (2019, 12, 19)]] == [
        "+04:00", "+03:00", "+04:00", "+03:00"]


def test_unreadable_inputs_are_quarantined_not_crashes(tmp_path):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<transcripts><transcript><title>&x;</title></transcript></transcripts>")
    for data in (b"\xff\xfe not utf-8", b"<transcripts><unclosed>", bomb, b"<a>" * 5000):
        result = convert("pm-transcripts", data, "x.xml")
        assert isinstance(result, Quarantine) and result.reason in REASONS
        assert "root:" not in result.detail  # no external entity was read
    fifo = tmp_path / "pipe.xml"
    import os

    os.mkfifo(fifo)
    (outcome,) = import_files("pm-transcripts", [fifo], tmp_path / "raw")
    assert outcome.status == "quarantined" and "not a regular file" in outcome.detail


def test_a_folder_not_written_by_import_is_not_owned(tmp_path):
    folder = tmp_path / "2020-01-01-x"
    folder.mkdir()
    (folder / "source.txt").write_text("x")
    assert not owned(folder)
    (folder / MARKER).write_text("{}")
    assert not owned(folder)
