"""The dataset card: template sections, a Hub-style YAML header, and numbers that match the data."""

from __future__ import annotations

import json
import re

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
    assert "{{" not in text


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
    sizes = {info["config_name"]: info["splits"][0]["num_examples"] for info in header()["dataset_info"]}
    assert sizes == {config: len(rows(config)) for config in TABLES}


def test_row_count_table_matches_the_data():
    text = card_text()
    for config in TABLES:
        assert f"| `{config}` | {len(rows(config))} |" in text


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
    assert "one side's account of a war" in text
    assert "As a source of facts about the conflict" in text


def test_figures_exist_and_are_linked():
    for link in re.findall(r"\]\((figures/[^)]+)\)", card_text()):
        assert (BUILD / link).is_file()
    assert (BUILD / "figures" / "turn_lengths.svg").is_file()


def test_changelog_and_citation_name_the_package_version():
    from interview_data import __version__

    assert f"## {__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == __version__ and citation["cff-version"] == "1.2.0"
    assert {r["dataset_version"] for r in rows("interviews")} == {__version__}


def test_release_carries_the_licence_and_guidelines():
    assert (BUILD / "LICENSE-DATA.md").read_bytes() == (ROOT / "LICENSE-DATA.md").read_bytes()
    assert (BUILD / "ANNOTATION_GUIDELINES.md").read_bytes() == (ROOT / "raw" / "ANNOTATION_GUIDELINES.md").read_bytes()
