"""Score the baselines (and any sentence labels) against the gold sentences and claims.

Scoring is additive: each interview yields counts (a confusion matrix,
matched spans, its average precision, quantity hits) that are summed over
the corpus, so a build can score interviews one at a time, in any process.
MAP is the mean, over the interviews with a check-worthy gold sentence, of
the average precision of the check-worthy class when the interview's
labelled sentences are ranked by score (ties kept in sentence order); a
baseline without scores has none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from . import baselines
from .baselines import BASELINES, Predictions
from .metrics import average_precision, class_prf, macro_f1, match_spans, prf
from ..records.models import Claim, Sentence, SentenceLabel, Split

POSITIVE = SentenceLabel.check_worthy_factual


@dataclass
class Counts:
    """What one baseline got right on some interviews; ``+`` merges two."""

    confusion: Counter = field(default_factory=Counter)  # (gold, predicted) -> sentences
    average_precisions: list[float] = field(default_factory=list)  # one per ranked interview with a CFS sentence
    spans: Counter = field(default_factory=Counter)  # predicted, gold, overlap, exact
    quantities: Counter = field(default_factory=Counter)  # gold, found, value, unit, comparator

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.confusion + other.confusion, self.average_precisions + other.average_precisions,
                      self.spans + other.spans, self.quantities + other.quantities)


@dataclass(frozen=True)
class LabelScore:
    """Scores of sentence labels against the gold: the check-worthy class's precision, recall and F1,
    macro-F1 over the three classes, and MAP (None when nothing was ranked)."""

    precision: float
    recall: float
    f1: float
    macro_f1: float
    map: Optional[float]
    ranked_interviews: int  # interviews whose average precision MAP averages


@dataclass(frozen=True)
class BaselineScore:
    baseline: str
    precision: float
    recall: float
    f1: float
    macro_f1: float
    map: Optional[float]
    span_f1_overlap: float
    span_f1_exact: float
    quantity_found: Optional[float] = None
    quantity_value: Optional[float] = None
    quantity_unit: Optional[float] = None
    quantity_comparator: Optional[float] = None


def label_counts(gold: list[SentenceLabel], predicted: Predictions) -> Counts:
    """The confusion table and average precision of one interview's predictions (the gold labels of its
    labelled sentences, in sentence order, which also breaks ties of score). An interview with no
    check-worthy gold sentence has no average precision, and neither has a prediction without scores."""
    relevant = [g is POSITIVE for g in gold]
    ranked = predicted.scores is not None and any(relevant)
    return Counts(confusion=Counter(zip(gold, predicted.labels)),
                  average_precisions=[average_precision(relevant, predicted.scores)] if ranked else [])


def label_score(counts: Counts) -> LabelScore:
    positive = class_prf(counts.confusion, POSITIVE)
    ranked = counts.average_precisions
    return LabelScore(positive.precision, positive.recall, positive.f1,
                      macro_f1(counts.confusion, list(SentenceLabel)),
                      sum(ranked) / len(ranked) if ranked else None, len(ranked))


def count_interview(sentences: list[Sentence], claims: list[Claim]) -> dict[str, Counts]:
    """Counts per baseline (by name) for one interview's labelled sentences and claims."""
    labelled = [s for s in sentences if s.label is not None]
    if not labelled:
        return {}
    gold = [s.label for s in labelled]
    claim_spans = _claim_spans(labelled, claims)
    counts = {}
    for baseline in BASELINES.values():
        predicted = baseline.predict(labelled)
        counts[baseline.name] = label_counts(gold, predicted) + Counts(spans=_span_counts(labelled, claim_spans,
                                                                                          predicted.labels))
        if baseline.slug == "cues":  # the quantity extractor runs on the sentences the detector flags
            counts[baseline.name].quantities = _quantity_counts(
                [s for s, label in zip(labelled, predicted.labels) if label is POSITIVE], claims)
    return counts


@dataclass(frozen=True)
class ClaimSpans:
    """Where the gold claims lie: a claim lies inside one sentence (annotate checks it)."""

    total: int
    holding: frozenset[str]  # sentences holding a claim
    exactly: frozenset[str]  # sentences that a claim spans exactly


def _claim_spans(sentences: list[Sentence], claims: list[Claim]) -> ClaimSpans:
    spans = {s.sentence_id: (s.char_start, s.char_end) for s in sentences}
    return ClaimSpans(len(claims), frozenset(c.sentence_id for c in claims),
                      frozenset(c.sentence_id for c in claims if spans.get(c.sentence_id) == (c.char_start, c.char_end)))


