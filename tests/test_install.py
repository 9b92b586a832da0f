"""What an install holds: compatible ranges in pyproject.toml, exact versions in constraints.txt, the
lowest allowed in constraints-lowest.txt; loading without the build extra; README and CI agreeing."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from packaging.requirements import Requirement

from interview_data import configs, load

from .conftest import ROOT
from .lockfile import LOCK, LOWEST, normalise, pins, project

CI = ROOT / ".ci" / "run"
GROUPS = ("dependencies", "build", "test")  # what loading, building and testing install (other extras are tools')


def requirements(group: str) -> dict[str, Requirement]:
    """``dependencies`` or an extra's requirements, by normalised name (our own extras left out)."""
    meta = project()
    listed = meta["dependencies"] if group == "dependencies" else meta["optional-dependencies"][group]
    found = {normalise(r.name): r for r in map(Requirement, listed)}
    found.pop("interview-data", None)
    return found


def lower_bound(requirement: Requirement) -> str:
    (bound,) = [s.version for s in requirement.specifier if s.operator == ">="]
    return bound


def test_every_requirement_has_a_lower_bound_and_no_exact_pin():
    for group in GROUPS:
        for name, requirement in requirements(group).items():
            assert lower_bound(requirement), f"{group}: {name}"
            assert not any(s.operator in ("==", "===") for s in requirement.specifier), f"{group}: {name} is pinned"


def test_the_lock_pins_every_requirement_inside_its_range():
    locked = pins(LOCK)
    for group in GROUPS:
        for name, requirement in requirements(group).items():
            assert name in locked, f"constraints.txt does not pin {name}"
            assert requirement.specifier.contains(locked[name], prereleases=True), \
                f"constraints.txt: {name}=={locked[name]} is outside {group}'s {requirement}"


@pytest.mark.loading
def test_the_lowest_pins_are_the_lower_bounds_of_the_ranges():
    lowest, dependencies, test = pins(LOWEST), requirements("dependencies"), requirements("test")
    assert set(dependencies) <= set(lowest), "constraints-lowest.txt must pin every dependency"
    for name, pinned in lowest.items():
        requirement = dependencies.get(name) or test.get(name)
        assert requirement is not None, f"constraints-lowest.txt pins {name}, neither a dependency nor a test tool"
        assert pinned == lower_bound(requirement), f"constraints-lowest.txt: {name}=={pinned}, range {requirement}"


def setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Set-up on a fresh machine"):readme.index("## Quick start")]
    return [line.strip() for line in section.splitlines() if line.startswith("    ") and line.strip()]


def test_readme_gives_two_commands_under_the_lock_and_ci_runs_the_test_command():
    build, test = setup_commands()
    assert "-c constraints.txt" in build and build.endswith("interview-data build --card DATASET_CARD.md")
    assert "-c constraints.txt" in test and test.endswith("python -m pytest")
    assert test in CI.read_text(encoding="utf-8").splitlines()


def test_ci_runs_every_file_that_holds_loading_tests_under_the_lowest_versions():
    script = CI.read_text(encoding="utf-8").replace("\\\n", " ")
    (command,) = [line for line in script.splitlines() if line.startswith("python -m pytest -m loading")]
    listed = set(re.findall(r"tests/\S+\.py", command))
    marked = {f"tests/{p.name}" for p in (ROOT / "tests").glob("test_*.py")
              if "mark.loading" in p.read_text(encoding="utf-8")}
    assert listed == marked
    assert "-c constraints-lowest.txt -e . " in script, "the lowest step installs the package without extras"


BLOCK_BUILD_EXTRA = "import sys\nsys.modules.update(re2=None, ahocorasick=None)  # as if never installed\n"


def run_without_build_extra(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCK_BUILD_EXTRA + code], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.loading
def test_load_validate_and_export_need_no_build_extra(tmp_path):
    code = (f"import interview_data\nfrom interview_data.cli import main\n"
            f"rows = [interview_data.load(c, verify=True).num_rows for c in interview_data.configs()]\n"
            f"assert main(['validate', 'build']) == 0\n"
            f"assert main(['export', 'convokit', '--out', {str(tmp_path / 'corpus')!r}]) == 0\n"
            f"print(rows)\n")
    result = run_without_build_extra(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "build: valid"
    assert result.stdout.splitlines()[-1] == str([load(config).num_rows for config in configs()])


@pytest.mark.loading
def test_a_build_without_the_build_extra_says_how_to_install_it(tmp_path):
    out = tmp_path / "out"
    code = f"from interview_data.cli import main\nsys.exit(main(['build', '--out', {str(out)!r}]))\n"
    result = run_without_build_extra(code)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: this command needs ")
    assert result.stderr.rstrip().endswith('install the build extra in the checkout: python -m pip install ".[build]"')
    assert not out.exists()
