"""Load the release shipped with the package, offline and without cache writes."""

from __future__ import annotations

import hashlib
from importlib.resources import files
from pathlib import Path
from typing import Optional

from .errors import InterviewDataError
from .models import TABLES

PARQUET_GLOB = "train-*.parquet"


def configs() -> list[str]:
    """The table names, each one loadable with :func:`load`."""
    return list(TABLES)


def release_path() -> Path:
    """The release folder: inside the installed wheel, else the checkout's build/."""
    packaged = Path(str(files("interview_data") / "release"))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "build"
    if checkout.is_dir():
        return checkout
    raise InterviewDataError("no release found next to the package",
                             fix="reinstall interview-data, or run `interview-data build` in the checkout")


def load(config: str, split: str = "train", *, release: Optional[Path] = None, verify: bool = False):
    """One table as a ``datasets.Dataset`` (features with ClassLabel and nested lists)."""
    if config not in TABLES:
        raise InterviewDataError(f"unknown config {config!r}", fix=f"use one of {', '.join(TABLES)}")
    if split != "train":
        raise InterviewDataError(f"unknown split {split!r}", fix="the release has one split: 'train'")
    root = Path(release) if release is not None else release_path()
    if verify:
        _verify(root)
    return _dataset(sorted((root / "data" / config).glob(PARQUET_GLOB)), root, config)


def _dataset(paths: list[Path], root: Path, config: str):
    import pyarrow as pa
    import pyarrow.parquet as pq
    from datasets import Dataset

    if not paths:
        raise InterviewDataError(f"no Parquet files for {config!r}", path=root / "data" / config,
                                 fix="rebuild the release with `interview-data build`")
    table = pa.concat_tables([pq.read_table(p) for p in paths]) if len(paths) > 1 else pq.read_table(paths[0])
    # Without a fingerprint, Dataset() hashes every row; the files' checksums identify the data already.
    return Dataset(table, fingerprint=_fingerprint(root, paths))


def _fingerprint(root: Path, paths: list[Path]) -> str:
    """A fingerprint from the release manifest (content hashes), else from file names, sizes and times."""
    manifest = root / "SHA256SUMS"
    names = {p.relative_to(root).as_posix() for p in paths}
    lines = []
    if manifest.is_file():
        lines = [line for line in manifest.read_text(encoding="utf-8").splitlines() if line.split("  ", 1)[-1] in names]
    if len(lines) != len(paths):
        lines = [f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in paths]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def _verify(root: Path) -> None:
    from .errors import ErrorReport
    from .integrity import checksum_errors
    from .release import CHECKSUMS

    errors = list(checksum_errors(root / CHECKSUMS))
    if errors:
        raise ErrorReport(errors)
