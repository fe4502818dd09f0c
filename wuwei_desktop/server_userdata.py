"""Bookmarks and saved print lists on a server archive (PostgreSQL), per user.

The user is the PostgreSQL role the program logs in as (``current_user``). The rows live
in the schema ``userdata`` (tables ``bookmarks`` and ``print_lists``), made on first use
by a role allowed to create a schema in the database (or by the IT set-up); every role
may then use them. Row-level security holds each user to their own rows; a row marked
``shared`` (共享) is readable by every user of the archive and changed only by its owner.

No update is lost when several people work at once: every change is one statement on
one row (a bookmark is a row; ``INSERT … ON CONFLICT`` for add and note edits, the
later edit of the same note wins as in the local file), and a print list is saved only
if its ``version`` is still the one the user opened (else :class:`ListConflict`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import ProgrammingError, SQLAlchemyError

from .bookmarks import Bookmark, BookmarkList
from .db.driver import import_psycopg
from .extract import ExtractItem
from .user_store import ListConflict, SavedList, UserDataError

log = logging.getLogger(__name__)

SCHEMA = "userdata"
_LOCK_KEY = 0x57555745  # pg_advisory_xact_lock: one session makes the tables at a time

_DDL = """
CREATE SCHEMA IF NOT EXISTS userdata;
CREATE TABLE userdata.bookmarks (
    owner    text    NOT NULL DEFAULT current_user,
    node_id  text    NOT NULL,
    title    text    NOT NULL,
    path     jsonb   NOT NULL DEFAULT '[]',
    page     integer,
    note     text    NOT NULL DEFAULT '',
    created  text    NOT NULL DEFAULT '',
    shared   boolean NOT NULL DEFAULT false,
    version  integer NOT NULL DEFAULT 1,
    seq      bigserial,
    PRIMARY KEY (owner, node_id)
);
CREATE INDEX bookmarks_shared ON userdata.bookmarks (shared) WHERE shared;
CREATE TABLE userdata.print_lists (
    owner    text    NOT NULL DEFAULT current_user,
    name     text    NOT NULL,
    items    jsonb   NOT NULL,
    shared   boolean NOT NULL DEFAULT false,
    version  integer NOT NULL DEFAULT 1,
    saved    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, name)
);
ALTER TABLE userdata.bookmarks ENABLE ROW LEVEL SECURITY;
ALTER TABLE userdata.bookmarks FORCE ROW LEVEL SECURITY;
ALTER TABLE userdata.print_lists ENABLE ROW LEVEL SECURITY;
ALTER TABLE userdata.print_lists FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON userdata.bookmarks
    USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY read_shared ON userdata.bookmarks FOR SELECT USING (shared);
CREATE POLICY own ON userdata.print_lists
    USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY read_shared ON userdata.print_lists FOR SELECT USING (shared);
GRANT USAGE ON SCHEMA userdata TO PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON userdata.bookmarks, userdata.print_lists TO PUBLIC;
GRANT USAGE ON SEQUENCE userdata.bookmarks_seq_seq TO PUBLIC;
"""


def make_engine(url: str) -> Engine:
    """An engine for ``url`` that checks pooled connections before use."""
    import_psycopg()  # before SQLAlchemy's dialect imports it
    return create_engine(url, pool_pre_ping=True)


def ensure_schema(engine: Engine) -> None:
    """Make the ``userdata`` schema and tables unless they exist (safe to run at once
    from several clients).

    Raises:
        UserDataError: they are missing and this role may not create them.
    """
    probe = "SELECT to_regclass('userdata.print_lists') IS NOT NULL"
    try:
        with engine.begin() as conn:
            if conn.execute(text(probe)).scalar():
                return
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            if conn.execute(text(probe)).scalar():
                return
            conn.exec_driver_sql(_DDL)
    except ProgrammingError as error:  # no privilege to create them
        log.exception("creating the userdata schema")
        raise UserDataError(
            "共享档案上还没有书签和打印清单的表，当前用户也无权创建；"
            f"请档案管理员用数据库所有者的账号连接一次（{_reason(error)}）。"
        ) from error
    except SQLAlchemyError as error:
        log.warning("connecting to the server archive: %s", error)
        raise UserDataError(f"无法连接共享档案（{_reason(error)}）。") from error


def connect(url: str) -> tuple[ServerBookmarkStore, ServerPrintLists]:
    """Both stores on the server archive at ``url`` (one engine, tables made if needed).

    Raises:
        UserDataError: the server cannot be reached or the tables cannot be made.
    """
    engine = make_engine(url)
    ensure_schema(engine)
    return ServerBookmarkStore(engine), ServerPrintLists(engine)


def _reason(error: SQLAlchemyError) -> str:
    original = getattr(error, "orig", None)
    return str(original or error).strip().splitlines()[0]


class _Rows:
    """Runs statements, turning database failures into :class:`UserDataError`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.warning: str | None = None
        self.can_share = True
        self.user = self._run(lambda conn: conn.execute(text("SELECT current_user")).scalar())

    def _run(self, work: Callable, what: str = "读取") -> object:
        try:
            with self.engine.begin() as conn:
                return work(conn)
        except SQLAlchemyError as error:
            log.exception("userdata: %s", what)
            raise UserDataError(f"共享档案上的用户数据{what}失败（{_reason(error)}）。") from error