def _span_counts(sentences: list[Sentence], claims: ClaimSpans, labels: list[SentenceLabel]) -> Counter:
    """Span matches of the sentences predicted check-worthy against the gold claims, one to one.

    As each claim lies inside one sentence, a predicted sentence overlaps
    exactly the claims inside it: it is matched when it holds any, and matched
    exactly when one claim spans all of it (``metrics.match_spans`` gives the
    same counts, in quadratic time; a test checks that).
    """
    predicted = [s.sentence_id for s, label in zip(sentences, labels) if label is POSITIVE]
    return Counter(predicted=len(predicted), gold=claims.total, overlap=sum(p in claims.holding for p in predicted),
                   exact=sum(p in claims.exactly for p in predicted))


def _quantity_counts(sentences: list[Sentence], claims: list[Claim]) -> Counter:
    """Gold quantities found by the extractor (run on the sentences with a figure or number word)."""
    gold = [q for c in claims for q in c.quantities]
    extracted = [q for s in sentences for q in baselines.extract_quantities(s.text, s.char_start)]
    counts = Counter(gold=len(gold))
    matches = match_spans([(q.char_start, q.char_end) for q in gold], [(e.char_start, e.char_end) for e in extracted])
    for g, e in matches:
        expected, got = gold[g], extracted[e]
        counts["found"] += 1
        counts["value"] += abs(expected.value - got.value) < 1e-9
        counts["unit"] += expected.unit.lower() == got.unit.lower()
        counts["comparator"] += expected.comparator is got.comparator
    return counts


def summarize(totals: dict[str, Counts]) -> list[BaselineScore]:
    return [_score(b.name, totals[b.name]) for b in BASELINES.values() if b.name in totals]


def _score(name: str, counts: Counts) -> BaselineScore:
    labels = label_score(counts)
    spans, quantities = counts.spans, counts.quantities
    ratios = {}
    if quantities["gold"]:
        ratios = {f"quantity_{k}": quantities[k] / quantities["gold"] for k in ("found", "value", "unit", "comparator")}
    return BaselineScore(
        baseline=name, precision=labels.precision, recall=labels.recall, f1=labels.f1, macro_f1=labels.macro_f1,
        map=labels.map,
        span_f1_overlap=prf(spans["overlap"], spans["predicted"], spans["gold"]).f1,
        span_f1_exact=prf(spans["exact"], spans["predicted"], spans["gold"]).f1,
        **ratios,
    )


def evaluate(sentences: list[Sentence], claims: list[Claim]) -> list[BaselineScore]:
    """Scores over any set of interviews' sentences and claims (grouped per interview)."""
    by_interview: dict[str, tuple[list, list]] = {}
    for sentence in sentences:
        by_interview.setdefault(sentence.interview_id, ([], []))[0].append(sentence)
    for claim in claims:
        by_interview.setdefault(claim.interview_id, ([], []))[1].append(claim)
    totals: dict[str, Counts] = {}
    for part_sentences, part_claims in by_interview.values():
        add_counts(totals, count_interview(part_sentences, part_claims))
    return summarize(totals)


def add_counts(totals: dict[str, Counts], part: dict[str, Counts]) -> None:
    for name, counts in part.items():
        totals[name] = totals[name] + counts if name in totals else counts


@dataclass
class BaselineCounts:
    """The baselines' counts on one split (every split when ``split`` is None), gathered one interview
    at a time (``merge`` appends a later run of interviews); a build plugs it into its statistics."""

    split: Optional[Split] = None
    totals: dict[str, Counts] = field(default_factory=dict)

    def add(self, records, passes) -> None:
        sentences, claims = records.sentences, records.claims
        if self.split is not None:
            sentences = [s for s in sentences if s.split == self.split]
            claims = [c for c in claims if c.split == self.split]
        add_counts(self.totals, count_interview(sentences, claims))

    def merge(self, other: "BaselineCounts") -> None:
        add_counts(self.totals, other.totals)

    def result(self) -> list[BaselineScore]:
        return summarize(self.totals)


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
        cells = [score.baseline] + [_cell(getattr(score, name)) for _, name in COLUMNS[1:]]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join([header, rule, *rows]) + "\n"


def _cell(value: Optional[float]) -> str:
    return "–" if value is None else f"{value:.3f}"
