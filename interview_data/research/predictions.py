"""A predictions file: read, checked against the gold of one split, and scored; and written.

The file is JSON Lines, one object per sentence::

    {"sentence_id": "<interview_id>/t000/s000", "label": "check_worthy_factual", "score": 0.93}

``label`` is a class name (SentenceLabel); ``score`` is optional (higher:
more check-worthy) but all or none: when one line has a score, every line
must have one (``null`` counts as none). No other key is allowed, so a
misspelt ``scores`` is an error, not a silently missing ranking. Blank lines
are skipped. Every labelled sentence of the split must have a line, and no
sentence may have two; sentences of the split without a gold label may have
a line (it is checked but not scored); a sentence of another split, or of no
split, is an error. Every problem names its line (``FILE:LINE: what; fix``).

Scores: F1 (with precision and recall) of check_worthy_factual, macro-F1 over
the three classes, and MAP, the mean over the split's interviews that have a
check-worthy gold sentence of the average precision of check_worthy_factual
with the interview's labelled sentences ranked by score, ties kept in
sentence_id order; MAP is None when the file gives no scores. These are the
measures of the card's baseline table (``evaluate.label_counts``).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple, Optional, Sequence

from .baselines import Predictions
from .evaluate import Counts, label_counts, label_score
from ..errors import ErrorReport, InterviewDataError
from ..reading.inputs import MiB, decode_utf8, read_regular
from ..records.models import Sentence, SentenceLabel, Split

MAX_PREDICTIONS_BYTES = 256 * MiB  # some 2.5 million lines of a typical length
MAX_LINE_CHARS = 64 * 1024  # a line is an id, a label and a score
MAX_PROBLEMS = 200  # a file that is wrong throughout is reported by its first problems
KEYS = ("sentence_id", "label", "score")
CLASS_NAMES = [label.value for label in SentenceLabel]
ONE_LINE = "write one JSON object per line: {\"sentence_id\": ..., \"label\": ..., \"score\": ...}"


class GoldSentence(NamedTuple):
    sentence_id: str
    interview_id: str
    split: Split
    label: Optional[SentenceLabel]  # None: not annotated


class Prediction(NamedTuple):
    line: int
    label: SentenceLabel
    score: Optional[float]


@dataclass(frozen=True)
class PredictionScore:
    split: str
    n: int  # labelled sentences of the split, each scored once
    interviews: int  # interviews with labelled sentences in the split
    precision_check_worthy: float
    recall_check_worthy: float
    f1_check_worthy: float
    macro_f1: float
    map: Optional[float]  # None when the file gives no scores (or no interview has a check-worthy sentence)
    ranked_interviews: int  # interviews whose average precision MAP averages
    unscored: int  # lines for sentences of the split without a gold label: checked, not scored

    def as_json(self) -> dict:
        return asdict(self)


def read_predictions(path: Path, gold: dict[str, GoldSentence], split: Split) -> dict[str, Prediction]:
    """The predictions of ``path`` by sentence id, checked against ``gold`` (every sentence of the
    release) for ``split``; every problem found is raised together, each naming its line."""
    try:
        data = read_regular(path, MAX_PREDICTIONS_BYTES)
    except FileNotFoundError:
        raise InterviewDataError("predictions file not found", path=path,
                                 fix="pass the JSON Lines file of your predictions (--predictions FILE)") from None
    except IsADirectoryError:
        raise InterviewDataError("is a folder, not a predictions file", path=path,
                                 fix="pass the JSON Lines file of your predictions (--predictions FILE)") from None
    text = decode_utf8(data, path, InterviewDataError, "save the file as UTF-8")
    problems: list[InterviewDataError] = []
    found: dict[str, Prediction] = {}

    def problem(line: int, what: str, fix: str) -> None:
        problems.append(InterviewDataError(what, path=path, line=line, fix=fix))

    for number, line in enumerate(text.split("\n"), start=1):
        if len(problems) >= MAX_PROBLEMS:
            break
        if not line.strip():
            continue
        if len(line) > MAX_LINE_CHARS:
            problem(number, f"line of {len(line)} characters (at most {MAX_LINE_CHARS})", ONE_LINE)
            continue
        entry = _entry(line, number, problem)
        if entry is None:
            continue
        sentence_id, label, score = entry
        known = gold.get(sentence_id)
        if known is None:
            problem(number, f"unknown sentence_id {sentence_id!r}: not a sentence of this release",
                    "use the sentence_id of the release's sentences table (the file may be for another release)")
        elif known.split is not split:
            problem(number, f"sentence {sentence_id} is in the {known.split.value} split, not {split.value}",
                    f"score one split per file: drop the line, or pass --split {known.split.value}")
        elif sentence_id in found:
            problem(number, f"sentence {sentence_id} is predicted twice (first on line {found[sentence_id].line})",
                    "keep one line per sentence")
        else:
            found[sentence_id] = Prediction(number, label, score)
    if len(problems) < MAX_PROBLEMS:
        problems += _score_problems(path, found) + _missing(path, found, gold, split)
    if problems:
        raise ErrorReport(problems)
    return found


def _entry(line: str, number: int, problem) -> Optional[tuple[str, SentenceLabel, Optional[float]]]:
    """The line's (sentence_id, label, score), or None after reporting what is wrong with it."""
    try:
        entry = json.loads(line)
    except ValueError as exc:
        problem(number, f"not valid JSON ({getattr(exc, 'msg', exc)}, column {getattr(exc, 'colno', '?')})", ONE_LINE)
        return None
    if not isinstance(entry, dict):
        problem(number, f"a JSON {type(entry).__name__.replace('NoneType', 'null')}, not an object", ONE_LINE)
        return None
    unknown = [key for key in entry if key not in KEYS]
    if unknown:
        problem(number, f"unknown key {', '.join(repr(k) for k in unknown)}",
                "the keys are sentence_id, label and score (optional)")
        return None
    sentence_id, label, score = (entry.get(key) for key in KEYS)
    if not isinstance(sentence_id, str):
        problem(number, "no sentence_id" if sentence_id is None else "sentence_id is not a string",
                "give the sentence's id as a string, as in the sentences table")
        return None
    if label not in CLASS_NAMES:  # a string that names a class; not an index, not null
        shown = "no label" if label is None else f"label {json.dumps(label, ensure_ascii=False)} is not a class name"
        problem(number, shown, f"use one of {', '.join(CLASS_NAMES)}")
        return None
    if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))
                              or not math.isfinite(score)):
        problem(number, f"score {json.dumps(score, ensure_ascii=False)} is not a finite number",
                "give a number (higher: more check-worthy), or leave score out on every line")
        return None
    return sentence_id, SentenceLabel(label), None if score is None else float(score)


