"""Facts about the project, stated once: name, version, release date, licences, authors, addresses.

Everything a release says about the project itself is generated from here:
the card's BibTeX and licence table, the release's ``LICENSE-DATA.md`` and
``CITATION.cff``, and ``croissant.json``'s ``license``, ``citeAs`` and
``url``. Root files cannot be generated (a build writes only the release and
the card path it is given), so tests check them against these facts:
``CITATION.cff`` and ``LICENSE-DATA.md`` at the root are copies of the
committed release's, and ``pyproject.toml`` states ``CODE_LICENSE``.
Interviews' metadata adds the rest (each source text's licence); see
``reading/metadata.py``.
"""

from __future__ import annotations

from typing import Optional

from ._version import __version__

NAME = "interview-data"
VERSION = __version__
RELEASED = "2026-11-30"
"""Release date of VERSION, as CHANGELOG.md's heading for it states (a test checks): bump both together."""
TITLE = "interview-data: interview transcripts as a relational NLP dataset with claim annotation"
AUTHORS = ("The interview-data maintainers",)
"""Authors as CITATION.cff names them: each a name (an entity), in citation order."""
CODE_LICENSE = "MIT"
"""SPDX id of the code's licence (``LICENSE``; pyproject.toml's ``license``)."""
ANNOTATIONS_LICENSE = "CC-BY-4.0"
"""SPDX id of the licence of our annotations and curated metadata, in every interview."""
HOMEPAGE: Optional[str] = None
"""The project's public address. None: it has none yet, so no release names one (Croissant has no
``url``, the BibTeX a ``howpublished`` instead). Set it, and the card, BibTeX, Croissant and
CITATION.cff name it."""
INSTALL_FROM_CHECKOUT = "python -m pip install ."
"""How the package is installed: from a checkout of the repository (it is on no package index)."""
BUILD_WHEEL = "python -m pip wheel --no-deps -w dist ."
"""How a checkout makes a wheel to install elsewhere (see ``wheel_file``)."""


def year() -> str:
    return RELEASED[:4]


def wheel_file() -> str:
    """The wheel BUILD_WHEEL writes."""
    return f"dist/{NAME.replace('-', '_')}-{VERSION}-py3-none-any.whl"
