"""The release's README.md: Hugging Face YAML header (configs) and a short card."""

from __future__ import annotations

from .models import TABLES


def configs_yaml() -> str:
    lines = ["configs:"]
    for config in TABLES:
        lines += [f"- config_name: {config}",
                  "  data_files:",
                  "  - split: train",
                  f"    path: data/{config}/train-*.parquet"]
    return "\n".join(lines) + "\n"


def render_release_card(tables) -> str:
    counts = "\n".join(f"| `{config}` | {len(getattr(tables, config))} |" for config in TABLES)
    return (
        "---\n"
        + configs_yaml()
        + "---\n\n"
        "# interview-data\n\n"
        "Interview transcripts as a relational NLP dataset: interviews, speakers, turns,\n"
        "sentences, claims and question/answer pairs, with exact character offsets into\n"
        "the verbatim source. Claims record what a speaker asserted, never whether it is true.\n\n"
        "| config | rows |\n|---|---|\n" + counts + "\n"
    )
