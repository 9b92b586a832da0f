"""Inter-annotator agreement between the two independent passes kept in raw/.

Each pass (``annotations/passes/a`` and ``.../b``) is resolved through the
same anchoring as the gold, so a pass that no longer anchors is an error.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .metrics import cohen_kappa, match_spans, prf
from ..records.models import SentenceLabel
from ..reading.interview import TableRows, pass_dirs, read_interview


@dataclass(frozen=True)
class Agreement:
    interviews: int
    sentences: int
    label_kappa: float
    label_observed: float
    checkworthy_sentence_kappa: float
    claims_a: int
    claims_b: int
    matched_claims: int
    span_f1_overlap: float
    span_f1_exact: float
    claim_type_kappa: float
    claim_checkworthy_kappa: float


@dataclass
class AgreementCounts:
    """What agreement is computed from, gathered one interview at a time (``merge`` appends a later
    run of interviews); a build plugs it into its statistics."""

    interviews: int = 0
    labels: list[tuple] = field(default_factory=list)  # (pass a, pass b) per sentence
    types: list[tuple] = field(default_factory=list)  # (pass a, pass b) per matched claim
    worthy: list[tuple] = field(default_factory=list)
    claims: Counter = field(default_factory=Counter)  # a, b, matched, exact

    def add(self, records: TableRows, passes: list[TableRows]) -> None:
        if len(passes) != 2:
            return
        first, second = passes
        self.interviews += 1
        self.labels += [(a.label, b.label) for a, b in zip(first.sentences, second.sentences)]
        spans_a = [(c.char_start, c.char_end) for c in first.claims]
        spans_b = [(c.char_start, c.char_end) for c in second.claims]
        matches = match_spans(spans_a, spans_b)
        self.claims.update(a=len(spans_a), b=len(spans_b), matched=len(matches),
                           exact=len(match_spans(spans_a, spans_b, exact=True)))
        self.types += [(first.claims[i].claim_type, second.claims[j].claim_type) for i, j in matches]
        self.worthy += [(first.claims[i].checkworthy, second.claims[j].checkworthy) for i, j in matches]

    def merge(self, other: "AgreementCounts") -> None:
        self.interviews += other.interviews
        self.labels += other.labels
        self.types += other.types
        self.worthy += other.worthy
        self.claims += other.claims

    def result(self) -> Optional[Agreement]:
        if not self.interviews:
            return None
        labels_a, labels_b = _sides(self.labels)
        positive = SentenceLabel.check_worthy_factual
        claims = self.claims
        return Agreement(
            interviews=self.interviews, sentences=len(self.labels),
            label_kappa=cohen_kappa(labels_a, labels_b),
            label_observed=sum(a == b for a, b in self.labels) / len(self.labels),
            checkworthy_sentence_kappa=cohen_kappa([l is positive for l in labels_a], [l is positive for l in labels_b]),
            claims_a=claims["a"], claims_b=claims["b"], matched_claims=claims["matched"],
            span_f1_overlap=prf(claims["matched"], claims["a"], claims["b"]).f1,
            span_f1_exact=prf(claims["exact"], claims["a"], claims["b"]).f1,
            claim_type_kappa=cohen_kappa(*_sides(self.types)),
            claim_checkworthy_kappa=cohen_kappa(*_sides(self.worthy)),
        )


def _sides(pairs: list[tuple]) -> tuple[list, list]:
    return [a for a, _ in pairs], [b for _, b in pairs]


def agreement(interview_dirs: list[Path]) -> Optional[Agreement]:
    """The agreement between the annotation passes of every interview that has both."""
    counts = AgreementCounts()
    for directory in interview_dirs:
        if pass_dirs(directory) is None:
            continue
        reading = read_interview(directory, with_passes=True)
        counts.add(reading.records, reading.passes)
    return counts.result()


def format_agreement(result: Agreement) -> str:
    rows = [
        ("sentences compared", f"{result.sentences}"),
        ("sentence label, Cohen's kappa (3 classes)", f"{result.label_kappa:.3f}"),
        ("sentence label, observed agreement", f"{result.label_observed:.3f}"),
        ("check-worthy vs rest, Cohen's kappa", f"{result.checkworthy_sentence_kappa:.3f}"),
        ("claims in pass A / pass B", f"{result.claims_a} / {result.claims_b}"),
        ("claims matched (overlapping spans, one-to-one)", f"{result.matched_claims}"),
        ("claim span F1, overlap", f"{result.span_f1_overlap:.3f}"),
        ("claim span F1, exact", f"{result.span_f1_exact:.3f}"),
        ("claim type, Cohen's kappa (matched claims)", f"{result.claim_type_kappa:.3f}"),
        ("claim check-worthiness, Cohen's kappa (matched claims)", f"{result.claim_checkworthy_kappa:.3f}"),
    ]
    return "| measure | value |\n|---|---:|\n" + "".join(f"| {name} | {value} |\n" for name, value in rows)
