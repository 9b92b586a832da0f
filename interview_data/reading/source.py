"""Reading a transcript: bytes in, text out, with errors that name the byte and line."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from .inputs import MAX_SOURCE_BYTES, decode_utf8, read_input


@dataclass(frozen=True)
class Source:
    path: Path
    text: str
    sha256: str


def read_source(path: Path, root: Path | None = None) -> Source:
    """The transcript at ``path``; with ``root``, the file must lie inside that folder."""
    try:
        data = read_input(path, root, MAX_SOURCE_BYTES)
    except FileNotFoundError:
        raise SourceError("source.txt is missing", path=path,
                          fix="put the verbatim transcript text in this file") from None
    if not data.strip():
        raise SourceError("the transcript is empty", path=path,
                          fix="put the verbatim transcript text in this file")
    if b"\x00" in data:
        nul = data.index(b"\x00")
        line = data[:nul].count(b"\n") + 1
        raise SourceError(f"binary data (NUL byte at byte {nul})", path=path, line=line,
                          fix="save the transcript as plain UTF-8 text")
    text = decode_utf8(data, path, SourceError, fix="re-save the file as UTF-8 (e.g. iconv -f cp1252 -t utf-8)")
    return Source(path=path, text=text, sha256=hashlib.sha256(data).hexdigest())


def line_of(text: str, offset: int) -> int:
    """1-based line number of a code-point offset (LF, CRLF and CR all end a line)."""
    head = text[:offset]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1
