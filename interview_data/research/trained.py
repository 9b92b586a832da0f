"""Trained and cross-dataset baselines: the committed results file, read and shown as tables.

``scripts/trained_baselines.py`` trains TF-IDF + logistic regression models
(scikit-learn, the ``baselines`` extra) on this dataset's sentences and on the
ClaimBuster and CheckThat! 2019 files in ``../shared/benchmarks``, and writes
``trained_baselines.json`` beside this module. The build only reads that
file: it never imports scikit-learn nor opens the benchmarks. The file
records the SHA-256 of the sentence Parquet files the figures were computed
on, so a build of other sentences can say that the figures are not its own.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Optional

from ..errors import InterviewDataError

RESULTS_FILE = "trained_baselines.json"
RESULTS_PATH = f"interview_data/research/{RESULTS_FILE}"  # in the repository
COMMAND = "python scripts/trained_baselines.py"
EXTRA = "baselines"  # the optional dependencies the script needs
INSTALL = f'python -m pip install -e ".[{EXTRA}]"'
INPUT_CONFIG = "sentences"  # the table the script reads; its Parquet files' checksums are recorded
FORMAT = 1
KEYS = ("format", "command", "model", "software", "release", "benchmarks", "datasets", "in_domain", "cross_validation",
        "cross_dataset", "within_dataset")


FIX = f"rerun `{COMMAND}` (after `{INSTALL}`), or restore the file from the repository"


def read_results() -> Optional[dict]:
    """The committed results, or None when the package holds no results file."""
    resource = files("interview_data") / "research" / RESULTS_FILE
    if not resource.is_file():
        return None
    return parse_results(resource.read_text(encoding="utf-8"), where=str(resource))


def parse_results(text: str, where: str = RESULTS_PATH) -> dict:
    try:
        results = json.loads(text)
    except ValueError as exc:
        raise InterviewDataError(f"not JSON ({exc})", path=where, fix=FIX) from None
    if not isinstance(results, dict) or results.get("format") != FORMAT:
        raise InterviewDataError(f"not a trained-baselines results file of format {FORMAT}", path=where, fix=FIX)
    missing = [key for key in KEYS if key not in results]
    if missing:
        raise InterviewDataError(f"missing {', '.join(missing)}", path=where, fix=FIX)
    return results


def dumps(results: dict) -> str:
    """The file's text: stable key order and indentation, one trailing newline."""
    return json.dumps(results, indent=2, ensure_ascii=False) + "\n"


def input_checksums(results: dict) -> dict[str, str]:
    """``{release path: SHA-256}`` of the sentence files the figures were computed on."""
    return dict(results["release"]["files"])


# --- tables ------------------------------------------------------------------------------------

def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _table(header: list[str], rows: list[list], text_columns: set[int]) -> str:
    """A Markdown table; the columns not in ``text_columns`` hold numbers and are right-aligned."""
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i in text_columns else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def in_domain_table(results: dict) -> str:
    rows = [[r["model"], r["trained_on"], r["trained_sentences"], r["scored_on"], r["scored_sentences"],
             r["precision"], r["recall"], r["f1"], r["macro_f1"], r["map"], r["map_over"]]
            for r in results["in_domain"]]
    return _table(["model", "trained on", "sentences", "scored on", "sentences", "P (CFS)", "R (CFS)", "F1 (CFS)",
                   "macro-F1", "MAP", "MAP over"], rows, {0, 1, 3, 10})


def cross_validation_table(results: dict) -> str:
    rows = [[part["split"], part["folds"], part["mean"],
             f"{min(part['scores']):.3f}-{max(part['scores']):.3f} over the {len(part['scores'])} {part['scores_are']}"]
            for part in results["cross_validation"]["splits"]]
    return _table(["how the folds are made", "folds", "macro-F1 (mean)", "range"], rows, {0, 3})


BINARY_HEADER = ["trained on", "sentences", "positive", "scored on", "sentences", "positive", "P", "R", "F1", "MAP",
                 "MAP over"]


def _binary_table(rows: list[dict]) -> str:
    return _table(BINARY_HEADER, [[r["trained_on"], r["trained_sentences"], f"{r['trained_positive']:.1%}",
                                   r["scored_on"], r["scored_sentences"], f"{r['scored_positive']:.1%}",
                                   r["precision"], r["recall"], r["f1"], r["map"], r["map_over"]]
                                  for r in rows], {0, 3, 10})


def cross_dataset_table(results: dict) -> str:
    return _binary_table(results["cross_dataset"])


def within_dataset_table(results: dict) -> str:
    return _binary_table(results["within_dataset"])


def label_mapping(results: dict) -> str:
    return "".join(f"- **{name}**: {description}.\n" for name, description in results["datasets"].items())


def tables(results: dict) -> str:
    """The tables with their titles, as the card and the README show them."""
    cv = results["cross_validation"]
    return "\n".join([
        "**In-domain** (trained on `train`, scored on `test`; three classes):\n",
        in_domain_table(results),
        f"**Cross-validation on {cv['on']}** ({cv['sentences']} sentences; macro-F1 over the three classes; "
        f"{cv['note']}):\n",
        cross_validation_table(results),
        "**Cross-dataset** (check-worthy vs rest; trained on one dataset, scored on another; "
        "never pool these figures with the in-domain ones):\n",
        cross_dataset_table(results),
        "Within one dataset, check-worthy vs rest, for reference:\n",
        within_dataset_table(results),
        "Datasets and label mapping (positive = check-worthy):\n",
        label_mapping(results),
    ])
