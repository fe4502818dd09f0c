"""Tell whether an archive file is usable: missing, corrupt, of an old schema, or stale."""

from __future__ import annotations

import json
import sqlite3
from enum import Enum
from pathlib import Path

from ..ingest.catalog import CATALOG_NAME, sources_digest
from .version import SCHEMA_VERSION


class ArchiveState(Enum):
    OK = "ok"
    MISSING = "missing"
    CORRUPT = "corrupt"
    OLD_SCHEMA = "old_schema"
    STALE = "stale"  # built from other sources than those now on disk

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
}


def archive_state(db: Path, sources: Path | None = None) -> ArchiveState:
    """Check ``db``; compare it with ``sources`` when that folder holds a catalog.

    An installed program ships the archive without its sources: there is nothing to
    compare with (and nothing to rebuild from), so such an archive is never stale.
    """
    if not db.is_file():
        return ArchiveState.MISSING
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            rows = dict(conn.execute("SELECT key, value FROM meta"))
        finally:
            conn.close()
    except sqlite3.Error:
        return ArchiveState.CORRUPT
    if version != SCHEMA_VERSION or rows.get("schema_version") != str(SCHEMA_VERSION):
        return ArchiveState.OLD_SCHEMA
    stored_digest = json.loads(rows.get("sources", "{}"))
    shipped = sources is not None and (sources / CATALOG_NAME).is_file()
    if shipped and stored_digest != sources_digest(sources):
        return ArchiveState.STALE
    return ArchiveState.OK
