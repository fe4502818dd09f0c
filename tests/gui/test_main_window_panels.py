"""The search pane, the subject index and the bookmarks, driven through the real window."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.test_main_window import LOCATION, click_tree_node, type_chinese
from wuwei_desktop.gui import index_panel as ip
from wuwei_desktop.gui import search_pane as sp
from wuwei_desktop.paths import default_sources, user_data_dir

pytestmark = pytest.mark.gui

QUERY = "防沙治沙"


def hit_items(pane) -> list:
    items = []
    for i in range(pane.results.topLevelItemCount()):
        group = pane.results.topLevelItem(i)
        items.extend(
            group.child(j)
            for j in range(group.childCount())
            if group.child(j).data(0, sp.ROLE_KIND) == sp.KIND_HIT
        )
    return items


def click_item(qtbot, view, item) -> None:
    view.scrollToItem(item)
    rect = view.visualItemRect(item)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def assert_shows_with_highlights(window, node_id: str, term: str) -> None:
    reader = window.reader
    assert window.current_node_id() == node_id
    text = reader.plain_text()
    total = reader.hit_count()
    assert 1 <= total <= text.count(term)
    assert len(reader.extraSelections()) == text.count(term)
    assert reader.current_hit() == 0


def test_ctrl_f_shows_the_search_tab_and_enter_opens_a_hit_highlighted(qtbot, main_window):
    window = main_window
    pane = window.search_pane
    click_tree_node(qtbot, window, LOCATION)  # focus somewhere else first
    qtbot.keyClick(window.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is pane
    qtbot.waitUntil(lambda: QApplication.focusWidget() is pane.search_box)

    type_chinese(qtbot, pane.search_box, QUERY)
    qtbot.waitUntil(lambda: len(hit_items(pane)) > 0, timeout=5000)  # as you type
    first = hit_items(pane)[0]
    node_id = first.data(0, sp.ROLE_NODE)

    qtbot.keyClick(pane.search_box, Qt.Key.Key_Return)  # opens the first hit
    assert pane.results.currentItem() is first
    assert_shows_with_highlights(window, node_id, QUERY)
    assert QUERY in window.hit_label.text()
    assert window.recent_searches()[0] == QUERY
    assert json.loads(window.settings.value("search/recent"))[0] == QUERY


def test_clicking_a_search_hit_opens_that_node(qtbot, main_window):
    window = main_window
    pane = window.search_pane
    window.focus_search()
    type_chinese(qtbot, pane.search_box, QUERY)
    qtbot.waitUntil(lambda: len(hit_items(pane)) > 1, timeout=5000)
    second = hit_items(pane)[1]
    click_item(qtbot, pane.results, second)
    assert_shows_with_highlights(window, second.data(0, sp.ROLE_NODE), QUERY)
    assert window.history.current.terms == (QUERY,)


def test_search_on_the_command_line_fills_the_pane_and_opens_the_best_hit(
    qtbot, qsettings, archive_path
):
    from wuwei_desktop.gui.app import create_app
    from wuwei_desktop.gui.main_window import MainWindow

    create_app([])
    window = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(window)
    window.show()
    window.load_archive(archive_path, default_sources(), search=QUERY)
    pane = window.search_pane
    assert window.tabs.currentWidget() is pane
    assert pane.query == QUERY
    qtbot.waitUntil(lambda: len(hit_items(pane)) > 0, timeout=5000)
    assert window.current_node_id() == hit_items(pane)[0].data(0, sp.ROLE_NODE)
    assert window.reader.hit_count() >= 1
    window.close()
    window.archive.close()


def test_a_term_of_the_index_tab_opens_its_entry_with_the_term_highlighted(qtbot, main_window):
    window = main_window
    panel = window.index_panel
    window.tabs.setCurrentWidget(panel)
    type_chinese(qtbot, panel.filter_box, "防沙治沙")
    terms = [
        panel.tree.topLevelItem(i).child(j)
        for i in range(panel.tree.topLevelItemCount())
        for j in range(panel.tree.topLevelItem(i).childCount())
        if not panel.tree.topLevelItem(i).child(j).isHidden()
    ]
    assert terms, "the index has terms with 防沙治沙"
    item = next(t for t in terms if t.data(0, ip.ROLE_NODE))
    term = item.data(0, ip.ROLE_TERM)
    click_item(qtbot, panel.tree, item)
    assert_shows_with_highlights(window, item.data(0, ip.ROLE_NODE), term)
    assert window.history.current.terms == (term,)


def answer_note_dialog(note: str | None) -> list:
    """When the note dialog comes up: type ``note`` as an input method would and press
    确定 (None: 取消). Returns a list that receives the dialog's label text."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication, QInputMethodEvent
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

    from wuwei_desktop.gui.note_dialog import NoteDialog

    seen: list = []

    def answer() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, NoteDialog)]
        dialog = next((w for w in shown if w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        buttons = dialog.findChild(QDialogButtonBox, "buttons")
        try:
            seen.append(dialog.findChild(QLabel, "titleLabel").text())
            seen.append(dialog.focusWidget() is dialog.note_edit)
            if note is not None:
                event = QInputMethodEvent()
                event.setCommitString(note)
                QGuiApplication.sendEvent(dialog.note_edit, event)
        finally:  # never leave the test waiting on the dialog
            Button = QDialogButtonBox.StandardButton
            buttons.button(Button.Cancel if note is None else Button.Ok).click()

    QTimer.singleShot(0, answer)
    return seen


def test_ctrl_d_asks_for_the_note_at_once_and_cancel_adds_nothing(qtbot, main_window):
    window = main_window
    click_tree_node(qtbot, window, LOCATION)
    panel = window.bookmarks_panel
    seen = answer_note_dialog(None)
    qtbot.keyClick(window.reader, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["“地理位置”的备注（可以不填）：", True]  # the cursor is in the note
    assert panel.list.topLevelItemCount() == 0
    answer_note_dialog("开会时引用")
    window.activateWindow()  # back from the dialog
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.reader, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert panel.list.topLevelItemCount() == 1
    assert panel.list.topLevelItem(0).text(2) == "开会时引用"


def test_a_bookmark_survives_closing_the_window_and_opens_the_entry(
    qtbot, main_window, qsettings, archive_path
):
    window = main_window
    assert not window.act_add_bookmark.isEnabled()  # nothing open yet
    click_tree_node(qtbot, window, LOCATION)
    assert window.act_add_bookmark.isEnabled()
    assert window.act_bookmarks_tool.isEnabled()
    answer_note_dialog("")
    qtbot.keyClick(window.reader, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    panel = window.bookmarks_panel
    assert panel.list.topLevelItemCount() == 1
    assert "地理位置" in window.statusBar().currentMessage()
    assert not window.add_bookmark()  # once only
    assert panel.list.topLevelItemCount() == 1
    window.close()
    window.archive.close()

    saved = json.loads((user_data_dir() / "bookmarks.json").read_text(encoding="utf-8"))
    assert LOCATION in json.dumps(saved, ensure_ascii=False)

    from wuwei_desktop.gui.main_window import MainWindow

    again = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(again)
    again.show()
    again.load_archive(archive_path, default_sources())
    again.open_node("yearbook-2024/市情概览/自然地理/气候")  # somewhere else
    again.act_show_bookmarks.trigger()
    panel = again.bookmarks_panel
    assert again.tabs.currentWidget() is panel
    assert panel.list.topLevelItemCount() == 1
    item = panel.list.topLevelItem(0)
    assert item.text(0) == "地理位置"
    assert item.text(1) == "第54页"
    click_item(qtbot, panel.list, item)
    assert again.current_node_id() == LOCATION
    assert again.reader.plain_text().startswith("地理位置")
    again.close()
    again.archive.close()


def test_the_toolbar_bookmark_button_adds_and_shows_the_bookmarks(qtbot, main_window):
    window = main_window
    click_tree_node(qtbot, window, LOCATION)
    answer_note_dialog("")
    window.act_bookmarks_tool.trigger()
    assert window.tabs.currentWidget() is window.bookmarks_panel
    assert window.bookmarks_panel.list.topLevelItemCount() == 1
