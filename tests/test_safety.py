"""Nothing that isn't ours is ever destroyed, read or published, whatever the arguments.

Each case is a reproduction from the adversarial review: run in temporary
folders, it must end in one message naming the path (exit 1, no traceback)
with the user's files intact, or in a release that `validate` accepts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "layouts" / "labels-crlf"
FIXTURE_ID = "2023-03-03-doe-water"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "interview_data", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def refused(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture()
def small_raw(tmp_path) -> Path:
    """A raw folder with one small interview (no annotations): quick to build."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE, raw / FIXTURE_ID)
    return raw


@pytest.fixture()
def built(small_raw, tmp_path) -> Path:
    from interview_data.publish.build import build

    out = tmp_path / "release"
    build(small_raw, out)
    return out


# --- output that is ours or nothing ------------------------------------------------------------

def test_an_unrelated_folder_is_never_replaced(small_raw, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work", encoding="utf-8")
    refused(run("build", "--raw", str(small_raw), "--out", str(out)),
            f"{out}: holds files that are not a release of interview-data (such as thesis.tex)")
    assert snapshot(out) == {Path("thesis.tex"): b"years of work"}


@pytest.mark.parametrize("where", ["raw", "raw parent", "inside raw", "current folder", "parent of current"])
def test_an_output_overlapping_the_input_or_the_current_folder_is_refused(where, small_raw, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    out = {"raw": small_raw, "raw parent": small_raw.parent, "inside raw": small_raw / "release",
           "current folder": work, "parent of current": tmp_path}[where]
    before = snapshot(tmp_path)
    result = run("build", "--raw", str(small_raw), "--out", str(out), cwd=work)
    refused(result, f"{out}: --out {out}")
    assert snapshot(tmp_path) == before


def test_the_project_folder_is_refused(tmp_path, small_raw):
    refused(run("build", "--raw", str(small_raw), "--out", str(ROOT), cwd=tmp_path), "is the project folder")


def test_a_file_as_output_is_kept_and_nothing_hidden_is_left(small_raw, tmp_path):
    out = tmp_path / "out"
    out.write_text("mine", encoding="utf-8")
    refused(run("build", "--raw", str(small_raw), "--out", str(out)), f"{out}: is a file, not a release folder")
    assert out.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "raw"]


def test_a_previous_release_is_replaced_and_only_the_lock_stays_beside_it(built, small_raw, tmp_path):
    marker = json.loads((built / "interview-data.json").read_text(encoding="utf-8"))
    assert marker["generator"] == "interview-data"
    (small_raw / FIXTURE_ID / "source.txt").write_bytes(
        (small_raw / FIXTURE_ID / "source.txt").read_bytes().replace(b"14 reservoirs", b"15 reservoirs"))
    assert run("build", "--raw", str(small_raw), "--out", str(built)).returncode == 0
    assert "15 reservoirs" in (built / "jsonl" / "turns.jsonl").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".release.lock", "raw", "release"]
    assert run("validate", str(built)).returncode == 0


def test_an_unmarked_release_of_0_1_is_recognised_by_its_manifest(built, small_raw):
    from interview_data.publish.paths import write_checksums

    (built / "interview-data.json").unlink()
    write_checksums(built)  # what a 0.1.x release looked like: a manifest of its own files, no marker
    assert run("build", "--raw", str(small_raw), "--out", str(built)).returncode == 0
    assert (built / "interview-data.json").is_file()


def test_a_card_path_that_is_a_folder_is_refused_before_anything_changes(built, small_raw, tmp_path):
    before = snapshot(built)
    folder = tmp_path / "card"
    folder.mkdir()
    refused(run("build", "--raw", str(small_raw), "--out", str(built), "--card", str(folder)),
            f"{folder}: is a folder, not a file")
    assert snapshot(built) == before


def test_a_card_path_holding_a_users_file_is_refused(built, small_raw, tmp_path):
    card = tmp_path / "NOTES.md"
    card.write_text("# my notes\n", encoding="utf-8")
    refused(run("build", "--raw", str(small_raw), "--out", str(built), "--card", str(card)),
            f"{card}: exists and was not written by interview-data")
    assert card.read_text(encoding="utf-8") == "# my notes\n"


def test_a_card_of_ours_is_overwritten(built, small_raw, tmp_path):
    card = tmp_path / "CARD.md"
    assert run("build", "--raw", str(small_raw), "--out", str(built), "--card", str(card)).returncode == 0
    assert run("build", "--raw", str(small_raw), "--out", str(built), "--card", str(card)).returncode == 0
    assert card.read_bytes() == (built / "README.md").read_bytes()


