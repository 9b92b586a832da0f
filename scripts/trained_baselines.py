"""Trained and cross-dataset baselines: TF-IDF + logistic regression, in-domain and across datasets.

    python -m pip install -e ".[baselines]"
    python scripts/trained_baselines.py [--release build] [--benchmarks ../shared/benchmarks] [--check]

Writes interview_data/research/trained_baselines.json, which the build copies
into the dataset card (the build itself needs neither scikit-learn nor the
benchmark files), and prints the tables. With --check it writes nothing and
exits 1 when the committed file differs from what it computes.

- In-domain: trained on our `train` sentences, scored on `test` (three
  classes): P/R/F1 of check_worthy_factual, macro-F1, and MAP (mean over
  interviews of the average precision of the check-worthy probability).
- Cross-validation on train+validation: grouped by the `fold` column (whole
  exchanges stay together), against random sentence folds (the same number of
  folds, ten shuffles), to show what a split that cuts turns apart inflates.
- Cross-dataset, check-worthy vs rest: ClaimBuster (CFS vs NFS+UFS) scored on
  ours; ours scored on CheckThat! 2019 test; ClaimBuster scored on CheckThat!.

Every step is deterministic: sorted inputs, lbfgs (no random state), one BLAS
thread, numbers rounded to 3 decimals. The inputs' SHA-256 are recorded: our
sentence Parquet files (as listed in the release's SHA256SUMS) and the
benchmark files (checked against the benchmarks' own SHA256SUMS first).
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # before numpy loads
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import csv  # noqa: E402
import hashlib  # noqa: E402
import importlib.util  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview_data import load  # noqa: E402
from interview_data._version import __version__  # noqa: E402
from interview_data.publish.paths import marker_version, read_manifest  # noqa: E402
from interview_data.records.models import FOLDS, SentenceLabel  # noqa: E402
from interview_data.research import baselines, trained  # noqa: E402
from interview_data.research.metrics import average_precision, class_prf, macro_f1, prf  # noqa: E402

DEFAULT_BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
CLAIMBUSTER = "claimbuster/kfold_25ncs.csv"
CHECKTHAT_TRAIN = "checkthat-2019/CT19-T1-Training.csv"
CHECKTHAT_TEST = "checkthat-2019/CT19-T1-Test.csv"
LABELS = list(SentenceLabel)
POSITIVE = SentenceLabel.check_worthy_factual
RANDOM_SHUFFLES = 10
DIGITS = 3
MODEL = {
    "features": "TF-IDF of lower-cased word unigrams and bigrams (scikit-learn's TfidfVectorizer, "
                "ngram_range=(1, 2), other settings default), fitted on the training sentences only",
    "classifier": "logistic regression (lbfgs, C=1, class_weight='balanced', max_iter=1000); three classes "
                  "(multinomial) in-domain, check-worthy vs rest across datasets",
}
DATASETS = {
    "interview-data": "this release's `sentences`: check_worthy_factual is positive, non_factual and "
                      "unimportant_factual negative; MAP is the mean over interviews",
    "ClaimBuster": f"`{CLAIMBUSTER}`: sentences of US presidential debates 1960-2016 (Arslan et al., 2020), "
                   "the sample of 2.5 non-check-worthy per check-worthy sentence; label 1 (CFS) is positive, "
                   "0 (NFS and UFS) negative",
    "CheckThat! 2019": f"`{CHECKTHAT_TRAIN}` and `{CHECKTHAT_TEST}`: CLEF CheckThat! 2019 task 1, US debates and "
                       "speeches line by line (Atanasova et al., 2019); label 1 (check-worthy) is positive; MAP "
                       "is the mean over transcripts (debates and speeches), as the lab reports it",
}


class Sentences:
    """Texts with their gold (a label, or a bool for check-worthy vs rest) and the group each AP is taken in."""

    def __init__(self, name: str, texts: list[str], gold: list, groups: list[str]):
        self.name, self.texts, self.gold, self.groups = name, texts, gold, groups

    def binary(self) -> list[bool]:
        return [g is POSITIVE if isinstance(g, SentenceLabel) else bool(g) for g in self.gold]

    def subset(self, keep: list[int]) -> "Sentences":
        return Sentences(self.name, [self.texts[i] for i in keep], [self.gold[i] for i in keep],
                         [self.groups[i] for i in keep])

    def __len__(self) -> int:
        return len(self.texts)


# --- inputs ------------------------------------------------------------------------------------

def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def benchmark_checksums(root: Path) -> dict[str, str]:
    """The benchmark files read, each checked against the benchmarks' SHA256SUMS."""
    listed = {}
    for line in (root / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.removeprefix("./")] = digest
    found = {}
    for name in (CLAIMBUSTER, CHECKTHAT_TRAIN, CHECKTHAT_TEST):
        found[name] = sha256(root / name)
        if listed.get(name) != found[name]:
            sys.exit(f"{root / name}: SHA-256 differs from {root / 'SHA256SUMS'}; restore the benchmark files")
    return found


def csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def claimbuster(root: Path) -> Sentences:
    rows = sorted(csv_rows(root / CLAIMBUSTER), key=lambda r: int(r["sentence_id"]))
    return Sentences("ClaimBuster kfold_25ncs", [r["text"] for r in rows], [r["label"] == "1" for r in rows],
                     ["claimbuster"] * len(rows))


def checkthat(root: Path, name: str, part: str) -> Sentences:
    rows = sorted(csv_rows(root / name), key=lambda r: (r["file_name"], int(r["line_number"])))
    return Sentences(f"CheckThat! 2019 {part}", [r["text"] for r in rows], [r["label"] == "1" for r in rows],
                     [r["file_name"] for r in rows])


def ours(release: Path, split: str, name: str = "") -> Sentences:
    dataset = load(trained.INPUT_CONFIG, split, release=release, verify=True)
    names = dataset.features["label"].names
    rows = sorted((r for r in dataset.to_list() if r["label"] is not None), key=lambda r: r["sentence_id"])
    return Sentences(f"interview-data {name or split}", [r["text"] for r in rows],
                     [SentenceLabel(names[r["label"]]) for r in rows], [r["interview_id"] for r in rows])


def folds_of(release: Path, split: str) -> list[int]:
    dataset = load(trained.INPUT_CONFIG, split, release=release)
    rows = sorted((r for r in dataset.to_list() if r["label"] is not None), key=lambda r: r["sentence_id"])
    return [r["fold"] for r in rows]


def release_checksums(release: Path) -> dict[str, str]:
    prefix = f"data/{trained.INPUT_CONFIG}/"
    return {name: entry.digest for name, entry in sorted(read_manifest(release).items()) if name.startswith(prefix)}


# --- models and scores -------------------------------------------------------------------------

def model():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(ngram_range=(1, 2)),
                         LogisticRegression(class_weight="balanced", C=1.0, solver="lbfgs", max_iter=1000))


def fit(train: Sentences, binary: bool):
    target = train.binary() if binary else [g.value for g in train.gold]
    return model().fit(train.texts, target)


def positive_scores(fitted, texts: list[str], binary: bool) -> list[float]:
    column = list(fitted.classes_).index(True if binary else POSITIVE.value)
    return [float(p) for p in fitted.predict_proba(texts)[:, column]]


def mean_ap(relevant: list[bool], scores: list[float], groups: list[str]) -> float:
    """Mean over groups (interviews, transcripts) of the AP of the ranking by score, in input order on ties."""
    members = defaultdict(list)
    for index, group in enumerate(groups):
        members[group].append(index)
    aps = [average_precision([relevant[i] for i in m], [scores[i] for i in m]) for _, m in sorted(members.items())]
    return sum(aps) / len(aps)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def r(value: float) -> float:
    return round(float(value), DIGITS)


def three_class_scores(gold: list[SentenceLabel], predicted: list[SentenceLabel], scores: list[float],
                       groups: list[str]) -> dict:
    confusion = Counter(zip(gold, predicted))
    positive = class_prf(confusion, POSITIVE)
    return {"precision": r(positive.precision), "recall": r(positive.recall), "f1": r(positive.f1),
            "macro_f1": r(macro_f1(confusion, LABELS)),
            "map": r(mean_ap([g is POSITIVE for g in gold], scores, groups)),
            "map_over": plural(len(set(groups)), "interview")}


def in_domain(train: Sentences, test: Sentences) -> list[dict]:
    fitted = fit(train, binary=False)
    predicted = [SentenceLabel(p) for p in fitted.predict(test.texts)]
    learned = three_class_scores(test.gold, predicted, positive_scores(fitted, test.texts, False), test.groups)
    found = baselines.cues_of(test.texts)
    rules = three_class_scores(test.gold, [baselines.rule_label(f) for f in found],
                               [baselines.cue_score(f) for f in found], test.groups)
    return [
        {"model": "TF-IDF + logistic regression", "trained_on": "train", "trained_sentences": len(train),
         "scored_on": "test", "scored_sentences": len(test), **learned},
        {"model": "rule-based cues (no training)", "trained_on": "nothing",
         "trained_sentences": None, "scored_on": "test", "scored_sentences": len(test), **rules},
    ]


def macro_f1_of(train: Sentences, test: Sentences) -> float:
    predicted = [SentenceLabel(p) for p in fit(train, binary=False).predict(test.texts)]
    return macro_f1(Counter(zip(test.gold, predicted)), LABELS)


