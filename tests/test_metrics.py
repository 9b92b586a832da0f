"""Metrics on small examples computed by hand."""

from __future__ import annotations

import math

import pytest

from collections import Counter

from interview_data.research.metrics import average_precision, class_prf, cohen_kappa, macro_f1, match_spans, prf


def test_precision_recall_f1_on_the_positive_class():
    gold = ["c", "c", "n", "n", "c"]
    predicted = ["c", "n", "c", "n", "c"]
    score = class_prf(Counter(zip(gold, predicted)), "c")
    # 2 hits, 3 predicted, 3 actual
    assert (score.precision, score.recall, score.f1) == pytest.approx((2 / 3, 2 / 3, 2 / 3))


def test_macro_f1_averages_classes_including_zero_ones():
    gold = ["a", "a", "b", "c"]
    predicted = ["a", "a", "a", "a"]
    # F1(a) = 2*(2/4)*(1)/(1.5) = 2/3; F1(b) = F1(c) = 0
    assert macro_f1(Counter(zip(gold, predicted)), ["a", "b", "c"]) == pytest.approx((2 / 3) / 3)


def test_average_precision():
    # ranking by score: items 2 (rel), 0 (not), 3 (rel), 1 (not) -> (1/1 + 2/3) / 2
    assert average_precision([False, False, True, True], [0.8, 0.1, 0.9, 0.5]) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision([False, False], [1, 2]) == 0.0


def test_cohen_kappa():
    # 10 items: both "y" 4, both "n" 3, a=y b=n 2, a=n b=y 1
    first = ["y"] * 4 + ["n"] * 3 + ["y"] * 2 + ["n"]
    second = ["y"] * 4 + ["n"] * 3 + ["n"] * 2 + ["y"]
    # po = 0.7; pe = 0.6*0.5 + 0.4*0.5 = 0.5; kappa = 0.4
    assert cohen_kappa(first, second) == pytest.approx(0.4)
    assert cohen_kappa(["a", "b"], ["a", "b"]) == 1.0
    assert math.isnan(cohen_kappa([], []))


def test_span_matching_is_one_to_one_by_largest_overlap():
    predicted = [(0, 10), (20, 30)]
    gold = [(5, 8), (2, 10), (40, 50)]
    assert match_spans(predicted, gold) == [(0, 1)]
    score = prf(len(match_spans(predicted, gold)), len(predicted), len(gold))
    assert (score.precision, score.recall) == pytest.approx((1 / 2, 1 / 3))
    assert match_spans([(2, 10)], gold, exact=True) == [(0, 1)]
    assert match_spans([(2, 9)], gold, exact=True) == []
