"""Compare sentence segmenters on the seed transcript: boundary errors and speed.

    python scripts/compare_segmenters.py

The reference is tests/fixtures/seed_sentences.txt: the seed's sentences,
one per line, checked by hand. A tool's errors are the boundaries it adds
(false splits) plus the reference boundaries it misses (false merges).
Needs `pip install pysbd==0.3.4 syntok==1.4.4` (not package dependencies).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from interview_data.reading.segment import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "fixtures" / "seed_sentences.txt"


def paragraphs() -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "build" / "jsonl" / "turns.jsonl").open(encoding="utf-8")]
    return [p["text"] for row in rows for p in row["paragraphs"]]


def boundaries_of(sentences_per_paragraph: list[list[str]], texts: list[str]) -> set[tuple[int, int]]:
    found = set()
    for number, (text, sentences) in enumerate(zip(texts, sentences_per_paragraph)):
        position = 0
        for sentence in sentences[:-1]:
            position = text.index(sentence.strip(), position) + len(sentence.strip())
            found.add((number, position))
    return found


def rules(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def pysbd_segmenter():
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return lambda text: [s for s in segmenter.segment(text) if s.strip()]


def syntok_segmenter():
    from syntok import segmenter

    def split(text: str) -> list[str]:
        return ["".join(t.spacing + t.value for t in sentence).strip()
                for paragraph in segmenter.analyze(text) for sentence in paragraph]
    return split


def reference_boundaries(texts: list[str]) -> set[tuple[int, int]]:
    lines = [line for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line]
    per_paragraph, cursor = [], 0
    for text in texts:
        taken, covered = [], ""
        while covered != text:
            taken.append(lines[cursor])
            covered = (covered + " " + lines[cursor]).strip() if covered else lines[cursor]
            cursor += 1
            if len(covered) > len(text):
                raise SystemExit(f"reference does not match paragraph: {text[:60]!r}")
        per_paragraph.append(taken)
    return boundaries_of(per_paragraph, texts)


def measure(name: str, split, texts: list[str], reference: set, repeats: int = 5) -> dict:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        output = [split(t) for t in texts]
        best = min(best, time.perf_counter() - started)
    found = boundaries_of(output, texts)
    return {"segmenter": name, "sentences": sum(len(o) for o in output),
            "false_splits": len(found - reference), "missed": len(reference - found),
            "seconds": best, "examples": sorted(found ^ reference)[:5]}


def main() -> None:
    texts = paragraphs()
    reference = reference_boundaries(texts)
    print(f"{len(texts)} paragraphs, {len(reference) + len(texts)} reference sentences")
    print(f"{'segmenter':10} {'sentences':>9} {'false splits':>12} {'missed':>6} {'ms':>8}")
    for name, factory in [("rules", lambda: rules), ("pysbd", pysbd_segmenter), ("syntok", syntok_segmenter)]:
        try:
            split = factory()
        except ImportError:
            print(f"{name:10} not installed")
            continue
        row = measure(name, split, texts, reference)
        print(f"{name:10} {row['sentences']:>9} {row['false_splits']:>12} {row['missed']:>6} "
              f"{row['seconds'] * 1000:>8.1f}")
        for number, offset in row["examples"]:
            print(f"    paragraph {number}: ...{texts[number][max(0, offset - 40):offset + 30]!r}")


if __name__ == "__main__":
    main()
