"""interview-data: interview transcripts as a validated relational NLP dataset."""

from ._version import __version__
from .errors import InterviewDataError
from .load import configs, load

__all__ = ["__version__", "InterviewDataError", "configs", "load"]
