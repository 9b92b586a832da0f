"""The wheel alone carries the release: installed elsewhere, load() works offline."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

import interview_data

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


@pytest.mark.loading
def test_wheel_contains_the_release(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "interview_data/release/data/turns/train-00000-of-00001.parquet" in names
    assert "interview_data/release/SHA256SUMS" in names
    assert "interview_data/research/trained_baselines.json" in names  # a build from the wheel copies it into the card


@pytest.mark.loading
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


# A researcher's stack: other releases than constraints.txt, inside the ranges pyproject.toml declares.
NEIGHBOURS = {"pydantic": "2.14.4", "pyarrow": "25.0.1", "datasets": "5.1.0"}


def pip(python, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True)


def installed(python) -> dict[str, str]:
    from .lockfile import normalise

    lines = pip(python, "list", "--format=freeze").stdout.splitlines()
    return {normalise(name): version for name, _, version in (line.partition("==") for line in lines)}


def test_the_wheel_installs_beside_other_releases_in_range_and_leaves_them_in_place(wheel, tmp_path):
    from packaging.requirements import Requirement

    from .lockfile import LOCK, pins, project

    ranges = {Requirement(r).name: Requirement(r).specifier for r in project()["dependencies"]}
    locked = pins(LOCK)
    for name, version in NEIGHBOURS.items():  # the test means something only while this holds
        assert version in ranges[name] and version != locked[name], name
    probe = pip(sys.executable, "download", "--no-deps", "--retries", "0", "--timeout", "20",
                "--dest", str(tmp_path / "probe"), f"pydantic=={NEIGHBOURS['pydantic']}")
    if probe.returncode:
        pytest.skip(f"pip cannot reach a package index: {(probe.stderr.strip().splitlines() or ['?'])[-1]}")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    stack = pip(python, "install", *(f"{name}=={version}" for name, version in NEIGHBOURS.items()))
    assert stack.returncode == 0, stack.stderr
    before = installed(python)

    result = pip(python, "install", str(wheel))  # with its dependencies, as a user would
    assert result.returncode == 0, result.stderr
    after = installed(python)
    assert after.pop("interview-data") == wheel.name.split("-")[1]
    assert after == before, "installing the wheel changed the stack"

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf-home")}
    code = ("import interview_data as d, pydantic, pyarrow, datasets\n"
            "print(pydantic.VERSION, pyarrow.__version__, datasets.__version__)\n"
            "print([d.load(c, verify=True).num_rows for c in d.configs()])\n")
    loaded = subprocess.run([str(python), "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    here = [interview_data.load(config).num_rows for config in interview_data.configs()]  # under constraints.txt
    assert loaded.stdout.splitlines() == [" ".join(NEIGHBOURS.values()), str(here)]
