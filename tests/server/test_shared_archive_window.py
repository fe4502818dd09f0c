"""文件 › 连接共享档案…: the window reads the archive on the server; no password is kept."""

from __future__ import annotations

from wuwei_desktop.gui import strings as S
from wuwei_desktop.gui.shared_archive import SETTING, remembered_server


def _with_password(url: str) -> str:
    return url.replace("postgres@", "postgres:geheim@", 1)


def test_connect_shows_the_shared_archive_and_keeps_no_password(
    main_window, qsettings, server_url: str
) -> None:
    local_roots = main_window.tree_panel.model.rowCount()
    local_total = main_window.archive.search("民勤").total
    menu_texts = [a.text() for a in main_window.menuBar().actions()[0].menu().actions()]
    assert S.ACT_CONNECT_SERVER in menu_texts

    main_window.connect_shared_archive(_with_password(server_url))

    assert main_window.problem is None
    assert main_window.archive.path == _with_password(server_url)  # this session only
    assert main_window.tree_panel.model.rowCount() == local_roots
    assert main_window.archive.search("民勤").total == local_total
    assert qsettings.value(SETTING) == server_url
    assert "geheim" not in str(qsettings.value(SETTING))
    assert remembered_server(qsettings) == server_url
    assert main_window.statusBar().currentMessage() == S.SERVER_PASSWORD_NOT_STORED
    assert not main_window.act_rebuild.isEnabled()


def test_a_wrong_address_changes_nothing(main_window, qsettings) -> None:
    archive = main_window.archive
    main_window.connect_shared_archive("http://example.invalid/wuwei")
    assert main_window.archive is archive
    assert qsettings.value(SETTING) is None
    assert main_window.statusBar().currentMessage() == S.SERVER_URL_BAD


def test_an_unreachable_server_is_said_in_the_window(main_window, tmp_path) -> None:
    url = f"postgresql+psycopg://postgres@/wuwei?host={tmp_path}&port=1"
    main_window.connect_shared_archive(url)
    assert main_window.problem is not None
    assert "无法连接服务器上的档案" in main_window.problem
