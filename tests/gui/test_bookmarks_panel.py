"""The bookmarks panel: add, list with page and note, edit note, delete, open, 已失效."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.gui.widget_archive import widget_archive, widget_archive_path  # noqa: F401
from wuwei_desktop.bookmarks import BookmarkStore
from wuwei_desktop.gui.bookmarks_panel import BookmarksPanel

pytestmark = pytest.mark.gui


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bookmarks.json"


@pytest.fixture()
def entry(widget_archive):  # noqa: F811
    """A real entry of the archive (the best hit for 民勤)."""
    hit = widget_archive.search("民勤", limit=1).hits[0]
    return widget_archive.node(hit.node_id)


@pytest.fixture()
def panel(qtbot, widget_archive, store_path):  # noqa: F811
    widget = BookmarksPanel(BookmarkStore(store_path), widget_archive)
    qtbot.addWidget(widget)
    widget.resize(420, 300)
    return widget


def rows(panel: BookmarksPanel) -> list[list[str]]:
    return [
        [panel.list.topLevelItem(i).text(c) for c in range(3)]
        for i in range(panel.list.topLevelItemCount())
    ]


def test_add_lists_title_page_and_survives_restart(qtbot, panel, entry, store_path, widget_archive):  # noqa: F811
    with qtbot.waitSignal(panel.bookmarks_changed):
        assert panel.add_bookmark(entry.id, entry.title, entry.path, entry.page_start)
    page = f"第{entry.page_start}页" if entry.page_start is not None else ""
    assert rows(panel) == [[entry.title, page, ""]]
    assert panel.selected_node() == entry.id
    assert not panel.add_bookmark(entry.id, entry.title, entry.path, entry.page_start)
    assert len(panel.store) == 1 and "已经在书签中" in panel.message_label.text()
    again = BookmarksPanel(BookmarkStore(store_path), widget_archive)
    qtbot.addWidget(again)
    assert rows(again) == rows(panel)


def test_clicking_requests_the_node(qtbot, panel, entry):
    panel.add_bookmark(entry.id, entry.title, entry.path, entry.page_start)
    panel.show()
    qtbot.waitExposed(panel)
    rect = panel.list.visualItemRect(panel.list.topLevelItem(0))
    with qtbot.waitSignal(panel.node_requested) as blocker:
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [entry.id, []]
    with qtbot.waitSignal(panel.node_requested) as blocker:
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert blocker.args == [entry.id, []]


def test_edit_note_with_the_button_and_by_double_click(
    qtbot, panel, entry, store_path, monkeypatch
):
    panel.add_bookmark(entry.id, entry.title, entry.path, entry.page_start)
    monkeypatch.setattr(panel, "_ask_note", lambda bookmark: "开会引用 <重点> & 数据")
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert rows(panel)[0][2] == "开会引用 <重点> & 数据"
    stored = json.loads(store_path.read_text(encoding="utf-8"))
    assert stored["bookmarks"][0]["note"] == "开会引用 <重点> & 数据"
    monkeypatch.setattr(panel, "_ask_note", lambda bookmark: "第二版")
    panel.show()
    qtbot.waitExposed(panel)
    rect = panel.list.visualItemRect(panel.list.topLevelItem(0))
    viewport = panel.list.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # QTest needs
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # the press
    assert rows(panel)[0][2] == "第二版"
    monkeypatch.setattr(panel, "_ask_note", lambda bookmark: None)  # cancelled
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert rows(panel)[0][2] == "第二版"


def test_delete_asks_and_removes(qtbot, panel, entry, monkeypatch):
    panel.add_bookmark(entry.id, entry.title, entry.path, entry.page_start)
    panel.add_bookmark("yearbook-2024", "武威年鉴（2024）", [], None)
    panel._select(entry.id)
    monkeypatch.setattr(panel, "_confirm_delete", lambda bookmark: False)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert len(panel.store) == 2
    monkeypatch.setattr(panel, "_confirm_delete", lambda bookmark: True)
    with qtbot.waitSignal(panel.bookmarks_changed):
        qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert [b.node_id for b in panel.store] == ["yearbook-2024"]
    assert not panel.delete_button.isEnabled() or panel.selected_node()


def test_vanished_node_is_shown_as_invalid_and_kept(qtbot, widget_archive, store_path, entry):  # noqa: F811
    store = BookmarkStore(store_path)
    store.add(entry.id, entry.title, entry.path, entry.page_start)
    store.add("yearbook-2024/已撤销的类目/【旧条目】", "【旧条目】", ["武威年鉴（2024）"], 12)
    panel = BookmarksPanel(store, widget_archive)
    qtbot.addWidget(panel)
    assert rows(panel)[1][0] == "【旧条目】（已失效）"
    assert "1 个已失效" in panel.count_label.text()
    panel.show()
    qtbot.waitExposed(panel)
    rect = panel.list.visualItemRect(panel.list.topLevelItem(1))
    with qtbot.assertNotEmitted(panel.node_requested):
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "已失效" in panel.message_label.text()
    assert len(BookmarkStore(store_path)) == 2


def test_corrupt_file_warns_and_starts_empty(qtbot, store_path, widget_archive):  # noqa: F811
    store_path.parent.mkdir(parents=True)
    store_path.write_text("{broken", encoding="utf-8")
    panel = BookmarksPanel(BookmarkStore(store_path), widget_archive)
    qtbot.addWidget(panel)
    assert rows(panel) == []
    assert "已损坏" in panel.message_label.text() and not panel.message_label.isHidden()
    assert "还没有书签" in panel.count_label.text()


def test_default_store_is_in_the_user_data_folder(qtbot, isolated_user_dirs):
    panel = BookmarksPanel()
    qtbot.addWidget(panel)
    assert panel.store.path.name == "bookmarks.json"
    assert isolated_user_dirs in panel.store.path.parents


def test_bookmarks_saved_by_another_copy_appear_at_once(
    qtbot,
    panel,
    entry,
    store_path,
    widget_archive,  # noqa: F811
):
    panel.add_bookmark(entry.id, entry.title, entry.path, entry.page_start)
    part = widget_archive.tree("gov-report-2022")[0].children[0]
    other = BookmarkStore(store_path)  # another copy of the program, same file
    with qtbot.waitSignal(panel.bookmarks_changed, timeout=5000):  # the file watcher
        other.add(part.id, part.title, note="另一个窗口")
    assert [r[0] for r in rows(panel)] == [entry.title, part.title]  # valid: no 已失效
    assert rows(panel)[1][2] == "另一个窗口"
    with qtbot.waitSignal(panel.bookmarks_changed, timeout=5000):
        other.remove(entry.id)
    assert [r[0] for r in rows(panel)] == [part.title]
    # a bookmark the other copy added is "already there" here too
    assert not panel.add_bookmark(part.id, part.title)
    assert len(BookmarkStore(store_path)) == 1


def test_a_hostile_bookmarks_file_is_set_aside_with_a_notice(qtbot, store_path):
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"[" * 100_000)
    widget = BookmarksPanel(BookmarkStore(store_path), None)
    qtbot.addWidget(widget)
    assert not widget.message_label.isHidden()
    assert "嵌套过深" in widget.message_label.text() and "改名保存" in widget.message_label.text()
    assert rows(widget) == []
    assert list(store_path.parent.glob("bookmarks.json.corrupt-*"))
