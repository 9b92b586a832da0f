from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Before anything imports datasets (which reads these once): caches in a folder of the test run, offline.
CACHE = Path(tempfile.mkdtemp(prefix="interview-data-tests-"))
atexit.register(shutil.rmtree, CACHE, ignore_errors=True)
os.environ.update(HF_HOME=str(CACHE / "hf"), HF_DATASETS_CACHE=str(CACHE / "hf" / "datasets"),
                  HF_HUB_CACHE=str(CACHE / "hf" / "hub"), XDG_CACHE_HOME=str(CACHE / "xdg"),
                  HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SEED_ID = "2021-09-24-aliyev-natsionalnaya-oborona"
SEED_DIR = RAW / SEED_ID
EVERY_SPLIT = "train+validation+test"  # load(config, EVERY_SPLIT): every row of a table


@pytest.fixture(scope="session")
def seed_source() -> str:
    return (SEED_DIR / "source.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_tables():
    from interview_data.reading.interview import read_records

    return read_records(SEED_DIR)


@pytest.fixture(scope="session")
def fresh_build(tmp_path_factory) -> Path:
    """A release built from raw/ into a temporary folder, once per test session."""
    from interview_data.publish.build import build

    out = tmp_path_factory.mktemp("fresh") / "build"
    build(RAW, out)
    return out


@pytest.fixture()
def raw_copy(tmp_path) -> Path:
    """A writable copy of raw/ for tests that corrupt it."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target