def cross_validation(sentences: Sentences, folds: list[int]) -> dict:
    from sklearn.model_selection import KFold

    used = sorted(set(folds))
    grouped = [macro_f1_of(sentences.subset([i for i, f in enumerate(folds) if f != k]),
                           sentences.subset([i for i, f in enumerate(folds) if f == k])) for k in used]
    shuffles = []  # per shuffle, the mean over its folds
    for seed in range(RANDOM_SHUFFLES):
        splitter = KFold(n_splits=len(used), shuffle=True, random_state=seed)
        scores = [macro_f1_of(sentences.subset(list(train)), sentences.subset(list(test)))
                  for train, test in splitter.split(sentences.texts)]
        shuffles.append(sum(scores) / len(scores))
    absent = sorted(set(range(FOLDS)) - set(used))
    note = (f"fold {', '.join(map(str, absent))} holds test rows only in this release" if absent
            else "every fold is present")
    return {
        "on": "train+validation", "sentences": len(sentences), "note": note,
        "splits": [
            {"split": "grouped by the `fold` column (an exchange, or a whole interview, never spans two folds)",
             "folds": len(used),
             "scores": [r(v) for v in grouped], "scores_are": "folds", "mean": r(sum(grouped) / len(grouped))},
            {"split": f"random sentences (KFold, {RANDOM_SHUFFLES} shuffles with seeds 0-{RANDOM_SHUFFLES - 1})",
             "folds": len(used), "scores": [r(v) for v in shuffles],
             "scores_are": "shuffles (each the mean over its folds)",
             "mean": r(sum(shuffles) / len(shuffles))},
        ],
    }


def binary_row(train: Sentences, test: Sentences, group: str) -> dict:
    """Check-worthy vs rest; ``group`` names what an AP is taken over (interview, transcript)."""
    fitted = fit(train, binary=True)
    predicted = [bool(p) for p in fitted.predict(test.texts)]
    gold = test.binary()
    hits = sum(p and g for p, g in zip(predicted, gold))
    scores = prf(hits, sum(predicted), sum(gold))
    train_gold = train.binary()
    return {"trained_on": train.name, "trained_sentences": len(train),
            "trained_positive": r(sum(train_gold) / len(train_gold)),
            "scored_on": test.name, "scored_sentences": len(test),
            "scored_positive": r(sum(gold) / len(gold)),
            "precision": r(scores.precision), "recall": r(scores.recall), "f1": r(scores.f1),
            "map": r(mean_ap(gold, positive_scores(fitted, test.texts, True), test.groups)),
            "map_over": plural(len(set(test.groups)), group)}


# --- the run -----------------------------------------------------------------------------------

def compute(release: Path, benchmarks: Path) -> dict:
    import numpy
    import scipy
    import sklearn

    benchmark_files = benchmark_checksums(benchmarks)
    train, validation_too, test = ours(release, "train"), ours(release, "train+validation"), ours(release, "test")
    every = ours(release, "train+validation+test", "all splits")
    cb = claimbuster(benchmarks)
    ct_train = checkthat(benchmarks, CHECKTHAT_TRAIN, "training")
    ct_test = checkthat(benchmarks, CHECKTHAT_TEST, "test")
    return {
        "format": trained.FORMAT,
        "command": trained.COMMAND,
        "model": MODEL,
        "software": {"python": ".".join(platform.python_version_tuple()[:2]), "scikit-learn": sklearn.__version__,
                     "numpy": numpy.__version__, "scipy": scipy.__version__},
        "release": {"version": marker_version(release) or __version__, "files": release_checksums(release)},
        "benchmarks": benchmark_files,
        "datasets": DATASETS,
        "in_domain": in_domain(train, test),
        "cross_validation": cross_validation(validation_too, folds_of(release, "train+validation")),
        "cross_dataset": [
            binary_row(cb, test, "interview"),
            binary_row(cb, every, "interview"),
            binary_row(validation_too, ct_test, "transcript"),
            binary_row(cb, ct_test, "transcript"),
        ],
        "within_dataset": [
            binary_row(train, test, "interview"),
            binary_row(ct_train, ct_test, "transcript"),
        ],
    }


def check(path: Path, results: dict) -> int:
    """0 when ``path`` holds these figures and inputs; other library versions are reported, not failed."""
    committed = trained.parse_results(path.read_text(encoding="utf-8"), str(path)) if path.is_file() else {}
    if committed.get("software") != results["software"]:
        print(f"{path}: made with {committed.get('software')}; this run used {results['software']}")
    same = {**committed, "software": None} == {**results, "software": None}
    print(f"{path}: {'up to date' if same else 'differs from what the command computes'}")
    return 0 if same else 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--release", type=Path, default=ROOT / "build", help="the release to read (default: build)")
    parser.add_argument("--benchmarks", type=Path, default=DEFAULT_BENCHMARKS,
                        help="the folder of ClaimBuster and CheckThat! files (default: ../shared/benchmarks)")
    parser.add_argument("--out", type=Path, default=ROOT / trained.RESULTS_PATH, help="the results file to write")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if --out differs")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("sklearn") is None:
        sys.exit(f"scikit-learn is missing: {trained.INSTALL}")
    if not (args.benchmarks / "SHA256SUMS").is_file():
        sys.exit(f"{args.benchmarks}: no benchmark files here; pass --benchmarks DIR")
    results = compute(args.release, args.benchmarks)
    text = trained.dumps(results)
    print(trained.tables(results))
    if args.check:
        return check(args.out, results)
    args.out.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
