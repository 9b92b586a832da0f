"""Annotation lines that must not build: duplicates, non-finite numbers; and lines that must:
a U+2028 inside a JSON string. A text typed in another Unicode normalisation form is named as such."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pydantic import ValidationError

from interview_data.errors import InterviewDataError
from interview_data.records.models import Quantity
from interview_data.reading.interview import read_records

from .conftest import ROOT

INTERVIEW_YAML = (ROOT / "tests" / "fixtures" / "layouts" / "labels-crlf" / "interview.yaml").read_text(encoding="utf-8")
FRONT_MATTER = "Interview with Minister Jane Doe on water policy\nMarch 3, 2023\n\n"
QUESTION = "How much did it cost?"
ANSWER = "It cost about $2 billion."
CLAIM = {"text": "It cost about $2 billion", "claim_text": "The programme cost about $2 billion.",
         "claim_type": "quantity", "checkworthy": True, "verifiable": "public", "certainty": "certain",
         "polarity": "positive", "time_orientation": "past", "attribution": {"type": "own"},
         "quantities": [{"text": "about $2 billion", "value": 2e9, "unit": "USD", "comparator": "approx"}]}


def interview(tmp_path: Path, answer: str = ANSWER, labels: list | None = None, claims: list | None = None) -> Path:
    """A two-turn interview (question, answer) with its annotations, in ``tmp_path/raw``."""
    folder = tmp_path / "raw" / "2023-03-03-doe-water"
    (folder / "annotations").mkdir(parents=True)
    (folder / "interview.yaml").write_text(INTERVIEW_YAML, encoding="utf-8")
    (folder / "source.txt").write_text(f"{FRONT_MATTER}Question: {QUESTION}\n\nJane Doe: {answer}\n", encoding="utf-8")
    if labels is None:
        labels = [{"text": QUESTION, "label": "non_factual"}, {"text": answer, "label": "check_worthy_factual"}]
    write_lines(folder / "annotations" / "sentence_labels.jsonl", labels)
    write_lines(folder / "annotations" / "claims.jsonl", [CLAIM] if claims is None else claims)
    return folder


def write_lines(path: Path, entries: list) -> None:
    path.write_text("".join((e if isinstance(e, str) else json.dumps(e, ensure_ascii=False)) + "\n"
                            for e in entries), encoding="utf-8")


def problems(folder: Path) -> str:
    with pytest.raises(InterviewDataError) as caught:
        read_records(folder)
    return str(caught.value)


def test_the_fixture_builds(tmp_path):
    tables = read_records(interview(tmp_path))
    assert [s.text for s in tables.sentences] == [QUESTION, ANSWER]
    assert [(c.text, c.quantities[0].value) for c in tables.claims] == [(CLAIM["text"], 2e9)]


# --- duplicates ------------------------------------------------------------------

def test_a_claim_annotated_twice_names_both_lines(tmp_path):
    other = {**CLAIM, "text": "$2 billion", "quantities": []}
    message = problems(interview(tmp_path, claims=[CLAIM, other, CLAIM]))
    assert "claims.jsonl:3: claim annotated twice (lines 1 and 3): 'It cost about $2 billion'" in message
    assert "delete one of the two lines" in message


def test_one_span_may_carry_two_different_claims(tmp_path):
    second = {**CLAIM, "claim_text": "The reservoir programme cost about $2 billion."}
    assert len(read_records(interview(tmp_path, claims=[CLAIM, second])).claims) == 2


def test_a_sentence_labelled_twice_names_both_lines(tmp_path):
    labels = [{"text": QUESTION, "label": "non_factual"}, {"text": ANSWER, "label": "check_worthy_factual"},
              {"text": QUESTION, "label": "unimportant_factual"}]
    message = problems(interview(tmp_path, labels=labels))
    assert "sentence_labels.jsonl:3: sentence labelled twice (lines 1 and 3): 'How much did it cost?'" in message


# --- non-finite numbers ----------------------------------------------------------

@pytest.mark.parametrize("field, literal", [("value", "NaN"), ("value", "-Infinity"), ("value_max", "Infinity")])
def test_a_non_finite_quantity_is_refused_at_its_line(tmp_path, field, literal):
    quantity = {**CLAIM["quantities"][0], "comparator": "range", "value_max": 3e9}
    line = json.dumps({**CLAIM, "quantities": [{**quantity, field: "FILL_IN_MARK"}]}).replace('"FILL_IN_MARK"', literal)
    message = problems(interview(tmp_path, claims=[line]))
    assert f"claims.jsonl:1: field 'quantities.0.{field}': Input should be a finite number" in message


def test_the_command_line_exits_1_on_a_nan_with_path_and_line(tmp_path):
    line = json.dumps(CLAIM).replace("2000000000.0", "NaN")
    folder = interview(tmp_path, claims=[line])
    result = subprocess.run([sys.executable, "-m", "interview_data", "build", "--raw", str(folder.parent),
                             "--out", str(tmp_path / "out"), "--quiet"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "claims.jsonl:1: field 'quantities.0.value': Input should be a finite number" in result.stderr
    assert "Traceback" not in result.stderr


def test_records_refuse_non_finite_numbers():
    with pytest.raises(ValidationError, match="finite number"):
        Quantity(text="x", char_start=0, char_end=1, value=math.nan, unit="USD", comparator="eq")


# --- JSON Lines --------------------------------------------------------------------

def test_a_line_separator_inside_a_string_stays_in_its_line(tmp_path):
    answer = "It cost about $2 billion,\u2028all told."
    labels = [{"text": QUESTION, "label": "non_factual"}, {"text": answer, "label": "check_worthy_factual"}]
    tables = read_records(interview(tmp_path, answer=answer, labels=labels))
    assert [s.text for s in tables.sentences] == [QUESTION, answer]
    assert tables.sentences[1].label.value == "check_worthy_factual"


def test_lines_are_counted_by_newlines_and_may_end_in_cr(tmp_path):
    folder = interview(tmp_path)
    labels = folder / "annotations" / "sentence_labels.jsonl"
    labels.write_bytes(b'{"text": "How much did it cost?", "label": "non_factual"}\r\n'
                       b'{"text": "\xe2\x80\xa8"}\r\n')  # U+2028 raw in a string: the second line is one line
    message = problems(folder)
    assert "sentence_labels.jsonl:2: field 'label': Field required" in message


# --- normalisation forms -------------------------------------------------------------

@pytest.mark.parametrize("source_form, line_form", [("NFC", "NFD"), ("NFD", "NFC")])
def test_a_text_in_another_normalisation_form_is_named(tmp_path, source_form, line_form):
    answer = "The café cost about $2 billion."
    folder = interview(tmp_path, answer=unicodedata.normalize(source_form, answer), claims=[])
    labels = [{"text": QUESTION, "label": "non_factual"},
              {"text": unicodedata.normalize(line_form, answer), "label": "unimportant_factual"}]
    write_lines(folder / "annotations" / "sentence_labels.jsonl", labels)
    message = problems(folder)
    assert (f"sentence_labels.jsonl:2: sentence label does not anchor: {unicodedata.normalize(line_form, answer)!r} "
            f"not found (the source has it in {source_form} form, this line in {line_form}); "
            "save the annotation in the source's normalisation form") in message


def test_a_text_not_found_in_any_form_gets_the_usual_fix(tmp_path):
    labels = [{"text": QUESTION, "label": "non_factual"}, {"text": "It cost nothing.", "label": "non_factual"}]
    message = problems(interview(tmp_path, labels=labels))
    assert "sentence_labels.jsonl:2: sentence label does not anchor: 'It cost nothing.' not found; re-anchor" in message
