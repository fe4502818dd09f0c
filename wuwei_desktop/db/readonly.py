"""Open an archive file read-only with the standard library's sqlite3 (no SQLAlchemy).

The one place that turns a file path into an SQLite URI: ``Path.as_uri()`` percent-quotes
every character that means something in a URI (``#``, ``?``, ``%``, spaces) and encodes
non-ASCII names as UTF-8, so an archive in ``D:\\资料\\a#b 50%`` opens like any other.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def readonly_uri(path: Path) -> str:
    """The ``file:`` URI that opens ``path`` read-only."""
    return f"{Path(path).resolve().as_uri()}?mode=ro"


def open_readonly(path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """A read-only connection to ``path`` (which must exist: ``mode=ro`` never creates).

    Raises:
        sqlite3.Error: the file cannot be opened as a database.
    """
    return sqlite3.connect(readonly_uri(path), uri=True, check_same_thread=check_same_thread)


def quick_check(path: Path) -> list[str]:
    """SQLite's ``PRAGMA quick_check`` of the file: an empty list when it is sound, else
    the problems it names (a damaged page, an index out of step with its table).

    Raises:
        sqlite3.Error: the file cannot be read as a database at all.
    """
    conn = open_readonly(path)
    try:
        rows = [row[0] for row in conn.execute("PRAGMA quick_check")]
    finally:
        conn.close()
    return [] if rows == ["ok"] else [str(row) for row in rows]
