"""What an archive was built by: the schema version and a digest of the parsing code.

In a module of its own so that checking an archive (:mod:`wuwei_desktop.db.status`)
imports neither SQLAlchemy nor the parsers.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

SCHEMA_VERSION = 4  # 4: the search tables have a path column (search_fts, search_text)
"""Raise when the tables change: older archives are then rebuilt, not misread."""

PACKAGE = Path(__file__).resolve().parent.parent
BUILD_CODE = (
    "ingest/*.py",
    "facts/*.py",
    "db/build.py",
    "db/schema.py",
    "db/search.py",
    "db/outside_search.py",
    "db/pg_build.py",
    "db/pg_search.py",
)
"""The code that decides what an archive holds: the parsers, the figures, the build, and
what a server archive adds (its copy and its search grams)."""


def code_digest(package: Path = PACKAGE) -> str | None:
    """SHA-256 over the build code's source files (names and bytes, in name order).

    None in a frozen program (no source files there, and its archive was built with
    the code it carries) or when the files cannot be read: nothing to compare with.
    """
    if getattr(sys, "frozen", False):
        return None
    files = sorted({p for pattern in BUILD_CODE for p in package.glob(pattern)})
    if not files:
        return None
    digest = hashlib.sha256()
    try:
        for path in files:
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    except OSError:
        return None
    return digest.hexdigest()
