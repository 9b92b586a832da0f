"""The CLI: exact output, exit codes, and user mistakes reported without tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, SEED_ID

META = Path(SEED_ID) / "interview.yaml"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "interview_data", *args], cwd=cwd,
                          capture_output=True, text=True)


def build_into(raw: Path, out: Path) -> subprocess.CompletedProcess:
    return run("build", "--raw", str(raw), "--out", str(out))


def test_build_prints_a_summary_and_validate_passes(tmp_path):
    out = tmp_path / "release"
    result = build_into(ROOT / "raw", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"built {out}: 1 interviews, 2 speakers, 41 turns, ")
    checked = run("validate", str(out))
    assert (checked.returncode, checked.stdout) == (0, f"{out}: valid\n")


def assert_refused(result, *fragments: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def test_yaml_syntax_error_names_file_and_line(raw_copy, tmp_path):
    meta = raw_copy / META
    lines = meta.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("publisher:"))
    lines[index] = "publisher: [unclosed"
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_refused(build_into(raw_copy, tmp_path / "out"), f"{meta}:", "YAML syntax error")


def test_missing_field_points_at_the_file(raw_copy, tmp_path):
    meta = raw_copy / META
    text = meta.read_text(encoding="utf-8").replace('publisher: "Official', 'publsher: "Official')
    meta.write_text(text, encoding="utf-8")
    result = build_into(raw_copy, tmp_path / "out")
    assert_refused(result, "missing field 'publisher'; add 'publisher:' to the file",
                   "unknown field 'publsher'; remove it or check its spelling")
    line = 1 + text.splitlines().index(next(l for l in text.splitlines() if l.startswith("publsher")))
    assert f"{meta}:{line}: unknown field 'publsher'" in result.stderr


def test_bad_enum_value_names_its_line(raw_copy, tmp_path):
    meta = raw_copy / META
    text = meta.read_text(encoding="utf-8").replace("role: interviewee", "role: guest")
    meta.write_text(text, encoding="utf-8")
    line = 1 + text.splitlines().index("    role: guest")
    assert_refused(build_into(raw_copy, tmp_path / "out"), f"{meta}:{line}: field 'speakers.1.role'")


def test_invalid_utf8_names_byte_and_line(raw_copy, tmp_path):
    source = raw_copy / SEED_ID / "source.txt"
    data = source.read_bytes()
    at = data.index(b"Mr. President")
    source.write_bytes(data[:at] + b"\xff" + data[at + 1:])
    line = data[:at].count(b"\n") + 1
    assert_refused(build_into(raw_copy, tmp_path / "out"), f"{source}:{line}:1: not valid UTF-8 at byte {at}")


def test_empty_source(raw_copy, tmp_path):
    (raw_copy / SEED_ID / "source.txt").write_bytes(b"")
    assert_refused(build_into(raw_copy, tmp_path / "out"), "source.txt: the transcript is empty")


def test_failed_build_leaves_the_previous_release_untouched(raw_copy, tmp_path):
    out = tmp_path / "out"
    assert build_into(raw_copy, out).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (raw_copy / SEED_ID / "source.txt").write_bytes(b"\x00\x01binary")
    assert_refused(build_into(raw_copy, out), "binary data")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == [".out.lock"]  # no staging left


def test_debug_shows_the_traceback(raw_copy, tmp_path):
    (raw_copy / SEED_ID / "source.txt").write_bytes(b"")
    result = run("--debug", "build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" in result.stderr


def test_validate_refuses_a_tampered_release(tmp_path):
    out = tmp_path / "release"
    build_into(ROOT / "raw", out)
    jsonl = out / "jsonl" / "turns.jsonl"
    jsonl.write_text(jsonl.read_text(encoding="utf-8").replace("Military ones.", "Military one."), encoding="utf-8")
    assert_refused(run("validate", str(out)), f"{out / 'SHA256SUMS'}:",
                   "jsonl/turns.jsonl does not match its checksum (modified or truncated)")


def test_python_dash_m_and_console_script_agree():
    assert run("--help").stdout.startswith("usage: interview-data")
