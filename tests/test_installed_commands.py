"""The research commands work from the installed wheel alone: a fresh install, a folder with no checkout,
no raw/, no build extra (the acceptance of issue 14, item 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


# Only the wheel's own dependencies: the modules of the build and import extras are made unimportable.
WITHOUT_EXTRAS = "import sys\nsys.modules.update(re2=None, ahocorasick=None, tqdm=None, lxml=None)\n"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel built from the checkout, installed into a folder of its own (no dependencies copied:
    the test run's own environment provides them)."""
    pytest.importorskip("hatchling")
    dist, site = tmp_path_factory.mktemp("dist"), tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
                   cwd=ROOT, check=True, capture_output=True)
    (wheel,) = dist.glob("interview_data-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    return site


@pytest.fixture()
def elsewhere(installed, tmp_path):
    """Run Python with only the installed package importable as ``interview_data``, in an empty folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    env = {**os.environ, "PYTHONPATH": str(installed), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
           "HF_HOME": str(tmp_path / "hf-home")}

    def run(*args: str) -> subprocess.CompletedProcess:
        if args[0] == "-m":  # `python -m interview_data ...`, without the build and import extras
            args = ("-c", f"{WITHOUT_EXTRAS}import runpy\nsys.argv = {['interview_data', *args[2:]]!r}\n"
                          f"runpy.run_module({args[1]!r}, run_name='__main__', alter_sys=True)\n")
        result = subprocess.run([sys.executable, *args], cwd=folder, env=env, capture_output=True, text=True)
        assert "Traceback" not in result.stderr, result.stderr
        return result

    run.folder = folder
    return run


@pytest.mark.loading
def test_the_acceptance_commands_work_from_the_installed_wheel(installed, elsewhere):
    loaded = elsewhere("-c", "import interview_data as d; from interview_data.loading import release_path; "
                             "print(d.load('sentences', split='test').num_rows, release_path())")
    assert loaded.returncode == 0, loaded.stderr
    rows, release = loaded.stdout.split()
    assert rows == "113" and Path(release).is_relative_to(installed)

    written = elsewhere("-m", "interview_data", "baseline", "cues", "--out", "p.jsonl")
    assert (written.returncode, written.stdout) == (
        0, "wrote 113 predictions of rule-based cues for the test split to p.jsonl\n")
    evaluated = elsewhere("-m", "interview_data", "evaluate", "--predictions", "p.jsonl", "--json")
    assert evaluated.returncode == 0, evaluated.stderr
    scores = json.loads(evaluated.stdout)
    assert (scores["n"], scores["f1_check_worthy"]) == (113, pytest.approx(4 / 13))  # 8 right of 11 flagged, 41 gold

    validated = elsewhere("-m", "interview_data", "validate")
    assert (validated.returncode, validated.stdout) == (0, f"{release}: valid\n"), validated.stderr

    agreed = elsewhere("-m", "interview_data", "agreement")
    assert agreed.returncode == 0, agreed.stderr
    card = (Path(release) / "README.md").read_text(encoding="utf-8")
    assert agreed.stdout.startswith("| measure |") and agreed.stdout in card

    table = elsewhere("-m", "interview_data", "evaluate")
    assert table.returncode == 0, table.stderr
    assert "\n".join(table.stdout.splitlines()[1:]) in card
    assert sorted(p.name for p in elsewhere.folder.iterdir()) == ["p.jsonl"]  # nothing else written here
