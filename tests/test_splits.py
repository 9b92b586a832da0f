"""Splits that never leak: a question with its answers, and every sentence and claim in them, stay in
one split; adding interviews moves no row; from WHOLE_INTERVIEWS_FROM interviews, whole interviews."""

from __future__ import annotations

import json
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from interview_data.publish.build import build
from interview_data.reading.interview import read_interview
from interview_data.reading.splits import SPLIT_PERCENT, WHOLE_INTERVIEWS_FROM, exchange_starts, unit_split
from interview_data.records.models import FOLDS, Split, TurnType

from .conftest import ROOT, SEED_DIR

LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"


def jsonl(release: Path, config: str) -> list[dict]:
    return [json.loads(line) for line in (release / "jsonl" / f"{config}.jsonl").open(encoding="utf-8")]


def test_no_question_answer_group_turn_sentence_or_claim_crosses_splits(fresh_build):
    turns = {t["turn_id"]: t for t in jsonl(fresh_build, "turns")}
    for pair in jsonl(fresh_build, "qa_pairs"):
        group = [pair["question_turn_id"], *pair["answer_turn_ids"]]
        assert {(turns[t]["split"], turns[t]["fold"]) for t in group} == {(pair["split"], pair["fold"])}
    sentences = {s["sentence_id"]: s for s in jsonl(fresh_build, "sentences")}
    for sentence in sentences.values():
        assert (sentence["split"], sentence["fold"]) == (turns[sentence["turn_id"]]["split"],
                                                         turns[sentence["turn_id"]]["fold"])
    for claim in jsonl(fresh_build, "claims"):
        assert claim["split"] == sentences[claim["sentence_id"]]["split"] == turns[claim["turn_id"]]["split"]
    assert Counter(t["split"] for t in turns.values()) == {"train": 25, "validation": 8, "test": 8}


def test_an_exchange_runs_from_a_question_to_the_next():
    q, a, r, c = TurnType.question, TurnType.answer, TurnType.remark, TurnType.closing
    assert exchange_starts([r, q, a, r, a, q, a, c]) == [0, 0, 0, 0, 0, 5, 5, 5]
    assert exchange_starts([a, a]) == [0, 0]  # no question: one exchange


def test_a_units_split_and_fold_depend_on_its_key_alone_in_the_stated_shares():
    keys = [f"interview/t{i:03d}" for i in range(20_000)]
    placed = [unit_split(key) for key in keys]
    assert placed == [unit_split(key) for key in keys]
    shares = Counter(split for split, _ in placed)
    for split, percent in SPLIT_PERCENT:
        assert abs(shares[split] / len(keys) - percent / 100) < 0.01, split
    assert {fold for _, fold in placed} == set(range(FOLDS))


def test_adding_interviews_moves_no_existing_row(tmp_path, fresh_build):
    raw = tmp_path / "raw"
    shutil.copytree(SEED_DIR, raw / SEED_DIR.name)
    for name in ("caps-panel", "labels-crlf"):
        folder = LAYOUTS / name
        interview_id = read_interview(folder).records.interviews[0].interview_id
        shutil.copytree(folder, raw / interview_id)
    build(raw, tmp_path / "out")
    before = {s["sentence_id"]: (s["split"], s["fold"]) for s in jsonl(fresh_build, "sentences")}
    after = {s["sentence_id"]: (s["split"], s["fold"]) for s in jsonl(tmp_path / "out", "sentences")}
    assert {key: after[key] for key in before} == before and len(after) > len(before)


def test_a_corpus_of_whole_interview_size_keeps_each_interview_in_one_split():
    reading = read_interview(SEED_DIR, whole_interview=True).records
    splits = {row.split for config in ("turns", "sentences", "claims", "qa_pairs", "interviews", "speakers")
              for row in getattr(reading, config)}
    assert len(splits) == 1 and len(reading.interviews) == 1
    assert WHOLE_INTERVIEWS_FROM == 50


@pytest.mark.parametrize("split", list(Split))
def test_interviews_and_speakers_appear_in_every_split_holding_their_turns(fresh_build, split):
    held = defaultdict(set)
    for turn in jsonl(fresh_build, "turns"):
        held[turn["interview_id"]].add(turn["split"])
    for config in ("interviews", "speakers"):
        listed = {row["interview_id"] for row in jsonl(fresh_build, config) if row["split"] == split.value}
        assert listed == {i for i, splits in held.items() if split.value in splits}, config
