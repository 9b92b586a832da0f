"""The dataset card: a template shipped in the package, filled with figures computed from the data.

Every number in the card comes from the tables, the agreement between the
annotation passes, or the baseline scores of the same build.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from importlib.resources import files
from typing import Optional

import yaml

from .._version import __version__
from ..records.fields import features_for
from ..research.evaluate import format_table
from ..records.models import TABLES, ClaimType, Role, SentenceLabel, Split

TEMPLATE_SLOT = re.compile(r"\{\{(\w+)\}\}")
EXAMPLE_TEXT_LIMIT = 100
SOURCES_SHOWN = 5
PEOPLE_SHOWN = 20
ANNOTATORS = (
    "AI models (large language model agents), not people. Each pass was made by agents working from "
    "the written guidelines and the text alone, one agent per third of the interview, without access "
    "to the other pass. The adjudication was made by further agents, one per third, from both passes "
    "and the guidelines (their log is `raw/<id>/annotations/ADJUDICATION.md`); the maintainer, also "
    "an AI model, checked the result by rule (the build's consistency checks, every explicit figure "
    "inside a normalised quantity or time) and by sampling, not item by item. The consistency pass "
    "under guidelines version 2 was made by a further agent from the guidelines, the gold and its "
    "log, and the two version-2 passes by agents that saw only the guidelines, the text and the list "
    "of sentences of their third. Treat the labels as careful machine annotation and compare them "
    "with your own before relying on them."
)


DEFAULT_CONFIG = "sentences"  # the table a viewer opens first, and load_dataset(repo) gives


def yaml_header(stats, download_sizes: dict[str, int]) -> str:
    header = {
        "pretty_name": "interview-data: interviews as a relational NLP dataset with claim annotation",
        "license": "other",
        "license_name": "mixed-see-license-data",
        "license_link": "LICENSE-DATA.md",
        "language": sorted({language.split("-")[0] for language in stats.languages}),
        "task_categories": ["text-classification", "token-classification", "question-answering"],
        "task_ids": ["fact-checking", "named-entity-recognition"],
        "size_categories": [_size_category(stats.rows["sentences"])],
        "annotations_creators": ["machine-generated"],
        "language_creators": ["found"],
        "multilinguality": ["monolingual"],
        "source_datasets": ["original"],
        "tags": ["claim-detection", "check-worthiness", "interviews", "political-communication",
                 "dialogue", "croissant"],
        "configs": [{"config_name": c,
                     "data_files": [{"split": s.value, "path": f"data/{c}/{s.value}-*.parquet"} for s in Split],
                     **({"default": True} if c == DEFAULT_CONFIG else {})} for c in TABLES],
        "dataset_info": [{"config_name": c, "features": features_for(c)._to_yaml_list(),
                          "splits": [{"name": s.value, "num_bytes": stats.arrow_bytes[c, s],
                                      "num_examples": stats.split_rows[c, s.value]} for s in Split],
                          "download_size": download_sizes[c],
                          "dataset_size": sum(stats.arrow_bytes[c, s] for s in Split)}
                         for c in TABLES],
    }
    return yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=100)


def _size_category(n: int) -> str:
    for limit, name in [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                        (1_000_000, "100K<n<1M")]:
        if n < limit:
            return name
    return "1M<n<10M"


def render_card(stats, agreement_table: Optional[str], figure_names: list[str], download_sizes: dict[str, int]) -> str:
    """The card; ``download_sizes`` are the bytes of each table's Parquet files."""
    template = (files("interview_data") / "templates" / "dataset_card.md").read_text(encoding="utf-8")
    scores = stats.plugins["baselines"].result()
    values = {
        "yaml_header": yaml_header(stats, download_sizes),
        "version": __version__,
        "language_note": _language_note(stats.translation_notes),
        "source_urls": _sources(stats),
        "table_counts": _table(["config", *(s.value for s in Split), "all rows"],
                               [[f"`{c}`", *(stats.split_rows[c, s.value] for s in Split), stats.rows[c]]
                                for c in TABLES]),
        "fields": "".join(_fields_section(c, stats.examples.get(c)) for c in TABLES),
        "speaker_stats": _speaker_stats(stats),
        "label_distribution": _label_distribution(stats),
        "claim_type_distribution": _claim_types(stats),
        "figures": "".join(f"![{n}](figures/{n})\n\n" for n in figure_names),
        "agreement": agreement_table or "(no second annotation pass in this release)\n",
        "baselines": format_table(scores) if scores else "(no gold labels in this release)\n",
        "annotators": ANNOTATORS,
    }
    return TEMPLATE_SLOT.sub(lambda m: values[m.group(1)], template)


