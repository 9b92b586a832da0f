"""Benchmark: build time, throughput and memory against corpus size, the pyarrow floor, load and import.

    python tests/benchmarks/bench.py [--sizes 10,100,1000] [--jobs 2] [--build-repeats 2]
                                     [--without-annotations] [--json FILE]
    python tests/benchmarks/bench.py --real-only [--corpus ../shared/corpus] [--jobs 2] [--json FILE]

Not collected by pytest (no test_ names). Every figure is measured in this
one run, so ratios compare like with like on a shared, noisy machine.

The real corpus (``--real-only``, or after the synthetic sizes when
``../shared/corpus`` is there) is every publisher file of the shared corpus:
each format is imported with `interview-data import` into a temporary raw
folder (seconds, MB/s of the publishers' files, peak RSS), and everything
imported is built with ``--jobs 1`` and ``--jobs N`` (seconds, MB/s of
source.txt, peak RSS of the process tree) and validated; the import report's
counts by quarantine reason are kept.

The synthetic corpus is derived from the seed: the question/answer exchanges
are reshuffled, every digit is rotated (so numbers differ), the speakers'
surnames are replaced by same-length variants, and each interview gets its
own id. The transformations keep lengths, so the seed's gold annotations are
re-anchored exactly and every synthetic interview builds with its labels and
claims.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "raw" / "2021-09-24-aliyev-natsionalnaya-oborona"
DIGITS = str.maketrans("0123456789", "1234567890")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


# --- synthetic corpus --------------------------------------------------------------

def seed_tables():
    from interview_data.reading.interview import read_records

    return read_records(SEED)


def variant_name(base: str, number: int) -> str:
    """A same-length variant of a surname: its last three letters encode the number."""
    suffix = "".join(LETTERS[(number // 26 ** k) % 26] for k in range(3))
    return base[:-3] + suffix


def transform(text: str, number: int, digits: bool = True) -> str:
    """Surnames varied by number; digits shifted in odd numbers (not in the date line, which must stay a date)."""
    text = text.translate(DIGITS) if digits and number % 2 else text
    for surname in ("Aliyev", "Korotchenko"):
        text = text.replace(surname, variant_name(surname, number))
    return text


def exchanges(turns) -> list[list]:
    """Turns grouped from one question to the next; the first exchange and the closing stay in place."""
    groups: list[list] = []
    for turn in turns:
        if turn.turn_type.value == "question" or not groups:
            groups.append([])
        groups[-1].append(turn)
    return groups


def write_interview(tables, source: str, raw: Path, number: int, rng: random.Random,
                    annotated: bool = True) -> int:
    meta = yaml.safe_load((SEED / "interview.yaml").read_text(encoding="utf-8"))
    interview_id = f"2021-09-24-synthetic-{number:05d}"
    groups = exchanges(tables.turns)
    middle = groups[1:-1]
    rng.shuffle(middle)
    order = [groups[0], *middle, groups[-1]]
    pieces = [p for p in tables.interviews[0].accounted if p.kind.value not in ("whitespace", "turn_marker")]
    front = [p.text for p in pieces if p.kind.value != "residue"]
    residue = [p.text for p in pieces if p.kind.value == "residue"]
    lines, moved = list(front), {}  # moved: old paragraph start -> new start
    position = sum(len(t) for t in front) + 2 * len(front)
    for group in order:
        for turn in group:
            marker = "" if turn.index == 0 else "- "
            for k, paragraph in enumerate(turn.paragraphs):
                prefix = marker if k == 0 else ""
                moved[paragraph.char_start] = (position + len(prefix), paragraph)
                lines.append(prefix + paragraph.text)
                position += len(lines[-1]) + 2
    body = transform("\n\n".join(lines[len(front):] + residue), number)
    text = "\n\n".join([transform(t, number, digits=False) for t in front] + [body])
    folder = raw / interview_id
    folder.mkdir(parents=True)
    (folder / "source.txt").write_text(text, encoding="utf-8")
    meta["interview_id"] = interview_id
    meta["title"] = transform(meta["title"], number)
    meta["title_variants"] = [transform(t, number) for t in meta["title_variants"]]
    for speaker in meta["speakers"]:
        speaker["name"] = transform(speaker["name"], number)
        speaker["speaker_id"] = f"{speaker['speaker_id']}-{number:05d}"
    meta["layout"]["speaker_order"] = [s["speaker_id"] for s in meta["speakers"]]
    (folder / "interview.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if annotated:
        (folder / "annotations").mkdir()
        _write_annotations(tables, text, moved, number, folder / "annotations")
    return len(text.encode("utf-8"))


def _new_start(old_start: int, moved: dict) -> int:
    paragraph_start = max(s for s in moved if s <= old_start)
    return moved[paragraph_start][0] + (old_start - paragraph_start)


def _anchor(text: str, source: str, start: int) -> dict:
    from interview_data.reading.anchoring import find_all

    starts = find_all(source, text)
    return {"text": text} if len(starts) == 1 else {"text": text, "occurrence": starts.index(start)}


def _write_annotations(tables, source: str, moved: dict, number: int, folder: Path) -> None:
    labels = [{**_anchor(transform(s.text, number), source, _new_start(s.char_start, moved)), "label": s.label.value}
              for s in tables.sentences]
    claims = []
    for claim in tables.claims:
        text = transform(claim.text, number)
        entry = claim.model_dump(mode="json", exclude={"interview_id", "claim_id", "turn_id", "sentence_id",
                                                       "speaker_id", "char_start", "char_end", "verification_status",
                                                       "split", "fold"})
        entry.update(_anchor(text, source, _new_start(claim.char_start, moved)))
        entry["claim_text"] = transform(entry["claim_text"], number)  # names as this interview gives them
        for kind in ("quantities", "times", "entities"):
            entry[kind] = [{**{k: v for k, v in item.items() if k not in ("char_start", "char_end")},
                            **_anchor(transform(item["text"], number), text, item["char_start"] - claim.char_start)}
                           for item in entry[kind]]
        claims.append(entry)
    for name, rows in (("sentence_labels.jsonl", labels), ("claims.jsonl", claims)):
        (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def make_corpus(raw: Path, size: int, annotated: bool = True) -> int:
    tables = seed_tables()
    source = (SEED / "source.txt").read_text(encoding="utf-8")
    rng = random.Random(size)
    return sum(write_interview(tables, source, raw, number, rng, annotated) for number in range(size))


# --- measurements ----------------------------------------------------------------------

def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (children found through
    /proc/<pid>/task/*/children, so a sample costs a few file reads, not a scan of every process)."""
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * page_kb
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack += [int(child) for child in handle.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def run_measured(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS of the process tree in MB), sampling every 20 ms (about 0.2 ms a sample,
    so the sampler takes no core away from a parallel build)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed: {stderr.decode()[-2000:]}")
    return seconds, peak / 1024


def best_of(repeats: int, commands: list[list[str]]) -> list[tuple[float, float]]:
    """(fastest wall seconds, highest peak RSS MB) of each command, the commands taking turns so that
    a slow spell of the shared machine does not fall on one of them only."""
    runs = [[run_measured(command) for command in commands] for _ in range(repeats)]
    return [(min(r[i][0] for r in runs), max(r[i][1] for r in runs)) for i in range(len(commands))]


def validate_command(release: Path) -> list[str]:
    return [sys.executable, "-m", "interview_data", "validate", str(release)]


def measure_anchoring(counts: tuple[int, ...] = (5_000, 10_000, 20_000)) -> dict:
    """Seconds to anchor N labels on N identical sentences (each label with its occurrence): the case
    that was quadratic (20,000 took 63 s in 0.1.1)."""
    from interview_data.reading import anchoring

    sentence = "The figures were published in the annual report of the ministry."
    seconds = []
    for count in counts:
        source = " ".join([sentence] * count)
        rows = [{"sentence_id": f"x/t000/s{i:05d}", "turn_id": "x/t000", "speaker_id": "x",
                 "char_start": i * (len(sentence) + 1), "char_end": i * (len(sentence) + 1) + len(sentence),
                 "text": sentence} for i in range(count)]
        with tempfile.TemporaryDirectory() as folder:
            annotations = Path(folder) / "annotations"
            annotations.mkdir()
            lines = [json.dumps({"text": sentence, "occurrence": i, "label": "non_factual"}) for i in range(count)]
            (annotations / "sentence_labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
            (annotations / "claims.jsonl").write_text("", encoding="utf-8")
            started = time.perf_counter()
            labels, _ = anchoring.apply(annotations, "x", source, rows, Path(folder))
            seconds.append(time.perf_counter() - started)
        assert len(labels) == count
    return {"labels": list(counts), "seconds": seconds}


def build_command(raw: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "interview_data", "build", "--raw", str(raw), "--out", str(out),
            "--jobs", str(jobs), "--quiet"]


def floor_seconds(release: Path) -> float:
    """Writing the same final tables with pyarrow alone: no parsing, no validation."""
    import pyarrow.parquet as pq

    from interview_data.publish.shards import PARQUET_COMPRESSION, ROW_GROUP_SIZE

    tables = {p: pq.read_table(p) for p in sorted(release.glob("data/*/*.parquet"))}
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        for index, (path, table) in enumerate(tables.items()):
            pq.write_table(table, Path(scratch) / f"{index}.parquet", row_group_size=ROW_GROUP_SIZE,
                           **PARQUET_COMPRESSION)
        return time.perf_counter() - started


def median_seconds(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_load(release: Path, config: str, repeats: int) -> dict:
    import datasets
    import pyarrow.parquet as pq

    import interview_data

    files = sorted(str(p) for p in (release / "data" / config).glob("*.parquet"))
    results = {
        "config": config,
        "interview_data_load_s": median_seconds(lambda: interview_data.load(config, release=release), repeats),
        "dataset_from_read_table_s": median_seconds(
            lambda: datasets.Dataset(pq.read_table(files[0]) if len(files) == 1 else pq.ParquetDataset(files).read()),
            repeats),
    }
    first_calls = []
    for _ in range(max(3, repeats // 3)):
        with tempfile.TemporaryDirectory() as cache:
            started = time.perf_counter()
            datasets.load_dataset("parquet", data_files=files, split="train", cache_dir=cache)
            first_calls.append(time.perf_counter() - started)
    results["load_dataset_parquet_first_s"] = statistics.median(first_calls)
    results["load_vs_floor"] = results["interview_data_load_s"] / results["dataset_from_read_table_s"]
    return results


REAL_FORMATS = {"pm-transcripts": "pm-transcripts/transcripts", "kremlin": "kremlin",
                "whitehouse": "whitehouse-covid-briefings"}


def import_command(importer: str, folder: Path, raw: Path, report: Path) -> list[str]:
    return [sys.executable, "-m", "interview_data", "import", importer, str(folder), "--raw", str(raw),
            "--report", str(report), "--quiet"]


def measure_real_corpus(corpus: Path, jobs: int, repeats: int) -> dict:
    """Import every publisher file of the shared corpus, then build and validate what was imported."""
    from collections import Counter

    result: dict = {"import": {}, "outcomes": {}, "reasons": {}}
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        raw = work / "raw"
        for importer, folder in REAL_FORMATS.items():
            files = [p for p in (corpus / folder).iterdir() if p.suffix in (".xml", ".html")]
            megabytes = sum(p.stat().st_size for p in files) / 1e6
            report = work / f"report-{importer}.jsonl"
            seconds, rss = run_measured(import_command(importer, corpus / folder, raw, report))
            rows = [json.loads(line) for line in report.open(encoding="utf-8")]
            result["import"][importer] = {"files": len(files), "input_mb": megabytes, "seconds": seconds,
                                          "mb_per_s": megabytes / seconds, "peak_rss_mb": rss}
            result["outcomes"][importer] = dict(Counter(row["status"] for row in rows))
            result["reasons"][importer] = dict(Counter(row["reason"] for row in rows if "reason" in row))
            print(f"import {importer:15s} {len(files):5d} files {megabytes:6.1f} MB {seconds:7.1f} s "
                  f"{megabytes / seconds:5.2f} MB/s {rss:5.0f} MB  {result['outcomes'][importer]}", flush=True)
        source_mb = sum(p.stat().st_size for p in raw.glob("*/source.txt")) / 1e6
        out1, outn = work / "out-1", work / "out-n"
        (seconds, rss), (seconds_n, rss_n) = best_of(repeats, [build_command(raw, out1, 1),
                                                               build_command(raw, outn, jobs)])
        identical = subprocess.run(["diff", "-rq", str(out1), str(outn)], capture_output=True).returncode == 0
        validate_seconds, validate_rss = run_measured(validate_command(out1))
        result["build"] = {"interviews": len(list(raw.glob("*/source.txt"))), "source_mb": source_mb,
                           "jobs": [1, jobs], "seconds": [seconds, seconds_n], "peak_rss_mb": [rss, rss_n],
                           "mb_per_s": [source_mb / seconds, source_mb / seconds_n], "identical": identical,
                           "validate_seconds": validate_seconds, "validate_rss_mb": validate_rss}
        print(f"build {result['build']['interviews']} imported interviews, {source_mb:.1f} MB: jobs 1 {seconds:.1f} s "
              f"{source_mb / seconds:.2f} MB/s {rss:.0f} MB; jobs {jobs} {seconds_n:.1f} s "
              f"{source_mb / seconds_n:.2f} MB/s {rss_n:.0f} MB; identical {identical}; "
              f"validate {validate_seconds:.1f} s {validate_rss:.0f} MB", flush=True)
    return result


def measure_import(repeats: int) -> dict:
    def fresh(code: str) -> float:
        return median_seconds(lambda: subprocess.run([sys.executable, "-c", code], check=True), repeats)

    baseline, package = fresh("pass"), fresh("import interview_data")
    return {"python_s": baseline, "import_s": package, "added_s": package - baseline}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeats", type=int, default=9, help="runs of each load and import measurement")
    parser.add_argument("--build-repeats", type=int, default=2, help="builds of each size and jobs (fastest kept)")
    parser.add_argument("--without-annotations", action="store_true",
                        help="transcripts and metadata only, as most of a large corpus would be")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="the shared corpus of publishers' files (imported, built, validated)")
    parser.add_argument("--real-only", action="store_true", help="measure the real corpus only")
    args = parser.parse_args()
    if args.real_only:
        report = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                  "real_corpus": measure_real_corpus(args.corpus, args.jobs, args.build_repeats)}
        if args.json:
            args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    report = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
              "build": {"n_interviews": sizes, "jobs": [1, args.jobs], "repeats": args.build_repeats,
                        "annotated": not args.without_annotations, "seconds": [], "seconds_parallel": [],
                        "peak_rss_mb": [], "peak_rss_mb_parallel": [], "mb_per_s": [], "mb_per_s_parallel": [],
                        "floor_seconds": [], "source_mb": [], "validate_seconds": [], "validate_rss_mb": []}}
    build = report["build"]
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        largest = None
        for size in sizes:
            raw = work / f"raw-{size}"
            source_mb = make_corpus(raw, size, annotated=not args.without_annotations) / 1e6
            out1, outn = work / f"out-{size}-1", work / f"out-{size}-n"
            (seconds, rss), (seconds_n, rss_n) = best_of(args.build_repeats, [build_command(raw, out1, 1),
                                                                                build_command(raw, outn, args.jobs)])
            identical = subprocess.run(["diff", "-rq", str(out1), str(outn)], capture_output=True).returncode == 0
            build["source_mb"].append(source_mb)
            build["seconds"].append(seconds)
            build["seconds_parallel"].append(seconds_n)
            build["peak_rss_mb"].append(rss)
            build["peak_rss_mb_parallel"].append(rss_n)
            build["mb_per_s"].append(source_mb / seconds)
            build["mb_per_s_parallel"].append(source_mb / seconds_n)
            build["floor_seconds"].append(floor_seconds(out1))
            build.setdefault("parallel_identical", []).append(identical)
            validate_seconds, validate_rss = run_measured(validate_command(out1))
            build["validate_seconds"].append(validate_seconds)
            build["validate_rss_mb"].append(validate_rss)
            print(f"N={size:>5}  {source_mb:7.1f} MB  jobs 1: {seconds:7.2f} s {source_mb / seconds:6.2f} MB/s "
                  f"{rss:7.0f} MB   jobs {args.jobs}: {seconds_n:7.2f} s {source_mb / seconds_n:6.2f} MB/s "
                  f"{rss_n:7.0f} MB   floor {build['floor_seconds'][-1]:.2f} s   identical {identical}   "
                  f"validate {validate_seconds:.2f} s {validate_rss:.0f} MB", flush=True)
            shutil.rmtree(raw)
            shutil.rmtree(outn)
            largest = out1
        report["load"] = measure_load(largest, "sentences", args.repeats)
    report["import"] = measure_import(args.repeats)
    report["anchoring"] = measure_anchoring()
    if args.corpus.is_dir():
        report["real_corpus"] = measure_real_corpus(args.corpus, args.jobs, args.build_repeats)
    report["import_s"] = report["import"]["added_s"]
    print_summary(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def print_summary(report: dict) -> None:
    build, load = report["build"], report["load"]
    sizes = build["n_interviews"]
    print("\nratios (same run):")
    for i in range(1, len(sizes)):
        print(f"  time({sizes[i]})/time({sizes[i - 1]}) = {build['seconds'][i] / build['seconds'][i - 1]:.2f}   "
              f"RSS({sizes[i]})/RSS({sizes[i - 1]}) = {build['peak_rss_mb'][i] / build['peak_rss_mb'][i - 1]:.2f}")
    print(f"  jobs {build['jobs'][1]} speed-up at N={sizes[-1]}: {build['seconds'][-1] / build['seconds_parallel'][-1]:.2f}x")
    print(f"  build / pyarrow floor at N={sizes[-1]}: {build['seconds'][-1] / build['floor_seconds'][-1]:.1f}x")
    print(f"  load('{load['config']}'): {load['interview_data_load_s'] * 1000:.1f} ms; "
          f"Dataset(read_table): {load['dataset_from_read_table_s'] * 1000:.1f} ms "
          f"(ratio {load['load_vs_floor']:.2f}); load_dataset first call: {load['load_dataset_parquet_first_s'] * 1000:.0f} ms")
    print(f"  import interview_data adds {report['import']['added_s'] * 1000:.0f} ms over python -c pass")
    for i in range(1, len(sizes)):
        print(f"  validate time({sizes[i]})/time({sizes[i - 1]}) = "
              f"{build['validate_seconds'][i] / build['validate_seconds'][i - 1]:.2f}   RSS ratio "
              f"{build['validate_rss_mb'][i] / build['validate_rss_mb'][i - 1]:.2f}")
    anchoring = report["anchoring"]
    print("  anchoring N identical labelled sentences: " + ", ".join(
        f"{n}: {s:.2f} s" for n, s in zip(anchoring["labels"], anchoring["seconds"]))
        + f" (time ratio for 4x the labels: {anchoring['seconds'][-1] / anchoring['seconds'][0]:.1f})")


if __name__ == "__main__":
    main()
