"""The README's Python examples run as written, from the repository root, and show what they say."""

from __future__ import annotations

import json
import re

import pytest

from interview_data.records.models import ClaimType, SentenceLabel

from .conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL)
BUILD = ROOT / "build"


def jsonl_rows(config: str) -> list[dict]:
    with (BUILD / "jsonl" / f"{config}.jsonl").open("rb") as handle:
        return [json.loads(line) for line in handle]


def source_of(interview_id: str) -> str:
    return (ROOT / "raw" / interview_id / "source.txt").read_text(encoding="utf-8")


def shows_a_check_worthy_sentence(names: dict, printed: str) -> None:
    first = names["worthy"][0]
    assert first["text"].strip() and printed == first["text"] + "\n"
    assert names["sentences"].features["label"].names[first["label"]] == SentenceLabel.check_worthy_factual.value
    assert source_of(first["interview_id"])[first["char_start"]:first["char_end"]] == first["text"]
    test = [row for row in jsonl_rows("sentences") if row["split"] == "test"]
    labelled = [row for row in test if row["label"] == SentenceLabel.check_worthy_factual.value]
    assert len(names["worthy"]) == len(labelled) > 0
    assert names["sentences"].num_rows == len(test) < len(jsonl_rows("sentences"))


def shows_the_claim_types(names: dict, printed: str) -> None:
    types = [member.value for member in ClaimType]
    assert names["claims"].features["claim_type"].names == types
    assert printed == f"{types}\n"
    assert names["claims"].num_rows == sum(row["split"] == "test" for row in jsonl_rows("claims"))


def shows_words_per_speaker(names: dict, printed: str) -> None:
    sums = names["turns"].groupby("speaker_id")["n_words"].sum().to_dict()
    assert sums == {row["speaker_id"]: row["n_words"] for row in jsonl_rows("speakers")}
    assert len(names["turns"]) == len(jsonl_rows("turns"))
    for speaker, words in sums.items():
        assert re.search(rf"^{re.escape(speaker)}\s+{words}$", printed, re.MULTILINE), printed


def shows_every_claim_joined(names: dict, printed: str) -> None:
    rows = names["rows"]
    assert len(rows) == len(jsonl_rows("claims")) > 0
    assert printed == f"{len(rows)} {rows[0][:3]}\n"
    speaker_names = {row["name"] for row in jsonl_rows("speakers")}
    assert {row[0] for row in rows} <= speaker_names
    assert all(claim in sentence for _, _, claim, sentence in rows)


def shows_quantities(names: dict, printed: str) -> None:
    quantities = names["quantities"]
    shown = quantities.select("text", "value", "unit").head()
    assert quantities.height == sum(q["value"] is not None for row in jsonl_rows("claims") for q in row["quantities"])
    assert quantities.height > 0 and shown.columns == ["text", "value", "unit"]
    assert printed.startswith(f"shape: ({shown.height}, 3)\n")
    assert re.search(r"│ text\s+┆ value\s+┆ unit\s+│", printed), printed
    assert str(shown.row(0)[1]) in printed


CHECKS = {  # a phrase only one block holds: what that block must show
    "interview_data.load(": shows_a_check_worthy_sentence,
    "load_dataset(": shows_the_claim_types,
    "pd.read_parquet(": shows_words_per_speaker,
    "duckdb.sql(": shows_every_claim_joined,
    "pl.read_parquet(": shows_quantities,
}


LOADING_ONLY = {shows_a_check_worthy_sentence, shows_the_claim_types, shows_words_per_speaker}  # datasets, pandas


def check_for(code: str):
    (check,) = [check for phrase, check in CHECKS.items() if phrase in code]
    return check


def example(index: int, code: str):
    """A block as a test case, marked `loading` when it needs nothing beyond the package's dependencies."""
    checks = {check for phrase, check in CHECKS.items() if phrase in code}
    marks = [pytest.mark.loading] if checks and checks <= LOADING_ONLY else []
    return pytest.param(code, marks=marks, id=f"block{index}")


def test_readme_has_examples():
    assert len(BLOCKS) >= 4


def test_every_example_has_exactly_one_check():
    assert sorted(check_for(code).__name__ for code in BLOCKS) == sorted(c.__name__ for c in CHECKS.values())


@pytest.mark.parametrize("code", [example(i, code) for i, code in enumerate(BLOCKS)])
def test_readme_example_runs_and_shows_what_it_says(code, monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "cache"))
    names: dict = {}
    exec(compile(code, "README.md", "exec"), names)
    check_for(code)(names, capsys.readouterr().out)