_BOOKMARK_COLUMNS = "owner, node_id, title, path, page, note, created, shared"


def _bookmark(row, user: str) -> Bookmark:
    owner, node_id, title, path, page, note, created, shared = row
    return Bookmark(
        node_id=node_id,
        title=title,
        path=[p for p in path if isinstance(p, str)] if isinstance(path, list) else [],
        page=page,
        note=note,
        created=created,
        owner="" if owner == user else owner,
        shared=shared,
    )


class ServerBookmarkStore(_Rows, BookmarkList):
    """The user's bookmarks as rows of ``userdata.bookmarks``, oldest first; the same
    interface as the local :class:`~wuwei_desktop.bookmarks.BookmarkStore`, plus
    sharing (:meth:`set_shared`, :meth:`shared_by_others`). A change updates the list
    shown with its own row; :meth:`reload` reads everyone's changes."""

    path = None

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self._items: list[Bookmark] = []
        self._others: list[Bookmark] = []
        self._exists: Callable[[str], bool] | None = None
        self._valid: dict[str, bool] = {}
        self._fetch()

    def _fetch(self) -> bool:
        """Read the rows now; True if the user's or the shared bookmarks changed."""
        query = text(
            f"SELECT {_BOOKMARK_COLUMNS} FROM userdata.bookmarks"
            " WHERE owner = current_user OR shared ORDER BY seq"
        )
        rows = self._run(lambda conn: conn.execute(query).all())
        every = [_bookmark(row, self.user) for row in rows]
        mine = [b for b in every if not b.owner]
        others = [b for b in every if b.owner]
        before = [(b.to_json(), b.owner, b.shared) for b in (*self._items, *self._others)]
        after = [(b.to_json(), b.owner, b.shared) for b in (*mine, *others)]
        for bookmark in (*mine, *others):
            bookmark.valid = self._check(bookmark.node_id)
        self._items, self._others = mine, others
        return before != after

    def reload(self) -> bool:
        """Read what others (and the user's other sessions) saved; True if it changed.
        A server that cannot be reached keeps the list shown."""
        try:
            return self._fetch()
        except UserDataError:
            return False

    # -- access -------------------------------------------------------------------------

    def shared_by_others(self) -> list[Bookmark]:
        """Colleagues' bookmarks marked 共享 (read-only; ``owner`` names the colleague)."""
        return list(self._others)

    # -- changes (one statement on one row each; the list shown follows) ---------------

    def _keep(self, row) -> Bookmark:
        """Put the user's row into the list shown (replacing its old version)."""
        bookmark = _bookmark(row, self.user)
        bookmark.valid = self._check(bookmark.node_id)
        for index, old in enumerate(self._items):
            if old.node_id == bookmark.node_id:
                self._items[index] = bookmark
                return bookmark
        self._items.append(bookmark)
        return bookmark

    def _drop(self, node_id: str) -> None:
        self._items = [b for b in self._items if b.node_id != node_id]

    def add(
        self,
        node_id: str,
        title: str,
        path: list[str] | None = None,
        page: int | None = None,
        note: str = "",
    ) -> Bookmark:
        """Bookmark a node; a node already bookmarked (here or in another session) keeps
        its bookmark, which is returned."""
        insert = text(
            "INSERT INTO userdata.bookmarks (node_id, title, path, page, note, created)"
            " VALUES (:node_id, :title, CAST(:path AS jsonb), :page, :note, :created)"
            f" ON CONFLICT (owner, node_id) DO NOTHING RETURNING {_BOOKMARK_COLUMNS}"
        )
        existing = text(
            f"SELECT {_BOOKMARK_COLUMNS} FROM userdata.bookmarks"
            " WHERE owner = current_user AND node_id = :node_id"
        )
        values = {
            "node_id": node_id,
            "title": title,
            "path": json.dumps(list(path or []), ensure_ascii=False),
            "page": page,
            "note": note,
            "created": datetime.now().isoformat(timespec="seconds"),
        }

        def work(conn):
            return conn.execute(insert, values).first() or conn.execute(existing, values).first()

        return self._keep(self._run(work, "保存"))

    def remove(self, node_id: str) -> bool:
        """Delete the user's bookmark of ``node_id``; False if there was none."""
        statement = text(
            "DELETE FROM userdata.bookmarks WHERE owner = current_user AND node_id = :node_id"
        )
        done = self._run(lambda conn: conn.execute(statement, {"node_id": node_id}), "保存")
        self._drop(node_id)
        return done.rowcount > 0

    def set_note(self, node_id: str, note: str) -> bool:
        """Replace a bookmark's note (the later edit wins); a bookmark deleted meanwhile in
        another session comes back with the note. False if the user has none here."""
        mine = self.get(node_id)
        if mine is None:
            self._fetch()
            mine = self.get(node_id)
            if mine is None:
                return False
        statement = text(
            "INSERT INTO userdata.bookmarks (node_id, title, path, page, note, created, shared)"
            " VALUES (:node_id, :title, CAST(:path AS jsonb), :page, :note, :created, :shared)"
            " ON CONFLICT (owner, node_id) DO UPDATE"
            " SET note = excluded.note, version = userdata.bookmarks.version + 1"
            f" RETURNING {_BOOKMARK_COLUMNS}"
        )
        values = {
            **mine.to_json(),
            "path": json.dumps(mine.path, ensure_ascii=False),
            "note": note,
            "shared": mine.shared,
        }
        self._keep(self._run(lambda conn: conn.execute(statement, values).first(), "保存"))
        return True

    def set_shared(self, node_id: str, shared: bool) -> bool:
        """Mark the user's bookmark 共享 (every user of the archive sees it) or not;
        False if the user has no bookmark of ``node_id``."""
        statement = text(
            "UPDATE userdata.bookmarks SET shared = :shared, version = version + 1"
            f" WHERE owner = current_user AND node_id = :node_id RETURNING {_BOOKMARK_COLUMNS}"
        )
        values = {"node_id": node_id, "shared": shared}
        row = self._run(lambda conn: conn.execute(statement, values).first(), "保存")
        if row is None:
            self._drop(node_id)
            return False
        self._keep(row)
        return True

    def validate(self, exists: Callable[[str], bool]) -> list[Bookmark]:
        """Mark each bookmark valid or not by ``exists(node_id)``; return the user's
        invalid ones (nothing is dropped)."""
        self._exists = exists
        self._valid.clear()
        for bookmark in (*self._items, *self._others):
            bookmark.valid = self._check(bookmark.node_id)
        return [b for b in self._items if not b.valid]

    def _check(self, node_id: str) -> bool:
        if self._exists is None:
            return True
        if node_id not in self._valid:
            try:
                self._valid[node_id] = bool(self._exists(node_id))
            except Exception:  # a failing check must not lose bookmarks
                log.exception("checking bookmark %s", node_id)
                return False
        return self._valid[node_id]


