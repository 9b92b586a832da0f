"""`interview-data import`: publishers' files in, raw/<id>/ folders and a report out (the I/O edge).

Safety:
- only the files named (or, for a folder named, its files with the format's
  suffix, not descending) are read, each a regular file of at most
  MAX_FILE_BYTES, through ``reading.inputs.read_regular`` (a FIFO or device
  is refused without blocking);
- the only things written are new ``<raw>/<id>/`` folders, each staged in a
  hidden folder inside ``<raw>`` and renamed into place whole, so a folder
  is never half written; an existing ``<raw>/<id>`` is never overwritten,
  except with ``replace`` when the importer wrote it and nobody edited it
  since (its MARKER lists the SHA-256 of every file it holds).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional

from lxml import etree

from ..errors import InputError, InterviewDataError
from ..reading.inputs import MiB, read_regular
from . import FORMATS
from .draft import Draft, Provenance, Quarantine
from .html_text import TooDeep

MAX_FILE_BYTES = 16 * MiB  # the largest file of the shared corpus is 0.3 MB
MARKER = ".imported.json"
FILES = ("source.txt", "interview.yaml")


@dataclass(frozen=True)
class Outcome:
    """One input file's fate: imported as an id, quarantined with a reason, or refused (its folder exists)."""

    file: str
    status: str  # imported | quarantined | refused
    interview_id: Optional[str] = None
    reason: Optional[str] = None
    detail: Optional[str] = None
    sha256: Optional[str] = None

    def line(self) -> str:
        what = self.interview_id if self.status == "imported" else f"{self.reason}: {self.detail}"
        if self.status == "refused":
            what = f"{self.interview_id}: {self.detail}"
        return f"{self.status}\t{self.file}\t{what}"


def input_files(importer: str, paths: Iterable[Path]) -> list[Path]:
    """The files to read: each path named, or a named folder's files with the format's suffix, sorted."""
    module = FORMATS[importer]
    files = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            files += sorted(p for p in path.iterdir() if p.name.endswith(module.SUFFIXES)
                            and not p.name.startswith("."))
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            raise InterviewDataError("no such file or folder", path=path, fix="check the path")
    return files


def import_files(importer: str, paths: Iterable[Path], raw: Path, replace: bool = False,
                 progress: Optional[Callable[[Outcome], None]] = None) -> list[Outcome]:
    """Import every file; returns one outcome per file, in order."""
    files = input_files(importer, paths)
    _check_raw(raw)
    outcomes, made = [], {}
    for path in files:
        outcome = _import_one(importer, path, raw, replace, made)
        outcomes.append(outcome)
        if progress:
            progress(outcome)
    return outcomes


def _check_raw(raw: Path) -> None:
    if raw.is_symlink() or (raw.exists() and not raw.is_dir()):
        raise InterviewDataError("is not a folder", path=raw, fix="pass --raw DIR, a folder (it is created if absent)")
    raw.mkdir(parents=True, exist_ok=True)


def convert(importer: str, data: bytes, name: str) -> Draft | Quarantine:
    """The draft (or quarantine) for one file's bytes: pure."""
    provenance = Provenance(original_file=name, sha256=hashlib.sha256(data).hexdigest(), importer=importer)
    try:
        return FORMATS[importer].convert(data, provenance)
    except UnicodeDecodeError as exc:
        return Quarantine("unreadable", f"not UTF-8 at byte {exc.start}")
    except (etree.LxmlError, TooDeep, ValueError) as exc:
        return Quarantine("unreadable", f"{type(exc).__name__}: {exc}"[:300])


def _import_one(importer: str, path: Path, raw: Path, replace: bool, made: dict[str, str]) -> Outcome:
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except InputError as exc:
        return Outcome(str(path), "quarantined", reason="unreadable", detail=exc.message)
    sha = hashlib.sha256(data).hexdigest()
    result = convert(importer, data, path.name)
    if isinstance(result, Quarantine):
        return Outcome(str(path), "quarantined", reason=result.reason, detail=result.detail, sha256=sha)
    if result.interview_id in made:
        return Outcome(str(path), "quarantined", reason="duplicate", sha256=sha,
                       detail=f"imported once already in this run, from {made[result.interview_id]}")
    made[result.interview_id] = str(path)
    refusal = _write(raw, result, replace)
    if refusal:
        return Outcome(str(path), "refused", interview_id=result.interview_id, detail=refusal, sha256=sha)
    return Outcome(str(path), "imported", interview_id=result.interview_id, sha256=sha)


def folder_files(draft: Draft) -> dict[str, bytes]:
    """The files of raw/<id>/ for a draft, the marker included: the same draft gives the same bytes."""
    files = {"source.txt": draft.source_text.encode("utf-8"), "interview.yaml": draft.yaml_text.encode("utf-8")}
    marker = {"written_by": "interview-data import", "importer": draft.meta["provenance"]["importer"],
              "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}}
    files[MARKER] = (json.dumps(marker, indent=1, sort_keys=True) + "\n").encode("utf-8")
    return files


def _write(raw: Path, draft: Draft, replace: bool) -> Optional[str]:
    """Write raw/<id>/ whole, or say why not."""
    folder = raw / draft.interview_id
    exists = folder.exists() or folder.is_symlink()
    if exists and not replace:
        return "folder exists; pass --replace to rewrite a folder this command wrote"
    if exists and not owned(folder):
        return ("folder exists and was not written by interview-data import, or was edited since; "
                "remove or rename it yourself to import again")
    staging = Path(tempfile.mkdtemp(prefix=f".import-{draft.interview_id}.", dir=raw))
    try:
        for name, data in folder_files(draft).items():
            (staging / name).write_bytes(data)
        if exists:
            old = Path(tempfile.mkdtemp(prefix=f".import-old-{draft.interview_id}.", dir=raw))
            os.rename(folder, old / "replaced")
            os.rename(staging, folder)
            shutil.rmtree(old)
        else:
            os.rename(staging, folder)  # fails if the folder appeared meanwhile: never merged into
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return None


def owned(folder: Path) -> bool:
    """Written by this command and unchanged since: exactly the files its marker lists, with those hashes."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        marker = json.loads(read_regular(folder / MARKER, MiB))
        names = sorted(entry.name for entry in folder.iterdir())
        if marker.get("written_by") != "interview-data import" or names != sorted([*marker["files"], MARKER]):
            return False
        return all(hashlib.sha256(read_regular(folder / name, 64 * MiB)).hexdigest() == digest
                   for name, digest in marker["files"].items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError, InterviewDataError):
        return False


def write_report(path: Path, importer: str, outcomes: list[Outcome]) -> None:
    """The report as JSON Lines: one object per input file."""
    lines = [json.dumps({"importer": importer, **{k: v for k, v in asdict(o).items() if v is not None}},
                        ensure_ascii=False, sort_keys=True) for o in outcomes]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
