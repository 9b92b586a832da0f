"""The versions the committed release is built with (constraints.txt), and the tests that need them.

A build is byte-identical only under the exact versions it was made with: pyarrow writes the Parquet
bytes, pydantic (and pydantic-core) and datasets generate the schemas and features written into the
release, card and schema/. Under other versions inside the declared ranges a build is still valid,
but may differ from the committed files; the tests that compare with those files are then skipped,
naming the versions that differ, and run under the lock file (README's test command, .ci/run).
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version

import pytest

from .conftest import ROOT

LOCK = ROOT / "constraints.txt"
LOWEST = ROOT / "constraints-lowest.txt"
PYPROJECT = ROOT / "pyproject.toml"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")
SHAPING_EXTRAS = ("build",)          # with `dependencies`: what a build runs on
ALSO_SHAPING = ("pydantic-core",)    # pydantic's schema generation lives there


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path) -> dict[str, str]:
    """``name==version`` lines of a constraints file (comments and blank lines skipped)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = PIN.match(line)
            assert match, f"{path.name}: not a pin: {line!r}"
            found[normalise(match.group(1))] = match.group(2)
    return found


def project() -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]


def requirement_name(requirement: str) -> str:
    return normalise(re.match(r"[A-Za-z0-9._-]+", requirement).group(0))


def shaping_names() -> list[str]:
    """The distributions whose versions shape a build's bytes."""
    meta = project()
    requirements = list(meta["dependencies"])
    for extra in SHAPING_EXTRAS:
        requirements += meta["optional-dependencies"][extra]
    return sorted({requirement_name(r) for r in requirements} | set(ALSO_SHAPING))


def differences_from_lock() -> list[str]:
    """``name installed X, constraints.txt Y`` for each shaping distribution off the lock."""
    locked = pins(LOCK)
    found = []
    for name in shaping_names():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "absent"
        if installed != locked.get(name):
            found.append(f"{name} {installed} (constraints.txt: {locked.get(name, 'not pinned')})")
    return found


_DIFFERENCES = differences_from_lock()

needs_lock = pytest.mark.skipif(
    bool(_DIFFERENCES),
    reason="a build is byte-identical only under constraints.txt; installed: " + ", ".join(_DIFFERENCES)
           + " (python -m pip install -c constraints.txt -e \".[test]\")")
