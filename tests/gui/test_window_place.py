"""Where the user left off: the left tab, the node, its scroll position and the reading
size come back after a restart; a search that finds nothing leaves a true status bar."""

from __future__ import annotations

import pytest

from wuwei_desktop.paths import default_sources

pytestmark = pytest.mark.gui

NATURE = "yearbook-2024/市情概览/自然地理"


def new_window(qtbot, qsettings, archive_path, **load):
    from wuwei_desktop.gui.app import create_app
    from wuwei_desktop.gui.main_window import MainWindow

    create_app([])
    window = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.load_archive(archive_path, default_sources(), **load)
    return window


def test_the_place_the_tab_and_the_size_survive_a_restart(qtbot, qsettings, archive_path):
    window = new_window(qtbot, qsettings, archive_path)
    window.set_font_px(20)
    window.open_node(NATURE)
    bar = window.reader.verticalScrollBar()
    assert bar.maximum() > 1500
    window.reader.scroll_to(1200)
    window.tabs.setCurrentWidget(window.index_panel)
    location = window.location_label.text()
    window.close()
    window.archive.close()

    again = new_window(qtbot, qsettings, archive_path)
    assert again.current_node_id() == NATURE
    assert again.font_px == 20
    assert again.reader.verticalScrollBar().value() == 1200
    assert again.tabs.currentWidget() is again.index_panel
    assert again.location_label.text() == location != ""
    again.archive.close()


def test_a_search_that_finds_nothing_does_not_leave_opening_in_the_status_bar(
    qtbot, qsettings, archive_path
):
    window = new_window(qtbot, qsettings, archive_path, search="企鹅博物馆没有的词")
    assert window.location_label.text() == "档案中没有找到“企鹅博物馆没有的词”"
    assert "正在打开档案" not in window.reader.plain_text()
    window.archive.close()


def test_the_first_window_fits_the_screen(qtbot, qsettings):
    from PySide6.QtCore import QSize

    from wuwei_desktop.gui.main_window import MainWindow

    window = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(window)
    screen = window.screen().availableGeometry()
    assert window.width() <= screen.width()
    assert window.height() <= screen.height() - 40  # room for the title bar
    assert window.size() == window.first_size()
    assert window.first_size().boundedTo(QSize(1200, 800)) == window.first_size()
