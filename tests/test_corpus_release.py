"""A release of another corpus describes that corpus: built from made-up interviews of two publishers with
different licences (tests/fixtures/corpus), its card, LICENSE-DATA.md, CITATION.cff and croissant.json say
nothing of the seed, list each publisher's licence with counts and attribution, and agree part by part."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from interview_data import _project
from interview_data.reading.metadata import load_metadata

from .conftest import ROOT
from .release_text import assert_licences_agree, licence_section, relative_links, resolves

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SEED_WORDS = ["Aliyev", "Korotchenko", "Azerbaijan", "Armenia", "Karabakh", "Russia", "president.az",
              "Natsionalnaya", "oborona", "Shusha", "2021-09-24", "44-day", "one side's account"]
DESCRIBING_FILES = ["README.md", "LICENSE-DATA.md", "CITATION.cff", "croissant.json"]


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    from interview_data.publish.build import build

    out = tmp_path_factory.mktemp("corpus") / "release"
    build(CORPUS, out)
    return out


def text(release: Path, name: str) -> str:
    return (release / name).read_text(encoding="utf-8")


def metas():
    return [load_metadata(folder / "interview.yaml") for folder in sorted(CORPUS.iterdir()) if folder.is_dir()]


def test_nothing_in_the_release_speaks_of_the_seed(release):
    for path in sorted(release.rglob("*")):
        if path.is_file() and path.suffix != ".parquet":
            content = path.read_text(encoding="utf-8")
            found = [word for word in SEED_WORDS if word.lower() in content.lower()]
            assert found == [], (path.relative_to(release).as_posix(), found)


def test_the_card_describes_the_corpus_it_holds(release):
    card = text(release, "README.md")
    assert "This release holds 3 interviews from 2 publishers, published between 2023-03-14 and 2024-06-02" in card
    assert "none of them is annotated" in card and "No interview in this release is annotated." in card
    for meta in metas():
        assert f"(`{meta.interview_id}`), published {meta.published_at[:10]} by {meta.publisher}: " \
               f"<{meta.source_url}>" in card
    assert "The release ships no annotation guidelines." in card and "ANNOTATION_GUIDELINES" not in card


def test_a_care_notice_appears_under_its_interview_only(release):
    card = text(release, "README.md")
    notice = "**Care notice:** Made up for the tests: the minister answers questions about a project her own " \
             "department runs."
    assert card.count(notice) == 1
    entry = card.index("(`2023-03-14-harbour-works`)")
    assert entry < card.index(notice) < card.index("(`2023-05-02-ferry-timetable`)")
    rows = [json.loads(line) for line in open(release / "jsonl" / "interviews.jsonl", encoding="utf-8")]
    assert [bool(r["care_notice"]) for r in rows] == [True, False, False]


def test_each_publishers_licence_is_listed_with_its_count_and_attribution(release):
    attribution = "Source: Example Transcripts, Example Transcripts Office"
    for name in ("README.md", "LICENSE-DATA.md"):
        listed = licence_section(text(release, name)) if name == "README.md" else text(release, name)
        assert ("| source text | Example Transcripts Office | 2 | [CC-BY-3.0-AU (Creative Commons Attribution "
                "3.0 Australia)](https://spdx.org/licenses/CC-BY-3.0-AU.html) | Licensed from the Example "
                f"Transcripts Office under a Creative Commons Attribution 3.0 Australia Licence. | {attribution} |"
                ) in listed, name
        assert ("| source text | Example Federal Survey Agency | 1 | public domain in the United States (a work of "
                "the US federal government, 17 U.S.C. 105) |") in listed, name
        assert "not stated" not in listed.lower() and "no licence stated" not in listed, name
    assert "source text: CC-BY-3.0-AU (2 interviews), public-domain-us (1 interview)" in text(release, "README.md")
    header = yaml.safe_load(text(release, "README.md").split("---\n", 2)[1])
    assert (header["license"], header["license_link"]) == ("other", "LICENSE-DATA.md")


def test_card_licence_file_croissant_and_citation_agree_part_by_part(release):
    parts = assert_licences_agree(release)
    assert parts == {("annotations and curated metadata", None, None, _project.ANNOTATIONS_LICENSE),
                     ("source text", "Example Transcripts Office", 2, "CC-BY-3.0-AU"),
                     ("source text", "Example Federal Survey Agency", 1, "public-domain-us")}


def test_croissant_names_the_project_and_every_part(release):
    metadata = json.loads(text(release, "croissant.json"))
    assert "url" not in metadata if _project.HOMEPAGE is None else metadata["url"] == _project.HOMEPAGE
    assert metadata["citeAs"].startswith("@misc{interview_data,") and _project.VERSION in metadata["citeAs"]
    by_id = {work.get("identifier"): work for work in metadata["license"]}
    assert by_id["CC-BY-3.0-AU"]["url"] == "https://spdx.org/licenses/CC-BY-3.0-AU.html"
    assert by_id["CC-BY-3.0-AU"]["creditText"] == "Source: Example Transcripts, Example Transcripts Office"
    assert "url" not in by_id["public-domain-us"]
    assert "3 interviews, 0 annotated" in metadata["rai:dataLimitations"]


def test_mlcroissant_reports_no_issue_and_iterates_the_records(release):
    mlc = pytest.importorskip("mlcroissant")
    metadata = json.loads(text(release, "croissant.json"))
    dataset = mlc.Dataset(jsonld=metadata)
    issues = dataset.metadata.ctx.issues
    assert not issues.errors and not issues.warnings, issues.report()
    assert sum(1 for _ in mlc.Dataset(str(release / "croissant.json")).records("interviews")) == 3


def test_the_cards_links_resolve_inside_the_release(release):
    card = text(release, "README.md")
    links = relative_links(card)
    assert "LICENSE-DATA.md" in links and "CITATION.cff" in links
    assert [link for link in links if not resolves(release, link)] == []


def test_every_interview_names_its_licence_id():
    ids = {meta.interview_id: meta.license.source_text_id for meta in metas()}
    assert ids == {"2023-03-14-harbour-works": "CC-BY-3.0-AU", "2023-05-02-ferry-timetable": "CC-BY-3.0-AU",
                   "2024-06-02-river-survey": "public-domain-us"}


@pytest.mark.parametrize("replace, expected", [
    ("  source_text_id: CC-BY-3.0-AU\n", "  source_text_id: CC BY 3.0\n"),
    ("  annotations: CC-BY-4.0\n", "  annotations: CC0-1.0\n"),
    ("  code: MIT\n", "  code: Apache-2.0\n"),
])
def test_licence_fields_are_checked_with_their_line(tmp_path, replace, expected):
    from interview_data.errors import InterviewDataError

    text = (CORPUS / "2023-03-14-harbour-works" / "interview.yaml").read_text(encoding="utf-8")
    assert replace in text
    path = tmp_path / "interview.yaml"
    path.write_text(text.replace(replace, expected), encoding="utf-8")
    with pytest.raises(InterviewDataError) as caught:
        load_metadata(path)
    (problem,) = caught.value.problems()
    line = text.splitlines().index(replace.rstrip("\n")) + 1
    assert (problem.line, str(problem.path)) == (line, str(path))
    assert "SPDX" in str(problem) or "the project licenses its" in str(problem)


def test_the_cards_list_of_interviews_is_the_same_however_the_statistics_are_split():
    from dataclasses import replace

    from interview_data.publish.stats import INTERVIEWS_LISTED, NOTES_LISTED, CorpusStats, InterviewSummary

    def interview(i: int) -> InterviewSummary:
        return InterviewSummary(i, f"2020-01-01-i{i}", "t", "2020-01-01T00:00:00Z", "p", "https://example.org", None,
                                (), None, "notice" if i % 3 == 0 else None, None)

    def folded(positions: range) -> CorpusStats:
        stats = CorpusStats()
        for local, i in enumerate(positions):
            listed = replace(interview(i), position=local)
            stats.notes += listed.has_notes
            stats._list(listed)
            stats.rows["interviews"] += 1
        return stats

    total = INTERVIEWS_LISTED + 3 * NOTES_LISTED + 50
    whole = folded(range(total))
    for size in (1, 7, 100):
        merged = CorpusStats()
        for start in range(0, total, size):
            merged.merge(folded(range(start, min(start + size, total))))
        assert merged.listed == whole.listed and merged.notes == whole.notes, size
    assert len(whole.listed) == INTERVIEWS_LISTED + NOTES_LISTED
    assert whole.notes == sum(1 for i in range(total) if i % 3 == 0)
