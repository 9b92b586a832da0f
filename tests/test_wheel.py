"""The wheel alone carries the release: installed elsewhere, load() works offline."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    (path,) = out.glob("interview_data-*.whl")
    return path


def test_the_wheel_has_the_name_the_card_tells_users_to_install(wheel):
    from interview_data import _project

    assert f"dist/{wheel.name}" == _project.wheel_file()


def test_wheel_contains_the_release(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "interview_data/release/data/turns/train-00000-of-00001.parquet" in names
    assert "interview_data/release/SHA256SUMS" in names
    assert "interview_data/research/trained_baselines.json" in names  # a build from the wheel copies it into the card


def test_installed_wheel_loads_offline_from_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(site), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
           "HF_HOME": str(tmp_path / "hf-home")}
    code = ("import interview_data as d; from interview_data.loading import release_path; "
            f"print(d.load('turns', 'train+validation+test').num_rows, d.load('sentences', 'test').num_rows, "
            f"release_path().is_relative_to(r'{site}'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["41", "113", "True"]
    assert not (tmp_path / "hf-home").exists(), "load() must not write a cache"
