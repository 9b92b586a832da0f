"""Every plausible mistake in raw/ ends in one clear message, exit 1, no traceback, and an untouched release."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SEED_ID


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "interview_data", *args], capture_output=True, text=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def seed(raw: Path) -> Path:
    return raw / SEED_ID


CORRUPTIONS = {
    "missing source": (lambda raw: (seed(raw) / "source.txt").unlink(), ["source.txt is missing"]),
    "missing metadata": (lambda raw: (seed(raw) / "interview.yaml").unlink(), ["interview.yaml is missing"]),
    "binary source": (lambda raw: (seed(raw) / "source.txt").write_bytes(b"PK\x03\x04\x00\x00binary"),
                      ["source.txt:1: binary data (NUL byte at byte 4)"]),
    "latin-1 source": (lambda raw: (seed(raw) / "source.txt").write_bytes("Caf\xe9 au lait".encode("latin-1")),
                       ["source.txt:1:4: not valid UTF-8 at byte 3 (0xe9)"]),
    "yaml tab": (lambda raw: edit(seed(raw) / "interview.yaml", "language: en", "language:\ten: [x"),
                 ["interview.yaml:", "YAML syntax error"]),
    "date without offset": (lambda raw: edit(seed(raw) / "interview.yaml", "12:10:00+04:00", "12:10:00"),
                            ["field 'published_at': Value error, a date-time needs a UTC offset"]),
    "unknown role": (lambda raw: edit(seed(raw) / "interview.yaml", "role: interviewer", "role: host"),
                     ["field 'speakers.0.role': Input should be 'interviewer', 'interviewee' or 'other'"]),
    "speaker order names nobody": (lambda raw: edit(seed(raw) / "interview.yaml", "[igor-korotchenko, ilham-aliyev]",
                                                    "[igor-korotchenko, ilham-aliev]"),
                                   ["layout names speakers not in speakers: ['ilham-aliev']"]),
    "bad residue regex": (lambda raw: edit(seed(raw) / "interview.yaml", '"^(gallery-photo)+$"', '"^(gallery-photo+$"'),
                          ["field 'layout.trailing_residue': Value error, not a valid RE2 regular expression"]),
    "folder name differs": (lambda raw: seed(raw).rename(raw / "2021-09-24-another-name"),
                            ["differs from its folder name '2021-09-24-another-name'"]),
    "duplicate interview": (lambda raw: shutil.copytree(seed(raw), raw / "2021-09-24-aliyev-copy"),
                            ["duplicate interview_id '2021-09-24-aliyev-natsionalnaya-oborona'"]),
    "labels shared by two speakers": (lambda raw: [edit(seed(raw) / "interview.yaml", "turn_marker: dash",
                                                        "turn_marker: label"),
                                                   edit(seed(raw) / "interview.yaml", "    role: interviewee\n",
                                                        "    role: interviewee\n    labels: [Igor Korotchenko]\n")],
                                      ["labels given to more than one speaker: ['igor korotchenko']"]),
    "residue swallows the transcript": (lambda raw: edit(seed(raw) / "interview.yaml", '"^(gallery-photo)+$"', '".*"'),
                                        ["source.txt: no turns found in the transcript"]),
    "front matter too long": (lambda raw: edit(seed(raw) / "interview.yaml", "lede, lede]", "lede, lede" + ", lede" * 200 + "]"),
                              ["paragraph(s) but layout.front_matter declares"]),
    "source edited under a claim": (lambda raw: edit(seed(raw) / "source.txt", "10,000 deserters", "12,000 deserters"),
                                    ["claims.jsonl:", "claim does not anchor", "not found"]),
    "source edited under a label": (lambda raw: edit(seed(raw) / "source.txt", "Events developed very fast.",
                                                     "Events developed fast."),
                                    ["sentence_labels.jsonl:", "sentence label does not anchor"]),
    "broken annotation line": (lambda raw: (seed(raw) / "annotations" / "claims.jsonl").open("a").write("{oops\n"),
                               ["claims.jsonl:", "not valid JSON"]),
    "latin-1 annotations": (lambda raw: (seed(raw) / "annotations" / "claims.jsonl").write_bytes(b'{"text": "Caf\xe9"}\n'),
                            ["claims.jsonl:1:14: not valid UTF-8 at byte 13 (0xe9); save the file as UTF-8"]),
    "empty raw": (lambda raw: [shutil.rmtree(p) for p in raw.iterdir() if p.is_dir()], ["no interview folders found"]),
}


@pytest.fixture(scope="module")
def previous_release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("previous") / "build"
    assert run("build", "--raw", str(ROOT / "raw"), "--out", str(out)).returncode == 0
    return out


def snapshot(root: Path) -> dict:
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_corrupted_raw_is_refused_and_the_release_kept(name, raw_copy, previous_release):
    corrupt, fragments = CORRUPTIONS[name]
    before = snapshot(previous_release)
    corrupt(raw_copy)
    result = run("build", "--raw", str(raw_copy), "--out", str(previous_release))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert snapshot(previous_release) == before


def test_several_metadata_problems_are_reported_together(raw_copy, tmp_path):
    meta = seed(raw_copy) / "interview.yaml"
    edit(meta, "role: interviewer", "role: host")
    edit(meta, "language: en", "language: English")
    result = run("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.stderr.count(f"{meta}:") == 2


def test_unknown_speaker_label_names_its_line(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "tests" / "fixtures" / "layouts" / "labels-crlf", raw / "2023-03-03-doe-water")
    source = raw / "2023-03-03-doe-water" / "source.txt"
    source.write_bytes(source.read_bytes().replace(b"Q: Thank you.", b"Editor: Thank you."))
    result = run("build", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = source.read_bytes().split(b"\r\n").index(b"Editor: Thank you.") + 1
    assert line == 14
    assert f"{source}:{line}: unknown speaker label 'Editor'; add it to a speaker's labels" in result.stderr


def test_validate_reports_a_broken_reference(tmp_path, previous_release):
    from interview_data.publish.paths import write_checksums

    release = tmp_path / "release"
    shutil.copytree(previous_release, release)
    path = release / "jsonl" / "sentences.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows[0]["turn_id"] = "2021-09-24-aliyev-natsionalnaya-oborona/t999"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    write_checksums(release)  # a careful tamperer: checksums match, the data does not
    result = run("validate", str(release))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "refers to no row of turns" in result.stderr
