"""Dialogue structure: what each turn does, what it replies to, and question/answer pairs.

Rules (documented in README.md, checked by tests on the seed):
- an interviewer turn is a ``question`` when it asks (contains ``?``) or
  prompts at length (``PROMPT_WORDS`` words or more); a short one without a
  question mark is a ``remark`` (an interjection such as "Military ones.");
- the ``closing`` run starts at the first interviewer turn after the last
  question that thanks the other side; every later turn is closing too;
- other interviewee turns are ``answer``s, other speakers' turns ``remark``s;
- every turn but the first replies to the turn before it;
- a question pairs with the interviewee turns up to the next question,
  so an answer interrupted by a remark stays one answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..records.models import Role, TurnType

PROMPT_WORDS = 12
THANKS = re.compile(r"\bthank", re.IGNORECASE)


@dataclass(frozen=True)
class TurnShape:
    role: Role
    text: str
    n_words: int


def turn_types(turns: list[TurnShape]) -> list[TurnType]:
    types = [_base_type(t) for t in turns]
    closing_start = _closing_start(turns, types)
    if closing_start is not None:
        types[closing_start:] = [TurnType.closing] * (len(types) - closing_start)
    return types


def _base_type(turn: TurnShape) -> TurnType:
    if turn.role is Role.interviewer:
        asks = "?" in turn.text or turn.n_words >= PROMPT_WORDS
        return TurnType.question if asks else TurnType.remark
    return TurnType.answer if turn.role is Role.interviewee else TurnType.remark


def _closing_start(turns: list[TurnShape], types: list[TurnType]) -> Optional[int]:
    asking = [i for i, t in enumerate(turns) if t.role is Role.interviewer and "?" in t.text]
    after = asking[-1] + 1 if asking else 0
    for index in range(after, len(turns)):
        if turns[index].role is Role.interviewer and THANKS.search(turns[index].text):
            return index
    return None


def reply_targets(n_turns: int) -> list[Optional[int]]:
    return [None] + list(range(n_turns - 1))


def qa_groups(roles: list[Role], types: list[TurnType]) -> list[tuple[int, list[int]]]:
    """(question turn, answering turns) for every question with at least one answer."""
    groups: list[tuple[int, list[int]]] = []
    current: Optional[tuple[int, list[int]]] = None
    for index, (role, kind) in enumerate(zip(roles, types)):
        if kind is TurnType.question:
            current = (index, [])
            groups.append(current)
        elif kind is TurnType.closing:
            current = None
        elif current is not None and role is Role.interviewee:
            current[1].append(index)
    return [g for g in groups if g[1]]
