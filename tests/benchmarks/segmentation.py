"""Benchmark: sentence segmenters against hand-checked sentences of three publishers and of the seed.

    pip install -e ".[bench]"          # pysbd==0.3.4 and syntok==1.4.4; a missing one is skipped
    python tests/benchmarks/segmentation.py [--corpus ../shared/corpus] [--errors N] [--json FILE]
    python tests/benchmarks/segmentation.py --show kremlin|whitehouse|pm   # read the reference

Not collected by pytest (no test_ names). It compares our rules
(``interview_data.reading.segment.sentence_spans``), pysbd 0.3.4
(``Segmenter(language="en", clean=False)``) and syntok 1.4.4
(``segmenter.analyze``), each run on one paragraph at a time, against
``segmentation_reference.json`` and, for the seed, against
``tests/fixtures/seed_sentences.txt``.

Text. The corpus (``../shared/corpus``, see its README) is not copied into
the repository: each document's text is derived from the publisher's file
here, for measurement only, with the standard library's ``html.parser``
(no lxml): the text of every block element (``p``, ``div``, ``li``,
``h1``-``h6``, ``td`` ...) is one paragraph, paragraphs are joined by a
blank line; ``script``, ``style``, ``svg``, ``head`` and the like are
skipped, ``<br>`` is a line break, a run of white space holding a line
break becomes one space, other spaces (double spaces, no-break spaces) stay,
entities are decoded. A PM Transcripts XML file is parsed with
``xml.etree.ElementTree`` and its ``<content>`` (HTML) derived the same way.

Reference. For each document the JSON stores its corpus path, the SHA-256
of the file and of the derived text (checked before scoring: a mismatch
stops the run), the paragraph spans judged and the reference sentences, all
as [start, end) code-point offsets into the derived text; never the text.
A judged span is one paragraph without its speaker label (``Vladimir
Putin:``, ``Q``, ``THE PRESIDENT:``, ``JOURNALIST:``), as an importer
would strip it. Paragraphs were chosen for hard cases: quotations
(reversed ``”...“``, straight, unclosed, multi-sentence), initialisms
(``U.S.``, ``D.C.``, ``E.M.``, ``P.M.``, ``J.B.``), titles (``Mr.``,
``Dr.``), ellipses (spaced, unspaced, leading), dashes, bullets, stage notes,
questions, decimal numbers. Every candidate boundary (each ``.``, ``?``,
``!``, ``…`` with closing marks before white space, each bullet, each
ellipsis directly before a capital in PM transcripts) was judged by reading.

Boundary conventions (what a sentence is here, as in the seed):
- a sentence ends at ``.``, ``?``, ``!``, ``…``/``...`` (with any closing
  quotes or brackets) when the writer starts a new sentence after it;
- an abbreviation's dot is not a boundary (``Mr. President``, ``Dr. Birx``,
  ``U.S. Southern Command``, ``5:35 P.M. EDT``, ``8:00 p.m. tonight``,
  ``E.M. Heenan``), unless it also ends the sentence (``in the U.S. We``,
  ``Washington, D.C. Thank you``, ``Heenan & Co. From 1975``);
- a quotation closed within its paragraph is never split, however many
  sentences it holds, and stays with its introducing clause: ``I said:
  “Yes. We will stop.”`` is one sentence, ``“Get you. Get you.”`` too; a
  sentence may end right after the closing mark (``”...arms.“ First``);
- a stage note in brackets between sentences is its own sentence:
  ``(Laughter.)``, ``(Laughs.)``; a bullet starts a sentence;
- an ellipsis followed by a capitalised word that starts a new clause is a
  boundary (a sentence abandoned or restarted: ``I haven’t… I mean``,
  ``not….I’m simply saying``), followed by a lower-case word or by a name
  continuing the clause it is not (``He… and he made``, ``the President
  …Australian``, ``it was…Howard rigged the question``);
- dashes, colons and semicolons never end a sentence; a paragraph's end
  always does, punctuated or not (``That’s why people —``).

Segmenters. The libraries get each paragraph with every run of white space
made one space (their spans mapped back to the paragraph): pysbd misses a
boundary followed by two spaces, which whitehouse.gov writes after its
sentences (a no-break space and a space). The rules get the paragraph as it
is.

Scores. A boundary is the start of every sentence but a paragraph's first.
Precision, recall and F1 are over those boundaries; exact is the share of
reference sentences a segmenter returns with exactly the same span; "in
quotations" counts the false splits that fall inside a quotation (an odd
number of double quotation marks before them in their reference sentence).
"""

from __future__ import annotations

import argparse
import hashlib
import html.parser
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from interview_data.reading.segment import sentence_spans  # noqa: E402

