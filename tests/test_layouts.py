"""Other publishers' layouts, declared in interview.yaml alone, and the seed's text variants."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from interview_data.reading.drafting import init_interview
from interview_data.publish.record_checks import rebuild_source
from interview_data.reading.metadata import FILL_IN_MARK
from interview_data.reading.interview import read_records
from interview_data.publish.build import build_corpus

from .conftest import ROOT, SEED_DIR

LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
EXPECTED_SPEAKERS = {
    "labels-crlf": ["gazette-reporter", "jane-doe"] * 3,
    "qa-label-lines": ["staff-writer", "rail-chief"] * 2,
    "caps-panel": ["anna-lee", "tom-roe", "ben-cho", "tom-roe", "anna-lee"],
    "dash-nospace-bom": ["city-news", "the-mayor"] * 2,
}


@pytest.mark.parametrize("name", sorted(EXPECTED_SPEAKERS))
def test_layout_builds_with_its_metadata_alone(name):
    tables = read_records(LAYOUTS / name)
    assert [t.speaker_id for t in tables.turns] == EXPECTED_SPEAKERS[name]
    source = (LAYOUTS / name / "source.txt").read_bytes().decode("utf-8")
    assert rebuild_source(tables.interviews[0], tables.turns) == source
    for sentence in tables.sentences:
        assert source[sentence.char_start:sentence.char_end] == sentence.text


def test_label_variants_stay_out_of_the_text():
    turns = read_records(LAYOUTS / "labels-crlf").turns
    assert turns[3].text == "No. The last one opened on 12 May 2022."  # "Doe (retranslated): " is the marker
    assert turns[2].text.startswith("Note: some say")  # a colon inside a turn is not a marker
    assert turns[1].text == "It cost \"about\" $2.1 billion over five years. We built 14 reservoirs.\n\nAnd we finished on time."


def test_label_alone_on_its_line_and_separators():
    tables = read_records(LAYOUTS / "qa-label-lines")
    assert tables.turns[0].text == "What is the busiest line\non your network?"
    kinds = [p.kind.value for p in tables.interviews[0].accounted if p.kind.value != "whitespace"]
    assert kinds.count("separator") == 1 and kinds.count("turn_marker") == 4


def test_furniture_residue_and_two_interviewers():
    tables = read_records(LAYOUTS / "caps-panel")
    kinds = [p.kind.value for p in tables.interviews[0].accounted if p.kind.value != "whitespace"]
    assert kinds[:3] == ["furniture", "furniture", "title"] and kinds[-2:] == ["residue", "residue"]
    assert [t.turn_type.value for t in tables.turns] == ["question", "answer", "question", "answer", "closing"]


def variant_of_seed(tmp_path: Path, transform) -> Path:
    folder = tmp_path / SEED_DIR.name
    folder.mkdir()
    shutil.copy(SEED_DIR / "interview.yaml", folder / "interview.yaml")
    (folder / "source.txt").write_bytes(transform((SEED_DIR / "source.txt").read_bytes()))
    return folder


@pytest.mark.parametrize("transform", [
    lambda data: data.replace(b"\n", b"\r\n"),
    lambda data: data.replace(b"\n", b"\r"),
    lambda data: b"\xef\xbb\xbf" + data,
], ids=["crlf", "cr", "bom"])
def test_seed_variants_give_the_same_turns_and_sentences(tmp_path, seed_tables, transform):
    folder = variant_of_seed(tmp_path, transform)
    tables = read_records(folder, annotations=tmp_path / "none")
    source = (folder / "source.txt").read_bytes().decode("utf-8")
    assert [t.text for t in tables.turns] == [t.text for t in seed_tables.turns]
    assert [s.text for s in tables.sentences] == [s.text for s in seed_tables.sentences]
    assert rebuild_source(tables.interviews[0], tables.turns) == source
    assert all(source[s.char_start:s.char_end] == s.text for s in tables.sentences)


def fill_placeholders(meta: dict) -> dict:
    """What a person does after `init`: supply the facts the draft left open."""
    def fill(value, field):
        if isinstance(value, dict):
            return {k: fill(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v, field) for v in value]
        if isinstance(value, str) and FILL_IN_MARK in value:
            return {"published_at": "2020-01-01T00:00:00+00:00", "source_url": "https://example.org/x",
                    "role": "interviewee", "description": ""}.get(field, "filled")
        return value

    meta = fill(meta, "")
    for index, speaker in enumerate(meta["speakers"]):
        if speaker["speaker_id"] == "filled":
            speaker["speaker_id"] = f"speaker-{index}"
    if "speaker_order" in meta["layout"]:
        meta["layout"]["speaker_order"] = [s["speaker_id"] for s in meta["speakers"]]
    return meta


@pytest.mark.parametrize("name", sorted(EXPECTED_SPEAKERS))
def test_init_drafts_metadata_that_builds_the_same_turns(tmp_path, name):
    raw = tmp_path / "raw"
    folder = init_interview(LAYOUTS / name / "source.txt", raw, f"2020-01-01-{name}")
    meta = yaml.safe_load((folder / "interview.yaml").read_text(encoding="utf-8"))
    (folder / "interview.yaml").write_text(yaml.safe_dump(fill_placeholders(meta)), encoding="utf-8")
    tables = build_corpus(raw)
    expected = read_records(LAYOUTS / name)
    assert [t.text for t in tables.turns] == [t.text for t in expected.turns]
    speakers_by_turn = [t.speaker_id for t in tables.turns]
    mapping = dict(zip(speakers_by_turn, EXPECTED_SPEAKERS[name]))
    assert [mapping[s] for s in speakers_by_turn] == EXPECTED_SPEAKERS[name]


def test_label_alone_without_a_colon(tmp_path):
    folder = tmp_path / "2024-01-15-rail-chief"
    shutil.copytree(LAYOUTS / "qa-label-lines", folder)
    source = folder / "source.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("Q:\n", "QUESTION\n").replace("A:\n", "ANSWER\n"),
                      encoding="utf-8")
    meta = folder / "interview.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("labels: [Q]", "labels: [Q, Question]")
                    .replace("labels: [A]", "labels: [A, Answer]"), encoding="utf-8")
    tables = read_records(folder)
    assert [t.speaker_id for t in tables.turns] == EXPECTED_SPEAKERS["qa-label-lines"]
    assert tables.turns[0].text == "What is the busiest line\non your network?"


def test_speaker_names_are_labels_by_default(tmp_path):
    folder = tmp_path / "2022-11-02-budget-panel"
    shutil.copytree(LAYOUTS / "caps-panel", folder)
    meta = folder / "interview.yaml"
    text = meta.read_text(encoding="utf-8")
    for name in ("Anna Lee", "Ben Cho", "Tom Roe"):
        text = text.replace(f", labels: [{name}]", "")
    meta.write_text(text, encoding="utf-8")
    assert "labels" not in text.split("layout:")[0]
    assert [t.speaker_id for t in read_records(folder).turns] == EXPECTED_SPEAKERS["caps-panel"]


def test_press_briefing_labels_without_colon(tmp_path):
    folder = tmp_path / "2023-05-01-briefing"
    folder.mkdir()
    (folder / "source.txt").write_text(
        "Press briefing\n\nTHE PRESIDENT:  Thank you all. We signed 3 agreements today.\n\n"
        "Q    Mr. President, how many jobs will that create?\n\nTHE PRESIDENT:  About 4,000.\n\n"
        "Q\tThank you.\n", encoding="utf-8")
    (folder / "interview.yaml").write_text(
        "interview_id: 2023-05-01-briefing\ntitle: Press briefing\npublished_at: '2023-05-01T12:00:00-04:00'\n"
        "publisher: Example\nsource_url: https://example.org/b\nlanguage: en\n"
        "license: {source_text: not stated, annotations: CC-BY-4.0, code: MIT}\n"
        "speakers:\n  - {speaker_id: press, name: Press, role: interviewer, labels: [Q]}\n"
        "  - {speaker_id: the-president, name: The President, role: interviewee}\n"
        "layout: {front_matter: [title], turn_marker: label}\n", encoding="utf-8")
    turns = read_records(folder).turns
    assert [t.speaker_id for t in turns] == ["the-president", "press", "the-president", "press"]
    assert turns[1].text == "Mr. President, how many jobs will that create?"
    assert turns[3].text == "Thank you."