def test_a_concurrent_build_fails_clearly(built, small_raw):
    import fcntl

    with open(built.parent / ".release.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        refused(run("build", "--raw", str(small_raw), "--out", str(built)),
                "another build is writing this release now")


def test_staging_left_by_a_killed_build_is_removed_by_the_next(built, small_raw, tmp_path):
    stale = tmp_path / ".release.tmp-abcd1234"
    (stale / "data").mkdir(parents=True)
    (stale / "data" / "half.parquet").write_bytes(b"PAR1")
    look_alike = tmp_path / ".release.tmp-notours"  # not a name a build gives its staging folder
    look_alike.mkdir()
    assert run("build", "--raw", str(small_raw), "--out", str(built)).returncode == 0
    assert not stale.exists() and look_alike.is_dir()


def test_a_killed_build_leaves_the_release_and_only_a_staging_folder(built, small_raw, tmp_path):
    before = snapshot(built)
    process = subprocess.Popen([sys.executable, "-c", (
        "import os, signal\n"
        "from pathlib import Path\n"
        "import interview_data.publish.build as release\n"
        "def die(*args): os.kill(os.getpid(), signal.SIGKILL)\n"
        "release.swap_into_place = die\n"
        f"release.build(Path({str(small_raw)!r}), Path({str(built)!r}))\n")])
    process.wait(timeout=120)
    assert process.returncode == -9
    assert snapshot(built) == before
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name]
    assert run("build", "--raw", str(small_raw), "--out", str(built)).returncode == 0
    assert not [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_their_parent_is_killed(tmp_path):
    parent, ready = start_slow_parallel_build(tmp_path, "release.build(raw, out, jobs=2, shard_size=1)")
    try:
        _wait_for(lambda: len(list(ready.iterdir())) == 2)
        workers = _children(parent.pid)
        assert len(workers) == 2
    finally:
        parent.kill()
        parent.wait()
    _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() and _state(pid) != "Z" for pid in workers))


def start_slow_parallel_build(tmp_path: Path, call: str, **options) -> tuple[subprocess.Popen, Path]:
    """A process building three one-interview shards with two workers, each stuck in its shard
    (``ready/<k>`` appears when shard k starts); ``call`` runs the build (``raw`` and ``out`` defined)."""
    raw, ready = three_interviews(tmp_path), tmp_path / "ready"
    ready.mkdir()
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "import interview_data.publish.shards as shards\n"
        "import interview_data.publish.build as release\n"
        "def slow(task):\n"
        f"    Path({str(ready)!r}).joinpath(str(task.index)).write_text('')\n"
        "    time.sleep(600)\n"
        "shards.write_shard = slow\n"
        "release.shard_plan = lambda dirs, size: [[d] for d in dirs]\n"
        f"raw, out = Path({str(raw)!r}), Path({str(tmp_path / 'out')!r})\n"
        f"{call}\n")
    return subprocess.Popen([sys.executable, "-c", script], **options), ready


def _wait_for(condition, seconds: float = 60) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


# --- input contained in raw/ ---------------------------------------------------------------------

