"""The lines of the standoff annotation files, derived from the record models.

An annotation line holds what a person decides about a span: the record's
own columns, declared once in ``models``, minus those the build computes
(ids, offsets, the speaker, the verification status), plus its anchor: the
exact ``text`` and, when that text occurs more than once, which
``occurrence`` (0-based) is meant.
"""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from .models import Claim, Entity, Quantity, Record, SentenceLabel, TimeExpression

COMPUTED = frozenset({"interview_id", "claim_id", "turn_id", "sentence_id", "speaker_id", "text",
                      "char_start", "char_end", "verification_status", "split", "fold"})


class Anchored(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    text: str = Field(min_length=1)
    """The annotated span, exactly as it occurs in the source (or, for an item, in its claim)."""
    occurrence: Optional[int] = Field(None, ge=0)
    """Which occurrence of ``text`` is meant, from 0, when it occurs more than once."""


def entry_model(record: type[Record], items: Optional[dict[str, type[Anchored]]] = None) -> type[Anchored]:
    """The annotation line of ``record``: its columns but the computed ones; ``items`` replaces list
    columns of spans by lists of their own annotation lines (empty when left out)."""
    fields = {}
    for name, info in record.model_fields.items():
        if name in COMPUTED:
            continue
        if items and name in items:
            fields[name] = (list[items[name]], Field(default_factory=list, description=info.description))
        else:
            fields[name] = (info.annotation, info)
    return create_model(f"{record.__name__}Entry", __base__=Anchored, __doc__=f"An annotation line of a {record.__name__.lower()}.", **fields)


QuantityEntry = entry_model(Quantity)
TimeEntry = entry_model(TimeExpression)
EntityEntry = entry_model(Entity)
ClaimEntry = entry_model(Claim, items={"quantities": QuantityEntry, "times": TimeEntry, "entities": EntityEntry})


class LabelEntry(Anchored):
    """An annotation line of a sentence: its label (the sentences table's column, required here)."""

    label: SentenceLabel
    note: Optional[str] = None
    """Annotator note; not released."""
