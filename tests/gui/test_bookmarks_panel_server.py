"""The bookmarks panel on a server archive: the same panel, the user's rows, sharing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.widget_archive import widget_archive, widget_archive_path  # noqa: F401
from tests.server.userdata_db import fresh_database
from wuwei_desktop.bookmarks import BookmarkStore
from wuwei_desktop.gui.bookmarks_panel import BookmarksPanel
from wuwei_desktop.user_store import open_stores

pytestmark = pytest.mark.gui


@pytest.fixture()
def url_for(pg_cluster):
    url_for = fresh_database(pg_cluster)
    open_stores(url_for("postgres"))
    return url_for


@pytest.fixture()
def entry(widget_archive):  # noqa: F811
    hit = widget_archive.search("民勤", limit=1).hits[0]
    return widget_archive.node(hit.node_id)


def make_panel(qtbot, url: str, archive) -> BookmarksPanel:
    store, _ = open_stores(url)
    panel = BookmarksPanel(store, archive)
    qtbot.addWidget(panel)
    panel.resize(520, 300)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def rows(panel: BookmarksPanel) -> list[list[str]]:
    return [
        [panel.list.topLevelItem(i).text(c) for c in range(3)]
        for i in range(panel.list.topLevelItemCount())
    ]


def test_server_bookmarks_add_note_share_and_a_colleague_sees_them(
    qtbot,
    url_for,
    entry,
    widget_archive,  # noqa: F811
    monkeypatch,
):
    alice = make_panel(qtbot, url_for("alice"), widget_archive)
    bob = make_panel(qtbot, url_for("bob"), widget_archive)
    assert alice.share_button.isVisible() and not alice.share_button.isEnabled()

    with qtbot.waitSignal(alice.bookmarks_changed):
        assert alice.add_bookmark(entry.id, entry.title, entry.path, entry.page_start)
    page = f"第{entry.page_start}页" if entry.page_start is not None else ""
    monkeypatch.setattr(alice, "_ask_note", lambda bookmark: "会上引用 <数据>")
    qtbot.mouseClick(alice.edit_button, Qt.MouseButton.LeftButton)
    assert rows(alice) == [[entry.title, page, "会上引用 <数据>"]]
    assert bob.reload_from_disk() is False and rows(bob) == []

    qtbot.mouseClick(alice.share_button, Qt.MouseButton.LeftButton)
    assert alice.share_button.isChecked() and alice.share_button.text() == "取消共享"
    assert rows(alice) == [[entry.title + "（已共享）", page, "会上引用 <数据>"]]
    with qtbot.waitSignal(bob.bookmarks_changed):
        assert bob.reload_from_disk() is True
    assert rows(bob) == [[entry.title + "（alice 共享）", page, "会上引用 <数据>"]]
    assert "同事共享 1 个" in bob.count_label.text()

    # read-only for bob: no edit, no delete, no share; but it opens
    rect = bob.list.visualItemRect(bob.list.topLevelItem(0))
    with qtbot.waitSignal(bob.node_requested) as blocker:
        qtbot.mouseClick(bob.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [entry.id, []]
    assert not bob.edit_button.isEnabled() and not bob.delete_button.isEnabled()
    monkeypatch.setattr(bob, "_confirm_delete", lambda bookmark: True)
    qtbot.keyClick(bob.list, Qt.Key.Key_Delete)
    assert rows(bob) == [[entry.title + "（alice 共享）", page, "会上引用 <数据>"]]

    # bob bookmarks the same node for himself: his own row comes first
    assert bob.add_bookmark(entry.id, entry.title, entry.path, entry.page_start)
    assert [r[0] for r in rows(bob)] == [entry.title, entry.title + "（alice 共享）"]

    # a restart shows alice the same rows; unsharing hides it from bob
    again = make_panel(qtbot, url_for("alice"), widget_archive)
    assert rows(again) == rows(alice)
    again._select(entry.id)
    qtbot.mouseClick(again.share_button, Qt.MouseButton.LeftButton)
    bob.reload_from_disk()
    assert rows(bob) == [[entry.title, page, ""]]


def test_the_local_store_has_no_share_button(qtbot, tmp_path):
    panel = BookmarksPanel(BookmarkStore(tmp_path / "b.json"))
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.share_button.isVisible()