def test_a_source_linked_outside_raw_is_refused(small_raw, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Question: a private letter?\n\nJane Doe: yes.\n", encoding="utf-8")
    source = small_raw / FIXTURE_ID / "source.txt"
    source.unlink()
    source.symlink_to(secret)
    out = tmp_path / "out"
    refused(run("build", "--raw", str(small_raw), "--out", str(out)),
            f"{source}: is a symbolic link to {secret}, outside {small_raw}")
    assert not out.exists()


def test_a_link_that_stays_inside_raw_is_followed(small_raw, tmp_path):
    store = small_raw / ".store"
    store.mkdir()
    source = small_raw / FIXTURE_ID / "source.txt"
    shutil.move(source, store / "source.txt")
    source.symlink_to(store / "source.txt")
    assert run("build", "--raw", str(small_raw), "--out", str(tmp_path / "out")).returncode == 0


def test_an_interview_folder_linked_outside_raw_is_refused(small_raw, tmp_path):
    outside = tmp_path / "elsewhere"
    shutil.move(small_raw / FIXTURE_ID, outside)
    (small_raw / FIXTURE_ID).symlink_to(outside)
    refused(run("build", "--raw", str(small_raw), "--out", str(tmp_path / "out")), "is a symbolic link to",
            "outside")


def test_guidelines_linked_outside_raw_are_refused(small_raw, tmp_path):
    (tmp_path / "passwords").write_text("hunter2\n", encoding="utf-8")
    (small_raw / "ANNOTATION_GUIDELINES.md").symlink_to(tmp_path / "passwords")
    out = tmp_path / "out"
    refused(run("build", "--raw", str(small_raw), "--out", str(out)), "ANNOTATION_GUIDELINES.md: is a symbolic link")
    assert not out.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_as_source_is_refused_without_blocking(small_raw, tmp_path):
    source = small_raw / FIXTURE_ID / "source.txt"
    source.unlink()
    os.mkfifo(source)
    refused(run("build", "--raw", str(small_raw), "--out", str(tmp_path / "out")),
            f"{source}: is a named pipe (FIFO), not a regular file")


def test_a_folder_where_the_source_belongs_is_refused(small_raw, tmp_path):
    source = small_raw / FIXTURE_ID / "source.txt"
    source.unlink()
    source.mkdir()
    refused(run("build", "--raw", str(small_raw), "--out", str(tmp_path / "out")), f"{source}: is a folder")


def test_an_oversized_metadata_file_is_refused_by_its_size(small_raw, tmp_path):
    meta = small_raw / FIXTURE_ID / "interview.yaml"
    with meta.open("a", encoding="utf-8") as handle:
        handle.write("# padding\n" * 120_000)
    refused(run("build", "--raw", str(small_raw), "--out", str(tmp_path / "out")),
            f"{meta}: is larger than the limit of 1 MiB")


def test_folder_names_must_be_interview_ids(small_raw, tmp_path):
    (small_raw / "Notes And Drafts").mkdir()
    refused(run("build", "--raw", str(small_raw), "--out", str(tmp_path / "out")),
            "Notes And Drafts: folder name is not an interview id")


@pytest.mark.parametrize("bad_id", ["../escaped", "/tmp/absolute-2020-01-01-x", "Bad Id With Spaces",
                                    "2020-01-01-ok/../../x"])
def test_init_refuses_ids_that_are_not_ids(bad_id, tmp_path):
    source = tmp_path / "t.txt"
    source.write_bytes((FIXTURE / "source.txt").read_bytes())
    raw = tmp_path / "raw"
    refused(run("init", str(source), "--raw", str(raw), "--id", bad_id), f"--id {bad_id!r} is not an interview id")
    assert not raw.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["t.txt"]


def test_init_copies_the_bytes_and_never_overwrites(tmp_path):
    source = tmp_path / "t.txt"
    source.write_bytes((FIXTURE / "source.txt").read_bytes())
    raw = tmp_path / "raw"
    assert run("init", str(source), "--raw", str(raw), "--id", "2023-03-03-doe").returncode == 0
    assert (raw / "2023-03-03-doe" / "source.txt").read_bytes() == source.read_bytes()
    refused(run("init", str(source), "--raw", str(raw), "--id", "2023-03-03-doe"), "folder already exists")


def test_a_manifest_naming_a_file_outside_the_release_is_refused(built, tmp_path):
    from interview_data import load

    manifest = built / "SHA256SUMS"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "0" * 64 + "  ../../etc/shadow\n", encoding="utf-8")
    line = manifest.read_text(encoding="utf-8").count("\n")
    refused(run("validate", str(built)), f"{manifest}:{line}: '../../etc/shadow' is not a plain path inside the release")
    with pytest.raises(Exception, match="not a plain path inside the release"):
        load("turns", release=built, verify=True)


# --- verification that means it -------------------------------------------------------------------

def test_an_added_shard_is_caught(built):
    from interview_data import InterviewDataError, load

    extra = built / "data" / "turns" / "train-00001-of-00001.parquet"
    shutil.copyfile(built / "data" / "turns" / "train-00000-of-00001.parquet", extra)
    with pytest.raises(InterviewDataError, match="data/turns/train-00001-of-00001.parquet is in the release but not"):
        load("turns", release=built, verify=True)
    refused(run("validate", str(built)), "is in the release but not in SHA256SUMS")


def test_an_emptied_manifest_lets_nothing_through(built):
    from interview_data import InterviewDataError, load

    (built / "SHA256SUMS").write_text("", encoding="utf-8")
    with pytest.raises(InterviewDataError, match="is in the release but not in SHA256SUMS"):
        load("turns", release=built, verify=True)


