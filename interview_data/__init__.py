"""interview-data: interview transcripts as a validated relational NLP dataset.

Importing the package is cheap: ``load``, ``configs`` and the rest are
imported on first use (PEP 562), so ``import interview_data`` pulls in
neither pydantic, pyarrow nor datasets.
"""

from ._version import __version__
from .errors import InterviewDataError

__all__ = ["__version__", "InterviewDataError", "configs", "load"]


def __getattr__(name: str):
    if name in ("load", "configs"):
        from . import loading as module

        return getattr(module, name)
    raise AttributeError(f"module 'interview_data' has no attribute {name!r}")
