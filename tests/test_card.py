"""The dataset card: template sections, a Hub-style YAML header, and numbers that match the data."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from interview_data.records.models import TABLES

from .conftest import ROOT
from .lockfile import needs_lock

BUILD = ROOT / "build"
SECTIONS = ["## Dataset Details", "### Dataset Description", "### Dataset Sources", "## Uses", "### Direct Use",
            "### Out-of-Scope Use", "## Dataset Structure", "## Dataset Creation", "### Curation Rationale",
            "### Source Data", "### Annotations", "#### Personal and Sensitive Information",
            "## Bias, Risks, and Limitations", "### Recommendations", "## Citation", "## More Information"]


def card_text() -> str:
    return (BUILD / "README.md").read_text(encoding="utf-8")


def header() -> dict:
    return yaml.safe_load(card_text().split("---\n", 2)[1])


def rows(config: str) -> list[dict]:
    return [json.loads(line) for line in (BUILD / "jsonl" / f"{config}.jsonl").open(encoding="utf-8")]


@needs_lock
def test_root_card_is_the_released_card(fresh_build):
    assert (ROOT / "DATASET_CARD.md").read_text(encoding="utf-8") == (fresh_build / "README.md").read_text(
        encoding="utf-8"), "run `interview-data build --card DATASET_CARD.md` and commit"


def test_card_has_the_template_sections_in_order():
    text = card_text()
    positions = [text.index(section + "\n") for section in SECTIONS]
    assert positions == sorted(positions)
    assert not re.search(r"\{\{\w+\}\}", text)  # every slot filled (BibTeX's {{...}} has spaces)


def test_yaml_header_is_what_the_hub_expects():
    data = header()
    for key in ["pretty_name", "license", "license_name", "license_link", "language", "task_categories",
                "task_ids", "size_categories", "annotations_creators", "source_datasets", "configs", "dataset_info"]:
        assert key in data, key
    assert data["license"] == "other"
    assert [c["config_name"] for c in data["configs"]] == list(TABLES)
    assert all(c["data_files"][0]["path"].startswith("data/") for c in data["configs"])


def test_yaml_header_parses_as_hub_card_data():
    from huggingface_hub import DatasetCardData

    data = DatasetCardData(**header())
    assert data.to_dict()["license_name"] == "mixed-see-license-data"


def test_split_sizes_in_the_header_match_the_data():
    sizes = {(info["config_name"], split["name"]): split["num_examples"]
             for info in header()["dataset_info"] for split in info["splits"]}
    assert sizes == {(config, split): sum(row["split"] == split for row in rows(config))
                     for config in TABLES for split in ("train", "validation", "test")}


def test_row_count_table_matches_the_data():
    text = card_text()
    for config in TABLES:
        by_split = [sum(row["split"] == split for row in rows(config)) for split in ("train", "validation", "test")]
        assert f"| `{config}` | {' | '.join(map(str, by_split))} | {len(rows(config))} |" in text


def test_label_distribution_matches_the_data():
    labels = [r["label"] for r in rows("sentences")]
    text = card_text()
    for label in ["non_factual", "unimportant_factual", "check_worthy_factual"]:
        if labels.count(label):
            share = f"{100 * labels.count(label) / len(labels):.1f}%"
            assert re.search(rf"\| `{label}` \| {labels.count(label)} \| {re.escape(share)} \|", text), label


def test_every_field_of_every_config_is_documented():
    text = card_text()
    for config, model in TABLES.items():
        section = text[text.index(f"#### `{config}`"):]
        for name in model.model_fields:
            assert f"| `{name}` |" in section.split("Example")[0], (config, name)


def test_card_says_claims_are_not_facts_and_names_the_bias():
    text = card_text()
    assert "what a speaker asserted, not facts" in text
    assert "**As a source of facts** about the events" in text


def test_the_seeds_context_comes_from_its_metadata_and_stands_under_it():
    from interview_data.publish.card import _one_line, _paragraphs
    from interview_data.publish.licences import escape_markdown
    from interview_data.reading.metadata import load_metadata

    from .conftest import SEED_DIR

    meta = load_metadata(SEED_DIR / "interview.yaml")
    text = card_text()
    entry = text.index(f"(`{meta.interview_id}`)")
    for note in (meta.care_notice, meta.annotation_note):
        for paragraph in _paragraphs(note):
            assert entry < text.index(escape_markdown(_one_line(paragraph))) < text.index("### Dataset Sources")
    assert "one side's account of a war" in meta.care_notice and "Armenia, Azerbaijan, Russia" in meta.care_notice
    assert "version 2" in meta.annotation_note
    template = (ROOT / "interview_data" / "templates" / "dataset_card.md").read_text(encoding="utf-8")
    for word in ("Aliyev", "Korotchenko", "Azerbaijan", "Armenia", "Russia", "president.az", "Karabakh",
                 "one side's account", "release holds one interview", "44-day war"):
        assert word not in template, word


def test_figures_exist_and_are_named():
    named = re.findall(r"`(figures/[^`]+\.svg)`", card_text())
    assert named and all((BUILD / name).is_file() for name in named)
    assert (BUILD / "figures" / "turn_lengths.svg").is_file()


def test_interview_rows_name_the_package_version():
    from interview_data import __version__

    assert {r["dataset_version"] for r in rows("interviews")} == {__version__}


def test_release_carries_the_licence_citation_and_guidelines():
    for name in ("LICENSE-DATA.md", "CITATION.cff"):
        assert (BUILD / name).read_bytes() == (ROOT / name).read_bytes(), name
    assert (BUILD / "ANNOTATION_GUIDELINES.md").read_bytes() == (ROOT / "raw" / "ANNOTATION_GUIDELINES.md").read_bytes()


@pytest.mark.parametrize("card", ["DATASET_CARD.md", "build/README.md"])
def test_every_link_of_the_card_resolves_at_the_root_and_in_the_release(card):
    from .release_text import anchors, heading_slugs, relative_links, resolves

    text = (ROOT / card).read_text(encoding="utf-8")
    links = relative_links(text)
    assert "LICENSE-DATA.md" in links and "CITATION.cff" in links  # the parser finds links
    for base in (ROOT, BUILD):
        assert [link for link in links if not resolves(base, link)] == [], (card, base)
    assert set(anchors(text)) <= heading_slugs(text)
