"""The guidelines' mechanical rules (v2) run in every build of the gold: a seeded violation stops it,
naming the line of the claim; the independent passes, kept as made, are not held to them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEED_ID

CLAIMS = Path(SEED_ID) / "annotations" / "claims.jsonl"


def run_build(raw: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "interview_data", "build", "--raw", str(raw), "--out", str(out)],
                          capture_output=True, text=True)


def edit_claim(raw: Path, line: int, change) -> Path:
    path = raw / CLAIMS
    lines = path.read_text(encoding="utf-8").split("\n")
    claim = json.loads(lines[line - 1])
    change(claim)
    lines[line - 1] = json.dumps(claim, ensure_ascii=False)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def first_line(raw: Path, predicate) -> int:
    lines = (raw / CLAIMS).read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, start=1) if line and predicate(json.loads(line)))


def add_first_name(claim: dict) -> None:
    claim["claim_text"] = claim["claim_text"].replace("Pashinyan", "Nikol Pashinyan", 1)


def duration_as_quantity(claim: dict) -> None:
    claim["quantities"].append({"text": "44 days", "value": 44, "unit": "day", "comparator": "eq"})


def days_in_weeks(claim: dict) -> None:
    claim["times"][0]["value"] = "P6W"


VIOLATIONS = {
    "a name the interview never gives": (lambda c: "Pashinyan" in c["claim_text"], add_first_name,
                                         "claim_text names Nikol, which neither the interview nor its speakers' names"),
    "a duration counted as a quantity": (lambda c: "44 days" in c["text"], duration_as_quantity,
                                         "quantity '44 days' counts time; annotate a duration as a time"),
    "a duration in another unit": (lambda c: any(t["type"] == "duration" and "44 days" in t["text"] for t in c["times"]),
                                   days_in_weeks, "duration '44 days' has the value 'P6W', in another unit than the text names"),
}


@pytest.mark.parametrize("name", sorted(VIOLATIONS))
def test_a_seeded_violation_stops_the_build_at_its_line(name, raw_copy, tmp_path):
    chosen, change, message = VIOLATIONS[name]
    line = first_line(raw_copy, chosen)
    path = edit_claim(raw_copy, line, change)
    result = run_build(raw_copy, tmp_path / "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{path}:{line}: {message}" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_only_words_inside_a_sentence_can_be_added_names():
    from interview_data.reading.annotation_rules import _capitalised

    assert _capitalised("The minister said. “Nikol Pashinyan’s view”: Dams were built by Roketsan.") == {
        "Pashinyan", "Roketsan"}


def test_a_half_is_written_in_the_unit_the_text_names():
    from interview_data.reading.annotation_rules import _duration_problem

    assert _duration_problem("a year and a half", "P1.5Y") is None
    assert "a half is written .5" in _duration_problem("a year and a half", "P18Y")
    assert "another unit" in _duration_problem("a year and a half", "P18M")
    assert "not of the form" in _duration_problem("two weeks", "two weeks")


def test_the_v1_passes_are_not_held_to_the_v2_rules(raw_copy):
    from interview_data.reading.interview import read_interview

    reading = read_interview(raw_copy / SEED_ID, with_passes=True)
    assert {"a", "b"} <= set(reading.passes) and all(len(p.claims) > 400 for p in reading.passes.values())


def test_agreement_reports_both_guideline_versions_and_the_card_shows_them():
    from .conftest import ROOT

    result = subprocess.run([sys.executable, "-m", "interview_data", "agreement", "--release", str(ROOT / "build")],
                            capture_output=True, text=True, check=True)
    header = result.stdout.splitlines()[0]
    assert header == ("| measure | v1: pass A vs pass B | v2: pass A vs pass B | v2: pass A vs gold "
                      "| v2: pass B vs gold |")
    card = (ROOT / "build" / "README.md").read_text(encoding="utf-8")
    assert result.stdout in card and "version 2" in card
