"""The ConvoKit export carries ordered timestamps, speaker roles, and each turn's sentences and claims."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime, timezone

import pytest

from interview_data.errors import InterviewDataError
from interview_data.export import (convokit_corpus, convokit_speakers, epoch_seconds, turn_timestamp,
                                   write_convokit)

from .conftest import ROOT

BUILD = ROOT / "build"


def release_rows(config: str) -> list[dict]:
    return [json.loads(line) for line in (BUILD / "jsonl" / f"{config}.jsonl").open(encoding="utf-8")]


@pytest.fixture(scope="module")
def corpus() -> dict:
    return convokit_corpus(BUILD)


@pytest.fixture(scope="module")
def utterances(corpus) -> list[dict]:
    return corpus["utterances.jsonl"]


def test_epoch_seconds_honours_the_utc_offset():
    assert epoch_seconds("2021-09-24T12:10:00+04:00") == \
        int(datetime(2021, 9, 24, 8, 10, tzinfo=timezone.utc).timestamp()) == 1632471000


def test_epoch_seconds_refuses_a_time_without_offset():
    with pytest.raises(InterviewDataError, match="no UTC offset"):
        epoch_seconds("2021-09-24T12:10:00")


def test_turn_timestamp_is_publication_time_plus_index():
    assert turn_timestamp("2021-09-24T12:10:00+04:00", 7) == 1632471007


def test_timestamps_are_integers_increasing_in_turn_order_within_a_conversation(utterances):
    published = {row["interview_id"]: row["published_at"] for row in release_rows("interviews")}
    by_conversation = defaultdict(list)
    for utterance in utterances:
        by_conversation[utterance["conversation_id"]].append(utterance)
    for members in by_conversation.values():
        in_turn_order = sorted(members, key=lambda u: u["meta"]["index"])
        stamps = [u["timestamp"] for u in in_turn_order]
        assert all(type(stamp) is int for stamp in stamps)
        assert all(a < b for a, b in zip(stamps, stamps[1:]))
        first = in_turn_order[0]
        assert first["timestamp"] == epoch_seconds(published[first["meta"]["interview_id"]]) + first["meta"]["index"]


def test_each_utterance_has_exactly_its_turns_sentences_in_order_with_labels(utterances):
    sentences = release_rows("sentences")
    for utterance in utterances:
        expected = sorted((s for s in sentences if s["turn_id"] == utterance["id"]), key=lambda s: s["index"])
        assert utterance["meta"]["sentences"] == [
            {"sentence_id": s["sentence_id"], "text": s["text"], "label": s["label"]} for s in expected]
    assert sum(len(u["meta"]["sentences"]) for u in utterances) == len(sentences)
    assert all(isinstance(s["label"], (str, type(None))) for u in utterances for s in u["meta"]["sentences"])


def test_each_claim_is_attached_to_its_turns_utterance(utterances):
    claims = {row["claim_id"]: row for row in release_rows("claims")}
    attached = [(u["id"], c) for u in utterances for c in u["meta"]["claims"]]
    assert sorted(c["claim_id"] for _, c in attached) == sorted(claims)
    for turn_id, claim in attached:
        source = claims[claim["claim_id"]]
        assert source["turn_id"] == turn_id
        assert claim == {key: source[key] for key in ("claim_id", "text", "claim_text", "claim_type", "checkworthy")}


def test_speakers_carry_their_role_in_each_interview(corpus):
    speakers = corpus["speakers.json"]
    for row in release_rows("speakers"):
        meta = speakers[row["speaker_id"]]["meta"]
        assert meta["name"] == row["name"]
        assert meta["roles"][row["interview_id"]] == {"role": row["role"], "description": row["description"]}


def test_a_speaker_in_two_interviews_keeps_both_roles():
    rows = [{"interview_id": "a", "speaker_id": "x", "name": "X", "role": "interviewer", "description": None},
            {"interview_id": "b", "speaker_id": "x", "name": "X", "role": "interviewee", "description": "guest"}]
    assert convokit_speakers(rows) == {"x": {"meta": {"name": "X", "roles": {
        "a": {"role": "interviewer", "description": None},
        "b": {"role": "interviewee", "description": "guest"}}}, "vectors": []}}


def test_utterance_meta_keeps_the_turns_role_and_reply(utterances):
    turns = release_rows("turns")
    assert [(u["reply_to"], u["meta"]["role"]) for u in utterances] == [(t["reply_to"], t["role"]) for t in turns]


def test_index_types_match_the_meta(corpus):
    index = corpus["index.json"]
    assert index["utterances-index"]["sentences"] == ["<class 'list'>"]
    assert index["utterances-index"]["claims"] == ["<class 'list'>"]
    assert index["speakers-index"] == {"name": ["<class 'str'>"], "roles": ["<class 'dict'>"]}
    for utterance in corpus["utterances.jsonl"]:
        assert set(utterance["meta"]) == set(index["utterances-index"])


def test_written_files_are_valid_json_and_json_lines(tmp_path):
    out = write_convokit(BUILD, tmp_path / "corpus")
    lines = (out / "utterances.jsonl").read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and all(isinstance(json.loads(line), dict) for line in lines[:-1])
    for name in ("speakers.json", "conversations.json", "corpus.json", "index.json"):
        assert isinstance(json.loads((out / name).read_text(encoding="utf-8")), dict)
    assert [json.loads(line) for line in lines[:-1]] == convokit_corpus(BUILD)["utterances.jsonl"]
