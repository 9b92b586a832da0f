"""Compare HTML parsers on the shared corpus's publisher pages: speed and fidelity.

    python scripts/compare_html_parsers.py [--corpus ../shared/corpus]

Every parser reads the same text (decoded as UTF-8 first, so that no parser's
encoding guess counts as a parsing difference): the 84 kremlin.ru pages, the 33
whitehouse.gov pages and the HTML bodies (``<content>``) of 400 PM
transcripts (every 13th file). Each parser's tree is reduced the same way:
the text of every ``<p>`` (ASCII whitespace runs as one space, no-break
spaces kept), in document order. Fidelity is measured against html5lib, which
implements the WHATWG parsing algorithm that browsers use: a page counts as
agreeing when its paragraph list is identical. Speed is the time to parse and
reduce every file, best of three runs.
Needs `pip install selectolax==1.0.2 html5lib==1.1 beautifulsoup4==4.15.0`
(not package dependencies; lxml is one, in the `import` extra).
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")


def tidy(text: str) -> str:
    return ASCII_SPACE.sub(" ", text).strip(" ")


def inputs(corpus: Path) -> list[tuple[str, str]]:
    from lxml import etree

    pages = [(p.name, p.read_text(encoding="utf-8")) for folder in ("kremlin", "whitehouse-covid-briefings")
             for p in sorted((corpus / folder).glob("*.html"))]
    xml = sorted((corpus / "pm-transcripts" / "transcripts").glob("*.xml"))[::13]
    safe = etree.XMLParser(resolve_entities=False, no_network=True)
    for path in xml:
        content = etree.fromstring(path.read_bytes(), safe).findtext("transcript/content") or ""
        pages.append((path.name, f"<html><body>{content}</body></html>"))
    return pages


def with_lxml(data: str) -> list[str]:
    from lxml import html

    return [tidy(p.text_content()) for p in html.document_fromstring(data).iter("p")]


def with_selectolax(data: str) -> list[str]:
    from selectolax.lexbor import LexborHTMLParser

    return [tidy(p.text(deep=True)) for p in LexborHTMLParser(data).css("p")]


def with_html5lib(data: str) -> list[str]:
    import html5lib

    tree = html5lib.parse(data, treebuilder="etree", namespaceHTMLElements=False)
    return [tidy("".join(p.itertext())) for p in tree.iter("p")]


def with_bs4_lxml(data: str) -> list[str]:
    from bs4 import BeautifulSoup

    return [tidy(p.get_text()) for p in BeautifulSoup(data, "lxml").find_all("p")]


PARSERS = {"lxml 6.1.3 (libxml2)": with_lxml, "selectolax 1.0.2 (lexbor)": with_selectolax,
           "BeautifulSoup 4.15.0 + lxml": with_bs4_lxml, "html5lib 1.1 (reference)": with_html5lib}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    pages = inputs(args.corpus)
    megabytes = sum(len(data.encode("utf-8")) for _, data in pages) / 1e6
    reference = {name: with_html5lib(data) for name, data in pages}
    print(f"{len(pages)} files, {megabytes:.1f} MB")
    print("| parser | seconds | MB/s | pages identical to html5lib | paragraphs differing | no-break spaces kept |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, reduce in PARSERS.items():
        best, outputs = float("inf"), {}
        for _ in range(3):
            started = time.perf_counter()
            outputs = {name: reduce(data) for name, data in pages}
            best = min(best, time.perf_counter() - started)
        same = sum(outputs[name] == reference[name] for name, _ in pages)
        differing = sum(a != b for name, _ in pages for a, b in zip(outputs[name], reference[name])) + sum(
            abs(len(outputs[name]) - len(reference[name])) for name, _ in pages)
        nbsp = sum(p.count("\u00a0") for name, _ in pages for p in outputs[name])
        print(f"| {label} | {best:.2f} | {megabytes / best:.1f} | {same}/{len(pages)} | {differing} | {nbsp} |")


if __name__ == "__main__":
    main()
