"""Inter-annotator agreement between the two independent passes kept in raw/.

Each pass (``annotations/passes/a`` and ``.../b``) is resolved through the
same anchoring as the gold, so a pass that no longer anchors is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .metrics import cohen_kappa, match_spans, prf
from ..records.models import SentenceLabel
from ..reading.interview import ANNOTATIONS_DIR, Tables, build_interview

PASSES = ("a", "b")


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


def pass_dirs(interview_dir: Path) -> Optional[tuple[Path, Path]]:
    dirs = tuple(interview_dir / ANNOTATIONS_DIR / "passes" / name for name in PASSES)
    return dirs if all(d.is_dir() for d in dirs) else None


def agreement(interview_dirs: list[Path]) -> Optional[Agreement]:
    pairs = []
    for directory in interview_dirs:
        passes = pass_dirs(directory)
        if passes:
            pairs.append(tuple(build_interview(directory, p) for p in passes))
    return compare(pairs) if pairs else None


def compare(pairs: list[tuple[Tables, Tables]]) -> Agreement:
    labels_a, labels_b, types_a, types_b, worthy_a, worthy_b = [], [], [], [], [], []
    claims_a = claims_b = matched = exact = 0
    for first, second in pairs:
        labels_a += [s.label for s in first.sentences]
        labels_b += [s.label for s in second.sentences]
        spans_a = [(c.char_start, c.char_end) for c in first.claims]
        spans_b = [(c.char_start, c.char_end) for c in second.claims]
        matches = match_spans(spans_a, spans_b)
        exact += len(match_spans(spans_a, spans_b, exact=True))
        claims_a, claims_b, matched = claims_a + len(spans_a), claims_b + len(spans_b), matched + len(matches)
        for i, j in matches:
            types_a.append(first.claims[i].claim_type)
            types_b.append(second.claims[j].claim_type)
            worthy_a.append(first.claims[i].checkworthy)
            worthy_b.append(second.claims[j].checkworthy)
    positive = SentenceLabel.check_worthy_factual
    return Agreement(
        interviews=len(pairs), sentences=len(labels_a),
        label_kappa=cohen_kappa(labels_a, labels_b),
        label_observed=sum(a == b for a, b in zip(labels_a, labels_b)) / len(labels_a),
        checkworthy_sentence_kappa=cohen_kappa([l is positive for l in labels_a], [l is positive for l in labels_b]),
        claims_a=claims_a, claims_b=claims_b, matched_claims=matched,
        span_f1_overlap=prf(matched, claims_a, claims_b).f1,
        span_f1_exact=prf(exact, claims_a, claims_b).f1,
        claim_type_kappa=cohen_kappa(types_a, types_b),
        claim_checkworthy_kappa=cohen_kappa(worthy_a, worthy_b),
    )


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
