"""Score the baselines against the gold sentences and claims."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Optional

from . import baselines
from .metrics import average_precision, class_prf, macro_f1, match_spans, prf
from .models import Claim, Sentence, SentenceLabel

POSITIVE = SentenceLabel.check_worthy_factual


@dataclass(frozen=True)
class BaselineScore:
    baseline: str
    precision: float
    recall: float
    f1: float
    macro_f1: float
    map: float
    span_f1_overlap: float
    span_f1_exact: float
    quantity_found: Optional[float] = None
    quantity_value: Optional[float] = None
    quantity_unit: Optional[float] = None
    quantity_comparator: Optional[float] = None


def evaluate(sentences: list[Sentence], claims: list[Claim]) -> list[BaselineScore]:
    labelled = [s for s in sentences if s.label is not None]
    if not labelled:
        return []
    texts = [s.text for s in labelled]
    random_labels, random_scores = baselines.random_labels(texts)
    predictions: dict[str, tuple[list[SentenceLabel], list[float]]] = {
        "majority (non_factual)": _constant(texts, baselines.majority_label),
        "all check-worthy": _constant(texts, baselines.all_positive_label),
        "random (seed 13)": (random_labels, random_scores),
        "rule-based cues": ([baselines.rule_label(t) for t in texts], [baselines.cue_score(t) for t in texts]),
    }
    scores = []
    for name, (labels, ranking) in predictions.items():
        quantity = _quantity_scores(labelled, claims) if name == "rule-based cues" else {}
        scores.append(_score(name, labelled, claims, labels, ranking, **quantity))
    return scores


def _constant(texts: list[str], rule: Callable[[str], SentenceLabel]):
    return [rule(t) for t in texts], [0.0] * len(texts)


def _score(name, sentences, claims, labels, ranking, **quantity) -> BaselineScore:
    gold = [s.label for s in sentences]
    positive = class_prf(gold, labels, POSITIVE)
    predicted_spans = [(s.char_start, s.char_end, s.interview_id) for s, label in zip(sentences, labels)
                       if label is POSITIVE]
    gold_spans = [(c.char_start, c.char_end, c.interview_id) for c in claims]
    return BaselineScore(
        baseline=name, precision=positive.precision, recall=positive.recall, f1=positive.f1,
        macro_f1=macro_f1(gold, labels, list(SentenceLabel)),
        map=_mean_average_precision(sentences, ranking),
        span_f1_overlap=_per_interview_span_f1(predicted_spans, gold_spans, exact=False),
        span_f1_exact=_per_interview_span_f1(predicted_spans, gold_spans, exact=True),
        **quantity,
    )


def _mean_average_precision(sentences: list[Sentence], ranking: list[float]) -> float:
    by_interview = defaultdict(lambda: ([], []))
    for sentence, score in zip(sentences, ranking):
        relevant, scores = by_interview[sentence.interview_id]
        relevant.append(sentence.label is POSITIVE)
        scores.append(score)
    values = [average_precision(r, s) for r, s in by_interview.values()]
    return sum(values) / len(values)


def _per_interview_span_f1(predicted, gold, exact: bool) -> float:
    """Spans match only within one interview (offsets are per source)."""
    predicted_by, gold_by = _group((i, (s, e)) for s, e, i in predicted), _group((i, (s, e)) for s, e, i in gold)
    matched = sum(len(match_spans(spans, gold_by.get(i, []), exact)) for i, spans in predicted_by.items())
    return prf(matched, len(predicted), len(gold)).f1


def _quantity_scores(sentences: list[Sentence], claims: list[Claim]) -> dict[str, float]:
    gold = [(c.interview_id, q) for c in claims for q in c.quantities]
    if not gold:
        return {}
    extracted = [(s.interview_id, q) for s in sentences for q in baselines.extract_quantities(s.text, s.char_start)]
    found = value = unit = comparator = 0
    for interview_id, quantities in _group(gold).items():
        candidates = _group(extracted).get(interview_id, [])
        matches = match_spans([(q.char_start, q.char_end) for q in quantities],
                              [(e.char_start, e.char_end) for e in candidates])
        for g, e in matches:
            expected, got = quantities[g], candidates[e]
            found += 1
            value += abs(expected.value - got.value) < 1e-9
            unit += expected.unit.lower() == got.unit.lower()
            comparator += expected.comparator is got.comparator
    total = len(gold)
    return {"quantity_found": found / total, "quantity_value": value / total,
            "quantity_unit": unit / total, "quantity_comparator": comparator / total}


def _group(items):
    grouped = defaultdict(list)
    for key, item in items:
        grouped[key].append(item)
    return grouped


COLUMNS = [("baseline", "baseline"), ("P (CFS)", "precision"), ("R (CFS)", "recall"), ("F1 (CFS)", "f1"),
           ("macro-F1", "macro_f1"), ("MAP", "map"), ("span F1 overlap", "span_f1_overlap"),
           ("span F1 exact", "span_f1_exact"), ("qty found", "quantity_found"),
           ("qty value", "quantity_value"), ("qty unit", "quantity_unit"), ("qty comparator", "quantity_comparator")]


def format_table(scores: list[BaselineScore]) -> str:
    """A Markdown table (also readable in a terminal)."""
    header = "| " + " | ".join(title for title, _ in COLUMNS) + " |"
    rule = "|" + "|".join("---" if i == 0 else "---:" for i in range(len(COLUMNS))) + "|"
    rows = []
    for score in scores:
        cells = [score.baseline] + [_cell(getattr(score, field)) for _, field in COLUMNS[1:]]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join([header, rule, *rows]) + "\n"


def _cell(value: Optional[float]) -> str:
    return "–" if value is None else f"{value:.3f}"
