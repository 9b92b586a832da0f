"""Evaluation and agreement metrics, as pure functions over plain values."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import Hashable, Sequence


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


def prf(true_positives: int, predicted: int, actual: int) -> PRF:
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def class_prf(confusion: Counter, label: Hashable) -> PRF:
    """Precision, recall and F1 of one class from a (gold, predicted) -> count confusion table."""
    hits = confusion[(label, label)]
    predicted = sum(n for (_, p), n in confusion.items() if p == label)
    actual = sum(n for (g, _), n in confusion.items() if g == label)
    return prf(hits, predicted, actual)


def macro_f1(confusion: Counter, labels: Sequence[Hashable]) -> float:
    return sum(class_prf(confusion, label).f1 for label in labels) / len(labels)


def average_precision(relevant: Sequence[bool], scores: Sequence[float]) -> float:
    """AP of a ranking by descending score; ties keep input order (stable), as in CheckThat!."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    total = sum(relevant)
    if not total:
        return 0.0
    hits, summed = 0, 0.0
    for rank, index in enumerate(order, start=1):
        if relevant[index]:
            hits += 1
            summed += hits / rank
    return summed / total


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float:
    pairs = list(zip(first, second, strict=True))
    if not pairs:
        return float("nan")
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[label] * count_b[label] for label in count_a) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(first: Sequence[tuple[int, int]], second: Sequence[tuple[int, int]],
                exact: bool = False) -> list[tuple[int, int]]:
    """One-to-one matches (index in first, index in second), greedily by largest overlap."""
    candidates = []
    order = sorted(range(len(second)), key=lambda j: second[j])
    starts = [second[j][0] for j in order]
    longest = max((b[1] - b[0] for b in second), default=0)
    for i, a in enumerate(first):
        # only spans starting in [a.start - longest, a.end) can overlap a
        for k in range(bisect_left(starts, a[0] - longest), bisect_left(starts, a[1])):
            j = order[k]
            shared = overlap(a, second[j])
            if (a == second[j]) if exact else shared > 0:
                candidates.append((-shared, i, j))
    used_first, used_second, matches = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_first and j not in used_second:
            used_first.add(i)
            used_second.add(j)
            matches.append((i, j))
    return sorted(matches)
