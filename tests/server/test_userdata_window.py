"""文件 › 连接共享档案… moves bookmarks and print lists to the server (per user) and back."""

from __future__ import annotations

from wuwei_desktop.bookmarks import BookmarkStore
from wuwei_desktop.paths import default_db, user_data_dir
from wuwei_desktop.print_lists import LocalPrintLists
from wuwei_desktop.server_userdata import ServerBookmarkStore, ServerPrintLists
from wuwei_desktop.user_store import open_stores

LOCATION = "yearbook-2024/市情概览/自然地理/地理位置"


def test_connecting_keeps_user_data_on_the_server_and_back(main_window, server_url) -> None:
    window = main_window
    window.connect_shared_archive(server_url)
    assert window.problem is None
    assert isinstance(window.bookmarks_panel.store, ServerBookmarkStore)
    assert isinstance(window.printing.dialog.saved_lists.store, ServerPrintLists)
    assert window.open_node(LOCATION)
    window.add_bookmark()
    server_marks, _ = open_stores(server_url)
    assert LOCATION in server_marks
    assert not (user_data_dir() / "bookmarks.json").exists()

    window.connect_shared_archive("")  # back to the archive on this PC
    assert window.db_path == default_db() or window.problem is not None
    assert isinstance(window.bookmarks_panel.store, BookmarkStore)
    assert isinstance(window.printing.dialog.saved_lists.store, LocalPrintLists)
    assert LOCATION not in window.bookmarks_panel.store
    server_marks.remove(LOCATION)
