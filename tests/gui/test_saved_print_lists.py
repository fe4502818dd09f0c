"""保存清单 / 打开清单 in the 打印清单 dialog: on one PC (a JSON file) and on a server
archive (per user, 共享给同事), driven through the real window's buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_main_window import LOCATION, NATURE, click_tree_node
from tests.server.userdata_db import fresh_database
from wuwei_desktop.extract import ExtractItem
from wuwei_desktop.paths import user_data_dir
from wuwei_desktop.print_lists import LocalPrintLists
from wuwei_desktop.server_userdata import ServerBookmarkStore
from wuwei_desktop.user_store import open_stores

pytestmark = pytest.mark.gui


def list_dialog(qtbot, window):
    click_tree_node(qtbot, window, LOCATION)
    dialog = window.show_print_list()
    dialog.add_item(ExtractItem("node", NATURE))
    return dialog, dialog.saved_lists


def test_save_and_open_a_list_on_this_pc(qtbot, main_window, monkeypatch):
    dialog, saved = list_dialog(qtbot, main_window)
    assert saved.save_button.isVisible() and saved.open_button.isVisible()
    assert not saved.share_box.isVisible()  # sharing needs a server archive
    monkeypatch.setattr(saved, "ask_name", lambda default: "  会议材料 ")
    qtbot.mouseClick(saved.save_button, Qt.MouseButton.LeftButton)
    assert dialog.windowTitle() == "打印清单 — 会议材料"
    on_disk = LocalPrintLists(user_data_dir() / "print_lists.json").load("会议材料")
    assert [i.id for i in on_disk.items] == [LOCATION, NATURE]

    qtbot.mouseClick(dialog.buttons["clear"], Qt.MouseButton.LeftButton)
    assert not saved.save_button.isEnabled()
    monkeypatch.setattr(saved, "choose", lambda labels: labels.index("会议材料"))
    qtbot.mouseClick(saved.open_button, Qt.MouseButton.LeftButton)
    assert [i.id for i in dialog.items()] == [LOCATION, NATURE]
    assert dialog.labels()[0] == "地理位置　市情概览 › 自然地理 · 第54页"

    # saved again under its name: no question; but another copy's save meanwhile is
    # not overwritten unless the user says so
    dialog.list.clearSelection()
    dialog.list.item(1).setSelected(True)
    dialog.remove_selected()
    monkeypatch.setattr(saved, "ask_name", lambda default: default)
    qtbot.mouseClick(saved.save_button, Qt.MouseButton.LeftButton)
    other = LocalPrintLists(user_data_dir() / "print_lists.json")
    assert [i.id for i in other.load("会议材料").items] == [LOCATION]
    other.save("会议材料", [ExtractItem("search", "民勤")], 2)
    asked = []
    monkeypatch.setattr(saved, "ask_overwrite", lambda reason: asked.append(reason) or False)
    qtbot.mouseClick(saved.save_button, Qt.MouseButton.LeftButton)
    assert "已被另一处修改" in asked[0]
    assert [i.id for i in other.load("会议材料").items] == ["民勤"]
    monkeypatch.setattr(saved, "ask_overwrite", lambda reason: True)
    qtbot.mouseClick(saved.save_button, Qt.MouseButton.LeftButton)
    assert [i.id for i in other.load("会议材料").items] == [LOCATION]


def test_a_list_with_a_vanished_node_opens_without_it(qtbot, main_window, monkeypatch):
    store = LocalPrintLists(user_data_dir() / "print_lists.json")
    store.save(
        "旧清单", [ExtractItem("node", "yearbook-2024/已删除"), ExtractItem("node", NATURE)], None
    )
    dialog, saved = list_dialog(qtbot, main_window)
    warnings = []
    monkeypatch.setattr(
        "wuwei_desktop.gui.saved_print_lists.warn", lambda _p, _t, text: warnings.append(text)
    )
    monkeypatch.setattr(saved, "choose", lambda labels: 0)
    qtbot.mouseClick(saved.open_button, Qt.MouseButton.LeftButton)
    assert [i.id for i in dialog.items()] == [NATURE]
    assert warnings == ["清单中有 1 项在当前档案里找不到，没有加入。"]


def test_on_a_server_lists_and_bookmarks_are_the_users_and_shareable(
    qtbot, main_window, pg_cluster, monkeypatch
):
    url_for = fresh_database(pg_cluster)
    open_stores(url_for("postgres"))
    window = main_window
    dialog, _ = list_dialog(qtbot, window)
    window.use_user_data(url_for("alice"))
    assert isinstance(window.bookmarks_panel.store, ServerBookmarkStore)
    saved = dialog.saved_lists
    assert saved.share_box.isVisible()
    saved.share_box.setChecked(True)
    monkeypatch.setattr(saved, "ask_name", lambda default: "科室清单")
    qtbot.mouseClick(saved.save_button, Qt.MouseButton.LeftButton)
    assert dialog.windowTitle() == "打印清单 — 科室清单（已共享）"
    window.add_bookmark()
    assert [b.node_id for b in open_stores(url_for("alice"))[0]] == [LOCATION]
    assert not (user_data_dir() / "print_lists.json").exists()

    # bob, in another window of the program, opens alice's shared list read-only
    window.use_user_data(url_for("bob"))
    qtbot.mouseClick(dialog.buttons["clear"], Qt.MouseButton.LeftButton)
    assert dialog.saved_lists is saved
    offered = []
    monkeypatch.setattr(saved, "choose", lambda labels: offered.extend(labels) or 0)
    qtbot.mouseClick(saved.open_button, Qt.MouseButton.LeftButton)
    assert offered == ["科室清单（alice 共享）"]
    assert [i.id for i in dialog.items()] == [LOCATION, NATURE]
    # saving it makes bob's own copy; alice's stays as it was
    monkeypatch.setattr(saved, "ask_name", lambda default: default or "科室清单")
    saved.share_box.setChecked(False)
    qtbot.mouseClick(saved.save_button, Qt.MouseButton.LeftButton)
    _, alice_lists = open_stores(url_for("alice"))
    assert [(s.name, s.owner, s.shared) for s in alice_lists.lists()] == [("科室清单", "", True)]
    _, bob_lists = open_stores(url_for("bob"))
    assert [(s.name, s.owner) for s in bob_lists.lists()] == [
        ("科室清单", ""),
        ("科室清单", "alice"),
    ]
