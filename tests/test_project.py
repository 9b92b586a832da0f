"""One source for the project's facts: the release is generated from interview_data/_project.py, and the root
files a build cannot write (CITATION.cff, LICENSE-DATA.md, pyproject.toml, CHANGELOG.md) agree with it."""

from __future__ import annotations

import json
import re
import tomllib

import yaml

from interview_data import _project
from interview_data.publish.citation import bibtex

from .conftest import ROOT
from .release_text import assert_licences_agree

BUILD = ROOT / "build"
COPY = "cp build/LICENSE-DATA.md build/CITATION.cff ."


def card() -> str:
    return (BUILD / "README.md").read_text(encoding="utf-8")


def test_root_citation_and_data_licence_are_the_releases():
    for name in ("CITATION.cff", "LICENSE-DATA.md"):
        assert (ROOT / name).read_bytes() == (BUILD / name).read_bytes(), f"{name}: run `{COPY}` and commit"


def test_root_citation_states_the_project_facts():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    assert citation["title"] == _project.TITLE
    assert str(citation["version"]) == _project.VERSION
    assert str(citation["date-released"]) == _project.RELEASED
    assert [author["name"] for author in citation["authors"]] == list(_project.AUTHORS)
    assert citation["license"] == _project.ANNOTATIONS_LICENSE  # the work we license; sources are references
    assert f"{_project.CODE_LICENSE}-licensed" in citation["abstract"]
    assert citation.get("url") == _project.HOMEPAGE


def test_pyproject_states_the_code_licence_and_ships_the_data_licence():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == _project.NAME
    assert project["license"] == _project.CODE_LICENSE
    assert "LICENSE-DATA.md" in project["license-files"]


def test_changelog_dates_the_release_as_the_project_facts_do():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"\n## {_project.VERSION} ({_project.RELEASED})\n" in changelog, \
        "the changelog's heading for this version and _project.RELEASED must name the same date"


def test_data_licences_agree_part_by_part_in_card_licence_file_croissant_and_root_citation():
    parts = assert_licences_agree(BUILD, ROOT / "CITATION.cff")
    assert ("annotations and curated metadata", None, None, _project.ANNOTATIONS_LICENSE) in parts
    interviews = sum(1 for _ in (BUILD / "jsonl" / "interviews.jsonl").open(encoding="utf-8"))
    assert sum(part[2] for part in parts if part[0] == "source text") == interviews


def test_the_licences_the_rows_carry_are_the_ones_listed():
    parts = assert_licences_agree(BUILD, ROOT / "CITATION.cff")
    rows = [json.loads(line) for line in (BUILD / "jsonl" / "interviews.jsonl").open(encoding="utf-8")]
    listed = {(publisher, licence_id): n for part, publisher, n, licence_id in parts if part == "source text"}
    counted: dict = {}
    for row in rows:
        key = (row["publisher"], row["license_source_text_id"])
        counted[key] = counted.get(key, 0) + 1
        assert row["license_annotations"] == _project.ANNOTATIONS_LICENSE
    assert counted == listed


def test_bibtex_and_croissant_cite_the_project_not_a_publisher():
    text = bibtex()
    for field in ("author", "title", "year", "version", "howpublished"):
        assert re.search(rf"^  {field} +=", text, re.M), field
    assert f"{{{_project.year()}}}" in text and f"{{{_project.VERSION}}}" in text
    assert f"```bibtex\n{text}\n```" in card()
    croissant = json.loads((BUILD / "croissant.json").read_text(encoding="utf-8"))
    assert croissant["citeAs"] == text
    assert croissant["version"] == _project.VERSION and croissant["name"] == _project.NAME
    sources = {json.loads(line)["source_url"] for line in (BUILD / "jsonl" / "interviews.jsonl").open(encoding="utf-8")}
    assert croissant.get("url") == _project.HOMEPAGE and croissant.get("url") not in sources


def test_the_card_claims_no_install_command_that_does_not_work():
    text = card()
    assert "pip install interview-data" not in text  # on no package index
    commands = re.findall(r"`((?:python -m )?pip install [^`]+)`", text)
    assert commands and set(commands) <= {_project.INSTALL_FROM_CHECKOUT,
                                          f"python -m pip install {_project.wheel_file()}"}
    assert _project.BUILD_WHEEL in text  # tests/test_wheel.py checks the name of the wheel it makes
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme[readme.index("## Set-up on a fresh machine"):readme.index("## Quick start")]
    assert _project.INSTALL_FROM_CHECKOUT in setup  # the way README installs it, which .ci/run exercises


def test_a_build_writes_no_root_file(tmp_path, monkeypatch):
    from interview_data.publish.build import build

    def snapshot():
        return {p.name: p.read_bytes() for p in ROOT.iterdir() if p.is_file()}

    monkeypatch.chdir(ROOT)
    before = snapshot()
    build(ROOT / "raw", tmp_path / "out", card_copy=tmp_path / "card.md")
    assert snapshot() == before
    assert (tmp_path / "out" / "CITATION.cff").read_bytes() == (ROOT / "CITATION.cff").read_bytes()