REFERENCE = Path(__file__).with_name("segmentation_reference.json")
SEED = ROOT / "raw" / "2021-09-24-aliyev-natsionalnaya-oborona"
SEED_SENTENCES = ROOT / "tests" / "fixtures" / "seed_sentences.txt"
PUBLISHERS = ("kremlin", "whitehouse", "pm")

# --- the text, derived from the publisher's file -----------------------------------

BLOCK = frozenset("""address article aside blockquote dd div dl dt figcaption figure footer form h1 h2 h3
    h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul""".split())
SKIP = frozenset("script style noscript svg template head title".split())
LINE_BREAK = re.compile(r"[ \t]*[\r\n][ \t\r\n]*")
SPACES = re.compile(r"\s+")
QUOTE_MARKS = re.compile("[“”„«»\"]")


class _Paragraphs(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.buffer: list[str] = []
        self.skipping = 0

    def flush(self) -> None:
        text = LINE_BREAK.sub(" ", "".join(self.buffer)).strip(" \t\r\n\f")
        if text:
            self.paragraphs.append(text)
        self.buffer = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in SKIP:
            self.skipping += 1
        elif tag in BLOCK:
            self.flush()
        elif tag == "br":
            self.buffer.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK:
            self.flush()

    def handle_startendtag(self, tag, attrs) -> None:
        if tag == "br":
            self.buffer.append("\n")
        elif tag in BLOCK:
            self.flush()

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.buffer.append(data)


def derive_html(markup: str) -> str:
    parser = _Paragraphs()
    parser.feed(markup)
    parser.close()
    parser.flush()
    return "\n\n".join(parser.paragraphs)


def derive(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".xml":
        content = ET.fromstring(raw).find(".//content")
        raw = (content.text or "") if content is not None else ""
    return derive_html(raw)


def sha256(data: str | bytes) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


# --- the segmenters, each giving spans of one paragraph ------------------------------

def _aligned(text: str, pieces) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        start = text.find(piece, cursor)
        if start < 0:
            raise ValueError(f"segment not found in its paragraph: {piece[:60]!r}")
        spans.append((start, start + len(piece)))
        cursor = start + len(piece)
    return spans


def _on_single_spaces(split):
    """``split`` run on the text with each run of white space made one space, its spans mapped back:
    pysbd misses a boundary followed by two spaces or a no-break space and a space, as whitehouse.gov
    writes them; the libraries get this help, the rules need none."""
    def run(text: str) -> list[tuple[int, int]]:
        origin, pieces, cursor = [], [], 0
        for match in SPACES.finditer(text):
            pieces.append(text[cursor:match.start()] + " ")
            origin.extend(range(cursor, match.start() + 1))
            cursor = match.end()
        pieces.append(text[cursor:])
        origin.extend(range(cursor, len(text)))
        return [(origin[s], origin[e - 1] + 1) for s, e in split("".join(pieces))]
    return run


def pysbd_segmenter():
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return _on_single_spaces(lambda text: _aligned(text, segmenter.segment(text)))


def syntok_segmenter():
    from syntok import segmenter

    def split(text: str) -> list[tuple[int, int]]:
        return [(sentence[0].offset, sentence[-1].offset + len(sentence[-1].value))
                for paragraph in segmenter.analyze(text) for sentence in paragraph if sentence]
    return _on_single_spaces(split)


SEGMENTERS = {"rules": lambda: sentence_spans, "pysbd": pysbd_segmenter, "syntok": syntok_segmenter}


# --- the references ---------------------------------------------------------------

def fail(message: str) -> None:
    raise SystemExit(f"segmentation.py: {message}")


def corpus_cases(corpus: Path) -> dict[str, list[tuple[str, list[tuple[int, int]]]]]:
    """Per publisher: (paragraph text, reference spans relative to it) for every judged paragraph."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    cases: dict[str, list] = {publisher: [] for publisher in PUBLISHERS}
    for document in reference["documents"]:
        path = corpus / document["path"]
        if not path.is_file():
            fail(f"{path} not found; pass --corpus (the folder holding kremlin/, pm-transcripts/ ...)")
        if sha256(path.read_bytes()) != document["file_sha256"]:
            fail(f"{document['path']}: the file's SHA-256 differs from the reference's; "
                 "the reference was judged on another version of it")
        text = derive(path)
        if sha256(text) != document["derived_sha256"]:
            fail(f"{document['path']}: the derived text's SHA-256 differs from the reference's; "
                 "the derivation changed, so the offsets no longer point at the judged text")
        sentences, judged = sorted(map(tuple, document["sentences"])), 0
        for start, end in map(tuple, document["paragraphs"]):
            inside = [(s, e) for s, e in sentences if start <= s < end]
            _check_tiling(document["path"], text, start, end, inside)
            cases[document["publisher"]].append((text[start:end], [(s - start, e - start) for s, e in inside]))
            judged += len(inside)
        if judged != len(sentences):
            fail(f"{document['path']}: {len(sentences) - judged} reference sentences lie outside its paragraphs")
    return cases


def _check_tiling(name: str, text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """The reference sentences cover the paragraph span, white space between them only."""
    cursor = start
    for s, e in spans:
        if text[cursor:s].strip() or not s < e <= end or text[s].isspace() or text[e - 1].isspace():
            fail(f"{name}: reference sentence [{s}, {e}) does not tile paragraph [{start}, {end})")
        cursor = e
    if not spans or text[cursor:end].strip():
        fail(f"{name}: paragraph [{start}, {end}) is not covered by its reference sentences")


def seed_cases() -> list[tuple[str, list[tuple[int, int]]]]:
    """The seed's turn paragraphs with the hand-checked sentences of tests/fixtures/seed_sentences.txt."""
    from interview_data.reading.interview import read_records

    tables = read_records(SEED, annotations=SEED / "no-annotations")  # the tables, annotations left out
    lines = [line for line in SEED_SENTENCES.read_text(encoding="utf-8").splitlines() if line]
    cases, cursor = [], 0
    for turn in tables.turns:
        for paragraph in turn.paragraphs:
            text, spans, position = paragraph.text, [], 0
            while position < len(text.rstrip()):
                start = text.find(lines[cursor], position)
                if start < 0 or text[position:start].strip():
                    fail(f"seed_sentences.txt line {cursor + 1} does not continue its paragraph")
                spans.append((start, start + len(lines[cursor])))
                position, cursor = start + len(lines[cursor]), cursor + 1
            cases.append((text, spans))
    return cases


# --- scores -----------------------------------------------------------------------

def score(cases, split) -> dict:
    tp = found = expected = exact = sentences = in_quotes = 0
    errors = []
    for text, reference in cases:
        predicted = split(text)
        ref_bounds = {s for s, _ in reference[1:]}
        got_bounds = {s for s, _ in predicted[1:]}
        tp += len(ref_bounds & got_bounds)
        found += len(got_bounds)
        expected += len(ref_bounds)
        exact += len(set(reference) & set(predicted))
        sentences += len(reference)
        errors += [("missed", text, b) for b in sorted(ref_bounds - got_bounds)]
        errors += [("false split", text, b) for b in sorted(got_bounds - ref_bounds)]
        in_quotes += sum(_inside_quotation(text, reference, b) for b in got_bounds - ref_bounds)
    precision = tp / found if found else 1.0
    recall = tp / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"sentences": sentences, "boundaries": expected, "precision": precision, "recall": recall,
            "f1": f1, "exact": exact / sentences if sentences else 1.0,
            "false_splits": found - tp, "false_splits_in_quotations": in_quotes, "errors": errors}


def _inside_quotation(text: str, reference: list[tuple[int, int]], boundary: int) -> bool:
    """Whether a false boundary falls inside a quotation: an odd number of double quotation marks
    precede it in its reference sentence (so reversed and straight marks count too)."""
    start = max(s for s, _ in reference if s <= boundary)
    return len(QUOTE_MARKS.findall(text, start, boundary)) % 2 == 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--errors", type=int, default=0, help="show up to N errors per segmenter and set")
    parser.add_argument("--json", type=Path, help="also write the scores as JSON")
    parser.add_argument("--show", choices=PUBLISHERS, help="print the reference sentences of one publisher")
    args = parser.parse_args()

    cases = corpus_cases(args.corpus)
    if args.show:
        for text, spans in cases[args.show]:
            print("\n".join(text[s:e] for s, e in spans), end="\n\n")
        return
    sets = {**cases, "overall": [case for publisher in PUBLISHERS for case in cases[publisher]],
            "seed": seed_cases()}
    rows = []
    print("| segmenter | set | sentences | precision | recall | F1 | exact | false splits (in quotations) | ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, factory in SEGMENTERS.items():
        try:
            split = factory()
        except ImportError:
            print(f"| {name} | not installed: pip install -e \".[bench]\" | | | | | | | |")
            continue
        for set_name, set_cases in sets.items():
            started = time.perf_counter()
            row = score(set_cases, split)
            row.update(segmenter=name, set=set_name, ms=(time.perf_counter() - started) * 1000)
            print(f"| {name} | {set_name} | {row['sentences']} | {row['precision']:.3f} | {row['recall']:.3f} "
                  f"| {row['f1']:.3f} | {row['exact']:.3f} | {row['false_splits']} "
                  f"({row['false_splits_in_quotations']}) | {row['ms']:.0f} |")
            for kind, text, offset in row["errors"][:args.errors] if set_name != "overall" else []:
                print(f"    {kind}: ...{text[max(0, offset - 60):offset]!r} | {text[offset:offset + 30]!r}")
            rows.append({k: v for k, v in row.items() if k != "errors"})
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
