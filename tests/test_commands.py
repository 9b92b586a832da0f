"""The commands a user types, as the user sees them: files written, exact output, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from interview_data.records.models import TABLES

from .conftest import ROOT
from .lockfile import needs_lock

FIXTURE = ROOT / "tests" / "fixtures" / "layouts" / "labels-crlf"
DRAFTED_ID = "2023-03-03-doe"
CONVOKIT_FILES = ["conversations.json", "corpus.json", "index.json", "speakers.json", "utterances.jsonl"]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "interview_data", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def console_script() -> Path:
    beside = Path(sys.executable).parent / "interview-data"
    return beside if beside.is_file() else Path(shutil.which("interview-data") or beside)


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(console_script()), *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def succeeded(result: subprocess.CompletedProcess) -> str:
    assert (result.returncode, result.stderr) == (0, ""), (result.stdout, result.stderr)
    return result.stdout


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def placeholders(node) -> list[str]:
    if isinstance(node, dict):
        return [p for value in node.values() for p in placeholders(value)]
    if isinstance(node, list):
        return [p for value in node for p in placeholders(value)]
    return [node] if isinstance(node, str) and node.startswith("<FILL IN:") else []


# --- schema ------------------------------------------------------------------------------------

@needs_lock
def test_schema_writes_the_six_committed_schema_files_and_prints_their_paths(tmp_path):
    out = tmp_path / "schema"
    printed = succeeded(run("schema", "--out", str(out)))
    expected = [out / f"{config}.schema.json" for config in TABLES]
    assert printed == "".join(f"{path}\n" for path in expected)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in expected)
    for path in expected:
        assert path.read_bytes() == (ROOT / "schema" / path.name).read_bytes(), path.name


def test_schema_run_twice_rewrites_its_own_files(tmp_path):
    out = tmp_path / "schema"
    first = succeeded(run("schema", "--out", str(out)))
    assert succeeded(run("schema", "--out", str(out))) == first
    assert len(list(out.iterdir())) == len(TABLES)


# --- init --------------------------------------------------------------------------------------

@pytest.fixture()
def drafted(tmp_path) -> tuple[subprocess.CompletedProcess, Path]:
    source = tmp_path / "transcript.txt"
    source.write_bytes((FIXTURE / "source.txt").read_bytes())
    raw = tmp_path / "raw"
    return run("init", str(source), "--raw", str(raw), "--id", DRAFTED_ID), raw


def test_init_drafts_the_interview_folder(drafted):
    result, raw = drafted
    succeeded(result)
    folder = raw / DRAFTED_ID
    assert sorted(p.name for p in folder.iterdir()) == ["interview.yaml", "source.txt"]
    assert (folder / "source.txt").read_bytes() == (FIXTURE / "source.txt").read_bytes()
    meta = yaml.safe_load((folder / "interview.yaml").read_text(encoding="utf-8"))
    assert meta["interview_id"] == DRAFTED_ID
    assert meta["title"] == "Interview with Minister Jane Doe on water policy"
    assert meta["layout"]["turn_marker"] == "label"
    assert len(placeholders(meta)) == 9  # source_text_id among them; published_at is the date alone (no time)
    assert meta["published_at"] == "2023-03-03"


def test_init_prints_where_it_drafted_and_what_to_run_next(drafted):
    result, raw = drafted
    printed = succeeded(result)
    assert printed.startswith(f"drafted {raw / DRAFTED_ID / 'interview.yaml'} (")
    assert printed.endswith(f" value(s) to fill in); then run: interview-data build --raw {raw}\n")


def test_init_counts_exactly_the_values_left_to_fill_in(drafted):
    result, raw = drafted
    meta = raw / DRAFTED_ID / "interview.yaml"
    todo = len(placeholders(yaml.safe_load(meta.read_text(encoding="utf-8"))))
    assert succeeded(result) == (f"drafted {meta} ({todo} value(s) to fill in); "
                                 f"then run: interview-data build --raw {raw}\n")


def test_build_of_a_fresh_draft_lists_every_placeholder_it_left(drafted, tmp_path):
    _, raw = drafted
    meta = raw / DRAFTED_ID / "interview.yaml"
    result = run("build", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    reported = [line for line in result.stderr.splitlines() if "is still a placeholder" in line]
    assert len(reported) == len(placeholders(yaml.safe_load(meta.read_text(encoding="utf-8"))))
    assert all(line.startswith(f"{meta}:") for line in reported)


# --- export convokit ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(fresh_build, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("convokit") / "corpus"
    return run("export", "convokit", "--release", str(fresh_build), "--out", str(out)), out


def test_export_convokit_writes_the_five_corpus_files(exported):
    result, out = exported
    assert succeeded(result) == f"wrote ConvoKit corpus to {out}\n"
    assert sorted(p.name for p in out.iterdir()) == CONVOKIT_FILES


def test_export_convokit_has_one_utterance_per_turn_with_its_reply(exported, fresh_build):
    _, out = exported
    turns = read_jsonl(fresh_build / "jsonl" / "turns.jsonl")
    utterances = read_jsonl(out / "utterances.jsonl")
    assert len(utterances) == len(turns) == 41
    assert [(u["id"], u["speaker"], u["reply_to"], u["text"]) for u in utterances] == \
        [(t["turn_id"], t["speaker_id"], t["reply_to"], t["text"]) for t in turns]
    assert {u["conversation_id"] for u in utterances} == {turns[0]["turn_id"]}


def test_export_convokit_has_one_conversation_per_interview_and_every_speaker(exported, fresh_build):
    _, out = exported
    interviews = read_jsonl(fresh_build / "jsonl" / "interviews.jsonl")  # a row per split of each interview
    speakers = read_jsonl(fresh_build / "jsonl" / "speakers.jsonl")
    conversations = json.loads((out / "conversations.json").read_text(encoding="utf-8"))
    assert [c["meta"]["interview_id"] for c in conversations.values()] == list(dict.fromkeys(
        i["interview_id"] for i in interviews))
    corpus_speakers = json.loads((out / "speakers.json").read_text(encoding="utf-8"))
    assert {k: v["meta"]["name"] for k, v in corpus_speakers.items()} == {s["speaker_id"]: s["name"] for s in speakers}
    corpus = json.loads((out / "corpus.json").read_text(encoding="utf-8"))
    assert corpus == {"name": "interview-data", "version": interviews[0]["dataset_version"]}


# --- build --jobs ------------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_build_refuses_a_number_of_jobs_below_one(jobs, tmp_path):
    out = tmp_path / "out"
    result = run("build", "--raw", str(FIXTURE.parent), "--out", str(out), "--jobs", jobs)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", f"error: --jobs {jobs} is not a number of processes; use --jobs 1 or more\n")
    assert not out.exists()


# --- the installed console script --------------------------------------------------------------

def test_the_console_script_is_installed():
    assert console_script().is_file()


def test_the_console_script_prints_its_help():
    printed = succeeded(run_script("--help"))
    assert printed.startswith("usage: interview-data")
    for command in ("build", "validate", "schema", "evaluate", "baseline", "agreement", "init", "export"):
        assert command in printed
    assert printed == succeeded(run("--help"))


def test_the_console_script_validates_a_fresh_build(fresh_build):
    assert succeeded(run_script("validate", str(fresh_build))) == f"{fresh_build}: valid\n"