def test_a_table_copied_over_another_is_caught_by_its_schema(built):
    from interview_data import InterviewDataError, load
    from interview_data.publish.paths import write_checksums

    shutil.copyfile(built / "data" / "speakers" / "train-00000-of-00001.parquet",
                    built / "data" / "turns" / "train-00000-of-00001.parquet")
    write_checksums(built)  # a careful tamperer
    with pytest.raises(InterviewDataError, match="the schema is not the turns table's schema"):
        load("turns", release=built, verify=True)
    refused(run("validate", str(built)), "the schema is not the turns table's schema")


def other_version(part: int) -> str:
    """The package version with one part (0 major, 1 minor, 2 patch) moved on."""
    from interview_data import __version__

    parts = [int(p) for p in __version__.split(".")]
    parts[part] += 9 if part == 2 else 1
    return ".".join(map(str, parts))


@pytest.mark.parametrize("version, accepted", [(other_version(2), True), (other_version(1), False),
                                               (other_version(0), False)])
def test_a_release_of_another_minor_version_is_refused(built, version, accepted):
    from interview_data import InterviewDataError, __version__, load
    from interview_data.publish.paths import write_checksums

    marker = built / "interview-data.json"
    marker.write_text(marker.read_text(encoding="utf-8").replace(__version__, version), encoding="utf-8")
    write_checksums(built)
    if accepted:
        assert load("turns", release=built, verify=True).num_rows == 6
    else:
        with pytest.raises(InterviewDataError, match=f"written by interview-data {version}"):
            load("turns", release=built)
        refused(run("validate", str(built)), f"written by interview-data {version}; this is {__version__}")


def test_a_damaged_manifest_byte_does_not_stop_a_plain_load(built):
    from interview_data import InterviewDataError, load

    manifest = built / "SHA256SUMS"
    manifest.write_bytes(manifest.read_bytes() + b"\xff\n")
    assert load("turns", release=built).num_rows == 6
    with pytest.raises(InterviewDataError, match=r"SHA256SUMS:\d+: not valid UTF-8"):
        load("turns", release=built, verify=True)


def test_a_truncated_parquet_file_is_reported_not_raised(built):
    from interview_data import InterviewDataError, load

    path = built / "data" / "turns" / "train-00000-of-00001.parquet"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(InterviewDataError, match="not a readable Parquet file"):
        load("turns", release=built)
    refused(run("validate", str(built)), "data/turns/train-00000-of-00001.parquet does not match its checksum")


def test_verify_without_a_manifest_or_a_release_is_a_message(built, tmp_path):
    from interview_data import InterviewDataError, load

    (built / "SHA256SUMS").unlink()
    with pytest.raises(InterviewDataError, match="SHA256SUMS is missing"):
        load("turns", release=built, verify=True)
    with pytest.raises(InterviewDataError, match="release folder not found"):
        load("turns", release=tmp_path / "nowhere", verify=True)


def test_line_separators_inside_the_text_make_a_valid_release(small_raw, tmp_path):
    source = small_raw / FIXTURE_ID / "source.txt"
    text = source.read_bytes().decode("utf-8")
    source.write_bytes(text.replace("over five years.", "over five\u2028years,\u2029in\u0085total.").encode("utf-8"))
    out = tmp_path / "out"
    assert run("build", "--raw", str(small_raw), "--out", str(out)).returncode == 0
    assert run("validate", str(out)).returncode == 0
    exported = run("export", "convokit", "--release", str(out), "--out", str(tmp_path / "corpus"))
    assert exported.returncode == 0, exported.stderr
    turns = (tmp_path / "corpus" / "utterances.jsonl").read_text(encoding="utf-8").split("\n")
    assert len([t for t in turns if t]) == 6


# --- other commands' outputs --------------------------------------------------------------------------

