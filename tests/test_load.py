"""load() serves every table from the shipped release, offline, with rich features."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from datasets import ClassLabel

import interview_data
from interview_data import InterviewDataError, load

from .conftest import EVERY_SPLIT, ROOT

# Every test here needs only what load() needs: .ci/run also runs them under the lowest versions allowed.
pytestmark = pytest.mark.loading
SPLITS = ["train", "validation", "test"]


def test_configs_lists_the_six_tables():
    assert interview_data.configs() == ["interviews", "speakers", "turns", "sentences", "claims", "qa_pairs"]


def test_row_counts():
    assert [load("interviews", split).num_rows for split in SPLITS] == [1, 1, 1]  # the interview has turns in each
    assert [load("speakers", split).num_rows for split in SPLITS] == [2, 2, 2]
    assert [load("turns", split).num_rows for split in SPLITS] == [25, 8, 8]
    assert load("turns", EVERY_SPLIT).num_rows == 41
    assert load("qa_pairs", EVERY_SPLIT).num_rows == 18
    sentences = load("sentences", EVERY_SPLIT)
    assert sentences.num_rows == len(sentences.unique("sentence_id")) == 665


def test_load_and_load_dataset_give_the_same_rows_for_every_split():
    from datasets import load_dataset

    from .conftest import ROOT

    for split in [*SPLITS, EVERY_SPLIT]:
        hub = load_dataset(str(ROOT / "build"), "sentences", split=split)
        ours = load("sentences", split)
        assert (str(ours.split), ours["sentence_id"], ours["label"]) == (split, hub["sentence_id"], hub["label"])


def test_an_unknown_split_is_a_clear_error():
    with pytest.raises(InterviewDataError, match="unknown split 'dev'; use one of train, validation, test"):
        load("turns", "dev")


def test_features_decode_class_labels_and_nested_lists():
    turns = load("turns")
    assert isinstance(turns.features["turn_type"], ClassLabel)
    first = turns[0]
    assert turns.features["role"].int2str(first["role"]) == "interviewer"
    assert first["paragraphs"][0]["char_start"] == first["char_start"]


def test_unknown_config_is_a_clear_error():
    with pytest.raises(InterviewDataError, match="unknown config 'turn'; use one of interviews"):
        load("turn")


def test_verify_refuses_a_tampered_release(tmp_path):
    import shutil

    release = tmp_path / "release"
    shutil.copytree(ROOT / "build", release)
    path = release / "data" / "turns" / "test-00000-of-00001.parquet"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(InterviewDataError, match="data/turns/test-00000-of-00001.parquet does not match its checksum"):
        load("turns", release=release, verify=True)
    assert load("speakers", release=release, verify=False).num_rows == 2


def test_import_is_lazy():
    code = ("import sys, interview_data; "
            "print(sorted(m for m in ('datasets', 'pandas', 'pyarrow.parquet') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_suite_keeps_every_cache_in_its_own_temporary_folder():
    import datasets.config

    from .conftest import CACHE

    for path in (datasets.config.HF_DATASETS_CACHE, datasets.config.HF_CACHE_HOME):
        assert Path(path).resolve().is_relative_to(CACHE.resolve()), path


def test_load_names_its_split_and_carries_the_cards_description_citation_licence_and_version():
    from datasets import load_dataset

    loaded = interview_data.load("claims")
    assert str(loaded.split) == str(load_dataset(str(ROOT / "build"), "claims", split="train").split) == "train"
    info = loaded.info
    assert info.description.startswith("Interview transcripts as a relational NLP dataset")
    assert info.citation.startswith("@misc{interview_data,") and interview_data.__version__ in info.citation
    assert (info.license, str(info.version), info.config_name) == (
        "mixed-see-license-data", interview_data.__version__, "claims")
    assert loaded.features["claim_type"].names[0] == "quantity"


def test_the_hub_path_logs_no_warning_and_opens_on_the_sentences(caplog):
    import logging

    from datasets import load_dataset

    with caplog.at_level(logging.WARNING):
        sentences = load_dataset(str(ROOT / "build"), "sentences", split="test")
        default = load_dataset(str(ROOT / "build"), split="test")
        every = load_dataset(str(ROOT / "build"), "sentences")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert default.num_rows == sentences.num_rows == 113
    assert {name: part.num_rows for name, part in every.items()} == {"train": 454, "validation": 98, "test": 113}
