"""The busy cursor, for work on the GUI thread that may take longer than 100 ms
(building the 统计 view, a long chapter, a chart): the window cannot repaint then,
so the cursor at least says it is working."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QGuiApplication


@contextmanager
def busy_cursor() -> Iterator[None]:
    """Show the wait cursor for the duration of the ``with`` block (nests)."""
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
