"""Scoring predictions: `evaluate --predictions`, `baseline NAME --out`, checked against hand computations,
exact output and exit codes, and every problem of a predictions file named with its line."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from interview_data.records.models import SentenceLabel, Split
from interview_data.research.predictions import (GoldSentence, prediction_lines, read_predictions,
                                                 score_predictions)
from interview_data.errors import InterviewDataError

from .conftest import ROOT

BUILD = ROOT / "build"
CFS, NFS, UFS = "check_worthy_factual", "non_factual", "unimportant_factual"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "interview_data", *args], cwd=cwd, capture_output=True, text=True)


def gold_rows(split: str = "test") -> list[dict]:
    with (BUILD / "jsonl" / "sentences.jsonl").open("rb") as handle:
        return [row for row in map(json.loads, handle) if row["split"] == split]


def write_lines(path: Path, entries: list) -> Path:
    path.write_text("".join((e if isinstance(e, str) else json.dumps(e)) + "\n" for e in entries), encoding="utf-8")
    return path


def refused(result: subprocess.CompletedProcess) -> list[str]:
    """The problems printed for a refused command (exit status 1, no traceback), one per line."""
    assert (result.returncode, result.stdout) == (1, ""), result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    return [lines[0].removeprefix("error: ")] if len(lines) == 1 else lines[1:]


# --- a tiny hand-scored example ----------------------------------------------------------------

def tiny_gold() -> dict[str, GoldSentence]:
    test, train = Split.test, Split.train
    rows = [("a/t000/s000", "a", test, CFS), ("a/t000/s001", "a", test, NFS), ("a/t000/s002", "a", test, CFS),
            ("a/t000/s003", "a", test, None), ("b/t000/s000", "b", test, UFS), ("b/t000/s001", "b", test, CFS),
            ("c/t000/s000", "c", test, NFS), ("d/t000/s000", "d", train, CFS)]
    return {i: GoldSentence(i, interview, split, label and SentenceLabel(label)) for i, interview, split, label in rows}


TINY = [  # in no particular order: ranking is by score, ties by sentence_id
    {"sentence_id": "b/t000/s001", "label": CFS, "score": 0.2},
    {"sentence_id": "a/t000/s000", "label": CFS, "score": 0.9},
    {"sentence_id": "a/t000/s001", "label": CFS, "score": 0.8},
    {"sentence_id": "a/t000/s002", "label": NFS, "score": 0.1},
    {"sentence_id": "a/t000/s003", "label": NFS, "score": 0.5},  # no gold label: checked, not scored
    {"sentence_id": "b/t000/s000", "label": CFS, "score": 0.7},
    {"sentence_id": "c/t000/s000", "label": NFS, "score": 0.3},
]


def test_a_tiny_file_scores_as_computed_by_hand(tmp_path):
    gold = tiny_gold()
    result = score_predictions(read_predictions(write_lines(tmp_path / "p.jsonl", TINY), gold, Split.test),
                               gold, Split.test)
    # (gold, predicted): a0 CFS->CFS, a1 NFS->CFS, a2 CFS->NFS, b0 UFS->CFS, b1 CFS->CFS, c0 NFS->NFS.
    # CFS: 4 predicted, 2 right, 3 gold -> P 1/2, R 2/3, F1 = 2 PR / (P + R) = (2/3) / (7/6) = 4/7.
    # NFS: 2 predicted (a2, c0), 1 right, 2 gold (a1, c0) -> F1 1/2.  UFS: none predicted -> F1 0.
    # macro-F1 = (4/7 + 1/2 + 0) / 3 = 5/14.
    # MAP: interview a ranks a0 (CFS), a1, a2 (CFS) -> AP (1/1 + 2/3) / 2 = 5/6; interview b ranks b0, b1 (CFS)
    # -> AP 1/2; interview c has no CFS sentence, so no AP. MAP = (5/6 + 1/2) / 2 = 2/3.
    assert result.as_json() == {
        "split": "test", "n": 6, "interviews": 3, "precision_check_worthy": 0.5,
        "recall_check_worthy": pytest.approx(2 / 3), "f1_check_worthy": pytest.approx(4 / 7),
        "macro_f1": pytest.approx(5 / 14), "map": pytest.approx(2 / 3), "ranked_interviews": 2, "unscored": 1}


def test_without_scores_there_is_no_map(tmp_path):
    gold = tiny_gold()
    entries = [{k: v for k, v in e.items() if k != "score"} for e in TINY]
    result = score_predictions(read_predictions(write_lines(tmp_path / "p.jsonl", entries), gold, Split.test),
                               gold, Split.test)
    assert (result.f1_check_worthy, result.map, result.ranked_interviews) == (pytest.approx(4 / 7), None, 0)


def test_predictions_are_written_in_the_form_they_are_read(tmp_path):
    from interview_data.records.models import Sentence
    from interview_data.research.baselines import BASELINES

    sentences = [Sentence(interview_id="a", sentence_id=i, turn_id="a/t000", index=n, speaker_id="x", text=text,
                          char_start=0, char_end=len(text), split="test", fold=0)
                 for n, (i, text) in enumerate([("a/t000/s000", "We built 3 roads."), ("a/t000/s001", "Why?")])]
    for baseline in BASELINES.values():
        written = prediction_lines(sentences, baseline.predict(sentences)).decode("utf-8").splitlines()
        entries = [json.loads(line) for line in written]
        assert [e["sentence_id"] for e in entries] == ["a/t000/s000", "a/t000/s001"]
        assert all(("score" in e) == (baseline.slug in ("random", "cues")) for e in entries)
    cues = prediction_lines(sentences, BASELINES["cues"].predict(sentences)).decode("utf-8")
    assert cues == ('{"sentence_id": "a/t000/s000", "label": "check_worthy_factual", "score": 2.0}\n'
                    '{"sentence_id": "a/t000/s001", "label": "non_factual", "score": -1.0}\n')


# --- the seed release, through the command line ---------------------------------------------------

@pytest.fixture(scope="module")
def cues_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cues")
    result = run("baseline", "cues", "--out", "p.jsonl", cwd=folder)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "wrote 113 predictions of rule-based cues for the test split to p.jsonl\n"
    return folder / "p.jsonl"


def test_evaluate_gives_the_f1_counted_by_hand_on_the_same_file(cues_file):
    result = run("evaluate", "--predictions", str(cues_file), "--json")
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    # counted here from the file and the release's JSONL, with no code of the package
    gold = {row["sentence_id"]: row["label"] for row in gold_rows()}
    predicted = {e["sentence_id"]: e["label"] for e in map(json.loads, cues_file.read_text().splitlines())}
    assert set(predicted) == set(gold)
    hits = sum(gold[i] == CFS and predicted[i] == CFS for i in gold)
    said = sum(label == CFS for label in predicted.values())
    actual = sum(label == CFS for label in gold.values())
    # the seed's test split: 41 gold CFS sentences; cues flags 11 of the 113, 8 of them rightly:
    # F1 = 2 * 8 / (11 + 41) = 4/13
    assert (hits, said, actual) == (8, 11, 41)
    assert scores["f1_check_worthy"] == pytest.approx(2 * hits / (said + actual)) == pytest.approx(4 / 13)
    assert (scores["n"], scores["split"], scores["interviews"], scores["unscored"]) == (113, "test", 1, 0)
    assert {"n", "f1_check_worthy", "macro_f1", "map"} <= set(scores)


def test_evaluate_prints_the_three_measures(cues_file):
    result = run("evaluate", "--predictions", "p.jsonl", cwd=cues_file.parent)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == ("p.jsonl: 113 labelled sentences of the test split, in 1 interview\n"
                             "F1 (check_worthy_factual): 0.308 (precision 0.727, recall 0.195)\n"
                             "macro-F1: 0.432\n"
                             "MAP: 0.547\n")


def test_a_designed_file_on_the_seed_test_split(tmp_path):
    rows = gold_rows()
    last_worthy = max(row["sentence_id"] for row in rows if row["label"] == CFS)
    entries = []
    for row in rows:
        label = NFS if row["label"] == NFS else CFS  # UFS sentences predicted CFS
        score = (-1.0 if row["sentence_id"] == last_worthy else 1.0) if row["label"] == CFS else 0.0
        entries.append({"sentence_id": row["sentence_id"], "label": label, "score": score})
    result = run("evaluate", "--predictions", str(write_lines(tmp_path / "p.jsonl", entries)), "--json")
    scores = json.loads(result.stdout)
    # test split: 58 NFS, 41 CFS, 14 UFS (113). CFS predicted for 41 + 14 = 55, all 41 found:
    # P 41/55, R 1, F1 = 82/96 = 41/48; NFS exact: F1 1; UFS never predicted: F1 0; macro (1 + 41/48) / 3 = 89/144.
    # Ranking: 40 CFS first (precision 1 each), 72 others at 0, the last CFS at -1, rank 113:
    # AP = (40 + 41/113) / 41 = 40/41 + 1/113.
    assert scores["precision_check_worthy"] == pytest.approx(41 / 55)
    assert scores["f1_check_worthy"] == pytest.approx(41 / 48)
    assert scores["macro_f1"] == pytest.approx(89 / 144)
    assert scores["map"] == pytest.approx(float(Fraction(40, 41) + Fraction(1, 113)))


@pytest.mark.parametrize("slug", ["majority", "all-check-worthy", "random", "cues"])
def test_each_baseline_file_scores_as_its_row_of_the_card(slug, tmp_path):
    written = run("baseline", slug, "--out", str(tmp_path / "p.jsonl"), "--split", "validation")
    assert written.returncode == 0, written.stderr
    scored = json.loads(run("evaluate", "--predictions", str(tmp_path / "p.jsonl"), "--split", "validation",
                            "--json").stdout)
    table = json.loads(run("evaluate", "--split", "validation", "--json").stdout)
    (row,) = [row for row in table["baselines"] if row["baseline"] == slug]
    for key in ("precision_check_worthy", "recall_check_worthy", "f1_check_worthy", "macro_f1", "map"):
        assert scored[key] == row[key], key
    assert (scored["map"] is None) == (slug in ("majority", "all-check-worthy"))
    assert scored["n"] == table["n"] == 98


def test_evaluate_without_predictions_is_the_cards_table():
    result = run("evaluate")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "test split: 113 labelled sentences in 1 interview, 70 claims"
    card = (BUILD / "README.md").read_text(encoding="utf-8")
    assert "On the test split: 113 labelled sentences and 70 claims.\n\n" + "\n".join(lines[1:]) + "\n" in card


def test_the_random_baseline_draws_each_sentence_on_its_own():
    from interview_data.research.baselines import predict_random
    from interview_data.records.models import Sentence

    one = Sentence(interview_id="a", sentence_id="a/t000/s000", turn_id="a/t000", index=0, speaker_id="x", text="x",
                   char_start=0, char_end=1, split="test", fold=0)
    other = one.model_copy(update={"sentence_id": "a/t000/s001"})
    assert predict_random([one]).labels + predict_random([other]).labels == predict_random([one, other]).labels
    assert predict_random([other, one]).scores == list(reversed(predict_random([one, other]).scores))


# --- problems, each named with its line -------------------------------------------------------------

def test_every_problem_names_its_line(tmp_path):
    rows = gold_rows()
    first, second, third = (row["sentence_id"] for row in rows[:3])
    train = gold_rows("train")[0]["sentence_id"]
    entries = [
        '{"sentence_id": ',                                              # 1
        '["a list"]',                                                     # 2
        {"sentence_id": first, "label": CFS, "scores": 1},                # 3
        {"label": CFS},                                                   # 4
        {"sentence_id": first, "label": "CFS"},                           # 5
        {"sentence_id": first, "label": 2},                               # 6
        '{"sentence_id": "%s", "label": "%s", "score": NaN}' % (first, CFS),  # 7
        {"sentence_id": "nope/t000/s000", "label": CFS},                  # 8
        {"sentence_id": train, "label": CFS},                             # 9
        {"sentence_id": first, "label": CFS, "score": 1},                 # 10
        "",                                                               # 11: blank, skipped
        {"sentence_id": first, "label": NFS, "score": 2},                 # 12
        {"sentence_id": second, "label": NFS},                            # 13
        {"sentence_id": third, "label": NFS, "score": True},              # 14
    ]
    path = write_lines(tmp_path / "p.jsonl", entries)
    assert refused(run("evaluate", "--predictions", str(path))) == [
        f"{path}:1: not valid JSON (Expecting value, column 17); write one JSON object per line: "
        '{"sentence_id": ..., "label": ..., "score": ...}',
        f"{path}:2: a JSON list, not an object; write one JSON object per line: "
        '{"sentence_id": ..., "label": ..., "score": ...}',
        f"{path}:3: unknown key 'scores'; the keys are sentence_id, label and score (optional)",
        f"{path}:4: no sentence_id; give the sentence's id as a string, as in the sentences table",
        f'{path}:5: label "CFS" is not a class name; use one of non_factual, unimportant_factual, check_worthy_factual',
        f"{path}:6: label 2 is not a class name; use one of non_factual, unimportant_factual, check_worthy_factual",
        f"{path}:7: score NaN is not a finite number; give a number (higher: more check-worthy), "
        "or leave score out on every line",
        f"{path}:8: unknown sentence_id 'nope/t000/s000': not a sentence of this release; use the sentence_id of "
        "the release's sentences table (the file may be for another release)",
        f"{path}:9: sentence {train} is in the train split, not test; score one split per file: drop the line, "
        "or pass --split train",
        f"{path}:12: sentence {first} is predicted twice (first on line 10); keep one line per sentence",
        f"{path}:14: score true is not a finite number; give a number (higher: more check-worthy), "
        "or leave score out on every line",
        f"{path}:13: no score, but line 10 has one; give every line a score, or none (then MAP is not computed)",
        f"{path}: 111 labelled sentence(s) of the test split have no prediction ({third}, {rows[3]['sentence_id']}, "
        f"{rows[4]['sentence_id']}, ...); add a line for every labelled sentence of the split "
        "(`interview-data baseline NAME --out FILE` shows the form)",
    ]


def test_a_missing_sentence_is_named(cues_file, tmp_path):
    lines = cues_file.read_text(encoding="utf-8").splitlines()
    dropped = json.loads(lines[5])["sentence_id"]
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(lines[:5] + lines[6:]) + "\n", encoding="utf-8")
    assert refused(run("evaluate", "--predictions", str(path))) == [
        f"{path}: 1 labelled sentence(s) of the test split have no prediction ({dropped}); add a line for every "
        "labelled sentence of the split (`interview-data baseline NAME --out FILE` shows the form)"]


def test_a_file_that_is_not_text_or_not_there(tmp_path):
    missing = tmp_path / "none.jsonl"
    assert refused(run("evaluate", "--predictions", str(missing))) == [
        f"{missing}: predictions file not found; pass the JSON Lines file of your predictions (--predictions FILE)"]
    assert refused(run("evaluate", "--predictions", str(tmp_path))) == [
        f"{tmp_path}: is a folder, not a regular file; put a plain file here"]
    binary = tmp_path / "p.jsonl"
    binary.write_bytes(b'{"sentence_id": "\xff"}\n')
    assert refused(run("evaluate", "--predictions", str(binary))) == [
        f"{binary}:1:18: not valid UTF-8 at byte 17 (0xff); save the file as UTF-8"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from interview_data.research import predictions

    monkeypatch.setattr(predictions, "MAX_PREDICTIONS_BYTES", 10)
    path = write_lines(tmp_path / "p.jsonl", [{"sentence_id": "a/t000/s000", "label": CFS}])
    with pytest.raises(InterviewDataError, match="is larger than the limit"):
        read_predictions(path, tiny_gold(), Split.test)


def test_unknown_split_and_baseline_are_usage_errors(tmp_path):
    for args in (["evaluate", "--split", "dev"], ["baseline", "best", "--out", str(tmp_path / "p")]):
        result = run(*args)
        assert result.returncode == 2 and "invalid choice" in result.stderr and "Traceback" not in result.stderr


def test_baseline_replaces_a_predictions_file_but_nothing_else(tmp_path):
    out = tmp_path / "p.jsonl"
    assert run("baseline", "random", "--out", str(out)).returncode == 0
    first = out.read_bytes()
    assert run("baseline", "random", "--out", str(out)).returncode == 0
    assert out.read_bytes() == first  # deterministic
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    assert refused(run("baseline", "cues", "--out", str(notes))) == [
        f"{notes}: exists and was not written by interview-data; pass another file name for --out, "
        "or remove this one yourself"]
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    link = tmp_path / "link.jsonl"
    link.symlink_to(out)
    assert refused(run("baseline", "cues", "--out", str(link))) == [
        f"{link}: is a symbolic link; pass the file itself for --out"]
    inside = BUILD / "p.jsonl"
    assert refused(run("baseline", "cues", "--out", str(inside)))[0].startswith(f"{inside}: --out {inside} lies inside")
    assert not inside.exists()


def test_evaluate_refuses_a_folder_that_is_not_a_release(tmp_path):
    assert refused(run("evaluate", "--release", str(tmp_path))) == [
        f"{tmp_path}: not a release of interview-data {__import__('interview_data').__version__} (no readable "
        "interview-data.json); rebuild it with `interview-data build`, or pass the right folder"]


def test_the_command_lines_choices_are_the_baselines_and_the_splits():
    from interview_data import cli
    from interview_data.research.baselines import BASELINES

    assert list(cli.BASELINE_NAMES) == list(BASELINES)
    assert cli.SPLITS == [split.value for split in Split]
