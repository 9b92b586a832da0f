"""`interview-data validate` names each kind of damage to a release: one test per detection branch.

Each test copies a small release of two interviews, damages it in one way, keeps everything else
consistent (the Parquet files regenerated from the edited JSONL where the branch needs it, the
manifest rewritten so the checksum check does not mask the branch), and reads the message.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pyarrow.parquet as pq
import pytest

from interview_data.publish.paths import jsonl_file, parquet_files, split_files, write_checksums
from interview_data.records.fields import arrow_table
from interview_data.records.models import TABLES, Split

from .conftest import ROOT

LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
FIRST, SECOND = "2022-11-02-budget-panel", "2023-03-03-doe-water"  # interviews.jsonl order
FIXTURES = {FIRST: "caps-panel", SECOND: "labels-crlf"}
UNKNOWN = "2030-01-01-nobody"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    from interview_data.publish.build import build

    raw = tmp_path_factory.mktemp("raw")
    for interview_id, folder in FIXTURES.items():
        shutil.copytree(LAYOUTS / folder, raw / interview_id)
    out = tmp_path_factory.mktemp("pristine") / "release"
    build(raw, out)
    return out


@pytest.fixture()
def release(pristine, tmp_path) -> Path:
    copy = tmp_path / "release"
    shutil.copytree(pristine, copy)
    return copy


def validate(release: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "interview_data", "validate", str(release)],
                          capture_output=True, text=True, timeout=300)


def rejected(release: Path, *fragments: str) -> str:
    result = validate(release)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    return result.stderr


def read_rows(release: Path, config: str) -> list[dict]:
    return [json.loads(line) for line in jsonl_file(release, config).read_bytes().split(b"\n") if line]


def write_lines(release: Path, config: str, lines: list[str]) -> None:
    jsonl_file(release, config).write_bytes("".join(line + "\n" for line in lines).encode("utf-8"))


def write_rows(release: Path, config: str, rows: list[dict], parquet: bool = True) -> None:
    """The JSONL file as the build would write these rows; the Parquet file too unless ``parquet`` is False."""
    records = [TABLES[config].model_validate(row) for row in rows]
    write_lines(release, config, [record.model_dump_json() for record in records])
    if parquet:
        for split in Split:
            (path,) = split_files(release, config, split)
            pq.write_table(arrow_table(config, [r for r in records if r.split == split]), path)


def save(release: Path, config: str, rows: list[dict], parquet: bool = True) -> None:
    write_rows(release, config, rows, parquet=parquet)
    write_checksums(release)


def edit_rows(release: Path, config: str, edit: Callable[[list[dict]], None], parquet: bool = True) -> None:
    rows = read_rows(release, config)
    edit(rows)
    save(release, config, rows, parquet=parquet)


def rows_of(rows: list[dict], interview_id: str) -> list[dict]:
    return [row for row in rows if row["interview_id"] == interview_id]


def test_the_untouched_release_is_valid(release):
    result = validate(release)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{release}: valid\n", "")


def test_the_regenerated_files_of_an_unchanged_table_are_still_valid(release):
    edit_rows(release, "turns", lambda rows: None)
    assert validate(release).returncode == 0


def test_a_duplicate_primary_key(release):
    def duplicate_speaker(rows):
        index = rows.index(rows_of(rows, SECOND)[-1])
        rows.insert(index + 1, dict(rows[index]))

    edit_rows(release, "speakers", duplicate_speaker)
    speaker = rows_of(read_rows(release, "speakers"), SECOND)[-1]["speaker_id"]
    rejected(release, f"speakers: primary key ({SECOND!r}, {speaker!r}) occurs 2 times; "
                      "ids must be unique; check for a duplicated interview")


def test_a_qa_pair_answer_that_is_not_a_turn(release):
    pair = rows_of(read_rows(release, "qa_pairs"), SECOND)[0]

    def point_elsewhere(rows):
        rows[rows.index(pair)]["answer_turn_ids"] = [f"{SECOND}/t999"]

    edit_rows(release, "qa_pairs", point_elsewhere)
    rejected(release, f"qa_pairs: {pair['pair_id']} answer {SECOND}/t999 is not a turn; rebuild from raw/")


def test_a_foreign_key_that_refers_to_no_row(release):
    def move_to_unknown_turn(rows):
        rows_of(rows, SECOND)[0]["turn_id"] = f"{SECOND}/t999"

    edit_rows(release, "sentences", move_to_unknown_turn)
    rejected(release, f"sentences: {{'turn_id': '{SECOND}/t999'}} refers to no row of turns")


def test_source_pieces_that_do_not_tile_the_text(release):
    interview = rows_of(read_rows(release, "interviews"), SECOND)[0]
    piece = next(p for p in interview["accounted"] if p["char_start"] > 0)

    def shift_piece(rows):
        moved = rows_of(rows, SECOND)[0]["accounted"][interview["accounted"].index(piece)]
        moved["char_start"] += 1

    edit_rows(release, "interviews", shift_piece)
    rejected(release, f"{SECOND}: source pieces do not tile the text at offset {piece['char_start']}; "
                      "rebuild from raw/")


def test_a_rebuilt_source_that_does_not_match_its_hash(release):
    def retype_the_title(rows):
        title = next(p for p in rows_of(rows, SECOND)[0]["accounted"] if p["kind"] == "title")
        title["text"] = title["text"].swapcase()

    edit_rows(release, "interviews", retype_the_title)
    rejected(release, f"{SECOND}: rebuilt source does not match source_sha256; rebuild from raw/")


def test_a_span_whose_text_differs_from_the_source(release):
    sentence = rows_of(read_rows(release, "sentences"), SECOND)[0]

    def retype_the_sentence(rows):
        rows[rows.index(sentence)]["text"] = sentence["text"].swapcase()

    edit_rows(release, "sentences", retype_the_sentence)
    span = f"[{sentence['char_start']}, {sentence['char_end']})"
    rejected(release, f"sentences: {sentence['sentence_id']} span {span} is not "
                      f"{sentence['text'].swapcase()[:40]!r} in the source")


def test_a_turn_text_that_is_not_its_paragraphs_joined(release):
    turn = rows_of(read_rows(release, "turns"), SECOND)[0]

    def append_to_the_text(rows):
        rows[rows.index(turn)]["text"] += " (applause)"

    edit_rows(release, "turns", append_to_the_text)
    rejected(release, f"turns: {turn['turn_id']} text is not its paragraphs joined; rebuild from raw/")


def test_wrong_interview_counts(release):
    interview = rows_of(read_rows(release, "interviews"), SECOND)[0]

    def miscount(rows):
        rows_of(rows, SECOND)[0]["n_turns"] += 1

    edit_rows(release, "interviews", miscount)
    actual = interview["n_turns"]
    rejected(release, f"interviews: {SECOND} n_turns is {actual + 1} but the table has {actual}; rebuild from raw/")


def test_a_line_that_is_not_json_names_its_path_and_line(release):
    path = jsonl_file(release, "turns")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1][:-1]
    write_lines(release, "turns", lines)
    write_checksums(release)
    rejected(release, f"{path}:2: not valid JSON (")


@pytest.mark.parametrize("damage, message", [
    (lambda row: row.update(index=str(row["index"])), "field 'index': Input should be a valid integer"),
    (lambda row: row.update(mood="calm"), "field 'mood': Extra inputs are not permitted"),
    (lambda row: row.pop("speaker_id"), "field 'speaker_id': Field required"),
], ids=["string-for-int", "unknown-field", "missing-field"])
def test_a_record_that_breaks_the_schema(release, damage, message):
    path = jsonl_file(release, "turns")
    rows = read_rows(release, "turns")
    damage(rows[2])
    write_lines(release, "turns", [json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in rows])
    write_checksums(release)
    rejected(release, f"{path}:3: {message}; rebuild the release from raw/")


def test_parquet_rows_that_differ_from_the_jsonl_rows(release):
    def redescribe(rows):
        rows_of(rows, SECOND)[0]["description"] = "Someone else entirely"

    edit_rows(release, "speakers", redescribe, parquet=False)
    rejected(release, f"{release / 'data' / 'speakers'}: speakers: the Parquet rows of interview {SECOND} "
                      "differ from its JSONL rows")


def test_parquet_files_with_more_rows_than_the_jsonl_file(release):
    rows = read_rows(release, "qa_pairs")
    save(release, "qa_pairs", rows[:-1], parquet=False)
    rejected(release, "qa_pairs: the Parquet files hold more rows than the JSONL file")


def test_an_edit_without_new_checksums(release):
    path = jsonl_file(release, "speakers")
    path.write_bytes(path.read_bytes().replace(b"Minister", b"Ministre"))
    manifest = release / "SHA256SUMS"
    line = manifest.read_text(encoding="utf-8").splitlines().index(
        next(l for l in manifest.read_text(encoding="utf-8").splitlines() if l.endswith("  jsonl/speakers.jsonl"))) + 1
    rejected(release, f"{manifest}:{line}: jsonl/speakers.jsonl does not match its checksum (modified or truncated)")


def test_an_id_not_of_the_parent_form(release):
    pair = rows_of(read_rows(release, "qa_pairs"), SECOND)[0]
    wrong = pair["pair_id"].replace("/q", "/p")

    def rename(rows):
        rows[rows.index(pair)]["pair_id"] = wrong

    edit_rows(release, "qa_pairs", rename)
    rejected(release, f"qa_pairs: pair_id {wrong!r} is not of the form {SECOND}/qNNN; rebuild from raw/")


def move_a_turn_of_the_first_interview_last(release: Path) -> int:
    rows = read_rows(release, "turns")
    stray = rows_of(rows, FIRST)[-1]
    rows.remove(stray)
    rows.append(stray)
    save(release, "turns", rows)
    return len(rows)


def test_a_row_out_of_interview_order(release):
    line = move_a_turn_of_the_first_interview_last(release)
    rejected(release, f"{jsonl_file(release, 'turns')}:{line}: row of interview {FIRST!r} is out of place "
                      "(rows are grouped by interview, in the order of interviews.jsonl)")


def test_a_row_out_of_order_is_not_reported_as_an_extra_parquet_row(release):
    move_a_turn_of_the_first_interview_last(release)
    (parquet,) = parquet_files(release, "turns")
    assert pq.read_table(parquet).num_rows == len(read_rows(release, "turns"))
    stderr = rejected(release, "is out of place")
    assert "the Parquet files hold more rows than the JSONL file" not in stderr, stderr


def add_speaker_of_unknown_interview(release: Path) -> int:
    rows = read_rows(release, "speakers")
    save(release, "speakers", [*rows, dict(rows[-1], interview_id=UNKNOWN)])
    return len(rows) + 1


def test_a_row_of_an_interview_not_in_the_interviews_table_is_rejected_with_its_line(release):
    line = add_speaker_of_unknown_interview(release)
    rejected(release, f"{jsonl_file(release, 'speakers')}:{line}: row of interview {UNKNOWN!r}")


def test_a_row_of_an_interview_not_in_the_interviews_table_says_so(release):
    line = add_speaker_of_unknown_interview(release)
    stderr = rejected(release)
    assert (f"{jsonl_file(release, 'speakers')}:{line}: row of interview {UNKNOWN!r}, "
            "which is not in interviews.jsonl") in stderr, stderr


def test_an_interview_listed_twice(release):
    rows = read_rows(release, "interviews")
    edit_rows(release, "interviews", lambda edited: edited.append(dict(edited[0])))
    rejected(release, f"{jsonl_file(release, 'interviews')}:{len(rows) + 1}: interview {FIRST} is listed twice")


def test_a_parquet_file_of_another_table(release):
    (turns,) = parquet_files(release, "turns")
    (speakers,) = parquet_files(release, "speakers")
    shutil.copyfile(speakers, turns)
    write_checksums(release)
    rejected(release, f"{turns}: the schema is not the turns table's schema (a file of another table, "
                      "or of another version?)")


def test_a_parquet_file_that_is_not_parquet(release):
    (turns,) = parquet_files(release, "turns")
    turns.write_bytes(b"not parquet at all")
    write_checksums(release)
    rejected(release, f"{turns}: not a readable Parquet file (")


def test_a_missing_table_file(release):
    path = jsonl_file(release, "qa_pairs")
    path.unlink()
    write_checksums(release)
    rejected(release, f"{path}: table file is missing")


def test_a_release_of_another_minor_version(release):
    from interview_data import __version__

    marker = release / "interview-data.json"
    data = json.loads(marker.read_text(encoding="utf-8"))
    major, minor = __version__.split(".")[:2]
    data["version"] = f"{major}.{int(minor) + 1}.0"
    marker.write_text(json.dumps(data), encoding="utf-8")
    write_checksums(release)
    rejected(release, f"{marker}: the release was written by interview-data {data['version']}; this is {__version__}")
