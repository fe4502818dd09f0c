"""Tell whether an archive file is usable: missing, corrupt, of an old schema, or stale."""

from __future__ import annotations

import json
import logging
import sqlite3
from enum import Enum
from pathlib import Path

from ..ingest.catalog import CATALOG_NAME, sources_digest
from .readonly import open_readonly, quick_check
from .version import SCHEMA_VERSION, code_digest

log = logging.getLogger(__name__)

CODE_KEY = "code"
"""The meta key holding :func:`~wuwei_desktop.db.version.code_digest` of the build."""


class ArchiveState(Enum):
    OK = "ok"
    MISSING = "missing"
    CORRUPT = "corrupt"
    OLD_SCHEMA = "old_schema"
    STALE = "stale"  # built from other sources than those now on disk
    STALE_CODE = "stale_code"  # built by other parsing code than the program's own

    @property
    def message(self) -> str:
        """What the state means to a user, in Chinese."""
        return _MESSAGES[self]


_MESSAGES = {
    ArchiveState.OK: "档案数据库可用。",
    ArchiveState.MISSING: "找不到档案数据库。",
    ArchiveState.CORRUPT: "档案数据库已损坏或不是本程序的数据库。",
    ArchiveState.OLD_SCHEMA: "档案数据库的版本与本程序不符，需要重新生成。",
    ArchiveState.STALE: "资料文件已更新，档案数据库已过期，需要重新生成。",
    ArchiveState.STALE_CODE: "程序的资料解析部分已更新，档案数据库已过期，需要重新生成。",
}


def archive_state(db: Path, sources: Path | None = None, thorough: bool = False) -> ArchiveState:
    """Check ``db``; compare it with ``sources`` when that folder holds a catalog.

    An installed program ships the archive without its sources: there is nothing to
    compare with (and nothing to rebuild from), so such an archive is never stale. From
    source, an archive built by other parsing code (:func:`code_digest`) is stale too.
    ``thorough`` also reads every page (``PRAGMA quick_check``): a damaged page is
    CORRUPT.
    """
    if not db.is_file():
        return ArchiveState.MISSING
    try:
        conn = open_readonly(db)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            rows = dict(conn.execute("SELECT key, value FROM meta"))
        finally:
            conn.close()
        problems = quick_check(db) if thorough else []
    except sqlite3.Error as error:
        log.warning("cannot read the archive %s: %s", db, error)
        return ArchiveState.CORRUPT
    if problems:
        log.error("quick_check of %s: %s", db, "; ".join(problems[:20]))
        return ArchiveState.CORRUPT
    if version != SCHEMA_VERSION:
        return ArchiveState.OLD_SCHEMA
    return meta_state(rows, sources)


def meta_state(rows: dict[str, str], sources: Path | None) -> ArchiveState:
    """The state an archive's meta record tells (schema, sources and code it was built
    from); for a file and for an archive on a server alike."""
    if rows.get("schema_version") != str(SCHEMA_VERSION):
        return ArchiveState.OLD_SCHEMA
    if sources is None or not (sources / CATALOG_NAME).is_file():
        return ArchiveState.OK
    try:
        stored_digest = json.loads(rows.get("sources", "{}"))
    except ValueError:
        return ArchiveState.CORRUPT
    if stored_digest != sources_digest(sources):
        return ArchiveState.STALE
    code = code_digest()
    if code is not None and rows.get(CODE_KEY) != code:
        return ArchiveState.STALE_CODE
    return ArchiveState.OK
