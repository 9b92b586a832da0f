"""A release's files: where each table lives, the marker that says the folder is ours, and SHA256SUMS.

``SHA256SUMS`` lists every file of a release but itself (``sha256sum -c``
format: 64 hex digits, two spaces, a relative POSIX path). It is read
strictly: a line in another form, a path leaving the release or a file
listed twice is an error naming the line. The marker file
``interview-data.json`` records the package and version that wrote the
release; it is listed in the manifest like every other file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Iterable, NamedTuple, Optional

from .._version import __version__
from ..errors import ErrorReport, IntegrityError
from ..records.models import TABLES, Split

CHECKSUMS = "SHA256SUMS"
MARKER = "interview-data.json"
LICENCE_FILE = "LICENSE-DATA.md"  # also at the project's root: a copy of the committed release's
CITATION_FILE = "CITATION.cff"  # likewise
GUIDELINES = "ANNOTATION_GUIDELINES.md"  # copied from raw/ when it is there
GENERATOR = "interview-data"
MARKER_FORMAT = 1
MAX_MANIFEST_BYTES = 4 << 20
MANIFEST_LINE = re.compile(r"(?P<digest>[0-9a-f]{64})  (?P<name>[^\n\r]+)")
RESTORE = "restore the release (rebuild it, or download it again)"


def parquet_name(split: Split, shard: int, shards: int) -> str:
    return f"{split.value}-{shard:05d}-of-{shards:05d}.parquet"


def split_files(root: Path, config: str, split: Split) -> list[Path]:
    """A table's Parquet files of one split, in shard order."""
    return sorted((root / "data" / config).glob(f"{split.value}-*.parquet"))


def parquet_files(root: Path, config: str) -> list[Path]:
    """A table's Parquet files, split by split (train, validation, test), each in shard order."""
    return [path for split in Split for path in split_files(root, config, split)]


def jsonl_file(root: Path, config: str) -> Path:
    return root / "jsonl" / f"{config}.jsonl"


# --- the marker --------------------------------------------------------------------

def marker_text() -> str:
    """The marker of a release written by this version of the package (deterministic)."""
    return json.dumps({"generator": GENERATOR, "format": MARKER_FORMAT, "version": __version__},
                      indent=2, sort_keys=True) + "\n"


def marker_version(root: Path) -> Optional[str]:
    """The version recorded in ``root``'s marker, or None when there is no readable marker of ours."""
    path = root / MARKER
    try:
        if not path.is_file() or path.stat().st_size > 4096:
            return None
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != GENERATOR or not isinstance(data.get("version"), str):
        return None
    return data["version"]


def version_problem(version: Optional[str], root: Path) -> Optional[IntegrityError]:
    """Why a release of ``version`` cannot be read by this package, or None. A different patch
    version reads the same; a different major or minor version may not."""
    if version is None:
        return IntegrityError(f"not a release of interview-data {__version__} (no readable {MARKER})",
                              path=root, fix="rebuild it with `interview-data build`, or pass the right folder")
    if version.split(".")[:2] != __version__.split(".")[:2]:
        return IntegrityError(f"the release was written by interview-data {version}; this is {__version__}",
                              path=root / MARKER,
                              fix=f"install interview-data=={version}, or rebuild the release with this version")
    return None


# --- the manifest ------------------------------------------------------------------

def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def release_files(root: Path) -> list[Path]:
    """Every file of a release folder but the manifest, in a stable order."""
    return sorted(p for p in root.rglob("*") if (p.is_file() or p.is_symlink()) and p != root / CHECKSUMS)


def write_checksums(root: Path) -> None:
    files = release_files(root)
    with ThreadPoolExecutor(max(2, os.cpu_count() or 1)) as pool:  # hashing and reading release the GIL
        digests = list(pool.map(sha256_file, files))
    lines = [f"{digest}  {p.relative_to(root).as_posix()}\n" for digest, p in zip(digests, files)]
    (root / CHECKSUMS).write_text("".join(lines), encoding="utf-8", newline="\n")


class Entry(NamedTuple):
    digest: str
    line: int


def read_manifest(root: Path) -> dict[str, Entry]:
    """``{relative path: (digest, line)}`` from ``root/SHA256SUMS``, read strictly; every problem found is
    raised together, each naming its line."""
    path = root / CHECKSUMS
    if not path.is_file() or path.is_symlink():
        raise IntegrityError(f"{CHECKSUMS} is missing", path=path, fix=RESTORE)
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise IntegrityError(f"{CHECKSUMS} is over {MAX_MANIFEST_BYTES >> 20} MiB", path=path, fix=RESTORE)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IntegrityError(f"not valid UTF-8 at byte {exc.start}", path=path,
                             line=data[: exc.start].count(b"\n") + 1, fix=RESTORE) from None
    entries, errors = {}, []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        problem, name = _manifest_line_problem(line, entries)
        if problem:
            errors.append(IntegrityError(problem, path=path, line=number, fix=RESTORE))
        else:
            entries[name] = Entry(MANIFEST_LINE.fullmatch(line).group("digest"), number)
    if errors:
        raise ErrorReport(errors)
    return entries


def _manifest_line_problem(line: str, seen: dict[str, Entry]) -> tuple[Optional[str], str]:
    match = MANIFEST_LINE.fullmatch(line)
    if match is None:
        return "not a line of the form '<64 hex digits>  <path>'", ""
    name = match.group("name")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or "\\" in name or not parts or any(p in ("..", ".") for p in parts) \
            or PurePosixPath(*parts).as_posix() != name:
        return f"{name!r} is not a plain path inside the release", name
    if name == CHECKSUMS:
        return f"{CHECKSUMS} lists itself", name
    if name in seen:
        return f"{name} is listed twice", name
    return None, name


def checksum_errors(root: Path, entries: dict[str, Entry]) -> Iterable[IntegrityError]:
    """Files listed but missing or different, and files present but not listed."""
    manifest = root / CHECKSUMS
    present = {p.relative_to(root).as_posix(): p for p in release_files(root)}
    for name, (digest, line) in entries.items():
        path = present.get(name)
        if path is None:
            yield IntegrityError(f"{name} is listed but missing", path=manifest, line=line, fix=RESTORE)
        elif path.is_symlink() or not path.is_file():
            yield IntegrityError(f"{name} is not a regular file", path=manifest, line=line, fix=RESTORE)
        elif sha256_file(path) != digest:
            yield IntegrityError(f"{name} does not match its checksum (modified or truncated)",
                                 path=manifest, line=line, fix=RESTORE)
    for name in sorted(set(present) - set(entries)):
        yield IntegrityError(f"{name} is in the release but not in {CHECKSUMS} (added after the build?)",
                             path=root / name, fix="remove it, or " + RESTORE)


def looks_like_legacy_release(root: Path) -> bool:
    """A release written before the marker existed (0.1.x), recognised by its manifest: it lists
    every file in the folder and a Parquet file of every table."""
    try:
        entries = read_manifest(root)
    except IntegrityError:
        return False
    present = {p.relative_to(root).as_posix() for p in release_files(root)}
    tables = all(any(n.startswith(f"data/{c}/train-") and n.endswith(".parquet") for n in entries) for c in TABLES)
    return tables and "croissant.json" in entries and present == set(entries)
