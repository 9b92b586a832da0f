"""The release opens in the tools users already run, with nothing of ours in between."""

from __future__ import annotations

import json

import pytest

from interview_data import load
from interview_data.export import convokit_corpus
from interview_data.records.models import TABLES

from .conftest import ROOT

BUILD = ROOT / "build"
PARQUET = BUILD / "data"


@pytest.mark.loading
@pytest.mark.parametrize("config", list(TABLES))
def test_load_dataset_on_build_equals_load(config, tmp_path):
    from datasets import load_dataset

    hub_style = load_dataset(str(BUILD), config, split="train", cache_dir=str(tmp_path / "cache"))
    ours = load(config)
    assert hub_style.features == ours.features
    assert hub_style.to_list() == ours.to_list()


@pytest.mark.loading
def test_pandas_reads_the_parquet():
    import pandas as pd

    frame = pd.read_parquet(PARQUET / "turns")
    assert len(frame) == 41 and frame["turn_id"].is_unique


def test_duckdb_join_from_claims_to_speakers_loses_no_row():
    duckdb = pytest.importorskip("duckdb")
    query = f"""
        SELECT c.claim_id, s.text AS sentence, t.turn_type, sp.name
        FROM '{PARQUET}/claims/*.parquet' c
        JOIN '{PARQUET}/sentences/*.parquet' s USING (sentence_id)
        JOIN '{PARQUET}/turns/*.parquet' t ON t.turn_id = c.turn_id
        JOIN '{PARQUET}/speakers/*.parquet' sp
          ON sp.interview_id = c.interview_id AND sp.speaker_id = c.speaker_id AND sp.split = c.split
    """
    joined = duckdb.sql(query).fetchall()
    claims = duckdb.sql(f"SELECT count(*) FROM '{PARQUET}/claims/*.parquet'").fetchall()[0][0]
    assert len(joined) == claims


def test_polars_reads_nested_columns():
    polars = pytest.importorskip("polars")
    turns = polars.read_parquet(PARQUET / "turns" / "*.parquet")
    exploded = turns.explode("paragraphs").unnest("paragraphs", separator=".")
    assert exploded.height == sum(len(json.loads(l)["paragraphs"]) for l in (BUILD / "jsonl/turns.jsonl").open())


def test_convokit_export_shape():
    corpus = convokit_corpus(BUILD)
    utterances = corpus["utterances.jsonl"]
    assert len(utterances) == 41
    assert {"id", "speaker", "conversation_id", "reply_to", "timestamp", "text", "meta"} <= set(utterances[0])
    ids = {u["id"] for u in utterances}
    assert all(u["reply_to"] in ids for u in utterances[1:]) and utterances[0]["reply_to"] is None
    assert set(corpus["speakers.json"]) == {u["speaker"] for u in utterances}
    assert set(corpus["conversations.json"]) == {u["conversation_id"] for u in utterances}
    assert corpus["index.json"]["utterances-index"]["turn_type"] == ["<class 'str'>"]
