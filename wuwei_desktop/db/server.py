"""The archive on a PostgreSQL server: connecting, and a connection adapter for api.py.

The query API is written in SQLite's SQL (``?``, ``?1`` and ``:name`` parameters,
``GLOB``, ``group_concat``); :class:`ServerConnection` offers the same ``execute`` as a
``sqlite3.Connection`` and translates those few differences, and rows behave like
``sqlite3.Row`` (by position, by name, ``keys()``). JSON columns come back as their text,
as SQLite gives them. The archive's tables live in the schema :data:`ARCHIVE_SCHEMA`
(a build writes a new schema and renames it in one transaction). Imported only for a
server URL: it imports SQLAlchemy's URL parser and psycopg.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .driver import import_psycopg
from .location import display_location

psycopg = import_psycopg()
from psycopg.types.string import TextLoader  # noqa: E402  (psycopg is loaded by now)

ARCHIVE_SCHEMA = "wuwei"
Error = psycopg.Error

_TOKEN = re.compile(r"'(?:[^']|'')*'|::|\?\d+|\?|(?<![:\w]):[A-Za-z_]\w*|%")
_GLOB = re.compile(r"\bGLOB\s+'((?:[^']|'')*)'", re.IGNORECASE)
_GROUP_CONCAT = re.compile(r"\bgroup_concat\(([^()]*)\)", re.IGNORECASE)


def connect_kwargs(url: str) -> dict[str, Any]:
    """psycopg's connection arguments from an SQLAlchemy URL (``host``/``port`` may be
    given in the query string, e.g. a unix socket folder)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    query = {k: v if isinstance(v, str) else v[-1] for k, v in parsed.query.items()}
    kwargs: dict[str, Any] = {
        "host": parsed.host or query.pop("host", None),
        "port": parsed.port or query.pop("port", None),
        "user": parsed.username,
        "password": parsed.password,
        "dbname": parsed.database,
        **query,
    }
    kwargs.setdefault("application_name", "wuwei-desktop")
    return {k: v for k, v in kwargs.items() if v not in (None, "")}


def connect(url: str, *, autocommit: bool = True) -> psycopg.Connection:
    """A psycopg connection to the server of ``url`` (errors are psycopg's)."""
    return psycopg.connect(**connect_kwargs(url), autocommit=autocommit, connect_timeout=10)


class Row(tuple):
    """A result row like ``sqlite3.Row``: by position, by column name, ``keys()``."""

    _names: tuple[str, ...] = ()

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: psycopg.Cursor):
    names = tuple(column.name for column in cursor.description or ())
    row_type = type("Row", (Row,), {"_names": names, "__slots__": ()})
    return lambda values: row_type(values)


def translate(sql: str, params: Sequence | dict | None) -> tuple[str, Any]:
    """SQLite SQL and parameters -> psycopg's (``%s`` / ``%(name)s``) and PostgreSQL's."""
    sql = _GLOB.sub(lambda m: "~ " + _quote(_glob_regex(m.group(1).replace("''", "'"))), sql)
    sql = _GROUP_CONCAT.sub(r"string_agg((\1)::text, ',')", sql)
    numbered = isinstance(params, Sequence) and bool(re.search(r"\?\d", sql))

    def replace(match: re.Match) -> str:
        token = match.group()
        if token.startswith("'") or token == "::":
            return token.replace("%", "%%") if token.startswith("'") else token
        if token == "%":
            return "%%"
        if token == "?":
            return "%s"
        if token.startswith("?"):
            return f"%(p{token[1:]})s"
        return f"%({token[1:]})s"

    out = _TOKEN.sub(replace, sql)
    if numbered:
        params = {f"p{k}": value for k, value in enumerate(params or (), 1)}
    return out, params


def _glob_regex(pattern: str) -> str:
    """A GLOB pattern as an anchored POSIX regular expression."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch == "[":
            end = pattern.find("]", i + 2)
            out.append(pattern[i : end + 1] if end > 0 else re.escape(ch))
            i = end if end > 0 else i
        else:
            out.append(re.escape(ch))
        i += 1
    return "^" + "".join(out) + "$"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class ServerConnection:
    """A ``sqlite3.Connection``-like reader of the archive on a PostgreSQL server."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.name = display_location(url)
        self._conn = connect(url)
        for json_type in ("json", "jsonb"):
            self._conn.adapters.register_loader(json_type, TextLoader)
        self._conn.execute(f"SET search_path TO {ARCHIVE_SCHEMA}")
        # every read is by key or through the search index; the planner cannot see that
        # a scan of the grams reads every (large) tsvector, and would pick one for a
        # common character
        self._conn.execute("SET enable_seqscan TO off")
        self.cache: dict = {}  # what a reader may keep about one build of the archive

    def execute(self, sql: str, params: Sequence | dict | None = ()) -> psycopg.ClientCursor:
        """Run one statement written in SQLite's SQL; the cursor yields :class:`Row`."""
        query, values = translate(sql, params)
        # bound on the client: a NULL parameter compared with IS NULL needs no type
        cursor = psycopg.ClientCursor(self._conn, row_factory=_row_factory)
        return cursor.execute(query, values if values is not None else ())

    def close(self) -> None:
        self._conn.close()


def open_server(url: str) -> ServerConnection:
    """Connect and check that the server holds an archive this program reads.

    Raises psycopg.Error (cannot connect) or LookupError (no archive, or another
    schema version; the message in Chinese).
    """
    from .version import SCHEMA_VERSION

    connection = ServerConnection(url)
    try:
        rows = connection.execute(
            "SELECT value FROM meta WHERE key = 'schema_version'"
            if _has_archive(connection)
            else "SELECT NULL WHERE false"
        ).fetchall()
        if not rows:
            raise LookupError(f"服务器上还没有档案（{connection.name}）：请先用 build --out 生成")
        if rows[0][0] != str(SCHEMA_VERSION):
            raise LookupError(
                f"服务器上的档案是另一版本的程序生成的（{connection.name}）：请重新生成档案"
            )
    except BaseException:
        connection.close()
        raise
    return connection


def _has_archive(connection: ServerConnection) -> bool:
    found = connection.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = 'meta'",
        (ARCHIVE_SCHEMA,),
    ).fetchall()
    return bool(found)
