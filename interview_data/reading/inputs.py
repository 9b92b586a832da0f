"""Reading input files safely: only regular files, only inside the input folder, only up to a size.

Every file the build reads from ``raw/`` goes through :func:`read_contained`:
a symbolic link is followed only when it stays inside the input folder, a
FIFO, device or folder standing where a file belongs is refused (opened
without blocking, checked on the open descriptor), and a file over its size
limit is refused before it is read, so a hostile input cannot publish a file
from elsewhere, block the build or fill the memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Optional

from ..errors import InputError, InterviewDataError

MiB = 1 << 20
MAX_SOURCE_BYTES = 64 * MiB  # the seed is 70 kB; the longest transcript in the shared corpus is under 1 MB
MAX_METADATA_BYTES = 1 * MiB  # interview.yaml
MAX_ANNOTATION_BYTES = 64 * MiB  # each annotation file
MAX_TEXT_BYTES = 4 * MiB  # guidelines and other text files copied into the release


def contained(path: Path, root: Path) -> Path:
    """``path`` resolved, or an InputError when it (through a symbolic link) lies outside ``root``."""
    real_root = root.resolve()
    real = path.resolve()
    if real != real_root and real_root not in real.parents:
        raise InputError(f"is a symbolic link to {real}, outside {root}", path=path,
                         fix=f"copy the file into {root} instead of linking to it")
    return real


def read_contained(path: Path, root: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, which must lie inside ``root`` and hold at most ``limit``
    bytes. A missing file raises FileNotFoundError, for the caller to explain."""
    contained(path, root)
    return read_regular(path, limit)


def read_input(path: Path, root: Optional[Path], limit: int) -> bytes:
    """``read_contained`` when there is a ``root`` to stay inside, else ``read_regular``."""
    return read_contained(path, root, limit) if root is not None else read_regular(path, limit)


def decode_utf8(data: bytes, path: Path, error: type[InterviewDataError], fix: str) -> str:
    """``data`` as text; bytes that are not UTF-8 raise ``error`` naming their line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(f"not valid UTF-8 at byte {exc.start} (0x{data[exc.start]:02x})", path=path, line=line,
                    column=column, fix=fix) from None


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes (FileNotFoundError if absent)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"is {_kind(mode)}, not a regular file", path=path, fix="put a plain file here")
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"is larger than the limit of {limit // MiB} MiB", path=path,
                         fix="split it, or check that it is the file you meant")
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
