"""Sentence segmentation on the hard cases of this text and on the whole seed."""

from __future__ import annotations

import pytest

from interview_data.reading.segment import sentence_spans

from .conftest import ROOT


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("You and Mr. Pashinyan spoke. Then it ended.", ["You and Mr. Pashinyan spoke.", "Then it ended."]),
    ("The U.S. Congress passed it. It hurt.", ["The U.S. Congress passed it.", "It hurt."]),
    ("It was Section No. 907, which deprived us. Yes.", ["It was Section No. 907, which deprived us.", "Yes."]),
    ("The first day, i.e. the breakthrough, mattered.", ["The first day, i.e. the breakthrough, mattered."]),
    ("He asked: “Do you maintain your position?” I said: “Yes, I do. We will stop.” This happened.",
     ["He asked: “Do you maintain your position?”", "I said: “Yes, I do. We will stop.”", "This happened."]),
    ("We held it – quite frankly - taking a risk. More than 16,000 shells landed.",
     ["We held it – quite frankly - taking a risk.", "More than 16,000 shells landed."]),
    ("We allocated $1.3 billion. As for you personally ... You know, it changed.",
     ["We allocated $1.3 billion.", "As for you personally ...", "You know, it changed."]),
    ("Mugham, ashug art, etc. – everything we value.", ["Mugham, ashug art, etc. – everything we value."]),
])
def test_hard_cases(text, expected):
    assert split(text) == expected


def test_spans_exclude_surrounding_space():
    assert sentence_spans("  One.  Two.  ") == [(2, 6), (8, 12)]


def test_seed_matches_the_hand_checked_reference(seed_tables):
    reference = (ROOT / "tests" / "fixtures" / "seed_sentences.txt").read_text(encoding="utf-8").splitlines()
    assert [s.text for s in seed_tables.sentences] == reference
