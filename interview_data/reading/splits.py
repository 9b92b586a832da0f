"""Benchmark splits that never leak: which split and fold each turn's rows go to.

The unit is an exchange: a question turn with every turn up to the next
question (its answers, remarks and the closing; turns before the first
question join the first exchange), so a question, its answers and every
sentence and claim inside them stay together. Once a corpus holds
WHOLE_INTERVIEWS_FROM interviews or more, the unit is the whole interview.

A unit's split and fold come from the SHA-256 of its key alone (the
interview id, or the id of the exchange's first turn): the same unit always
lands in the same split, and adding interviews never moves an existing row.
Crossing WHOLE_INTERVIEWS_FROM changes the unit, which is a new minor version.
"""

from __future__ import annotations

import hashlib
from typing import Sequence

from ..records.models import FOLDS, Split, TurnType

WHOLE_INTERVIEWS_FROM = 50
SPLIT_PERCENT = ((Split.train, 70), (Split.validation, 15), (Split.test, 15))


def unit_split(key: str) -> tuple[Split, int]:
    """(split, fold) of the unit with this key: the first 8 bytes of its SHA-256 pick the split by
    percentage, the next 8 the fold."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    bucket = int.from_bytes(digest[:8], "big") % 100
    fold = int.from_bytes(digest[8:16], "big") % FOLDS
    for split, percent in SPLIT_PERCENT:
        if bucket < percent:
            return split, fold
        bucket -= percent
    raise AssertionError("SPLIT_PERCENT must add up to 100")


def exchange_starts(turn_types: Sequence[TurnType]) -> list[int]:
    """For each turn, the index of the first turn of its exchange."""
    starts, current = [], 0
    first_question = next((i for i, kind in enumerate(turn_types) if kind == TurnType.question), 0)
    for index, kind in enumerate(turn_types):
        if kind == TurnType.question and index > first_question:
            current = index
        starts.append(current)
    return starts


def turn_splits(interview_id: str, turn_ids: Sequence[str], turn_types: Sequence[TurnType],
                whole_interview: bool) -> list[tuple[Split, int]]:
    """(split, fold) of every turn of one interview."""
    if whole_interview:
        return [unit_split(interview_id)] * len(turn_ids)
    return [unit_split(turn_ids[start]) for start in exchange_starts(turn_types)]
