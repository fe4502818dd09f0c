"""The user's own data (bookmarks, saved print lists) behind one interface (no Qt here).

Two implementations of each store:

- on one PC: :class:`wuwei_desktop.bookmarks.BookmarkStore` and
  :class:`wuwei_desktop.print_lists.LocalPrintLists`, JSON files in the user data folder
  changed under a file lock and written atomically;
- on a server archive (a ``postgresql+psycopg://`` URL):
  :class:`wuwei_desktop.server_userdata.ServerBookmarkStore` and
  :class:`~wuwei_desktop.server_userdata.ServerPrintLists`, rows of the ``userdata``
  schema, one user per PostgreSQL role, shareable with colleagues.

The GUI only uses the protocols below. :func:`open_stores` picks the implementation for
an archive location (a file path or a server URL).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .db.location import is_server_url

if TYPE_CHECKING:
    from .bookmarks import Bookmark
    from .extract import ExtractItem


class UserDataError(Exception):
    """User data cannot be read or saved (the message is in Chinese)."""


class ListConflict(UserDataError):
    """A print list was saved meanwhile (here or by a colleague) or already exists."""


class BookmarkStoreProtocol(Protocol):
    """What the bookmarks panel needs from a store (changes raise an error with a
    Chinese message: ``BookmarkError`` locally, :class:`UserDataError` on a server)."""

    warning: str | None
    can_share: bool
    path: Path | None
    """The file to watch for another copy's changes (None: poll :meth:`reload`)."""

    def __iter__(self) -> Iterator[Bookmark]: ...
    def __len__(self) -> int: ...
    def __contains__(self, node_id: object) -> bool: ...
    def get(self, node_id: str) -> Bookmark | None: ...
    def add(
        self,
        node_id: str,
        title: str,
        path: list[str] | None = None,
        page: int | None = None,
        note: str = "",
    ) -> Bookmark: ...
    def remove(self, node_id: str) -> bool: ...
    def set_note(self, node_id: str, note: str) -> bool: ...
    def set_shared(self, node_id: str, shared: bool) -> bool: ...
    def shared_by_others(self) -> list[Bookmark]: ...
    def validate(self, exists: Callable[[str], bool]) -> list[Bookmark]: ...
    def reload(self) -> bool: ...


@dataclass(frozen=True)
class SavedList:
    """A saved print list: its name, owner ("" = the user's own), whether colleagues
    see it, its version (raised by every save) and its items."""

    name: str
    items: tuple[ExtractItem, ...]
    version: int
    owner: str = ""
    shared: bool = False


class PrintListStore(Protocol):
    """Saved print lists, by name. ``save`` is optimistic: it gives the version the list
    had when it was opened (None for a new list) and fails with :class:`ListConflict`
    when the stored list is not that one any more, so no one's save is lost unseen."""

    warning: str | None
    can_share: bool

    def lists(self) -> list[SavedList]: ...
    def load(self, name: str, owner: str = "") -> SavedList | None: ...
    def save(
        self, name: str, items: list[ExtractItem], version: int | None, shared: bool = False
    ) -> SavedList: ...
    def remove(self, name: str) -> bool: ...


def open_stores(
    location: str | Path | None,
) -> tuple[BookmarkStoreProtocol, PrintListStore]:
    """The bookmark and print-list stores for an archive: per user on the server for a
    server URL, else the JSON files in the user data folder. SQLAlchemy and the
    driver are imported only for a server URL.

    Raises:
        UserDataError: the server cannot be reached or its user data tables not made.
    """
    if is_server_url(location):
        from .server_userdata import connect

        return connect(str(location))
    from .bookmarks import BookmarkStore
    from .print_lists import LocalPrintLists

    return BookmarkStore(), LocalPrintLists()
