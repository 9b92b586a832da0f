"""Speaker labels read right or refused: any whitespace, case or normalisation form; no silent merges."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from interview_data.errors import InterviewDataError
from interview_data.publish.build import build_corpus
from interview_data.publish.record_checks import check_records
from interview_data.reading.interview import read_records
from interview_data.reading.layout import label_opening

from .corpus_text import CORPUS, kremlin_paragraphs, source_text

INTERVIEW = {
    "interview_id": "2020-01-01-label-test",
    "title": "A label test",
    "published_at": "2020-01-01T10:00:00+00:00",
    "publisher": "Example",
    "source_url": "https://example.org/labels",
    "language": "en",
    "license": {"source_text": "not stated", "annotations": "CC-BY-4.0", "code": "MIT"},
    "speakers": [
        {"speaker_id": "the-reporter", "name": "Reporter", "role": "interviewer", "labels": ["Question"]},
        {"speaker_id": "vladimir-putin", "name": "Vladimir Putin", "role": "interviewee",
         "labels": ["President of Russia Vladimir Putin"]},
    ],
}


def write_interview(tmp_path: Path, source: str, **layout) -> Path:
    folder = tmp_path / INTERVIEW["interview_id"]
    folder.mkdir()
    meta = dict(INTERVIEW, layout={"front_matter": ["title"], "turn_marker": "label", **layout})
    if "speakers" in layout:
        meta["speakers"] = meta["layout"].pop("speakers")
    (folder / "interview.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    (folder / "source.txt").write_text(source, encoding="utf-8")
    return folder


def transcript(answer_label: str) -> str:
    return (f"A label test\nQuestion: How are you?\n{answer_label}: Fine, thank you.\n"
            f"Question: And the economy?\n{answer_label}: It grows.\n")


@pytest.mark.parametrize("label", [
    "President of\u00a0Russia Vladimir Putin",
    "President\u202fof Russia\tVladimir  Putin",
    "PRESIDENT OF RUSSIA VLADIMIR PUTIN",
    "President of\u00a0Russia Vladimir Putin ",
], ids=["nbsp", "narrow-nbsp-tab-run", "upper", "space-before-colon"])
def test_labels_match_whatever_the_whitespace_and_case(tmp_path, label):
    tables = read_records(write_interview(tmp_path, transcript(label)))
    assert [t.speaker_id for t in tables.turns] == ["the-reporter", "vladimir-putin"] * 2
    assert [t.text for t in tables.turns] == ["How are you?", "Fine, thank you.", "And the economy?", "It grows."]
    source = (tmp_path / INTERVIEW["interview_id"] / "source.txt").read_text(encoding="utf-8")
    assert all(source[p.char_start:p.char_end] == p.text for t in tables.turns for p in t.paragraphs)


@pytest.mark.parametrize("text_form,yaml_form", [("NFD", "NFC"), ("NFC", "NFD")])
def test_labels_match_either_normalisation_form(tmp_path, text_form, yaml_form):
    name = "Ömer Çelik"
    speakers = [INTERVIEW["speakers"][0], {"speaker_id": "omer-celik", "name": unicodedata.normalize(yaml_form, name),
                                           "role": "interviewee"}]
    answer = unicodedata.normalize(text_form, name)
    folder = write_interview(tmp_path, transcript(answer), speakers=speakers)
    tables = read_records(folder)
    assert [t.speaker_id for t in tables.turns] == ["the-reporter", "omer-celik"] * 2
    source = (folder / "source.txt").read_text(encoding="utf-8")
    assert all(source[p.char_start:p.char_end] == p.text for t in tables.turns for p in t.paragraphs)
    assert tables.turns[1].text == "Fine, thank you."


@pytest.mark.parametrize("opening,label", [
    ("President of\u00a0Russia Vladimir Putin: Well.", "President of\u00a0Russia Vladimir Putin"),
    ("Ömer Çelik: Yes.", "Ömer Çelik"),
    ("DR. FAUCI: Yes.", "DR. FAUCI"),
    ("Mr. Smith: Yes.", "Mr. Smith"),
    ("O'BRIEN: Yes.", "O'BRIEN"),
    ("Doe (retranslated): Yes.", "Doe"),
    ("Bashar al-Assad: Yes.", "Bashar al-Assad"),
    ("Mohammed bin Salman Al Saud: Yes.", "Mohammed bin Salman Al Saud"),
    ("Charles de Gaulle:", "Charles de Gaulle"),
    ("Ursula von der Leyen:\tYes.", "Ursula von der Leyen"),
    ("Note: some say it was late.", "Note"),
])
def test_the_detector_recognises_label_shaped_openings(opening, label):
    assert label_opening(opening) == label


@pytest.mark.parametrize("sentence", [
    "We said: yes, and we meant it.",
    "In 2020: a bad year.",
    "At 10:30 we met.",
    "The answer is simple: no.",
    "Thank you. Now: the budget.",
    "One Two Three Four Five Six Seven Eight Nine: too long for a label.",
    "Jane Doe:no space after the colon",
    "It was, as Lincoln said, a house divided.",
])
def test_the_detector_leaves_sentences_alone(sentence):
    assert label_opening(sentence) is None


def test_an_undeclared_label_with_a_particle_stops_the_build_with_its_line(tmp_path):
    source = transcript("President of Russia Vladimir Putin").replace(
        "It grows.", "It grows.\nPrime Minister of\u00a0Russia Dmitry Medvedev: I agree.")
    with pytest.raises(InterviewDataError) as caught:
        read_records(write_interview(tmp_path, source))
    assert "source.txt:6: unknown speaker label 'Prime Minister of\\xa0Russia Dmitry Medvedev'" in str(caught.value)
    assert "layout.ignore_labels" in str(caught.value)


def test_ignore_labels_compare_with_any_whitespace_and_case(tmp_path):
    source = transcript("Vladimir Putin").replace("It grows.", "It grows.\nSEE\u00a0ALSO: the summit.")
    speakers = [INTERVIEW["speakers"][0], {"speaker_id": "vladimir-putin", "name": "Vladimir Putin",
                                           "role": "interviewee"}]
    tables = read_records(write_interview(tmp_path, source, speakers=speakers, ignore_labels=["See also"]))
    assert tables.turns[-1].text == "It grows.\n\nSEE\u00a0ALSO: the summit."


def test_consecutive_turns_by_one_speaker_are_refused_with_the_fix(tmp_path):
    source = "A label test\nQuestion: How are you?\nQuestion: Hello?\nPresident of Russia Vladimir Putin: Fine.\n"
    with pytest.raises(InterviewDataError) as caught:
        read_records(write_interview(tmp_path, source))
    assert ("source.txt:3: two consecutive turns by Reporter at line 3; if the transcript really has them, "
            "set layout.allow_consecutive_turns: true") in str(caught.value)


def test_consecutive_turns_build_when_allowed(tmp_path):
    source = "A label test\nQuestion: How are you?\nQuestion: Hello?\nPresident of Russia Vladimir Putin: Fine.\n"
    tables = read_records(write_interview(tmp_path, source, allow_consecutive_turns=True))
    assert [t.speaker_id for t in tables.turns] == ["the-reporter", "the-reporter", "vladimir-putin"]


def test_a_marker_style_that_finds_no_markers_is_refused(tmp_path):
    source = "A label test\nHow are you?\nFine, thank you.\nAnd the economy?\nIt grows.\n"
    with pytest.raises(InterviewDataError) as caught:
        read_records(write_interview(tmp_path, source, turn_marker="dash", first_turn_marked=False,
                                     speaker_order=["the-reporter", "vladimir-putin"]))
    message = str(caught.value)
    assert "source.txt: layout.turn_marker is 'dash' but no paragraph starts with a dash" in message
    assert "set layout.turn_marker to the style the transcript uses" in message


def test_a_label_layout_without_any_declared_label_is_refused(tmp_path):
    source = "A label test\nHow are you?\nFine, thank you.\n"
    with pytest.raises(InterviewDataError) as caught:
        read_records(write_interview(tmp_path, source, first_turn_marked=False,
                                     speaker_order=["the-reporter", "vladimir-putin"]))
    assert "layout.turn_marker is 'label' but no paragraph starts with a declared speaker label" in str(caught.value)


def test_the_release_check_refuses_a_paragraph_opening_with_a_speaker_name(tmp_path):
    """`Rail chief:` is neither a declared label (`A`) nor label-shaped ("chief"), so only the check sees it."""
    speakers = [{"speaker_id": "staff-writer", "name": "Staff writer", "role": "interviewer", "labels": ["Q"]},
                {"speaker_id": "rail-chief", "name": "Rail chief", "role": "interviewee", "labels": ["A"]}]
    source = "A label test\nQ: Busy?\nA: Very.\nRail\u00a0chief: And growing.\n"
    (tmp_path / "raw").mkdir()
    write_interview(tmp_path / "raw", source, speakers=speakers)
    tables = read_records(tmp_path / "raw" / INTERVIEW["interview_id"])
    with pytest.raises(InterviewDataError) as caught:
        check_records(tables)
    assert "turns: 2020-01-01-label-test/t001 starts a paragraph with the speaker label 'Rail\\xa0chief:'" \
        in str(caught.value)
    with pytest.raises(InterviewDataError, match="starts a paragraph with the speaker label"):
        build_corpus(tmp_path / "raw")


def test_the_release_check_passes_turns_without_labels(seed_tables):
    check_records(seed_tables)


# --- real text: kremlin.ru pages from ../shared/corpus (never copied into the repository) -------------

PUTIN = ["President of Russia Vladimir Putin", "Vladimir Putin"]
# page -> the interviewer's labels, turns per speaker counted by reading the page's paragraphs (printed
# numbered from tests/corpus_text.kremlin_paragraphs, [0] "Events", [1] the title):
# 53082: "Question:" [5], [18], [23], [33], [41], [46]; Putin [6] ("President of\xa0Russia Vladimir Putin:"),
#        [19], [24], [34], [42], [47]: 6 and 6.
# 54688: "Megyn Kelly:" [6], [13], [19], [23], [26], [28], [30], [32], [35], [39], [41], [43], [47], [53], [58],
#        [64]; Putin [8] (with his title), [14], [21], [24], [27], [29], [31], [33], [36], [40], [42], [44], [48],
#        [54], [59]: 16 and 15 (she closes with her thanks).
KREMLIN_PAGES = {"53082": (["Question"], {"the-interviewer": 6, "vladimir-putin": 6}),
                 "54688": (["Megyn Kelly"], {"the-interviewer": 16, "vladimir-putin": 15})}
KREMLIN_TAIL = ("^(?:Topics|Foreign policy|Media|Publication status|Text version)$"
                "|^(?:Published in|Publication date:|Direct link:)")


@pytest.mark.skipif(not (CORPUS / "kremlin").is_dir(), reason=f"the shared corpus is absent ({CORPUS / 'kremlin'})")
@pytest.mark.parametrize("page", sorted(KREMLIN_PAGES))
def test_kremlin_pages_give_one_turn_per_labelled_paragraph(tmp_path, page):
    interviewer_labels, expected = KREMLIN_PAGES[page]
    paragraphs = kremlin_paragraphs(page)
    assert any("\u00a0" in label for p in paragraphs if (label := label_opening(p)))  # no-break spaces kept
    speakers = [{"speaker_id": "the-interviewer", "name": interviewer_labels[0], "role": "interviewer",
                 "labels": interviewer_labels},
                {"speaker_id": "vladimir-putin", "name": "Vladimir Putin", "role": "interviewee", "labels": PUTIN}]
    # the photo captions inside 54688's answers ("Interview to\xa0NBC."): \pZ matches the no-break space
    folder = write_interview(tmp_path, source_text(paragraphs), speakers=speakers, paragraphs="blank_line",
                             front_matter=["furniture", "title"], transcript_starts_with=f"{interviewer_labels[0]}:",
                             non_turn=[{"kind": "stage_note", "pattern": "^Interview to\\pZNBC\\.$"}],
                             trailing_residue=KREMLIN_TAIL)
    turns = read_records(folder).turns
    assert {s: sum(t.speaker_id == s for t in turns) for s in expected} == expected
    assert len(turns) == sum(expected.values())
    assert [p.text[:40] for t in turns for p in t.paragraphs if label_opening(p.text)] == []
