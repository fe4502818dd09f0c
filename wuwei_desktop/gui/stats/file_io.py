"""Asking where to save, and telling the user what went wrong, in one replaceable place.

Widgets take a :class:`SaveDialogs`; tests pass one whose ``ask_path`` returns a path
under ``tmp_path`` and whose ``show_error`` records the message, so no dialog opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ..plain import warn

# (parent, caption, suggested file name, filter) -> the chosen path, or None if cancelled
PathProvider = Callable[[QWidget, str, str, str], str | None]
ErrorSink = Callable[[QWidget, str, str], None]


def ask_save_path(parent: QWidget, caption: str, name: str, filters: str) -> str | None:
    """A save dialog starting in the user's documents folder; None when cancelled."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    start = str(Path(folder or Path.home()) / name)
    path, _ = QFileDialog.getSaveFileName(parent, caption, start, filters)
    return path or None


def show_error(parent: QWidget, title: str, message: str) -> None:
    warn(parent, title, message)


class SaveDialogs:
    """The save dialog and the error box the statistics widgets use."""

    def __init__(
        self, ask_path: PathProvider = ask_save_path, error: ErrorSink = show_error
    ) -> None:
        self.ask_path = ask_path
        self.error = error

    def save_path(self, parent: QWidget, caption: str, name: str, filters: str, suffixes):
        """Ask for a path; add the first suffix when the user typed none. None: cancelled."""
        chosen = self.ask_path(parent, caption, name, filters)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in suffixes:
            path = path.with_name(path.name + suffixes[0])
        return path


def safe_file_name(text: str) -> str:
    """``text`` without the characters Windows forbids in file names."""
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in text).strip() or "表格"
