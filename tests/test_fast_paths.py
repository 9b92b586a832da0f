"""The build's fast paths give exactly what the plain definitions give.

Each fast path (one automaton for all anchors, one scan for all sentences'
cues, one call to serialise a table, span counts from sentence ids) is
checked against the straightforward version it replaces, on generated input
and on the seed.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from interview_data.reading.anchoring import AnchorIndex, find_all
from interview_data.research.baselines import MATCH_START, QUANTITY, SCAN_JOINER, cues, cues_of
from interview_data.research.evaluate import POSITIVE, _claim_spans, _span_counts
from interview_data.research.metrics import match_spans
from interview_data.records.models import TABLES, SentenceLabel
from interview_data.publish.shards import json_lines

PIECES = st.sampled_from(["a", "ab", "Yes.", " ", "\n", "one", "ONE", "said", "according to", "Baku", ", Mr",
                          "12,000", "3.5", "$", "%", "€", "😀", "é", "K\u212a", "٣", SCAN_JOINER, "?", "It "])
TEXTS = st.lists(PIECES, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(source=TEXTS, anchors=st.lists(TEXTS.filter(bool), min_size=1, max_size=6))
def test_the_anchor_index_finds_every_occurrence_that_find_finds(source, anchors):
    index = AnchorIndex(source, anchors)
    for anchor in anchors:
        assert index.starts(anchor) == find_all(source, anchor)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=8))
def test_scanning_texts_together_gives_each_text_its_own_cues(texts):
    assert cues_of(texts) == [cues(text) for text in texts]


def test_cues_of_a_text_are_what_its_words_say():
    found = cues("Ilham said, Mr Putin and ONE aide, according to Baku, left on 12 May. Is it?")
    # strong: ONE, 12, May; reporting: said, according to
    assert (found.strong, found.reporting, found.question) == (3, 2, True)
    # names: Mr (after ", "), Putin, Baku (after a lower-case letter and a space); not Ilham (first word),
    # May (after a digit) or Is (after a full stop)
    assert found.names == 3


def test_span_counts_from_sentence_ids_equal_one_to_one_matching(seed_tables):
    sentences, claims = seed_tables.sentences, seed_tables.claims
    spans = _claim_spans(sentences, claims)
    gold_spans = [(c.char_start, c.char_end) for c in claims]
    for every in (1, 2, 3, 7):
        labels = [POSITIVE if i % every == 0 else SentenceLabel.non_factual for i in range(len(sentences))]
        predicted = [(s.char_start, s.char_end) for s, label in zip(sentences, labels) if label is POSITIVE]
        counted = _span_counts(sentences, spans, labels)
        assert counted["overlap"] == len(match_spans(predicted, gold_spans))
        assert counted["exact"] == len(match_spans(predicted, gold_spans, exact=True))


def test_a_table_serialised_in_one_call_is_one_record_per_line(seed_tables):
    for config in TABLES:
        records = getattr(seed_tables, config)
        expected = "".join(record.model_dump_json() + "\n" for record in records)
        assert json_lines(config, records).decode("utf-8") == expected
    assert json_lines("claims", []) == b""


QUANTITY_PIECES = st.sampled_from(["about ", "More than ", "up to ", "$", "5", "1,000", ".5", " billion", "%",
                                   " percent", " people", "one", "Twenty", "x", " ", "\n", "ſome", "٣", "K"])


@settings(max_examples=300, deadline=None)
@given(st.lists(QUANTITY_PIECES, max_size=12).map("".join))
def test_the_quantity_pattern_finds_what_it_finds_without_its_lookahead(text):
    plain = re.compile(QUANTITY.pattern.removeprefix(f"(?=[{MATCH_START}$\\d])"), QUANTITY.flags)
    assert plain.pattern != QUANTITY.pattern
    assert [m.groupdict() | {"span": m.span()} for m in QUANTITY.finditer(text)] == \
        [m.groupdict() | {"span": m.span()} for m in plain.finditer(text)]


def test_the_arrow_schema_built_without_datasets_is_the_one_datasets_derives():
    from interview_data.records.fields import arrow_schema, features_for

    for config in TABLES:
        assert arrow_schema(config).equals(features_for(config).arrow_schema, check_metadata=True), config


def test_writing_a_table_does_not_import_datasets():
    import subprocess
    import sys

    code = ("import sys; from interview_data.records.fields import arrow_schema; from interview_data.publish.shards import "
            "serialise_interview; [arrow_schema(c) for c in ('turns', 'claims')]; print('datasets' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "False\n"
