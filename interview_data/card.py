"""The dataset card: a template shipped in the package, filled with figures computed from the data.

Every number in the card comes from the tables, the agreement between the
annotation passes, or the baseline scores of the same build.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter, defaultdict
from importlib.resources import files
from typing import Optional

import yaml

from ._version import __version__
from .features import features_for
from .models import TABLES, ClaimType, SentenceLabel
from .pipeline import count_words

PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
EXAMPLE_TEXT_LIMIT = 100
ANNOTATORS = (
    "Both passes and the adjudication were made by AI models (large language model agents) working "
    "from the written guidelines and the text alone, each pass without access to the other; the "
    "adjudication was done by the maintainer, also an AI model, who checked every disagreement "
    "against the guidelines. No human annotator labelled this release: treat the labels as "
    "careful machine annotation, and measure against your own labels before relying on them."
)


def yaml_header(tables) -> str:
    header = {
        "pretty_name": "interview-data: interviews as a relational NLP dataset with claim annotation",
        "license": "other",
        "license_name": "mixed-see-license-data",
        "license_link": "LICENSE-DATA.md",
        "language": sorted({i.language.split("-")[0] for i in tables.interviews}) or ["en"],
        "task_categories": ["text-classification", "token-classification", "question-answering"],
        "task_ids": ["fact-checking", "named-entity-recognition", "extractive-qa"],
        "size_categories": [_size_category(len(tables.sentences))],
        "annotations_creators": ["machine-generated"],
        "language_creators": ["found"],
        "multilinguality": ["monolingual"],
        "source_datasets": ["original"],
        "tags": ["claim-detection", "check-worthiness", "interviews", "political-communication",
                 "dialogue", "croissant"],
        "configs": [{"config_name": c, "data_files": [{"split": "train", "path": f"data/{c}/train-*.parquet"}]}
                    for c in TABLES],
        "dataset_info": [{"config_name": c, "features": features_for(c)._to_yaml_list(),
                          "splits": [{"name": "train", "num_examples": len(getattr(tables, c))}]}
                         for c in TABLES],
    }
    return yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=100)


def _size_category(n: int) -> str:
    for limit, name in [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                        (1_000_000, "100K<n<1M")]:
        if n < limit:
            return name
    return "1M<n<10M"


def render_card(tables, agreement_table: Optional[str], baseline_table: Optional[str],
                figure_names: list[str]) -> str:
    template = (files("interview_data") / "templates" / "dataset_card.md").read_text(encoding="utf-8")
    values = {
        "yaml_header": yaml_header(tables),
        "version": __version__,
        "language_note": _language_note(tables),
        "source_urls": "; ".join(f"<{i.source_url}> ({i.publisher})" for i in tables.interviews),
        "table_counts": _table(["config", "rows"], [[f"`{c}`", len(getattr(tables, c))] for c in TABLES]),
        "fields": "".join(_fields_section(c, getattr(tables, c)) for c in TABLES),
        "speaker_stats": _speaker_stats(tables),
        "label_distribution": _label_distribution(tables),
        "claim_type_distribution": _claim_types(tables),
        "figures": "".join(f"![{n}](figures/{n})\n\n" for n in figure_names),
        "agreement": agreement_table or "(no second annotation pass in this release)\n",
        "baselines": baseline_table or "(no gold labels in this release)\n",
        "annotators": ANNOTATORS,
    }
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _language_note(tables) -> str:
    notes = [i.translation_note for i in tables.interviews if i.translation_note]
    return "; ".join(notes) if notes else "as published"


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _fields_section(config: str, rows: list) -> str:
    model = TABLES[config]
    features = features_for(config)
    field_rows = [[f"`{name}`", _type_name(features[name]), (field.description or "").replace("|", "\\|")]
                  for name, field in model.model_fields.items()]
    example = json.dumps(_shorten(rows[0].model_dump(mode="json")), ensure_ascii=False, indent=2) if rows else "{}"
    return (f"#### `{config}`\n\n" + _table(["field", "type", "description"], field_rows)
            + f"\nExample (long texts and lists shortened):\n\n```json\n{example}\n```\n\n")


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


def _speaker_stats(tables) -> str:
    turn_words, sentence_words = defaultdict(list), defaultdict(list)
    for turn in tables.turns:
        turn_words[(turn.interview_id, turn.speaker_id)].append(turn.n_words)
    for sentence in tables.sentences:
        sentence_words[(sentence.interview_id, sentence.speaker_id)].append(count_words(sentence.text))
    rows = []
    for speaker in tables.speakers:
        key = (speaker.interview_id, speaker.speaker_id)
        words = turn_words[key]
        rows.append([speaker.name, speaker.role.value, len(words), len(sentence_words[key]), speaker.n_words,
                     _stat(statistics.mean, words), _stat(statistics.median, words), _stat(max, words),
                     _stat(statistics.mean, sentence_words[key])])
    return _table(["speaker", "role", "turns", "sentences", "words", "words/turn (mean)",
                   "words/turn (median)", "longest turn", "words/sentence (mean)"], rows)


def _stat(function, values: list[int]) -> str:
    return f"{function(values):.1f}" if values else "–"


def _label_distribution(tables) -> str:
    speakers = [s.speaker_id for s in tables.speakers]
    counts = Counter((s.label, s.speaker_id) for s in tables.sentences)
    total = len(tables.sentences) or 1
    rows = []
    for label in [*SentenceLabel, None]:
        overall = sum(counts[(label, sp)] for sp in speakers)
        if label is None and not overall:
            continue
        rows.append([f"`{label.value}`" if label else "(unlabelled)", overall, f"{100 * overall / total:.1f}%",
                     *[counts[(label, sp)] for sp in speakers]])
    return _table(["label", "sentences", "share", *speakers], rows)


def _claim_types(tables) -> str:
    if not tables.claims:
        return "(no claims in this release)\n"
    speakers = [s.speaker_id for s in tables.speakers]
    by_type = Counter(c.claim_type for c in tables.claims)
    worthy = Counter(c.claim_type for c in tables.claims if c.checkworthy)
    by_speaker = Counter((c.claim_type, c.speaker_id) for c in tables.claims)
    rows = [[f"`{t.value}`", by_type[t], worthy[t], *[by_speaker[(t, sp)] for sp in speakers]]
            for t in ClaimType if by_type[t]]
    rows.append(["all", len(tables.claims), sum(worthy.values()),
                 *[sum(c.speaker_id == sp for c in tables.claims) for sp in speakers]])
    return _table(["claim type", "claims", "check-worthy", *speakers], rows)
