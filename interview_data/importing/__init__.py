"""Importers: a publisher's own files (HTML pages, XML exports) as raw/<id>/ folders.

Each format is one module with ``NAME``, ``SUFFIXES`` and
``convert(data: bytes, provenance) -> Draft | Quarantine``; adding a
publisher is adding a module and one line here.
"""

from __future__ import annotations

from . import kremlin, pm_transcripts, whitehouse

FORMATS = {module.NAME: module for module in (pm_transcripts, kremlin, whitehouse)}
