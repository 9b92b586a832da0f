from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SEED_ID = "2021-09-24-aliyev-natsionalnaya-oborona"
SEED_DIR = RAW / SEED_ID


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