def test_schema_and_export_refuse_a_file_or_a_foreign_folder(built, tmp_path):
    target = tmp_path / "file"
    target.write_text("keep", encoding="utf-8")
    refused(run("schema", "--out", str(target)), f"{target}: is a file, not a folder")
    refused(run("export", "convokit", "--release", str(built), "--out", str(target)), f"{target}: is a file")
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep", encoding="utf-8")
    refused(run("schema", "--out", str(folder)), "holds files that are not JSON Schema files of interview-data")
    refused(run("export", "convokit", "--release", str(built), "--out", str(folder)),
            "holds files that are not a ConvoKit corpus written by interview-data")
    assert target.read_text(encoding="utf-8") == "keep" and (folder / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_schema_and_export_rewrite_their_own_output(built, tmp_path):
    for _ in range(2):
        assert run("schema", "--out", str(tmp_path / "schema")).returncode == 0
        assert run("export", "convokit", "--release", str(built), "--out", str(tmp_path / "corpus")).returncode == 0
    assert sorted(p.name for p in (tmp_path / "schema").iterdir()) == sorted(
        p.name for p in (ROOT / "schema").iterdir())


# --- failures of the machine, not of the input ------------------------------------------------------

def test_a_full_disk_is_a_message_and_the_release_is_kept(built, small_raw, monkeypatch, capsys):
    import errno

    import interview_data.publish.build as release
    from interview_data.cli import main

    before = snapshot(built)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(built.parent / ".release.tmp-x" / "croissant.json"))

    monkeypatch.setattr(release.croissant, "render", full)
    assert main(["build", "--raw", str(small_raw), "--out", str(built)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "free some disk space" in err and "Traceback" not in err
    assert snapshot(built) == before


def test_a_bug_is_one_line_and_debug_shows_its_traceback(small_raw, tmp_path, monkeypatch, capsys):
    import interview_data.publish.build as release
    from interview_data.cli import main

    monkeypatch.setattr(release.card, "render_card", lambda *a: {}["no such key"])
    assert main(["build", "--raw", str(small_raw), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: unexpected KeyError: 'no such key'; this is a bug in interview-data")
    assert "Traceback" not in err
    assert main(["--debug", "build", "--raw", str(small_raw), "--out", str(tmp_path / "out")]) == 1
    assert "Traceback" in capsys.readouterr().err


def three_interviews(tmp_path: Path) -> Path:
    raw = tmp_path / "raw3"
    for day in (1, 2, 3):
        interview_id = f"2023-03-0{day}-doe-water"
        shutil.copytree(FIXTURE, raw / interview_id)
        meta = raw / interview_id / "interview.yaml"
        meta.write_text(meta.read_text(encoding="utf-8").replace(FIXTURE_ID, interview_id), encoding="utf-8")
    return raw


@pytest.mark.parametrize("failure, expected", [
    (OSError(28, "No space left on device", "/full/disk/part.jsonl"),
     "/full/disk/part.jsonl: No space left on device; free some disk space and run again"),
    (KeyError("bug"), "unexpected KeyError: 'bug'; this is a bug in interview-data"),
])
def test_a_workers_failure_arrives_as_one_message(failure, expected, tmp_path, monkeypatch):
    import interview_data.publish.shards as shards
    from interview_data import InterviewDataError
    from interview_data.publish.build import build

    def fail(task):
        raise failure

    monkeypatch.setattr(shards, "write_shard", fail)  # inherited by the forked workers
    with pytest.raises(InterviewDataError) as caught:
        build(three_interviews(tmp_path), tmp_path / "out", jobs=2, shard_size=1)
    assert str(caught.value).startswith(expected)
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_during_a_parallel_build_exits_130_and_leaves_nothing(tmp_path):
    import signal

    command, ready = start_slow_parallel_build(
        tmp_path, "from interview_data.cli import main\n"
                  "sys.exit(main(['build', '--raw', str(raw), '--out', str(out), '--jobs', '2']))",
        start_new_session=True, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: len(list(ready.iterdir())) == 2)
        workers = _children(command.pid)
        os.killpg(command.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        _, stderr = command.communicate(timeout=60)
    finally:
        command.kill()
    assert command.returncode == 130 and "Traceback" not in stderr, stderr
    assert stderr == "interrupted; the previous release is unchanged\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "raw3", "ready"]
    _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() and _state(pid) != "Z" for pid in workers))


def test_a_duplicate_id_and_a_folder_mismatch_name_the_line_of_the_id(small_raw, tmp_path):
    copy = small_raw / "2023-03-04-doe-water"
    shutil.copytree(small_raw / FIXTURE_ID, copy)
    meta = copy / "interview.yaml"
    line = meta.read_text(encoding="utf-8").split("\n").index(f"interview_id: {FIXTURE_ID}") + 1
    refused(run("build", "--raw", str(small_raw), "--out", str(tmp_path / "out")),
            f"{meta}:{line}: duplicate interview_id '{FIXTURE_ID}'")
