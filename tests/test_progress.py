"""Progress: interviews done, rate and time left on a terminal (tqdm); nothing when stderr is not one."""

from __future__ import annotations

import io
import re
import subprocess
import sys

from tqdm import tqdm

from .conftest import ROOT

LINE = re.compile(r"\| (\d+)/(\d+) \[[\d:]+<[\d:?]+, +[\d.?]+ ?(?:interview/s|s/interview)\]")


def bar(total: int, stream) -> tqdm:
    return tqdm(total=total, unit="interview", file=stream, mininterval=0, miniters=1, disable=False)


def test_a_terminal_sees_interviews_done_rate_and_time_left(tmp_path):
    from interview_data.publish.build import build

    stream = io.StringIO()
    build(ROOT / "raw", tmp_path / "out", progress=bar(1, stream))
    assert LINE.findall(stream.getvalue())[-1] == ("1", "1")
    assert stream.getvalue().endswith("\n")


def test_a_parallel_build_reports_every_interview(tmp_path):
    from interview_data.publish.build import build

    from .test_shards import make_synthetic_raw

    stream = io.StringIO()
    build(make_synthetic_raw(tmp_path / "raw", 3), tmp_path / "out", jobs=2, shard_size=1,
          progress=bar(3, stream))
    assert LINE.findall(stream.getvalue())[-1] == ("3", "3")


def test_progress_stays_off_when_stderr_is_not_a_terminal(tmp_path):
    result = subprocess.run([sys.executable, "-m", "interview_data", "build", "--raw", str(ROOT / "raw"),
                             "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""
    assert re.fullmatch(rf"built {tmp_path / 'out'}: 1 interviews, 2 speakers, 41 turns, 665 sentences, "
                        r"483 claims, 18 qa_pairs \(sentences in train/validation/test: 454/98/113\) in \d+\.\d s\n", result.stdout)
