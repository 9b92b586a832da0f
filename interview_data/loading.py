"""Load the release shipped with the package, offline and without cache writes."""

from __future__ import annotations

import hashlib
import re
from importlib.resources import files
from pathlib import Path
from typing import Optional

from .errors import ErrorReport, InterviewDataError, first_line
from .publish.paths import marker_version, read_manifest, split_files, version_problem
from .records.models import TABLES, Split

SPLITS = [split.value for split in Split]

CARD_DESCRIPTION = re.compile(r"^# Dataset Card for [^\n]*\n\n(.+?)\n\n", re.M | re.S)  # its first paragraph
CARD_CITATION = re.compile(r"```bibtex\n(.+?)```", re.S)
CARD_LICENCE = re.compile(r"^license_name: (.+)$", re.M)  # a mixed licence's name, else the one licence:
CARD_SINGLE_LICENCE = re.compile(r"^license: (.+)$", re.M)


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
    """One split ("train", "validation" or "test", or several joined by "+" as in ``load_dataset``) of
    one table as a ``datasets.Dataset`` (features with ClassLabel and nested lists).

    The release's version is always checked (a different major or minor version is refused).
    ``verify=True`` also checks, before reading, that the release holds exactly the files its
    manifest lists, each with its checksum, and that the table's Parquet files have the table's
    schema; ``interview-data validate`` checks the records themselves."""
    if config not in TABLES:
        raise InterviewDataError(f"unknown config {config!r}", fix=f"use one of {', '.join(TABLES)}")
    parts = split.split("+")
    if not all(part in SPLITS for part in parts) or len(set(parts)) != len(parts):
        raise InterviewDataError(f"unknown split {split!r}", fix=f"use one of {', '.join(SPLITS)}, or several "
                                 "joined by '+' (train+validation+test is every row)")
    root = Path(release) if release is not None else release_path()
    if not root.is_dir():
        raise InterviewDataError("release folder not found", path=root,
                                 fix="pass the folder written by `interview-data build`")
    if verify:
        _verify(root, config)
    else:
        problem = version_problem(marker_version(root), root)
        if problem is not None:
            raise problem
    return _dataset([path for part in parts for path in split_files(root, config, Split(part))], root, config, split)


def _dataset(paths: list[Path], root: Path, config: str, split: str):
    import pyarrow as pa
    import pyarrow.parquet as pq
    from datasets import Dataset, NamedSplit

    if not paths:
        raise InterviewDataError(f"no Parquet files for {config!r}", path=root / "data" / config,
                                 fix="rebuild the release with `interview-data build`")
    tables = []
    for path in paths:
        try:
            tables.append(pq.read_table(path))
        except (pa.ArrowException, OSError) as exc:
            raise InterviewDataError(f"not a readable Parquet file ({first_line(exc)})",
                                     path=path, fix="restore the release (rebuild it, or download it again)") from None
    table = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    # Without a fingerprint, Dataset() hashes every row; the files' checksums identify the data already.
    return Dataset(table, info=_info(root, config), split=NamedSplit(split), fingerprint=_fingerprint(root, paths))


def _info(root: Path, config: str):
    """The dataset's description, citation, licence and version, as its card (the release's
    README.md) and marker state them; empty where the release has no card."""
    from datasets import DatasetInfo

    card = root / "README.md"
    text = card.read_text(encoding="utf-8", errors="replace") if card.is_file() and card.stat().st_size < 1 << 22 else ""
    licence = _card_part(text, CARD_LICENCE) or _card_part(text, CARD_SINGLE_LICENCE)
    return DatasetInfo(description=_card_part(text, CARD_DESCRIPTION), citation=_card_part(text, CARD_CITATION),
                       license=licence, version=marker_version(root), dataset_name="interview-data",
                       config_name=config)


def _card_part(text: str, pattern: re.Pattern) -> str:
    match = pattern.search(text)
    return match.group(1).strip() if match else ""


def _fingerprint(root: Path, paths: list[Path]) -> str:
    """A fingerprint from the release manifest (content hashes), else from file names, sizes and times."""
    names = [p.relative_to(root).as_posix() for p in paths]
    try:
        entries = read_manifest(root)
        lines = [f"{entries[name].digest}  {name}" for name in names]
    except (InterviewDataError, KeyError, OSError):
        lines = [f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in paths]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def _verify(root: Path, config: str) -> None:
    from .publish.release_checks import file_errors

    errors = list(file_errors(root, configs=[config]))
    if errors:
        raise ErrorReport(errors)
