"""Titles, document text and the user's query are shown as text, never as markup: in
every label of the window, the status bar, tooltips and message boxes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox, QTreeWidget

from wuwei_desktop.gui.plain import menu_text, message_box, plain_tooltip

pytestmark = pytest.mark.gui

HOSTILE = '<b>粗</b><img src="file:///etc/hosts">&amp;<a href="x">链</a>'
LOCATION = "yearbook-2024/市情概览/自然地理/地理位置"


def seen(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What a user reads from ``text`` shown in that format (Qt's own guess for Auto)."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


@pytest.fixture()
def hostile_archive(tmp_path: Path, archive_path: Path) -> Path:
    """The real archive with markup in a title (as a source could print it)."""
    copy = tmp_path / "hostile.db"
    shutil.copy(archive_path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE nodes SET title = title || ? WHERE id = ?", (HOSTILE, LOCATION))
    conn.commit()
    conn.close()
    return copy


@pytest.fixture()
def window(qtbot, qsettings, hostile_archive: Path):
    from wuwei_desktop.gui.app import create_app
    from wuwei_desktop.gui.main_window import MainWindow

    create_app([])
    shown = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.load_archive(hostile_archive, None)
    yield shown
    shown.search_pane.set_archive(None)
    if shown.archive is not None:
        shown.archive.close()


def labels_showing(window, needle: str) -> list[QLabel]:
    return [label for label in window.findChildren(QLabel) if needle in label.text()]


def tooltips_of(tree: QTreeWidget) -> list[str]:
    out = []
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        out += [item.toolTip(c) for c in range(tree.columnCount()) if item.toolTip(c)]
        stack += [item.child(i) for i in range(item.childCount())]
    return out


def test_a_hostile_title_stays_text_in_the_status_bar_and_tooltips(window, qtbot) -> None:
    assert window.open_node(LOCATION)
    shown = labels_showing(window, "粗")
    assert shown, "the location label shows the title"
    for label in shown:
        assert HOSTILE in seen(label.text(), label.textFormat()), label.objectName()
    assert window.add_bookmark()
    assert HOSTILE in window.statusBar().currentMessage()  # drawn as plain text by Qt
    tips = [seen(t) for t in tooltips_of(window.bookmarks_panel.list)]
    assert tips and any(HOSTILE in t for t in tips)
    for label in labels_showing(window, "粗"):
        assert HOSTILE in seen(label.text(), label.textFormat())
    # a search hit with that title: its row and its tooltip
    window.search_pane.set_query("武威市地处甘肃省中部")
    window.search_pane.wait_for_results()
    qtbot.waitUntil(lambda: window.search_pane.results.topLevelItemCount() > 0, timeout=5000)
    tips = [seen(t) for t in tooltips_of(window.search_pane.results)]
    assert any(HOSTILE in t for t in tips)


@pytest.mark.parametrize(
    "query", ["<b>民勤</b>", '<img src="file:///etc/hosts">民勤', "民勤 &amp; &lt;i&gt;"]
)
def test_a_hostile_query_stays_text(window, qtbot, query: str) -> None:
    assert window.open_node(LOCATION)
    window.run_search(query)
    window.search_pane.wait_for_results()
    qtbot.waitUntil(lambda: window.search_pane._shown is not None, timeout=5000)
    checked = labels_showing(window, "民勤")
    assert checked
    for label in checked:
        assert query.strip()[:10] in seen(label.text(), label.textFormat()), label.objectName()


def test_every_window_label_is_plain_text_unless_it_escapes_its_own(window) -> None:
    window.show_stats()
    window.show_reader()
    labels = window.findChildren(QLabel)
    assert len(labels) > 5
    rich = [label for label in labels if label.textFormat() != Qt.TextFormat.PlainText]
    # the one rich label: the search pane's status, whose links it builds from escaped text
    allowed = {window.search_pane.status_label}
    for label in rich:
        assert label in allowed or not label.text(), (label.objectName(), label.text())


def test_helpers_keep_markup_as_text(qtbot) -> None:
    assert seen(plain_tooltip(HOSTILE)) == HOSTILE
    assert seen(plain_tooltip("第一行\n第二行 <b>")) == "第一行\n第二行 <b>"
    assert menu_text("A&B") == "A&&B"
    box = message_box(None, QMessageBox.Icon.Warning, "t", HOSTILE)
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText and box.text() == HOSTILE
