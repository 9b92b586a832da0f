"""The command line: a thin layer over the library. Errors print one line each, no traceback."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Callable, Optional

from .errors import InternalError, InterviewDataError, as_user_error

DEFAULT_RAW = Path("raw")
DEFAULT_OUT = Path("build")
DEFAULT_SCHEMA = Path("schema")
SPLITS = ["train", "validation", "test"]  # as records.models.Split (not imported: --help stays fast)
BASELINE_NAMES = ("majority", "all-check-worthy", "random", "cues")  # as research.baselines.BASELINES
IMPORT_FORMATS = ["pm-transcripts", "kremlin", "whitehouse"]  # interview_data.importing.FORMATS, not imported here


def main(argv: Optional[list[str]] = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    previous = signal.signal(signal.SIGTERM, _terminated)  # clean up as on Ctrl-C, not die mid-write
    try:
        return args.run(args) or 0
    except KeyboardInterrupt:
        print("interrupted; the previous release is unchanged", file=sys.stderr)
        return 130
    except Terminated:
        print("terminated; the previous release is unchanged", file=sys.stderr)
        return 143
    except Exception as exc:  # every failure ends in one message; --debug shows the traceback
        error = as_user_error(exc)
        if args.debug:
            traceback.print_exc()
            if isinstance(error, InternalError) and error.details:
                print(error.details, file=sys.stderr)
        print(f"error: {error}" if "\n" not in str(error) else f"error:\n{error}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


class Terminated(BaseException):
    """SIGTERM, turned into an exception so that cleanup runs (staging folders, workers)."""


def _terminated(signum, frame) -> None:
    raise Terminated()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="interview-data", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(title="commands")

    build = _command(commands, "build", "build the release from raw/", _build)
    build.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder of <interview_id>/ folders")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help="release folder to write")
    build.add_argument("--card", type=Path, default=None,
                       help="also write the rendered dataset card here (e.g. DATASET_CARD.md)")
    build.add_argument("--jobs", type=int, default=1,
                       help="worker processes, each writing a shard of 100 or more interviews "
                            "(output is identical for any number)")
    build.add_argument("--quiet", action="store_true", help="no progress display")

    validate = _command(commands, "validate", "check a release: checksums, schema, keys, offsets", _validate)
    validate.add_argument("release", nargs="?", type=Path, default=None,
                          help="release folder (default: the installed release)")

    schema = _command(commands, "schema", "regenerate the JSON Schema files", _schema)
    schema.add_argument("--out", type=Path, default=DEFAULT_SCHEMA)

    evaluate = _command(commands, "evaluate", "score a predictions file, or the built-in baselines, on one split "
                        "of the gold", _evaluate)
    evaluate.add_argument("--predictions", type=Path, default=None, metavar="FILE",
                          help="JSON Lines, one {\"sentence_id\", \"label\", \"score\"} object per sentence "
                               "(default: score every built-in baseline)")
    _split_and_release(evaluate)
    evaluate.add_argument("--json", action="store_true", help="print the scores as one JSON object")

    baseline = _command(commands, "baseline", "write a built-in baseline's predictions for one split", _baseline)
    baseline.add_argument("name", choices=list(BASELINE_NAMES), help="the baseline")
    baseline.add_argument("--out", type=Path, required=True, metavar="FILE", help="predictions file to write")
    _split_and_release(baseline)

    agreement = _command(commands, "agreement", "agreement between the annotation passes, and with the gold",
                         _agreement)
    agreement.add_argument("--release", type=Path, default=None, metavar="DIR",
                           help="release folder (default: the installed release)")

    init = _command(commands, "init", "draft raw/<id>/interview.yaml for a new transcript", _init)
    init.add_argument("source", type=Path, help="the transcript, as plain UTF-8 text")
    init.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    init.add_argument("--id", dest="interview_id", default=None, help="YYYY-MM-DD-slug (default: from the date line)")

    imports = _command(commands, "import", "import publishers' files (HTML, XML) as raw/<id>/ folders", _import)
    imports.add_argument("format", choices=IMPORT_FORMATS, help="the publisher's file format")
    imports.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                         help="files, or folders whose files of that format are imported (not descending)")
    imports.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    imports.add_argument("--replace", action="store_true",
                         help="rewrite raw/<id>/ folders this command wrote before (never others)")
    imports.add_argument("--report", type=Path, default=None, help="also write the report here (JSON Lines)")
    imports.add_argument("--quiet", action="store_true", help="print the summary line only")

    export = _command(commands, "export", "export the conversation to ConvoKit's corpus folder", _export)
    export.add_argument("format", choices=["convokit"])
    export.add_argument("--out", type=Path, required=True, help="folder to write")
    export.add_argument("--release", type=Path, default=None,
                        help="release folder (default: the release shipped with the package)")
    return parser


def _split_and_release(command: argparse.ArgumentParser) -> None:
    command.add_argument("--split", choices=SPLITS, default="test", help="the split (default: test)")
    command.add_argument("--release", type=Path, default=None, metavar="DIR",
                         help="release folder (default: the installed release)")


def _command(commands, name: str, help_text: str, run: Callable) -> argparse.ArgumentParser:
    command = commands.add_parser(name, help=help_text, description=help_text)
    command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    command.set_defaults(run=run)
    return command


def _build(args) -> int:
    from .publish.build import build
    from .records.models import TABLES, Split

    if args.jobs < 1:
        raise InterviewDataError(f"--jobs {args.jobs} is not a number of processes", fix="use --jobs 1 or more")
    started = time.monotonic()
    progress = progress_bar(args.quiet)  # the build sets its total once it has listed raw/
    try:
        stats = build(args.raw, args.out, card_copy=args.card, jobs=args.jobs, progress=progress)
    except OSError as exc:
        raise as_user_error(exc, "the previous release is unchanged") from exc
    rows = ", ".join(f"{stats.distinct[c] or stats.rows[c]} {c}" for c in TABLES)
    splits = "/".join(str(stats.split_rows["sentences", split.value]) for split in Split)
    print(f"built {args.out}: {rows} (sentences in train/validation/test: {splits}) "
          f"in {time.monotonic() - started:.1f} s")
    return 0


def progress_bar(quiet: bool):
    """Interviews written, rate and time left, on a terminal only (tqdm)."""
    from tqdm import tqdm

    return tqdm(total=None, unit="interview", file=sys.stderr, disable=quiet or not sys.stderr.isatty(),
                mininterval=0.2, dynamic_ncols=True)


def _validate(args) -> int:
    from .loading import release_path
    from .publish.release_checks import validate_release

    release = args.release if args.release is not None else release_path()
    if not release.is_dir():
        raise InterviewDataError("release folder not found", path=release,
                                 fix="pass the folder written by `interview-data build`")
    validate_release(release)
    print(f"{release}: valid")
    return 0


def _release(args) -> Path:
    """The release a research command reads: --release, else the installed one; checked readable."""
    from .loading import release_path
    from .publish.release_records import check_release

    return check_release(args.release if args.release is not None else release_path())


def _schema(args) -> int:
    from .publish.schema_files import write_schemas

    for path in write_schemas(args.out):
        print(path)
    return 0


def _evaluate(args) -> int:
    from .records.models import Split

    release, split = _release(args), Split(args.split)
    if args.predictions is not None:
        return _evaluate_predictions(args.predictions, release, split, args.json)
    from .publish.release_records import split_records
    from .research.evaluate import evaluate, format_table

    sentences = split_records(release, "sentences", split)
    claims = split_records(release, "claims", split)
    labelled = [s for s in sentences if s.label is not None]
    if not labelled:
        raise InterviewDataError(f"the {split.value} split has no labelled sentences to score against",
                                 path=release, fix="choose another --split, or a release with gold labels")
    scores = evaluate(sentences, claims)
    interviews = len({s.interview_id for s in labelled})
    if args.json:
        print(json.dumps({"split": split.value, "n": len(labelled), "interviews": interviews, "claims": len(claims),
                          "baselines": [_baseline_json(score) for score in scores]}, indent=2))
        return 0
    print(f"{split.value} split: {_plural(len(labelled), 'labelled sentence')} "
          f"in {_plural(interviews, 'interview')}, "
          f"{_plural(len(claims), 'claim')}")
    print(format_table(scores), end="")
    return 0


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _baseline_json(score) -> dict:
    from dataclasses import asdict

    from .research.baselines import BASELINES

    values = asdict(score)
    slug = next(b.slug for b in BASELINES.values() if b.name == values["baseline"])
    return {"baseline": slug, "name": values.pop("baseline"), "precision_check_worthy": values.pop("precision"),
            "recall_check_worthy": values.pop("recall"), "f1_check_worthy": values.pop("f1"), **values}


def _evaluate_predictions(path: Path, release: Path, split, as_json: bool) -> int:
    from .publish.release_records import gold_sentences
    from .research.predictions import read_predictions, score_predictions

    gold = gold_sentences(release)
    if not any(g.split is split and g.label is not None for g in gold.values()):
        raise InterviewDataError(f"the {split.value} split has no labelled sentences to score against",
                                 path=release, fix="choose another --split, or a release with gold labels")
    result = score_predictions(read_predictions(path, gold, split), gold, split)
    if as_json:
        print(json.dumps(result.as_json(), indent=2))
        return 0
    shown_map = f"{result.map:.3f}" if result.map is not None else "– (the file gives no scores)"
    print(f"{path}: {_plural(result.n, 'labelled sentence')} of the {result.split} split, "
          f"in {_plural(result.interviews, 'interview')}")
    print(f"F1 (check_worthy_factual): {result.f1_check_worthy:.3f} "
          f"(precision {result.precision_check_worthy:.3f}, recall {result.recall_check_worthy:.3f})")
    print(f"macro-F1: {result.macro_f1:.3f}")
    print(f"MAP: {shown_map}")
    return 0


def _baseline(args) -> int:
    from .publish.ownership import check_generated_file, check_not_overlapping, write_file_atomically
    from .publish.release_records import split_records
    from .records.models import Split
    from .research.baselines import BASELINES
    from .research.predictions import looks_like_predictions, prediction_lines

    release, split, baseline = _release(args), Split(args.split), BASELINES[args.name]
    check_not_overlapping(args.out, [release])
    check_generated_file(args.out, looks_like_predictions, "--out")
    sentences = split_records(release, "sentences", split)
    write_file_atomically(args.out, prediction_lines(sentences, baseline.predict(sentences)))
    print(f"wrote {len(sentences)} predictions of {baseline.name} for the {split.value} split to {args.out}")
    return 0


def _agreement(args) -> int:
    from .publish.release_records import release_agreement
    from .research.agreement import format_agreement

    release = _release(args)
    result = release_agreement(release)
    if not result:
        raise InterviewDataError("no interview of the release has a pair of annotation passes to compare",
                                 path=release, fix="add raw/<id>/annotations/passes/a/ and .../b/ (or v2-a/ and "
                                                   "v2-b/) and rebuild the release")
    print(format_agreement(result), end="")
    return 0


def _export(args) -> int:
    from .export import write_convokit
    from .loading import release_path

    out = write_convokit(args.release or release_path(), args.out)
    print(f"wrote ConvoKit corpus to {out}")
    return 0


def _init(args) -> int:
    from .reading.drafting import count_placeholders, init_interview

    folder = init_interview(args.source, args.raw, args.interview_id)
    meta = folder / "interview.yaml"
    todo = count_placeholders(meta.read_text(encoding="utf-8"))
    print(f"drafted {meta} ({todo} value(s) to fill in); then run: interview-data build --raw {args.raw}")
    return 0


def _import(args) -> int:
    from collections import Counter

    try:
        from .importing.run import import_files, write_report
    except ModuleNotFoundError as exc:
        if exc.name != "lxml":
            raise
        raise InterviewDataError("the import command needs lxml, which is not installed",
                                 fix='pip install "interview-data[import]"') from None

    if args.report is not None and (args.report.exists() or args.report.is_symlink()):
        raise InterviewDataError("the report file exists", path=args.report, fix="pass a new --report path")
    started = time.monotonic()
    show = None if args.quiet else (lambda outcome: print(outcome.line()))
    outcomes = import_files(args.format, args.paths, args.raw, replace=args.replace, progress=show)
    if args.report is not None:
        write_report(args.report, args.format, outcomes)
    status = Counter(o.status for o in outcomes)
    reasons = Counter(o.reason for o in outcomes if o.status == "quarantined")
    why = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items(), key=lambda r: (-r[1], r[0])))
    print(f"{len(outcomes)} file(s): {status['imported']} imported into {args.raw}, {status['quarantined']} "
          f"quarantined{f' ({why})' if why else ''}, {status['refused']} refused, "
          f"in {time.monotonic() - started:.1f} s")
    if status["refused"]:
        raise InterviewDataError(f"{status['refused']} file(s) not imported: their raw/<id>/ folder exists",
                                 path=args.raw, fix="pass --replace to rewrite folders this command wrote; "
                                                    "move others away yourself")
    return 0
