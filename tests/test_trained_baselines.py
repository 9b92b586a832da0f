"""Trained and cross-dataset baselines: a committed results file, copied into the card by a build that needs
neither scikit-learn nor the benchmark files."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib

import pytest

from interview_data.errors import InterviewDataError
from interview_data.publish import card
from interview_data.publish.paths import read_manifest
from interview_data.research import trained

from .conftest import RAW, ROOT

BUILD = ROOT / "build"
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
SCRIPT = ROOT / "scripts" / "trained_baselines.py"


@pytest.fixture(scope="module")
def results() -> dict:
    found = trained.read_results()
    assert found is not None, f"{trained.RESULTS_PATH} is missing: run `{trained.COMMAND}`"
    return found


def committed_sentence_files() -> dict[str, str]:
    prefix = f"data/{trained.INPUT_CONFIG}/"
    return {name: entry.digest for name, entry in read_manifest(BUILD).items() if name.startswith(prefix)}


def test_the_results_file_records_its_command_software_and_inputs(results):
    assert results["command"] == trained.COMMAND
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"][trained.EXTRA]
    assert f"scikit-learn=={results['software']['scikit-learn']}" in extra
    assert sorted(results["benchmarks"]) == ["checkthat-2019/CT19-T1-Test.csv", "checkthat-2019/CT19-T1-Training.csv",
                                             "claimbuster/kfold_25ncs.csv"]
    assert all(len(digest) == 64 for digest in [*results["benchmarks"].values(), *results["release"]["files"].values()])
    # as the script writes it
    assert (ROOT / trained.RESULTS_PATH).read_text(encoding="utf-8") == trained.dumps(results)


def test_the_results_were_computed_on_the_committed_release(results):
    assert trained.input_checksums(results) == committed_sentence_files(), (
        f"the sentences changed since {trained.RESULTS_PATH} was written: run `{trained.INSTALL}` and "
        f"`{trained.COMMAND}`, rebuild and commit")


def test_figures_are_rounded_to_three_decimals(results):
    rows = [*results["in_domain"], *results["cross_dataset"], *results["within_dataset"]]
    values = [row[key] for row in rows for key in ("precision", "recall", "f1", "map")]
    values += [part["mean"] for part in results["cross_validation"]["splits"]]
    assert all(0 <= v <= 1 and round(v, 3) == v for v in values)


def test_the_card_shows_in_domain_and_cross_dataset_tables_with_the_command(results):
    text = (BUILD / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Trained and cross-dataset baselines"):text.index("## Citation")]
    assert trained.tables(results) in section
    for title in ("**In-domain** (trained on `train`, scored on `test`", "**Cross-dataset**",
                  "**Cross-validation on train+validation**"):
        assert title in section
    assert f"`{trained.COMMAND}`" in section and f"`{trained.EXTRA}` extra" in section
    assert "ClaimBuster kfold_25ncs" in section and "CheckThat! 2019 test" in section
    assert "not this release's" not in section
    assert (ROOT / "DATASET_CARD.md").read_text(encoding="utf-8") == text


def test_the_card_says_when_the_figures_are_from_another_release(results):
    other = {name: "0" * 64 for name in trained.input_checksums(results)}
    stale = card.trained_baselines(results, other)
    assert f"**These figures are not this release's**: they are from an earlier build (release " \
           f"{results['release']['version']})" in stale
    assert trained.tables(results) in stale and trained.COMMAND in stale
    fresh = card.trained_baselines(results, trained.input_checksums(results))
    assert "not this release's" not in fresh and "the same files as this release's" in fresh


def test_without_a_results_file_the_card_says_how_to_make_one():
    said = card.trained_baselines(None, {})
    assert said.startswith("No trained baselines") and trained.COMMAND in said


def test_a_malformed_results_file_is_an_error_that_says_how_to_fix_it(results):
    for text in ("{", "[]", json.dumps({**results, "format": 99}),
                 json.dumps({k: v for k, v in results.items() if k != "cross_dataset"})):
        with pytest.raises(InterviewDataError) as caught:
            trained.parse_results(text)
        assert trained.RESULTS_PATH in str(caught.value) and trained.COMMAND in str(caught.value)


def test_the_readme_shows_the_committed_tables_and_the_command(results):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Trained and cross-dataset baselines"):]
    assert trained.tables(results) in section
    assert trained.COMMAND in section and trained.INSTALL in section


def test_no_module_of_the_package_imports_scikit_learn():
    found = []
    for path in (ROOT / "interview_data").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "sklearn"]
    assert found == []


BUILD_WITHOUT_SKLEARN = """
import json, sys
from pathlib import Path

class NoSklearn:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "sklearn":
            raise ImportError("scikit-learn is not installed here")
        return None

sys.meta_path.insert(0, NoSklearn())
shared = str(Path({shared!r}).resolve())
opened = []

def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, Path)):
        name = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        if str(Path(name).resolve()).startswith(shared):
            opened.append(name)
    elif event == "os.listdir" or event == "os.scandir":
        if args and args[0] is not None and str(Path(str(args[0])).resolve()).startswith(shared):
            opened.append(str(args[0]))

sys.addaudithook(hook)
from interview_data.publish.build import build
build(Path({raw!r}), Path({out!r}))
print(json.dumps({{"opened": opened, "sklearn": sorted(m for m in sys.modules if m.split(".")[0] == "sklearn")}}))
"""


def test_the_build_needs_neither_scikit_learn_nor_the_benchmarks(tmp_path, results):
    out = tmp_path / "build"
    code = BUILD_WITHOUT_SKLEARN.format(shared=str(ROOT.parent / "shared"), raw=str(RAW), out=str(out))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"opened": [], "sklearn": []}
    assert trained.tables(results) in (out / "README.md").read_text(encoding="utf-8")


def test_the_script_reproduces_the_committed_file():
    pytest.importorskip("sklearn")
    if not (BENCHMARKS / "SHA256SUMS").is_file():
        pytest.skip("no ../shared/benchmarks beside the repository")
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
