"""Sentence segmentation on the hard cases of this text and on the whole seed."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings, strategies as st

from interview_data.reading.segment import MAX_QUOTATION, sentence_spans

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


@pytest.mark.parametrize("text, expected", [
    # reversed marks pair up, and the sentence after them is split off
    ("We often hear: ”Russia is supplying arms.“ First of all, it is not. Second, we buy.",
     ["We often hear: ”Russia is supplying arms.“", "First of all, it is not.", "Second, we buy."]),
    ("They have one ”product“ left. Another thing they sell is this. They sell this ”product.“",
     ["They have one ”product“ left.", "Another thing they sell is this.", "They sell this ”product.“"]),
    # a quotation that never closes protects nothing
    ("He said: “We will go. Then it ended. And it went on.",
     ["He said: “We will go.", "Then it ended.", "And it went on."]),
    ("“It never closes. Then she said: “Yes. No.” It ended.",
     ["“It never closes.", "Then she said: “Yes. No.”", "It ended."]),
    # straight marks, read from their neighbours
    ('He said "We go. We stay." Then we went. "No," he said.',
     ['He said "We go. We stay."', "Then we went.", '"No," he said.']),
])
def test_quotations_are_bounded(text, expected):
    assert split(text) == expected


def test_a_quotation_longer_than_the_bound_is_split():
    long_quote = "“" + "We waited. " * (MAX_QUOTATION // 11 + 1) + "We left.”"
    assert len(split(f"She said: {long_quote} Done.")) > 3
    short_quote = "“" + "We waited. " * 5 + "We left.”"
    assert split(f"She said: {short_quote} Done.") == [f"She said: {short_quote}", "Done."]


@pytest.mark.parametrize("text, expected", [
    ("I met him. Ömer Çelik said so. Łukasz agreed. Éric did not.",
     ["I met him.", "Ömer Çelik said so.", "Łukasz agreed.", "Éric did not."]),
    ("It was late. Ǆemal came.", ["It was late.", "Ǆemal came."]),  # a title-case letter
])
def test_capitals_of_any_script_start_a_sentence(text, expected):
    assert split(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("That is the U.S. The rest is not.", ["That is the U.S.", "The rest is not."]),
    ("I oversee stores in the U.S.\xa0 And I thank them.", ["I oversee stores in the U.S.", "And I thank them."]),
    ("It is in Washington, D.C. Shouldn’t it move?", ["It is in Washington, D.C.", "Shouldn’t it move?"]),
    ("The U.S. Southern Command and the U.K. Government agreed.",
     ["The U.S. Southern Command and the U.K. Government agreed."]),
    ("5:35 P.M. EDT", ["5:35 P.M. EDT"]),
    ("I have a call at 8:00 p.m. tonight. It matters.", ["I have a call at 8:00 p.m. tonight.", "It matters."]),
    ("He was a partner of E.M. Heenan & Co. From 1975 he practised alone.",
     ["He was a partner of E.M. Heenan & Co.", "From 1975 he practised alone."]),
    ("Governor J.B. Pritzker called. Admiral G. But not today.",
     ["Governor J.B. Pritzker called.", "Admiral G.", "But not today."]),
    ("The U. S. A. recently agreed.", ["The U. S. A. recently agreed."]),
    ("Dr. Birx and Gov. Cuomo spoke on Sept. 11. In Sept. We left.",
     ["Dr. Birx and Gov. Cuomo spoke on Sept. 11.", "In Sept.", "We left."]),
])
def test_initialisms_end_a_sentence_only_before_a_sentence_opener(text, expected):
    assert split(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("No I’m not….I’m simply saying it.", ["No I’m not….", "I’m simply saying it."]),
    ("Because I’m…well I’m not.", ["Because I’m…well I’m not."]),
    ("To call the President …Australian is wrong.", ["To call the President …Australian is wrong."]),
    ("He… and he spoke. So, Sirius… By the way, it shines.", ["He… and he spoke.", "So, Sirius…", "By the way, it shines."]),
])
def test_ellipses(text, expected):
    assert split(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The head never changes.\xa0 (Laughs.)\xa0 The attitude never changes.",
     ["The head never changes.", "(Laughs.)", "The attitude never changes."]),
    ("We have a deal. •\xa0 Loans for small businesses. • Cash payments.",
     ["We have a deal.", "•\xa0 Loans for small businesses.", "• Cash payments."]),
])
def test_stage_notes_and_bullets(text, expected):
    assert split(text) == expected


def test_work_stays_linear_on_hostile_text():
    hostile = "“a. B. ”" * 20_000 + "…" * 20_000 + "U.S. " * 20_000 + '"' * 20_000
    started = time.perf_counter()
    spans = sentence_spans(hostile)
    assert spans and time.perf_counter() - started < 5


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZÖ .…?!“”\"„«»()•\xa0\n", max_size=80))
def test_spans_are_ordered_stripped_and_cover_the_text(text):
    spans = sentence_spans(text)
    assert all(s < e for s, e in spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert all(text[s:e].strip() == text[s:e] for s, e in spans)
    gaps = [text[a:b] for a, b in zip([0, *(e for _, e in spans)], [*(s for s, _ in spans), len(text)])]
    assert not "".join(gaps).strip(), "only white space is left between sentences"


def test_spans_exclude_surrounding_space():
    assert sentence_spans("  One.  Two.  ") == [(2, 6), (8, 12)]


def test_seed_matches_the_hand_checked_reference(seed_tables):
    reference = (ROOT / "tests" / "fixtures" / "seed_sentences.txt").read_text(encoding="utf-8").splitlines()
    assert [s.text for s in seed_tables.sentences] == reference


def _segmentation_benchmark():
    import importlib.util

    path = ROOT / "tests" / "benchmarks" / "segmentation.py"
    spec = importlib.util.spec_from_file_location("segmentation_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_reference_holds_offsets_only():
    import json

    reference = json.loads((ROOT / "tests" / "benchmarks" / "segmentation_reference.json").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for document in reference["documents"]:
        assert set(document) == {"publisher", "path", "file_sha256", "derived_sha256", "paragraphs", "sentences"}
        assert all(isinstance(n, int) for span in document["paragraphs"] + document["sentences"] for n in span)
        assert document["sentences"] == sorted(document["sentences"])
        counts[document["publisher"]] = counts.get(document["publisher"], 0) + len(document["sentences"])
    assert set(counts) == {"kremlin", "whitehouse", "pm"} and min(counts.values()) >= 100


def test_the_rules_keep_their_score_on_the_corpus_reference():
    benchmark = _segmentation_benchmark()
    corpus = ROOT.parent / "shared" / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"the shared corpus is not at {corpus}")
    cases = benchmark.corpus_cases(corpus)  # checks both SHA-256 of every document first
    scores = benchmark.score([case for publisher in benchmark.PUBLISHERS for case in cases[publisher]], sentence_spans)
    assert scores["recall"] == 1.0 and scores["false_splits"] <= 1, scores["errors"]
