"""The independent annotation passes as a release ships them: what agreement is computed from.

A pass is a complete second (or third...) annotation of an interview, made
apart from the gold and kept in ``raw/<id>/annotations/passes/<name>/``.
The release carries, in ``annotations/passes.jsonl``, one line per interview
and pass (interviews in release order, passes in the order of PASS_NAMES):
each sentence's label and each claim's sentence, span, text, type and
check-worthiness, which is all that ``interview-data agreement`` needs. The
gold side of a comparison is the release's own ``sentences`` and ``claims``,
put in the same form by :func:`annotation_of`.
"""

from __future__ import annotations

from typing import Iterable, Optional

from pydantic import Field

from .models import Claim, ClaimType, Record, Sentence, SentenceLabel

PASS_NAMES = ("a", "b", "v2-a", "v2-b")  # guidelines v1: a and b; v2: v2-a and v2-b
GOLD = "gold"  # the name of the released annotation when it is one side of a comparison


class PassLabel(Record):
    sentence_id: str
    """The sentence, as in the sentences table."""
    label: Optional[SentenceLabel] = None
    """The pass's label of the sentence; null when the pass left it unlabelled."""


class PassClaim(Record):
    sentence_id: str
    """The sentence holding the claim."""
    text: str = Field(min_length=1)
    """The claim's verbatim span."""
    char_start: int = Field(ge=0)
    """Start offset of the span in the source."""
    char_end: int = Field(ge=0)
    """End offset of the span in the source."""
    claim_type: ClaimType
    """Main type of the claim."""
    checkworthy: bool
    """Whether the pass judged the claim check-worthy."""


class AnnotationPass(Record):
    interview_id: str
    """The interview annotated."""
    annotation_pass: str
    """The pass's name: one of PASS_NAMES (or ``gold`` for the released annotation, never shipped here)."""
    labels: list[PassLabel]
    """Every sentence of the interview, in sentence_id order, with the pass's label."""
    claims: list[PassClaim]
    """The pass's claims, in source order (as claim ids number them)."""


def annotation_of(interview_id: str, name: str, sentences: Iterable[Sentence], claims: Iterable[Claim]) -> AnnotationPass:
    """One interview's annotation (a pass's records, or the gold) in the shipped form."""
    return AnnotationPass(
        interview_id=interview_id, annotation_pass=name,
        labels=[PassLabel(sentence_id=s.sentence_id, label=s.label)
                for s in sorted(sentences, key=lambda s: s.sentence_id)],
        claims=[PassClaim(sentence_id=c.sentence_id, text=c.text, char_start=c.char_start, char_end=c.char_end,
                          claim_type=c.claim_type, checkworthy=c.checkworthy)
                for c in sorted(claims, key=lambda c: c.claim_id)],
    )
