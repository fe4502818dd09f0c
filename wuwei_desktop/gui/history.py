"""Browser-like back/forward history of what the reader opened (no Qt).

Entries are opaque to the history; the main window stores where the reader was (a node
id, the search terms that were highlighted). Visiting a new place after going back
drops the forward part, as a web browser does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class History(Generic[T]):
    """A list of visited entries and a cursor into it.

    Args:
        limit: the most entries kept; the oldest are dropped beyond it.
    """

    limit: int = 200
    _entries: list[T] = field(default_factory=list)
    _index: int = -1

    @property
    def current(self) -> T | None:
        """The entry the reader shows now, or None before anything was opened."""
        return self._entries[self._index] if self._index >= 0 else None

    def visit(self, entry: T) -> None:
        """Record a newly opened entry; a repeat of the current one is not recorded twice."""
        if self.current == entry:
            return
        del self._entries[self._index + 1 :]
        self._entries.append(entry)
        if len(self._entries) > self.limit:
            del self._entries[: len(self._entries) - self.limit]
        self._index = len(self._entries) - 1

    def replace_current(self, entry: T) -> None:
        """Update the current entry in place (for example with a new scroll position)."""
        if self._index >= 0:
            self._entries[self._index] = entry

    def can_back(self) -> bool:
        return self._index > 0

    def can_forward(self) -> bool:
        return self._index < len(self._entries) - 1

    def back(self) -> T | None:
        """Step back; return the entry to show, or None when there is nothing before."""
        if not self.can_back():
            return None
        self._index -= 1
        return self._entries[self._index]

    def forward(self) -> T | None:
        """Step forward; return the entry to show, or None when there is nothing after."""
        if not self.can_forward():
            return None
        self._index += 1
        return self._entries[self._index]

    def __len__(self) -> int:
        return len(self._entries)
