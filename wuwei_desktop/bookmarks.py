"""The user's bookmarks: a small JSON file in the per-user data folder (no Qt here).

A bookmark names a node by its id. Node ids are stable path strings
(``yearbook-2024/市情概览/…``), so bookmarks survive rebuilds and updates of the
archive; a bookmark whose node is gone from a newer archive is kept and marked
invalid (shown as 已失效) rather than dropped.

Two copies of the program (or a copy and a script) may change the file at once; nothing
is lost. Every change is one operation applied, under a file lock
(``bookmarks.json.lock``, the ``filelock`` library), to the file as it is on disk at
that moment, which is then written back; the store's own list becomes that result.
The merge rule, per node id, is "the later action wins":

- add: appends the bookmark unless the node is bookmarked already (the first bookmark
  of a node, with its note and date, is kept);
- delete: removes the node's bookmark wherever it is;
- note edit: sets the note; if the other copy deleted that bookmark meanwhile, the edit
  (the later action) brings it back with the new note.

:meth:`BookmarkStore.reload` picks up what another copy wrote (the window calls it when
the file changes and when it is activated).

The file is written atomically (a temporary file in the same folder, flushed, then
``os.replace``), so a crash never leaves half a file; a temporary file a killed process
left behind is removed at the next load. A file that cannot be read as bookmarks (not
UTF-8, not JSON, nested too deep, too large, wrong types) is renamed aside
(``bookmarks.json.corrupt-YYYYmmdd-HHMMSS``) and the store starts empty with a warning
in Chinese; unusable records among good ones are dropped the same way. It never raises
on load.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from .atomic_write import remove_leftovers, set_aside, write_atomically

log = logging.getLogger(__name__)

FILE_NAME = "bookmarks.json"
FORMAT_VERSION = 1
MAX_BYTES = 16 << 20
"""A bookmarks file larger than this is not ours (thousands of bookmarks are ~1 MB)."""
LOCK_TIMEOUT = 10.0
"""Seconds a change waits for the other copy of the program to finish its own."""


class BookmarkError(Exception):
    """The bookmarks file cannot be written (message in Chinese)."""


class _Unreadable(Exception):
    """The file on disk is not a bookmarks file (the Chinese reason is the message)."""


@dataclass
class Bookmark:
    """One bookmark.

    Attributes:
        node_id: the node's stable id.
        title: the node's title when it was bookmarked.
        path: ancestor titles, document first.
        page: printed page (None for documents without pages).
        note: the user's own note.
        created: ISO timestamp (local time, seconds).
        valid: False when the archive no longer has the node (not stored).
        owner: on a server archive, the colleague who shared it ("" = the user's own).
        shared: on a server archive, marked 共享 (every user sees it, read-only).
    """

    node_id: str
    title: str
    path: list[str] = field(default_factory=list)
    page: int | None = None
    note: str = ""
    created: str = ""
    valid: bool = True
    owner: str = ""
    shared: bool = False

    def to_json(self) -> dict:
        return {
            "node_id": self.node_id,
            "title": self.title,
            "path": list(self.path),
            "page": self.page,
            "note": self.note,
            "created": self.created,
        }

    @classmethod
    def from_json(cls, data: object) -> Bookmark | None:
        """A bookmark from its stored form; None if the record is unusable."""
        if not isinstance(data, dict):
            return None
        node_id = data.get("node_id")
        if not isinstance(node_id, str) or not node_id:
            return None
        title = data.get("title")
        path = data.get("path")
        page = data.get("page")
        note = data.get("note")
        created = data.get("created")
        return cls(
            node_id=node_id,
            title=title if isinstance(title, str) and title else node_id.rsplit("/", 1)[-1],
            path=[p for p in path if isinstance(p, str)] if isinstance(path, list) else [],
            page=page if isinstance(page, int) and not isinstance(page, bool) else None,
            note=note if isinstance(note, str) else "",
            created=created if isinstance(created, str) else "",
        )


def default_path() -> Path:
    """``bookmarks.json`` in the per-user data folder."""
    from .paths import user_data_dir

    return user_data_dir() / FILE_NAME


def parse_records(raw: bytes) -> tuple[list[Bookmark], int]:
    """The bookmarks in a file's bytes, and how many records were unusable.

    Raises:
        _Unreadable: the bytes are not a bookmarks file at all.
    """
    if len(raw) > MAX_BYTES:
        raise _Unreadable(f"书签文件过大（{len(raw) // (1 << 20)} MB）")
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise _Unreadable("书签文件已损坏（嵌套过深）") from None
    except ValueError as error:  # not UTF-8, not JSON
        raise _Unreadable(f"书签文件已损坏（{error.__class__.__name__}）") from None
    records = data.get("bookmarks") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise _Unreadable("书签文件已损坏（没有书签列表）")
    items: list[Bookmark] = []
    seen: set[str] = set()
    skipped = 0
    for record in records:
        bookmark = Bookmark.from_json(record)
        if bookmark is None:
            skipped += 1
        elif bookmark.node_id not in seen:
            seen.add(bookmark.node_id)
            items.append(bookmark)
    return items, skipped


class BookmarkList:
    """Read access to a store's bookmarks, oldest first (``_items``): shared by the local
    store here and the server store (server_userdata.py)."""

    _items: list[Bookmark]

    def __iter__(self) -> Iterator[Bookmark]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, node_id: object) -> bool:
        return any(b.node_id == node_id for b in self._items)

    @property
    def bookmarks(self) -> list[Bookmark]:
        """The bookmarks, oldest first (a copy of the list)."""
        return list(self._items)

    def get(self, node_id: str) -> Bookmark | None:
        """The bookmark of ``node_id``; None when it has none."""
        return next((b for b in self._items if b.node_id == node_id), None)


class BookmarkStore(BookmarkList):
    """Bookmarks kept in a JSON file, in the order they were added.

    Args:
        path: the JSON file; by default ``user_data_dir()/bookmarks.json``.

    Attributes:
        warning: a Chinese message for the user when the file could not be read
            (the store then started empty), else None.
        can_share: False: bookmarks on one PC are the user's alone (see
            :mod:`wuwei_desktop.user_store`).
    """

    can_share = False

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.warning: str | None = None
        self._items: list[Bookmark] = []
        self._exists: Callable[[str], bool] | None = None
        self._seen: tuple | None = None  # (mtime_ns, size, inode) of the file last read
        self._lock = FileLock(self.path.with_name(self.path.name + ".lock"), LOCK_TIMEOUT)
        self._load()

    # -- reading ------------------------------------------------------------------------

    def _load(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                remove_leftovers(self.path)
                self._items = self._read_disk(repair=True)
        except (OSError, Timeout) as error:
            # cannot lock (a read-only folder): read without the lock, change nothing
            log.warning("cannot lock %s: %s", self.path, error)
            try:
                self._items = self._read_disk(repair=False)
            except OSError as failure:
                self.warning = f"无法读取书签文件（{failure}），书签暂不可用。"
                log.warning("cannot read %s: %s", self.path, failure)

    def _read_disk(self, repair: bool) -> list[Bookmark]:
        """The bookmarks on disk now. With ``repair`` (under the lock), a file that is
        unreadable, or holds unusable records, is renamed aside (good records are
        written back) and :attr:`warning` says so."""
        try:
            stat = self.path.stat()
            with self.path.open("rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            self._seen = None
            return []
        self._seen = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        try:
            items, skipped = parse_records(raw)
        except _Unreadable as reason:
            if repair:
                self._set_aside(str(reason), [])
            return []
        if skipped and repair:
            self._set_aside(f"书签文件中有 {skipped} 条记录无法识别，已忽略", items)
        return items

    def _set_aside(self, reason: str, kept: list[Bookmark]) -> None:
        """Rename the unreadable file aside; write back ``kept`` (if any); warn."""
        where = set_aside(self.path)
        if kept:
            try:
                self._write(kept)
            except BookmarkError:
                log.exception("writing back the readable bookmarks")
        self.warning = f"{reason}，{where}。" + ("" if kept else "书签已从空白开始。")
        log.warning("bookmarks: %s", self.warning)

    def reload(self) -> bool:
        """Read what another copy of the program wrote; True if the bookmarks changed.

        An unreadable file is left for the next change to set aside.
        """
        try:
            stat = self.path.stat()
            current = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        except FileNotFoundError:
            current = None
        except OSError:
            return False
        if current == self._seen:
            return False
        try:
            items = self._read_disk(repair=False)
        except OSError:
            log.warning("cannot read %s", self.path, exc_info=True)
            return False
        return self._replace_items(items)

    def _replace_items(self, items: list[Bookmark]) -> bool:
        """Use ``items`` as the store's list (validity re-checked); True if it changed."""
        changed = [b.to_json() for b in items] != [b.to_json() for b in self._items]
        valid = {b.node_id: b.valid for b in self._items}
        for bookmark in items:
            if bookmark.node_id in valid:
                bookmark.valid = valid[bookmark.node_id]
            elif self._exists is not None:
                bookmark.valid = self._check(bookmark.node_id)
        self._items = items
        return changed

    # -- access -------------------------------------------------------------------------

    def shared_by_others(self) -> list[Bookmark]:
        """Colleagues' shared bookmarks: none on one PC."""
        return []

    def set_shared(self, node_id: str, shared: bool) -> bool:
        """Sharing needs a server archive: on one PC nothing changes (False)."""
        return False

    # -- changes (each one merged with the file on disk and saved at once) --------------

    def add(
        self,
        node_id: str,
        title: str,
        path: list[str] | None = None,
        page: int | None = None,
        note: str = "",
    ) -> Bookmark:
        """Bookmark a node; a node already bookmarked (here or by another copy of the
        program) keeps its bookmark, which is returned.

        Raises:
            BookmarkError: the file cannot be written (nothing changes).
        """
        bookmark = Bookmark(
            node_id=node_id,
            title=title,
            path=list(path or []),
            page=page,
            note=note,
            created=datetime.now().isoformat(timespec="seconds"),
        )

        def change(items: list[Bookmark]) -> bool:
            if any(b.node_id == node_id for b in items):
                return False
            items.append(bookmark)
            return True

        self._commit(change)
        return self.get(node_id) or bookmark

    def remove(self, node_id: str) -> bool:
        """Delete a bookmark; False if there was none for ``node_id``."""

        def change(items: list[Bookmark]) -> bool:
            before = len(items)
            items[:] = [b for b in items if b.node_id != node_id]
            return len(items) != before

        return self._commit(change)

    def set_note(self, node_id: str, note: str) -> bool:
        """Replace a bookmark's note; False if there was none for ``node_id`` (here or
        on disk). A bookmark another copy deleted meanwhile comes back with the note."""
        mine = self.get(node_id)

        def change(items: list[Bookmark]) -> bool:
            for bookmark in items:
                if bookmark.node_id == node_id:
                    bookmark.note = note
                    return True
            if mine is None:
                return False
            items.append(Bookmark(**{**mine.to_json(), "note": note}))
            return True

        return self._commit(change)

    def validate(self, exists: Callable[[str], bool]) -> list[Bookmark]:
        """Mark each bookmark valid or not by ``exists(node_id)``; return the invalid ones.

        Nothing is dropped: a vanished node's bookmark stays, marked invalid. Bookmarks
        another copy adds later are checked with the same ``exists``.
        """
        self._exists = exists
        for bookmark in self._items:
            bookmark.valid = self._check(bookmark.node_id)
        return [b for b in self._items if not b.valid]

    def _check(self, node_id: str) -> bool:
        try:
            return bool(self._exists(node_id)) if self._exists else True
        except Exception:  # a failing check must not lose bookmarks
            log.exception("checking bookmark %s", node_id)
            return False

    # -- writing ------------------------------------------------------------------------

    def _commit(self, change: Callable[[list[Bookmark]], bool]) -> bool:
        """Apply ``change`` to the bookmarks on disk under the lock and write them back;
        the store then holds that result. Returns what ``change`` returned.

        Raises:
            BookmarkError: the file cannot be locked or written (nothing changes).
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                items = self._read_disk(repair=True)
                changed = change(items)
                if changed:
                    self._write(items)
                self._replace_items(items)
                return changed
        except Timeout as error:
            raise BookmarkError("书签文件正被另一个程序占用，请稍后再试。") from error
        except OSError as error:
            raise BookmarkError(f"无法保存书签文件 {self.path}（{error}）") from error

    def _write(self, items: list[Bookmark]) -> None:
        """Write the file atomically: temp file in the same folder, fsync, os.replace."""
        payload = {"version": FORMAT_VERSION, "bookmarks": [b.to_json() for b in items]}
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        write_atomically(self.path, lambda out: out.write(text.encode("utf-8")), BookmarkError)
        stat = self.path.stat()
        self._seen = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
