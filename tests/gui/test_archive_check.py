"""Errors are errors: a damaged archive is reported (search, 帮助 › 检查档案, after an
unclean end), never shown as "nothing found"; damaged settings are set aside."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from tests.core.test_archive_safety import damage_table
from wuwei_desktop.db.status import ArchiveState
from wuwei_desktop.gui import strings as S
from wuwei_desktop.paths import default_sources
from wuwei_desktop.run_marker import RunMarker

pytestmark = pytest.mark.gui


@pytest.fixture()
def damaged(tmp_path: Path, archive_path: Path) -> Path:
    copy = tmp_path / "data" / "wuwei.db"
    copy.parent.mkdir()
    shutil.copy(archive_path, copy)
    damage_table(copy, "search_fts_data")
    return copy


def make_window(qtbot, qsettings, modal: bool = False):
    from wuwei_desktop.gui.app import create_app
    from wuwei_desktop.gui.main_window import MainWindow

    create_app([])
    window = MainWindow(qsettings, modal_dialogs=modal)
    qtbot.addWidget(window)
    window.show()
    return window


def close(window) -> None:
    window.search_pane.set_archive(None)
    if window.archive is not None:
        window.archive.close()


def test_help_menu_has_check_archive(qtbot, qsettings) -> None:
    window = make_window(qtbot, qsettings)
    help_menu = next(
        action.menu() for action in window.menuBar().actions() if action.text() == S.MENU_HELP
    )
    assert window.act_check_archive in help_menu.actions()
    assert window.act_check_archive.text() == "检查档案"


def test_search_on_a_damaged_archive_says_it_is_damaged(qtbot, qsettings, damaged) -> None:
    window = make_window(qtbot, qsettings)
    window.load_archive(damaged, None)  # the quick state check passes: pages are not read
    assert window.archive is not None
    pane = window.search_pane
    with qtbot.waitSignal(pane.search_failed, timeout=5000) as failed:
        pane.set_query("民勤")
    message, is_damaged = failed.args
    assert is_damaged and "档案数据库已损坏" in message
    assert "档案数据库已损坏" in pane.status_label.text()
    assert "没有找到" not in pane.status_label.text()
    assert "档案数据库已损坏" in window.statusBar().currentMessage()
    assert window.problem and "已损坏" in window.problem
    # the synchronous path (--search) too
    assert window.run_search("防沙治沙") is False
    assert "没有找到" not in window.hit_label.text()
    close(window)


def test_check_archive_finds_the_damaged_page_and_offers_the_rebuild(
    qtbot, qsettings, damaged, monkeypatch
) -> None:
    from wuwei_desktop.gui import dialogs

    asked = []
    monkeypatch.setattr(dialogs, "ask_rebuild", lambda _p, lines, can: asked.append(lines))
    window = make_window(qtbot, qsettings, modal=True)
    window.load_archive(damaged, default_sources())
    assert window.archive is not None
    assert window.check_archive() is ArchiveState.CORRUPT
    assert asked and "已损坏" in asked[0][0] and str(damaged) in asked[0][1]
    assert window.archive is None  # closed: nothing more is read from a damaged file
    assert "已损坏" in window.reader.plain_text()
    close(window)


def test_check_archive_on_a_sound_archive(qtbot, qsettings, archive_path) -> None:
    window = make_window(qtbot, qsettings)
    window.load_archive(archive_path, default_sources())
    assert window.check_archive() is ArchiveState.OK
    assert window.statusBar().currentMessage() == S.CHECK_OK
    assert window.archive is not None
    close(window)


def test_after_an_unclean_end_the_pages_are_checked_at_start(
    qtbot, qsettings, damaged, tmp_path
) -> None:
    marker = RunMarker(tmp_path)
    assert marker.begin() is False  # a first session
    assert marker.begin() is True  # the first never ended: unclean
    marker.end()
    assert marker.begin() is False and marker.path.exists()
    window = make_window(qtbot, qsettings)
    window.load_archive(damaged, None, check_pages=True)
    assert window.archive is None
    assert "已损坏" in window.reader.plain_text()


def test_archive_problem_dialog_is_the_designer_form(qtbot) -> None:
    from wuwei_desktop.gui.dialogs import ArchiveProblemDialog
    from wuwei_desktop.gui.forms import form_child

    lines = ["档案数据库已损坏 <b>x</b>", "数据库文件：/a#b/<c>.db", S.DLG_WHAT_TO_DO_REBUILD]
    dialog = ArchiveProblemDialog(None, lines, can_rebuild=True)
    qtbot.addWidget(dialog)
    shown = [form_child(dialog.form, QLabel, n) for n in ("messageLabel", "fileLabel")]
    assert [label.text() for label in shown] == lines[:2]
    assert all(label.textFormat().name == "PlainText" for label in shown)
    assert dialog.rebuild_button is not None and dialog.rebuild_button.text() == S.DLG_REBUILD
    dialog.rebuild_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    without = ArchiveProblemDialog(None, lines, can_rebuild=False)
    qtbot.addWidget(without)
    assert without.rebuild_button is None


@pytest.mark.parametrize(
    "content",
    [b"[window\n\xff\xfe\x00" + b"[" * 10000, b"x" * (2 << 20)],
    ids=["garbage", "huge"],
)
def test_a_damaged_settings_file_is_set_aside(qapp, tmp_path, content: bytes) -> None:
    from wuwei_desktop.gui.app import checked_settings

    (tmp_path / "settings.ini").write_bytes(content)
    settings, notice = checked_settings(tmp_path)
    assert notice and "设置文件已损坏" in notice
    backups = list(tmp_path.glob("settings.ini.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == content
    assert settings.allKeys() == []


def test_settings_of_the_wrong_type_fall_back_to_defaults(qtbot, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    from wuwei_desktop.gui.app import checked_settings

    (tmp_path / "settings.ini").write_text(
        "[reader]\nfont_px=abc\nlast_node=1, 2\n[window]\ngeometry=junk\nsplitter=7\n"
        '[search]\nrecent="' + "[" * 5000 + '"\n',
        encoding="utf-8",
    )
    settings, notice = checked_settings(tmp_path)
    assert notice is None and isinstance(settings, QSettings)
    window = make_window(qtbot, settings)  # starts, with the default font size
    from wuwei_desktop.render.html import DEFAULT_FONT_PX

    assert window.font_px == DEFAULT_FONT_PX
    assert window.recent_searches() == []


def test_a_killed_builds_leftover_is_removed_at_start(qtbot, qsettings, tmp_path, archive_path):
    db = tmp_path / "data" / "wuwei.db"
    db.parent.mkdir()
    shutil.copy(archive_path, db)
    leftover = db.parent / ".wuwei.db.q0x7k1.tmp"
    leftover.write_bytes(b"half an archive")
    window = make_window(qtbot, qsettings)
    window.load_archive(db, None)
    assert not leftover.exists() and db.exists()
    assert window.archive is not None
    close(window)
