"""The package's layers, as the folder tree shows them: imports go down, never up, and never in a circle.

    _version, _project, errors  the base every module may use
    records/                  the one definition of every row, and what is generated from it
    reading/                  raw/<id>/ in, records out
    research/                 baselines, metrics, evaluation, agreement (on records)
    publish/                  shards, build, checks, card, Croissant (uses research through plug-ins)
    importing/                publishers' files to raw/<id>/ folders (beside publish: it uses its record checks)
    cli, loading, export      the entry points
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "interview_data"
LAYERS = {"_version": 0, "_project": 0, "errors": 0, "records": 1, "reading": 2, "research": 3, "publish": 4, "importing": 4,
          "cli": 5, "loading": 5, "export": 5, "__init__": 5, "__main__": 5}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def layer(module: str) -> int:
    return LAYERS[module.split(".")[0]]


def imports(path: Path) -> set[str]:
    """Every module of the package that ``path`` imports, at module level or inside a function."""
    own = module_name(path).split(".")
    package = own if path.name == "__init__.py" else own[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] + (node.module.split(".") if node.module else [])
            for alias in node.names:
                candidate = ".".join(base + [alias.name])
                found.add(candidate if _exists(candidate) else ".".join(base))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found |= {n.removeprefix("interview_data.") for n in names if n.startswith("interview_data.")}
    return {m for m in found if m and _exists(m)}


def _exists(module: str) -> bool:
    path = PACKAGE.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def test_every_module_belongs_to_a_layer():
    assert sorted(m for m in graph() if m.split(".")[0] not in LAYERS) == []


def test_imports_never_go_up_a_layer():
    upward = sorted(f"{m} -> {t}" for m, targets in graph().items() for t in targets if layer(t) > layer(m))
    assert upward == []


def test_no_import_cycles():
    edges = graph()
    cycles, state = [], {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges.get(module, ())):
            if target.endswith("__init__") or target == module:
                continue
            if state.get(target) == "open":
                cycles.append(" -> ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_statistics_take_research_as_plug_ins():
    assert not {t for t in graph()["publish.stats"] if t.startswith("research")}


READING = ('interview_data.reading', 'interview_data.research', 'ahocorasick', 're2')


def modules_after(code: str, prefixes: tuple[str, ...]) -> list[str]:
    shown = f"import sys\n{code}\nprint(sorted(m for m in sys.modules if m.startswith({prefixes!r})))"
    result = subprocess.run([sys.executable, "-c", shown], capture_output=True, text=True, cwd=ROOT, check=True)
    return eval(result.stdout)


@pytest.mark.loading
def test_verifying_a_release_imports_only_records_and_release_paths_and_checks():
    code = "import interview_data.loading as l\nl._verify(l.release_path(), 'speakers')"
    assert modules_after(code, READING + ("yaml", "datasets")) == []


@pytest.mark.loading
def test_loading_with_verification_never_imports_the_reading_layer():
    # (datasets itself imports PyYAML, so only our reading stack is looked for here)
    assert modules_after("import interview_data\ninterview_data.load('speakers', verify=True)", READING) == []


def test_the_readme_tree_names_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## How the code is laid out"):readme.index("## How the transcript is read")]
    modules = {p.name for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    folders = {p.name + "/" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    missing = sorted(name for name in modules | folders if name not in section)
    assert missing == []
