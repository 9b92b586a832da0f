"""One exception hierarchy: every user-facing failure is an InterviewDataError.

The CLI prints ``str(error)`` (``path:line: what is wrong; how to fix it``)
and exits non-zero; only ``--debug`` shows a traceback.
"""

from __future__ import annotations

import errno
from pathlib import Path


class InterviewDataError(Exception):
    """Root of every error the package raises on purpose."""

    def __init__(self, message: str, *, path: str | Path | None = None,
                 line: int | None = None, column: int | None = None,
                 fix: str | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.fix = fix
        super().__init__(self.render())

    def problems(self) -> list["InterviewDataError"]:
        """The individual problems this error stands for (itself, or a report's list)."""
        return [self]

    def render(self) -> str:
        place = ""
        if self.path:
            place = self.path
            if self.line is not None:
                place += f":{self.line}"
                if self.column is not None:
                    place += f":{self.column}"
            place += ": "
        text = place + self.message
        if self.fix:
            text += f"; {self.fix}"
        return text


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type's name when the message is empty)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class SourceError(InterviewDataError):
    """The transcript file cannot be read as a transcript."""


class InputError(InterviewDataError):
    """An input file is not one the build may read: outside the input folder, not a regular file, too large."""


class OutputError(InterviewDataError):
    """An output location is not one the command may write: not ours, or overlapping its input."""


class MetadataError(InterviewDataError):
    """interview.yaml is missing, malformed or inconsistent."""


class LayoutError(InterviewDataError):
    """The declared layout does not match the transcript."""


class AnnotationError(InterviewDataError):
    """A standoff annotation no longer anchors or breaks a rule."""


class IntegrityError(InterviewDataError):
    """Records or a release break a schema, key or offset invariant."""


class InternalError(InterviewDataError):
    """A bug, not a user's mistake: reported in one line, its traceback kept for ``--debug``."""

    def __init__(self, message: str, details: str = "") -> None:
        self.details = details
        super().__init__(message, fix="this is a bug in interview-data: run again with --debug and report "
                                      "the traceback; the previous release is unchanged")

    def __reduce__(self):
        return InternalError, (self.message, self.details)


class ErrorReport(InterviewDataError):
    """Several problems found in one pass, reported together."""

    MAX_SHOWN = 20

    def __init__(self, errors: list[InterviewDataError]) -> None:
        self.errors = errors
        shown = [e.render() for e in errors[: self.MAX_SHOWN]]
        hidden = len(errors) - len(shown)
        if hidden > 0:
            shown.append(f"... and {hidden} more problem(s)")
        super().__init__("\n".join(shown))

    def problems(self) -> list[InterviewDataError]:
        return self.errors

    def __reduce__(self):  # pickled as its problems, to cross from a worker process
        return ErrorReport, (self.errors,)

    def render(self) -> str:  # message already holds the joined lines
        return self.message


OS_FIXES = {
    errno.ENOSPC: "free some disk space and run again",
    errno.EDQUOT: "free some disk space and run again",
    errno.EFBIG: "the file system refuses a file this large; write the release to another file system",
    errno.EROFS: "the file system is read-only; pass a writable folder",
    errno.EACCES: "you may not write (or read) here; pass a folder you own, or fix its permissions",
    errno.EPERM: "you may not write (or read) here; pass a folder you own, or fix its permissions",
    errno.EISDIR: "a folder stands where a file belongs; rename or move it",
    errno.ENOTDIR: "a file stands where a folder belongs; rename or move it",
    errno.ENAMETOOLONG: "use a shorter path",
}


# Modules a build needs and loading does not (the build extra): module -> distribution.
BUILD_EXTRA = {"re2": "google-re2", "ahocorasick": "pyahocorasick", "yaml": "PyYAML", "tqdm": "tqdm"}


def as_user_error(exc: BaseException, note: str = "") -> InterviewDataError:
    """The package's own error for any failure: an operating-system error names its file and a fix;
    a module of the build extra that is not installed says how to install it; anything else is a
    bug, reported as one (its traceback kept for --debug)."""
    if isinstance(exc, InterviewDataError):
        return exc
    missing = (getattr(exc, "name", None) or "").split(".")[0] if isinstance(exc, ImportError) else ""
    if missing in BUILD_EXTRA:
        return InterviewDataError(f"this command needs {BUILD_EXTRA[missing]} (module {missing!r}), "
                                  "which comes with the build extra and is not installed",
                                  fix='install the build extra in the checkout: python -m pip install ".[build]"')
    if isinstance(exc, OSError):
        fix = OS_FIXES.get(exc.errno, "check the path and the disk, then run again")
        message = f"{exc.strerror or exc}" + (f" ({note})" if note else "")
        return InterviewDataError(message, path=exc.filename, fix=fix)
    import traceback  # only on this path: it costs a tenth of the package's import time

    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return InternalError(f"unexpected {type(exc).__name__}: {exc}", details=details)
