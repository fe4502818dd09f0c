"""Build the archive into a PostgreSQL database, never leaving a half archive visible.

The archive is first built as usual into a temporary SQLite file (every check of the
SQLite build runs), then copied in one transaction into a new schema, which replaces
the schema :data:`~wuwei_desktop.db.server.ARCHIVE_SCHEMA` by a rename just before the
commit: readers see the old archive until the commit and the new one after it, and a
failed build rolls back without a trace. Builds of one database take turns under an
advisory lock. Text columns get the "C" collation, so text sorts as in SQLite.
"""

from __future__ import annotations

import sqlite3
import tempfile
import uuid
from pathlib import Path

from . import pg_search, search
from .build import BuildError, BuildSummary, build_archive
from .location import display_location
from .schema import metadata
from .server import ARCHIVE_SCHEMA, Error
from .status import ArchiveState, meta_state

_LOCK_KEY = 0x57555745  # "WUWE": one build at a time per database
_BUILDING = f"{ARCHIVE_SCHEMA}_building"
_COPIED = [table.name for table in metadata.sorted_tables] + [
    search.NODE_TABLE,
    search.DOC_TABLE,
    search.INFO_TABLE,
]

_SEARCH_DDL = f"""
CREATE TABLE {search.NODE_TABLE} (ord integer PRIMARY KEY, top_ord integer NOT NULL);
CREATE TABLE {search.DOC_TABLE} (doc_id varchar COLLATE "C" PRIMARY KEY, lo integer,
    hi integer, contiguous integer);
CREATE TABLE {search.INFO_TABLE} (key varchar COLLATE "C" PRIMARY KEY, value text);
CREATE TABLE {pg_search.TEXT_TABLE} (ord integer PRIMARY KEY, title_f text COLLATE "C",
    body_f text COLLATE "C", path_f text COLLATE "C", ntok integer NOT NULL);
CREATE TABLE {pg_search.GRAM_TABLE} (ord integer PRIMARY KEY, grams tsvector NOT NULL,
    tgrams tsvector NOT NULL, pgrams tsvector NOT NULL);
ALTER TABLE {pg_search.TEXT_TABLE} ALTER COLUMN body_f SET STORAGE EXTERNAL;
CREATE FUNCTION instr(haystack text, needle text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT AS 'SELECT strpos(haystack, needle)';
CREATE FUNCTION wuwei_occurrences(haystack text, needle text) RETURNS integer
    LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    found integer := 0;
    start integer := 1;
    at integer;
BEGIN
    IF needle = '' THEN RETURN 0; END IF;
    LOOP
        at := strpos(substr(haystack, start), needle);
        EXIT WHEN at = 0;
        found := found + 1;
        start := start + at;
    END LOOP;
    RETURN found;
END $$;
"""


def build_server_archive(sources: Path, url: str) -> BuildSummary:
    """Parse the sources and write the archive into the database of ``url``.

    Raises SourceError (a source cannot be used) or BuildError (Chinese message); the
    archive on the server is then unchanged.
    """
    where = display_location(url)
    with tempfile.TemporaryDirectory(prefix="wuwei-build-") as folder:
        local = Path(folder) / "wuwei.db"
        summary = build_archive(sources, local)
        try:
            copy_to_server(local, url)
        except (Error, sqlite3.Error) as error:
            cause = str(error).strip() or type(error).__name__
            raise BuildError(
                f"无法写入服务器上的档案（{where}）：{cause}。原有的档案未改动。"
            ) from error
    summary.out = where  # type: ignore[assignment]
    return summary


def server_state(url: str, sources: Path) -> ArchiveState:
    """Whether the archive on the server is current for ``sources`` (MISSING when the
    server holds none or cannot be reached)."""
    from ..api import Archive, ArchiveError

    try:
        with Archive.open(url) as archive:
            rows = archive.meta()
    except ArchiveError:
        return ArchiveState.MISSING
    return meta_state(rows, sources)


def copy_to_server(archive: Path, url: str) -> None:
    """Copy a built SQLite archive into the server's archive schema, in one transaction."""
    from sqlalchemy import create_engine

    engine = create_engine(_sqlalchemy_url(url), poolclass=_null_pool())
    source = sqlite3.connect(f"file:{archive}?mode=ro", uri=True)
    try:
        with engine.begin() as conn:
            raw = conn.connection.driver_connection
            raw.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            raw.execute(f"DROP SCHEMA IF EXISTS {_BUILDING} CASCADE")
            raw.execute(f"CREATE SCHEMA {_BUILDING}")
            raw.execute(f"SET LOCAL search_path TO {_BUILDING}")
            metadata.create_all(conn.execution_options(schema_translate_map={None: _BUILDING}))
            _collate_c(raw)
            raw.execute(_SEARCH_DDL)
            for table in _COPIED:
                _copy_table(source, raw, table)
            _copy_search_text(source, raw)
            for column in ("grams", "tgrams", "pgrams"):
                raw.execute(
                    f"CREATE INDEX search_{column}_gin ON {pg_search.GRAM_TABLE} "
                    f"USING gin ({column})"
                )
            raw.execute("ANALYZE")
            raw.execute(f"DROP SCHEMA IF EXISTS {ARCHIVE_SCHEMA} CASCADE")
            raw.execute(f"ALTER SCHEMA {_BUILDING} RENAME TO {ARCHIVE_SCHEMA}")
    finally:
        source.close()
        engine.dispose()


def _sqlalchemy_url(url: str) -> str:
    """The URL with the psycopg (3) driver, whatever driver it named."""
    _scheme, _, rest = url.strip().partition("://")
    return f"postgresql+psycopg://{rest}"


def _null_pool():
    from sqlalchemy.pool import NullPool

    return NullPool


def _collate_c(raw) -> None:
    """Text columns sort byte-wise, as SQLite's (the database's own collation may not)."""
    columns = raw.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = %s AND data_type IN ('character varying', 'text')",
        (_BUILDING,),
    ).fetchall()
    for table, column, data_type in columns:
        kind = "varchar" if data_type == "character varying" else "text"
        raw.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE {kind} COLLATE "C"')


def _copy_table(source: sqlite3.Connection, raw, table: str) -> None:
    cursor = source.execute(f'SELECT * FROM "{table}"')
    columns = ", ".join(f'"{d[0]}"' for d in cursor.description)
    with raw.cursor().copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
        for row in cursor:
            copy.write_row(row)


def _copy_search_text(source: sqlite3.Connection, raw) -> None:
    rows, tokens = 0, 0
    vectors = []
    with raw.cursor().copy(f"COPY {pg_search.TEXT_TABLE} FROM STDIN") as copy:
        for ord_, title, body, path in search.index_texts(source):
            text, vector = pg_search.search_rows(ord_, title, body, path)
            copy.write_row(text)
            vectors.append(vector)
            rows, tokens = rows + 1, tokens + text[-1]
    with raw.cursor().copy(f"COPY {pg_search.GRAM_TABLE} FROM STDIN") as copy:
        for vector in vectors:
            copy.write_row(vector)
    raw.execute(
        f"INSERT INTO {search.INFO_TABLE} VALUES ('rows', %s), ('tokens', %s), ('build', %s)",
        (str(rows), str(tokens), uuid.uuid4().hex),
    )
