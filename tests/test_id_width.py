"""Ids keep three digits at least and widen together, so that they sort in conversation order."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from interview_data.reading.interview import read_records
from interview_data.publish.build import build

INTERVIEW_ID = "2023-03-03-long-talk"
TITLE = "A very long talk"
DATE_LINE = "March 3, 2023"


def interview(raw: Path, turns: list[str]) -> Path:
    """An interview in the label layout (``Q:`` interviewer, ``A:`` interviewee) with no annotations."""
    folder = raw / INTERVIEW_ID
    folder.mkdir(parents=True)
    meta = {
        "interview_id": INTERVIEW_ID, "title": TITLE, "published_at": "2023-03-03T10:00:00+00:00",
        "date_line": DATE_LINE, "publisher": "Example Gazette", "source_url": "https://example.org/long-talk",
        "language": "en", "license": {"source_text": "not stated", "annotations": "CC-BY-4.0", "code": "MIT"},
        "speakers": [
            {"speaker_id": "reporter", "name": "Reporter", "role": "interviewer", "labels": ["Q"]},
            {"speaker_id": "guest", "name": "Guest", "role": "interviewee", "description": "A guest",
             "labels": ["A"]},
        ],
        "layout": {"front_matter": ["title", "date_line"], "turn_marker": "label"},
    }
    (folder / "interview.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    (folder / "source.txt").write_text("\n\n".join([f"{TITLE}\n{DATE_LINE}", *turns]) + "\n", encoding="utf-8")
    return folder


def test_five_thousand_turns_are_stored_in_conversation_order(tmp_path):
    turns = [f"Q: Question {n // 2}?" if n % 2 == 0 else f"A: Answer {n // 2}." for n in range(5000)]
    interview(tmp_path / "raw", turns)
    build(tmp_path / "raw", tmp_path / "out")
    rows = [json.loads(line) for line in (tmp_path / "out" / "jsonl" / "turns.jsonl").read_text().splitlines()]
    assert [row["index"] for row in rows] == list(range(5000))
    assert [row["turn_id"] for row in rows] == [f"{INTERVIEW_ID}/t{n:04d}" for n in range(5000)]
    assert [row["reply_to"] for row in rows] == [None, *(f"{INTERVIEW_ID}/t{n:04d}" for n in range(4999))]
    pairs = [json.loads(line) for line in (tmp_path / "out" / "jsonl" / "qa_pairs.jsonl").read_text().splitlines()]
    assert [(p["pair_id"], p["question_turn_id"], p["answer_turn_ids"]) for p in pairs] == [
        (f"{INTERVIEW_ID}/q{n:04d}", f"{INTERVIEW_ID}/t{2 * n:04d}", [f"{INTERVIEW_ID}/t{2 * n + 1:04d}"])
        for n in range(2500)]
    sentences = [json.loads(line)["sentence_id"]
                 for line in (tmp_path / "out" / "jsonl" / "sentences.jsonl").read_text().splitlines()]
    assert sentences[:2] == [f"{INTERVIEW_ID}/t0000/s000", f"{INTERVIEW_ID}/t0001/s000"]


def test_a_turn_of_a_thousand_sentences_numbers_them_with_four_digits(tmp_path):
    answer = " ".join(f"Sentence {n} is here." for n in range(1200))
    tables = read_records(interview(tmp_path / "raw", ["Q: Tell me everything?", f"A: {answer}"]))
    turn_id = f"{INTERVIEW_ID}/t001"
    ids = [s.sentence_id for s in tables.sentences if s.turn_id == turn_id]
    assert ids == [f"{turn_id}/s{n:04d}" for n in range(1200)] == sorted(ids)
    assert [s.sentence_id for s in tables.sentences if s.turn_id != turn_id] == [f"{INTERVIEW_ID}/t000/s000"]