def _score_problems(path: Path, found: dict[str, Prediction]) -> list[InterviewDataError]:
    """When one line has a score, every line must have one."""
    scored = [p.line for p in found.values() if p.score is not None]
    if not scored or len(scored) == len(found):
        return []
    return [InterviewDataError(f"no score, but line {scored[0]} has one", path=path, line=p.line,
                               fix="give every line a score, or none (then MAP is not computed)")
            for p in found.values() if p.score is None]


def _missing(path: Path, found: dict[str, Prediction], gold: dict[str, GoldSentence],
             split: Split) -> list[InterviewDataError]:
    missing = [g.sentence_id for g in gold.values() if g.split is split and g.label is not None
               and g.sentence_id not in found]
    if not missing:
        return []
    shown = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
    return [InterviewDataError(f"{len(missing)} labelled sentence(s) of the {split.value} split have no prediction "
                               f"({shown})", path=path,
                               fix="add a line for every labelled sentence of the split "
                                   "(`interview-data baseline NAME --out FILE` shows the form)")]


def score_predictions(found: dict[str, Prediction], gold: dict[str, GoldSentence], split: Split) -> PredictionScore:
    """The scores of checked predictions (see :func:`read_predictions`) on the split's labelled sentences."""
    ranked = bool(found) and all(p.score is not None for p in found.values())
    by_interview: dict[str, list[GoldSentence]] = {}
    for sentence in sorted(gold.values(), key=lambda g: g.sentence_id):
        if sentence.split is split and sentence.label is not None:
            by_interview.setdefault(sentence.interview_id, []).append(sentence)
    total = Counts()
    for sentences in by_interview.values():
        predicted = [found[s.sentence_id] for s in sentences]
        total += label_counts([s.label for s in sentences],
                              Predictions([p.label for p in predicted], [p.score for p in predicted] if ranked else None))
    scores = label_score(total)
    n = sum(len(sentences) for sentences in by_interview.values())
    return PredictionScore(split=split.value, n=n, interviews=len(by_interview),
                           precision_check_worthy=scores.precision, recall_check_worthy=scores.recall,
                           f1_check_worthy=scores.f1, macro_f1=scores.macro_f1, map=scores.map,
                           ranked_interviews=scores.ranked_interviews, unscored=len(found) - n)


def prediction_lines(sentences: Sequence[Sentence], predicted: Predictions) -> bytes:
    """Predictions in the file's form, one line per sentence, in the order given."""
    lines = []
    for index, sentence in enumerate(sentences):
        entry = {"sentence_id": sentence.sentence_id, "label": predicted.labels[index].value}
        if predicted.scores is not None:
            entry["score"] = predicted.scores[index]
        lines.append(json.dumps(entry, ensure_ascii=False) + "\n")
    return "".join(lines).encode("utf-8")


def looks_like_predictions(head: str) -> bool:
    """Whether a file's first characters are those of a predictions file (empty, or a first line that
    is an object with a sentence_id and only the file's keys): the only files ``baseline --out``
    replaces."""
    first = head.split("\n", 1)[0].strip()
    if not first:
        return not head.strip()
    try:
        entry = json.loads(first)
    except ValueError:
        return False
    return isinstance(entry, dict) and "sentence_id" in entry and set(entry) <= set(KEYS)