def licence_text() -> str:
    return (files("interview_data") / "templates" / "LICENSE-DATA.md").read_text(encoding="utf-8")


def _sources(stats) -> str:
    shown = "; ".join(f"<{url}> ({publisher})" for url, publisher in stats.sources)
    more = stats.distinct["interviews"] - len(stats.sources)
    return shown + (f"; and {more} more (see the `interviews` table)" if more > 0 else "")


def _language_note(notes: set[str]) -> str:
    return "; ".join(sorted(notes)[:SOURCES_SHOWN]) if notes else "as published"


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _fields_section(config: str, example) -> str:
    model = TABLES[config]
    features = features_for(config)
    field_rows = [[f"`{name}`", _type_name(features[name]), (field.description or "").replace("|", "\\|")]
                  for name, field in model.model_fields.items()]
    shown = json.dumps(_shorten(example.model_dump(mode="json")), ensure_ascii=False, indent=2) if example else "{}"
    return (f"#### `{config}`\n\n" + _table(["field", "type", "description"], field_rows)
            + f"\nExample (long texts and lists shortened):\n\n```json\n{shown}\n```\n\n")


def _type_name(feature) -> str:
    kind = type(feature).__name__
    if kind == "ClassLabel":
        return "ClassLabel: " + ", ".join(feature.names)
    if kind == "Value":
        return feature.dtype
    if kind == "List":
        return f"list of {_type_name(feature.feature)}"
    if isinstance(feature, dict):
        return "{" + ", ".join(feature) + "}"
    return kind


def _shorten(value):
    if isinstance(value, str) and len(value) > EXAMPLE_TEXT_LIMIT:
        return value[:EXAMPLE_TEXT_LIMIT] + "…"
    if isinstance(value, list):
        return [_shorten(v) for v in value[:2]] + (["…"] if len(value) > 2 else [])
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    return value


def _speaker_stats(stats) -> str:
    rows = []
    for speaker_id, person in sorted(stats.people.items(), key=lambda item: (-item[1].words, item[0]))[:PEOPLE_SHOWN]:
        rows.append([person.name, person.role, person.interviews, person.turns, person.sentences, person.words,
                     _stat(statistics.mean, person.turn_words), _stat(statistics.median, person.turn_words),
                     max(person.turn_words, default="–"),
                     # sentences leave only whitespace out of their turns, so a speaker's words are their sentences' words
                     f"{person.words / person.sentences:.1f}" if person.sentences else "–"])
    hidden = len(stats.people) - len(rows)
    note = f"\n({hidden} more speakers in the `speakers` table.)\n" if hidden > 0 else ""
    return _table(["speaker", "role", "interviews", "turns", "sentences", "words", "words/turn (mean)",
                   "words/turn (median)", "longest turn", "words/sentence (mean)"], rows) + note


def _stat(function, values: list[int]) -> str:
    return f"{function(values):.1f}" if values else "–"


def _label_distribution(stats) -> str:
    roles = [r.value for r in Role]
    total = sum(stats.labels.values()) or 1
    rows = []
    for label in [*(l.value for l in SentenceLabel), None]:
        overall = sum(stats.labels[(label, role)] for role in roles)
        if label is None and not overall:
            continue
        rows.append([f"`{label}`" if label else "(unlabelled)", overall, f"{100 * overall / total:.1f}%",
                     *[stats.labels[(label, role)] for role in roles]])
    return _table(["label", "sentences", "share", *roles], rows)


def _claim_types(stats) -> str:
    if not stats.rows["claims"]:
        return "(no claims in this release)\n"
    roles = [r.value for r in Role]
    by_type = Counter()
    for (kind, _), n in stats.claim_types.items():
        by_type[kind] += n
    rows = [[f"`{t.value}`", by_type[t.value], stats.checkworthy_types[t.value],
             *[stats.claim_types[(t.value, role)] for role in roles]] for t in ClaimType if by_type[t.value]]
    rows.append(["all", sum(by_type.values()), sum(stats.checkworthy_types.values()),
                 *[sum(n for (_, r), n in stats.claim_types.items() if r == role) for role in roles]])
    return _table(["claim type", "claims", "check-worthy", *roles], rows)
