"""The user's bookmarks: a small JSON file in the per-user data folder (no Qt here).

A bookmark names a node by its id. Node ids are stable path strings
(``yearbook-2024/市情概览/…``), so bookmarks survive rebuilds and updates of the
archive; a bookmark whose node is gone from a newer archive is kept and marked
invalid (shown as 已失效) rather than dropped.

The file is written atomically (a temporary file in the same folder, flushed, then
``os.replace``), so a crash never leaves half a file. A file that cannot be read as
bookmarks is copied aside (``bookmarks.json.corrupt-YYYYmmdd-HHMMSS``) and the store
starts empty with a warning; it never raises on load.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .atomic_write import write_atomically

log = logging.getLogger(__name__)

FILE_NAME = "bookmarks.json"
FORMAT_VERSION = 1


class BookmarkError(Exception):
    """The bookmarks file cannot be written (message in Chinese)."""


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
    """

    node_id: str
    title: str
    path: list[str] = field(default_factory=list)
    page: int | None = None
    note: str = ""
    created: str = ""
    valid: bool = True

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
            path=[str(p) for p in path] if isinstance(path, list) else [],
            page=page if isinstance(page, int) and not isinstance(page, bool) else None,
            note=note if isinstance(note, str) else "",
            created=created if isinstance(created, str) else "",
        )


def default_path() -> Path:
    """``bookmarks.json`` in the per-user data folder."""
    from .paths import user_data_dir

    return user_data_dir() / FILE_NAME


class BookmarkStore:
    """Bookmarks kept in a JSON file, in the order they were added.

    Args:
        path: the JSON file; by default ``user_data_dir()/bookmarks.json``.

    Attributes:
        warning: a Chinese message for the user when the file could not be read
            (the store then started empty), else None.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.warning: str | None = None
        self._items: list[Bookmark] = []
        self._load()

    # -- reading ------------------------------------------------------------------------

    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as error:
            self.warning = f"无法读取书签文件（{error}），书签暂不可用。"
            log.warning("cannot read %s: %s", self.path, error)
            return
        try:
            data = json.loads(raw.decode("utf-8"))
            records = data["bookmarks"] if isinstance(data, dict) else data
            if not isinstance(records, list):
                raise ValueError("no list of bookmarks")
        except (ValueError, KeyError, TypeError) as error:
            self._set_aside(f"书签文件已损坏（{error.__class__.__name__}）")
            return
        skipped = 0
        seen: set[str] = set()
        for record in records:
            bookmark = Bookmark.from_json(record)
            if bookmark is None or bookmark.node_id in seen:
                skipped += bookmark is None
                continue
            seen.add(bookmark.node_id)
            self._items.append(bookmark)
        if skipped:
            self._set_aside(f"书签文件中有 {skipped} 条记录无法识别，已忽略", keep_items=True)

    def _set_aside(self, reason: str, keep_items: bool = False) -> None:
        """Copy the unreadable file aside and say so in :attr:`warning`."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            shutil.copy2(self.path, backup)
            where = f"原文件已备份为 {backup.name}"
        except OSError as error:
            where = f"原文件无法备份（{error}）"
        if not keep_items:
            self._items = []
        self.warning = f"{reason}，{where}。" + ("" if keep_items else "书签已从空白开始。")
        log.warning("bookmarks: %s", self.warning)

    # -- access -------------------------------------------------------------------------

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
        return next((b for b in self._items if b.node_id == node_id), None)

    # -- changes (each one saved at once) -----------------------------------------------

    def add(
        self,
        node_id: str,
        title: str,
        path: list[str] | None = None,
        page: int | None = None,
        note: str = "",
    ) -> Bookmark:
        """Bookmark a node; a node already bookmarked keeps its bookmark (returned).

        Raises:
            BookmarkError: the file cannot be written (the change is undone).
        """
        existing = self.get(node_id)
        if existing is not None:
            return existing
        bookmark = Bookmark(
            node_id=node_id,
            title=title,
            path=list(path or []),
            page=page,
            note=note,
            created=datetime.now().isoformat(timespec="seconds"),
        )
        self._items.append(bookmark)
        try:
            self.save()
        except BookmarkError:
            self._items.remove(bookmark)
            raise
        return bookmark

    def remove(self, node_id: str) -> bool:
        """Delete a bookmark; False if there was none for ``node_id``."""
        bookmark = self.get(node_id)
        if bookmark is None:
            return False
        index = self._items.index(bookmark)
        del self._items[index]
        try:
            self.save()
        except BookmarkError:
            self._items.insert(index, bookmark)
            raise
        return True

    def set_note(self, node_id: str, note: str) -> bool:
        """Replace a bookmark's note; False if there was none for ``node_id``."""
        bookmark = self.get(node_id)
        if bookmark is None:
            return False
        old, bookmark.note = bookmark.note, note
        try:
            self.save()
        except BookmarkError:
            bookmark.note = old
            raise
        return True

    def validate(self, exists: Callable[[str], bool]) -> list[Bookmark]:
        """Mark each bookmark valid or not by ``exists(node_id)``; return the invalid ones.

        Nothing is dropped: a vanished node's bookmark stays, marked invalid.
        """
        for bookmark in self._items:
            try:
                bookmark.valid = bool(exists(bookmark.node_id))
            except Exception:  # a failing check must not lose bookmarks
                log.exception("checking bookmark %s", bookmark.node_id)
                bookmark.valid = False
        return [b for b in self._items if not b.valid]

    # -- writing ------------------------------------------------------------------------

    def save(self) -> None:
        """Write the file atomically: temp file in the same folder, fsync, os.replace.

        Raises:
            BookmarkError: the folder or file cannot be written.
        """
        payload = {
            "version": FORMAT_VERSION,
            "bookmarks": [b.to_json() for b in self._items],
        }
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BookmarkError(f"无法保存书签文件 {self.path}（{error}）") from error
        write_atomically(self.path, lambda out: out.write(text.encode("utf-8")), BookmarkError)