def _items_json(items: list[ExtractItem]) -> str:
    return json.dumps([[i.kind, i.id, i.option] for i in items], ensure_ascii=False)


def _saved(row, user: str) -> SavedList:
    owner, name, items, shared, version = row
    return SavedList(
        name=name,
        items=tuple(ExtractItem(*item) for item in items),
        version=version,
        owner="" if owner == user else owner,
        shared=shared,
    )


class ServerPrintLists(_Rows):
    """Saved print lists as rows of ``userdata.print_lists`` (see :class:`PrintListStore`)."""

    _COLUMNS = "owner, name, items, shared, version"

    def lists(self) -> list[SavedList]:
        """The user's lists by name, then colleagues' shared lists."""
        query = text(
            f"SELECT {self._COLUMNS} FROM userdata.print_lists WHERE owner = current_user"
            " OR shared ORDER BY owner <> current_user, owner, name"
        )
        rows = self._run(lambda conn: conn.execute(query).all())
        return [_saved(row, self.user) for row in rows]

    def load(self, name: str, owner: str = "") -> SavedList | None:
        """The list ``name`` of ``owner`` ("" = the user); None if there is none."""
        query = text(
            f"SELECT {self._COLUMNS} FROM userdata.print_lists"
            " WHERE owner = :owner AND name = :name"
        )
        values = {"owner": owner or self.user, "name": name}
        row = self._run(lambda conn: conn.execute(query, values).first())
        return _saved(row, self.user) if row else None

    def save(
        self, name: str, items: list[ExtractItem], version: int | None, shared: bool = False
    ) -> SavedList:
        """Save the user's list ``name``: a new list when ``version`` is None, else only if
        the stored one still has ``version``.

        Raises:
            ListConflict: the list exists already / was saved meanwhile.
        """
        values = {"name": name, "items": _items_json(items), "shared": shared, "version": version}
        if version is None:
            statement = text(
                "INSERT INTO userdata.print_lists (name, items, shared)"
                " VALUES (:name, CAST(:items AS jsonb), :shared)"
                " ON CONFLICT (owner, name) DO NOTHING RETURNING version"
            )
        else:
            statement = text(
                "UPDATE userdata.print_lists SET items = CAST(:items AS jsonb),"
                " shared = :shared, version = version + 1, saved = now()"
                " WHERE owner = current_user AND name = :name AND version = :version"
                " RETURNING version"
            )
        saved = self._run(lambda conn: conn.execute(statement, values).scalar(), "保存")
        if saved is None:
            raise ListConflict(
                f"打印清单“{name}”已经存在或刚被另一处修改过"
                if version is None
                else f"打印清单“{name}”在打开之后已被另一处修改或删除"
            )
        return SavedList(name, tuple(items), saved, "", shared)

    def remove(self, name: str) -> bool:
        """Delete the user's list ``name``; False if there was none."""
        statement = text(
            "DELETE FROM userdata.print_lists WHERE owner = current_user AND name = :name"
        )
        done = self._run(lambda conn: conn.execute(statement, {"name": name}), "保存")
        return done.rowcount > 0
