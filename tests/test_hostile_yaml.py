"""Hostile interview.yaml files end quickly in one clear message naming the line, never in a hang or a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from interview_data.reading.patterns import PatternError, compile_user_pattern

from .conftest import SEED_ID

HANG_GUARD_SECONDS = 60  # a guard against hangs only; the cases below finish in a few seconds


def build(raw: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "interview_data", "build", "--raw", str(raw), "--out", str(out)],
                          capture_output=True, text=True, timeout=HANG_GUARD_SECONDS)


def metadata(raw: Path) -> Path:
    return raw / SEED_ID / "interview.yaml"


def insert_after(path: Path, anchor_line: str, new_lines: str) -> int:
    """Put ``new_lines`` after the line starting with ``anchor_line``; returns the 1-based line of the first."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(anchor_line))
    lines.insert(index + 1, new_lines)
    path.write_text("".join(lines), encoding="utf-8")
    return index + 2


def line_starting(path: Path, prefix: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return 1 + next(i for i, line in enumerate(lines) if line.startswith(prefix))


def assert_refused(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def test_an_alias_bomb_is_refused_at_its_first_anchor(raw_copy, tmp_path):
    laughs = ", ".join(["lol"] * 9)
    bomb = "bomb:\n  l0: &l0 [" + laughs + "]\n" + "".join(
        f"  l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]\n" for level in range(1, 9))
    line = insert_after(metadata(raw_copy), "language:", bomb) + 1
    assert_refused(build(raw_copy, tmp_path / "out"),
                   f"interview.yaml:{line}: YAML anchors and aliases (&name, *name) are not allowed; "
                   "write the value out in full")


def test_a_recursive_alias_is_refused(raw_copy, tmp_path):
    line = insert_after(metadata(raw_copy), "language:", "loop: &loop [*loop]\n")
    assert_refused(build(raw_copy, tmp_path / "out"), f"interview.yaml:{line}: YAML anchors and aliases")


def test_deep_nesting_is_refused_without_recursion(raw_copy, tmp_path):
    depth = 20_000
    line = insert_after(metadata(raw_copy), "language:", "deep: " + "[" * depth + "]" * depth + "\n")
    assert_refused(build(raw_copy, tmp_path / "out"),
                   f"interview.yaml:{line}: mappings and lists nested more than 32 levels deep")


def test_a_repeated_key_names_both_lines(raw_copy, tmp_path):
    meta = metadata(raw_copy)
    first = line_starting(meta, "language:")
    with meta.open("a", encoding="utf-8") as handle:
        handle.write("language: ru\n")
    second = len(meta.read_text(encoding="utf-8").splitlines())
    assert_refused(build(raw_copy, tmp_path / "out"),
                   f"interview.yaml:{second}: key 'language' appears twice (lines {first} and {second}); "
                   "keep one of them")


def test_a_python_object_tag_is_an_unsupported_tag(raw_copy, tmp_path):
    line = insert_after(metadata(raw_copy), "language:", 'run: !!python/object/apply:os.system ["echo hi"]\n')
    result = build(raw_copy, tmp_path / "out")
    assert_refused(result, f"interview.yaml:{line}: unsupported YAML tag '!!python/object/apply:os.system'; "
                           "remove the tag; interview.yaml holds plain values")
    assert "hi" not in result.stdout


def test_non_utf8_metadata_names_line_and_column(raw_copy, tmp_path):
    meta = metadata(raw_copy)
    line = line_starting(meta, "publisher:")
    meta.write_bytes(meta.read_bytes().replace(b'publisher: "Official', b'publisher: "Offici\xe9l', 1))
    column = len('publisher: "Offici') + 1
    assert_refused(build(raw_copy, tmp_path / "out"), f"interview.yaml:{line}:{column}: not valid UTF-8 at byte ",
                   "(0xe9); save the file as UTF-8")


def test_a_backtracking_residue_pattern_finishes(raw_copy, tmp_path):
    meta = metadata(raw_copy)
    meta.write_text(meta.read_text(encoding="utf-8").replace('"^(gallery-photo)+$"', '"^(a+)+$"'), encoding="utf-8")
    source = raw_copy / SEED_ID / "source.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n\n" + "a" * 40 + "b\n", encoding="utf-8")
    # Python's re would backtrack for hours on this paragraph; RE2 finds at once that it is not residue,
    # so it stays in the transcript, where it has no sentence label
    assert_refused(build(raw_copy, tmp_path / "out"), "has no label: '" + "a" * 40 + "b'")


def test_a_lookahead_pattern_is_refused_as_not_re2(raw_copy, tmp_path):
    meta = metadata(raw_copy)
    line = insert_after(meta, "  trailing_residue:", '  separator: "^(?=\\\\*)\\\\*+$"\n')
    assert_refused(build(raw_copy, tmp_path / "out"),
                   f"interview.yaml:{line}: field 'layout.separator': Value error, not a valid RE2 regular expression",
                   "RE2 syntax is required", "no lookaround")


@pytest.mark.parametrize("paragraph", ["* * *", "Share this article", "a b\tc\nd", "“quoted”\u00a0—\u202fé",
                                       "#&~-!\"$%'()+,./:;<=>?@[]^_`{|}\\", "gallery-photogallery-photo", "😀 🇦🇿"])
def test_re_escape_output_means_the_same_in_re2(paragraph):
    """init.py drafts patterns with re.escape; RE2 must accept them and match as re does."""
    pattern = f"^{re.escape(paragraph)}$"
    for text in (paragraph, paragraph + "x", "x" + paragraph):
        assert bool(compile_user_pattern(pattern).search(text)) == bool(re.search(pattern, text))


@pytest.mark.parametrize("pattern", ["[a-z]{1000}" * 50, "x" * 20_000, "\ud800"])
def test_a_pattern_too_costly_or_not_unicode_is_refused(pattern):
    with pytest.raises(PatternError):
        compile_user_pattern(pattern)
