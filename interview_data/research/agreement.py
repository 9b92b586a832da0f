"""Inter-annotator agreement between the independent annotation passes, and with the gold.

Each pass (``raw/<id>/annotations/passes/<name>``) is resolved through the
same anchoring as the gold, so a pass that no longer anchors is an error;
the build ships every pass, in the form of ``records.passes``, in the
release's ``annotations/passes.jsonl``. Agreement is computed from that
form only, the same way by the build (for the card) and by
``interview-data agreement`` (from a release). The comparisons: the two
passes made under guidelines v1 (``a``, ``b``), the two made under v2
(``v2-a``, ``v2-b``), and each v2 pass against the gold revised under v2.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from .metrics import cohen_kappa, match_spans, prf
from ..errors import IntegrityError
from ..records.models import SentenceLabel
from ..records.passes import GOLD, AnnotationPass, annotation_of


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

    def add(self, first: AnnotationPass, second: AnnotationPass) -> None:
        """Two annotations of one interview: labels paired by sentence, claims matched by span."""
        other = {item.sentence_id: item.label for item in second.labels}
        if [item.sentence_id for item in first.labels] != list(other):
            raise IntegrityError(f"{first.interview_id}: annotations {first.annotation_pass} and "
                                 f"{second.annotation_pass} label different sentences",
                                 fix="rebuild the release from raw/ (every pass labels every sentence)")
        self.interviews += 1
        self.labels += [(item.label, other[item.sentence_id]) for item in first.labels]
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


COMPARISONS = {  # name: (one side, other side); GOLD is the released annotation
    "v1: pass A vs pass B": ("a", "b"),
    "v2: pass A vs pass B": ("v2-a", "v2-b"),
    "v2: pass A vs gold": ("v2-a", "gold"),
    "v2: pass B vs gold": ("v2-b", "gold"),
}


@dataclass
class AgreementTable:
    """Every comparison of COMPARISONS whose two sides an interview has, gathered one interview at a
    time; a build plugs it into its statistics (``add``), a release's shipped passes go to ``add_passes``."""

    counts: dict[str, AgreementCounts] = field(default_factory=dict)

    def add(self, records, passes: dict) -> None:
        """One interview's records (gold) and its passes' records, by pass name."""
        if not passes:
            return
        interview_id = records.interviews[0].interview_id
        self.add_passes({name: annotation_of(interview_id, name, rows.sentences, rows.claims)
                         for name, rows in passes.items()},
                        lambda: annotation_of(interview_id, GOLD, records.sentences, records.claims))

    def add_passes(self, passes: dict[str, AnnotationPass], gold) -> None:
        """One interview's passes, by name, and a function giving its gold (called only when needed)."""
        sides = dict(passes)
        for name, (first, second) in COMPARISONS.items():
            if first not in passes or (second not in passes and second != GOLD):
                continue
            if second not in sides:
                sides[second] = gold()
            self.counts.setdefault(name, AgreementCounts()).add(sides[first], sides[second])

    def merge(self, other: "AgreementTable") -> None:
        for name, counts in other.counts.items():
            self.counts.setdefault(name, AgreementCounts()).merge(counts)

    def result(self) -> dict[str, Agreement]:
        """The agreement of each comparison made, in the order of COMPARISONS."""
        return {name: self.counts[name].result() for name in COMPARISONS if name in self.counts}


def agreement(interviews: Iterable[tuple[dict[str, AnnotationPass], object]]) -> dict[str, Agreement]:
    """The agreement of every comparison over interviews given as (passes by name, gold function)."""
    table = AgreementTable()
    for passes, gold in interviews:
        table.add_passes(passes, gold)
    return table.result()


MEASURES = [
    ("sentences compared", lambda r: f"{r.sentences}"),
    ("sentence label, Cohen's kappa (3 classes)", lambda r: f"{r.label_kappa:.3f}"),
    ("sentence label, observed agreement", lambda r: f"{r.label_observed:.3f}"),
    ("check-worthy vs rest, Cohen's kappa", lambda r: f"{r.checkworthy_sentence_kappa:.3f}"),
    ("claims on one side / the other", lambda r: f"{r.claims_a} / {r.claims_b}"),
    ("claims matched (overlapping spans, one-to-one)", lambda r: f"{r.matched_claims}"),
    ("claim span F1, overlap", lambda r: f"{r.span_f1_overlap:.3f}"),
    ("claim span F1, exact", lambda r: f"{r.span_f1_exact:.3f}"),
    ("claim type, Cohen's kappa (matched claims)", lambda r: f"{r.claim_type_kappa:.3f}"),
    ("claim check-worthiness, Cohen's kappa (matched claims)", lambda r: f"{r.claim_checkworthy_kappa:.3f}"),
]


def format_agreement(results: dict[str, Agreement]) -> str:
    """A Markdown table: one row per measure, one column per comparison."""
    names = list(results)
    lines = ["| measure | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    lines += [f"| {measure} | " + " | ".join(show(results[n]) for n in names) + " |" for measure, show in MEASURES]
    return "\n".join(lines) + "\n"
