"""帮助: the menu's order, 使用说明 (agrees with the README), 快捷键 (from the actions)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from wuwei_desktop.gui.help_dialogs import help_markdown, plain_label, shortcut_rows

pytestmark = pytest.mark.gui

README = Path(__file__).resolve().parents[2] / "README.md"
KEYS = re.compile(r"(?:Ctrl|Alt|Shift)\+[^\s/（）(),，;；]+|\bF\d+\b|\bEsc\b|\bEnter\b|↓|/(?= in)")
CJK = re.compile(r"[\u4e00-\u9fff]{2,}")


def table_rows(markdown: str) -> list[list[str]]:
    """The rows of the first Markdown table after its header and rule."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    table = itertools.takewhile(lambda line: line.startswith("|"), lines[start:])
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in list(table)[2:]]


def readme_rows() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Using the app") :]
    return table_rows(section[: section.index("\n## ", 5)])


def test_the_help_agrees_with_the_readme_row_by_row():
    readme, ours = readme_rows(), table_rows(help_markdown())
    assert len(readme) >= 12
    assert len(ours) == len(readme)
    checked = sum(len(KEYS.findall(how)) + len(CJK.findall(how)) for _, how in readme)
    assert checked > 50  # the check below has something to check
    for (english_what, english_how), (_what, how) in zip(readme, ours, strict=True):
        # every key and every Chinese name the README gives is in the same row here
        for key in KEYS.findall(english_how):
            assert key in how, (english_what, key)
        for name in CJK.findall(english_how):
            assert name in how, (english_what, name)


def test_the_help_menu_is_in_its_order_and_opens_the_help(qtbot, main_window, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from wuwei_desktop.gui.help_dialogs import HelpDialog, ShortcutsDialog

    texts = [a.text() if not a.isSeparator() else "-" for a in main_window.help_menu.actions()]
    assert texts[:3] == ["使用说明", "快捷键", "-"]
    assert texts[-2:] == ["-", "关于武威档案"]

    shown = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        shown.append(dialog)
        if isinstance(dialog, HelpDialog):
            shown.append(dialog.text.toPlainText())
        else:
            table = dialog.table
            shown.append([table.item(r, 1).text() for r in range(table.rowCount())])
        dialog.reject()

    QTimer.singleShot(0, look)
    main_window.act_help.trigger()
    assert isinstance(shown[0], HelpDialog)
    assert "按书的顺序阅读" in shown[1] and "|" not in shown[1]  # a table, not Markdown
    QTimer.singleShot(0, look)
    main_window.act_shortcuts.trigger()
    assert isinstance(shown[2], ShortcutsDialog)
    assert "Ctrl+Shift+F" in shown[3] and "/" in shown[3]


def test_the_shortcut_list_is_read_from_the_actions(qtbot, main_window):
    from PySide6.QtGui import QKeySequence

    rows = shortcut_rows(main_window)
    by_name = {(what, where): keys for what, keys, where in rows}
    assert by_name[("搜索", "编辑")] == "Ctrl+F"
    assert by_name[("在本条中查找", "编辑")] == "Ctrl+Shift+F"
    assert by_name[("在本条中查找", "阅读区")] == "/"
    assert by_name[("放大字号", "查看")] == "Ctrl+= / Ctrl++"
    assert by_name[("加入书签", "书签")] == "Ctrl+D"
    # every action with a shortcut is listed, once, with its own keys
    native = QKeySequence.SequenceFormat.NativeText
    from PySide6.QtGui import QAction

    for action in main_window.findChildren(QAction):
        if action.shortcuts():
            keys = " / ".join(k.toString(native) for k in action.shortcuts())
            assert (plain_label(action.text()), keys) in {(w, k) for w, k, _ in rows}
    assert len(rows) == len({(w, where) for w, _, where in rows})
