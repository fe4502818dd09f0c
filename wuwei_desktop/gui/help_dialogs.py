"""帮助 › 使用说明 and 帮助 › 快捷键, two forms (ui/help.ui, ui/shortcuts.ui).

使用说明 shows ``resources/help.md``, the Chinese version of the README's "Using the
app" table (tests/gui/test_help.py checks that the two agree row by row). 快捷键 lists
the shortcuts of the window's actual QActions, so it cannot fall out of date.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QWidget,
)

from ..resources import resource_path
from . import strings as S
from .forms import form_child, load_form

_MNEMONIC = re.compile(r"\(&\w\)|&")


def help_markdown() -> str:
    """The text of 使用说明 (Markdown, shipped in ``resources/help.md``)."""
    return resource_path("help.md").read_text(encoding="utf-8")


def plain_label(text: str) -> str:
    """A menu text without its mnemonic and trailing ellipsis: ``文件(&F)`` → ``文件``."""
    return _MNEMONIC.sub("", text).rstrip("…").strip()


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(what, keys, where) for every action of ``window`` that has a shortcut: those in
    the menus first, in menu order, then those that work in one part of the window."""
    rows: list[tuple[str, str, str]] = []
    listed: set[int] = set()

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{where} › {plain_label(action.text())}")
            elif action.shortcuts() and id(action) not in listed:
                listed.add(id(action))
                rows.append((plain_label(action.text()), keys_text(action), where))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), plain_label(top.text()))
    for action in window.findChildren(QAction):
        if action.shortcuts() and id(action) not in listed:
            listed.add(id(action))
            owner = action.parent()
            where = S.SHORTCUT_PLACES.get(owner.objectName(), S.SHORTCUT_ANYWHERE)
            rows.append((plain_label(action.text()), keys_text(action), where))
    return rows


def keys_text(action: QAction) -> str:
    """The action's shortcuts as the user types them: ``Ctrl+= / Ctrl++``."""
    native = QKeySequence.SequenceFormat.NativeText
    return " / ".join(k.toString(native) for k in action.shortcuts())


class HelpDialog(QDialog):
    """使用说明: the user part of the README, offline."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = load_form("help", self)
        self.text = form_child(self.form, QTextBrowser, "helpText")
        self.text.setMarkdown(help_markdown())
        buttons = form_child(self.form, QDialogButtonBox, "buttons")
        buttons.rejected.connect(self.reject)
        self.resize(self.form.size())


class ShortcutsDialog(QDialog):
    """快捷键: every shortcut of the window, read from its actions."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.form = load_form("shortcuts", self)
        self.table = form_child(self.form, QTableWidget, "shortcutTable")
        rows = shortcut_rows(window)
        self.table.setColumnCount(len(S.SHORTCUT_HEADERS))
        self.table.setHorizontalHeaderLabels(list(S.SHORTCUT_HEADERS))
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        buttons = form_child(self.form, QDialogButtonBox, "buttons")
        buttons.rejected.connect(self.reject)
        self.resize(self.form.size())
