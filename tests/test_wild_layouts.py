"""Layouts found on other publishers' pages: no markers, mixed markers, paragraphs that belong to no
turn, a publication date without a time; and the front matter checked against its declared kinds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from interview_data.errors import InterviewDataError
from interview_data.publish.record_checks import rebuild_source
from interview_data.reading.interview import read_records

from .conftest import ROOT
from .test_cli import run

LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
EXPECTED_SPEAKERS = {  # counted by reading each source.txt
    "alternating-paragraphs": ["gazette", "the-president"] * 2 + ["gazette"],
    "mixed-labels-dashes": ["city-news", "the-mayor"] * 3 + ["city-news"],
    "stage-notes": ["the-president", "journalists", "the-president", "deborah-birx", "journalists"],
}


def copy_layout(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "raw" / read_records(LAYOUTS / name).interviews[0].interview_id
    shutil.copytree(LAYOUTS / name, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EXPECTED_SPEAKERS))
def test_the_layout_gives_the_turns_a_reader_counts(name):
    tables = read_records(LAYOUTS / name)
    assert [t.speaker_id for t in tables.turns] == EXPECTED_SPEAKERS[name]
    source = (LAYOUTS / name / "source.txt").read_text(encoding="utf-8")
    assert rebuild_source(tables.interviews[0], tables.turns) == source
    assert all(source[s.char_start:s.char_end] == s.text for s in tables.sentences)


def test_alternating_paragraphs_continue_a_turn_where_declared():
    turns = read_records(LAYOUTS / "alternating-paragraphs").turns
    assert turns[1].text == ("We will open two new schools and a hospital. The hospital will have 300 beds."
                             "\n\nThe schools will be in the north.")
    assert [t.turn_type.value for t in turns] == ["question", "answer", "question", "answer", "closing"]


def test_mixed_markers_alternate_from_the_last_labelled_turn():
    turns = read_records(LAYOUTS / "mixed-labels-dashes").turns
    assert [t.text for t in turns[3:5]] == ["The city pays, with help from the region.", "And the ferry?"]


def test_non_turn_paragraphs_are_accounted_by_kind_and_kept_out_of_turns():
    tables = read_records(LAYOUTS / "stage-notes")
    pieces = [(p.kind.value, p.text) for p in tables.interviews[0].accounted
              if p.kind.value not in ("whitespace", "turn_marker")]
    assert pieces == [("title", "Remarks and questions at the briefing"), ("date_line", "April 2, 2020"),
                      ("stage_note", "(Applause.)"), ("pull_quote", '"We had a good day."'),
                      ("cross_reference", "See also: Briefing of April 1, 2020"), ("stage_note", "(Laughter.)"),
                      ("residue", "END"), ("residue", "5:47 P.M. EDT")]
    assert tables.turns[2].text == "More than a million. That's a big number."


def test_a_date_alone_is_kept_with_its_precision_through_build_and_export(tmp_path):
    copy_layout(tmp_path, "alternating-paragraphs")
    copy_layout(tmp_path, "mixed-labels-dashes")
    assert run("build", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")).returncode == 0
    from interview_data import load

    interviews = load("interviews", "train+validation+test", release=tmp_path / "out")
    precision = interviews.features["published_at_precision"]
    assert {(i["published_at"], precision.int2str(i["published_at_precision"])) for i in interviews.to_list()} == {
        ("2012-03-12", "date"), ("2021-05-03T10:30:00+02:00", "minute")}
    exported = run("export", "convokit", "--release", str(tmp_path / "out"), "--out", str(tmp_path / "convokit"))
    assert exported.returncode == 0, exported.stderr
    import json

    first = json.loads((tmp_path / "convokit" / "utterances.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["timestamp"] == 1331510400  # 2012-03-12 00:00 UTC, plus turn index 0


@pytest.mark.parametrize("published_at, message", [
    ("2021-09-24T12:10:30+04:00", "published_at is kept to the minute"),
    ("2021-09-24T12:10:00", "a date-time needs a UTC offset"),
    ("2021-02-30", "not a calendar date"),
    ("24 September 2021", "not an ISO 8601 date"),
])
def test_a_publication_time_in_another_form_is_refused_with_the_fix(tmp_path, published_at, message):
    folder = copy_layout(tmp_path, "alternating-paragraphs")
    edit(folder / "interview.yaml", 'published_at: "2012-03-12"', f'published_at: "{published_at}"')
    result = run("build", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and message in result.stderr and "interview.yaml:3" in result.stderr


@pytest.mark.parametrize("layout, file, old, new, message", [
    ("alternating-paragraphs", "interview.yaml", "front_matter: [title, date_line]", "front_matter: [date_line, title]",
     "source.txt:1: layout.front_matter declares a date_line but paragraph 'Interview of the President to the "
     "Gazette' holds no date"),
    ("mixed-labels-dashes", "interview.yaml", "front_matter: [title]", "front_matter: [title, lede]",
     "source.txt:3: front matter paragraph 'CITY NEWS: Why did the bridge close\\?' opens with a speaker label"),
    ("alternating-paragraphs", "source.txt", "And the roads?", "GAZETTE: And the roads?",
     "source.txt:11: unknown speaker label 'GAZETTE'"),
], ids=["title-declared-as-date-line", "front-matter-opening-with-a-label", "label-in-a-layout-without-markers"])
def test_a_silent_case_is_refused_with_its_line(tmp_path, layout, file, old, new, message):
    folder = copy_layout(tmp_path, layout)
    edit(folder / file, old, new)
    with pytest.raises(InterviewDataError, match=message):
        read_records(folder)


def test_a_mixed_layout_without_any_marker_is_refused(tmp_path):
    folder = copy_layout(tmp_path, "alternating-paragraphs")
    edit(folder / "interview.yaml", "turn_marker: none", "turn_marker: mixed\n  first_turn_marked: false")
    edit(folder / "interview.yaml", "  continues_turn: '^The schools will be in the north\\.$'\n", "")
    with pytest.raises(InterviewDataError, match="no paragraph starts with a dash or a declared label"):
        read_records(folder)


@pytest.mark.parametrize("old, new, message", [
    ("turn_marker: none", "turn_marker: label", "continues_turn applies only when turn_marker is none"),
    ("  speaker_order: [gazette, the-president]\n", "", "speaker_order is required when turn_marker is none"),
])
def test_layout_fields_that_do_not_fit_the_marker_style_are_refused(tmp_path, old, new, message):
    folder = copy_layout(tmp_path, "alternating-paragraphs")
    edit(folder / "interview.yaml", old, new)
    result = run("build", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_a_stage_note_without_its_declaration_is_an_unknown_label_or_part_of_a_turn(tmp_path):
    """Without `non_turn`, a 'See also:' line is text of the turn before it: declaring it is the user's job,
    and the release says so by keeping it verbatim inside that turn, never dropping it."""
    folder = copy_layout(tmp_path, "stage-notes")
    edit(folder / "interview.yaml", "    - {kind: cross_reference, pattern: '^See also:'}\n", "")
    turns = read_records(folder).turns
    assert turns[2].text.endswith("See also: Briefing of April 1, 2020")


def test_patterns_typed_with_plain_spaces_match_no_break_spaces(tmp_path):
    folder = copy_layout(tmp_path, "stage-notes")
    edit(folder / "source.txt", "See also: Briefing of April 1, 2020", "See\u00a0also:\tBriefing of\u202fApril 1, 2020")
    edit(folder / "interview.yaml", "pattern: '^See also:'", "pattern: '^See also: Briefing of April'")
    tables = read_records(folder)
    pieces = [p for p in tables.interviews[0].accounted if p.kind.value == "cross_reference"]
    assert [p.text for p in pieces] == ["See\u00a0also:\tBriefing of\u202fApril 1, 2020"]  # kept verbatim
