"""The window fits an office laptop: 1366x768 at 100 % and 1920x1080 at 150 % (1280x720
logical), with and without the taskbar's share, and a 1024 px wide window: every view's
buttons are as large as they ask, no toolbar tool is pushed off, the chart is at least
300 px high (or on a tab of its own)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gui.layout_checks import check_window

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "size",
    [(1366, 768), (1366, 728), (1280, 720), (1280, 688), (1024, 600)],
    ids=lambda s: f"{s[0]}x{s[1]}",
)
def test_every_view_fits(qtbot, qapp, qsettings, archive_path, size):
    from wuwei_desktop.gui.app import create_app
    from wuwei_desktop.gui.main_window import MainWindow

    create_app([])
    window = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.load_archive(archive_path, None)
    assert (window.width(), window.height()) == size  # nothing forces it larger
    report = check_window(window, qapp)
    assert report["problems"] == []
    assert report["canvas_height"] >= 300
    assert report["bookmark_hint_lines"] <= 2  # the empty 书签 tab's hint
    if size[1] >= 720:  # 指标查询: its chart keeps 300 px too where there is room
        assert report["facts_canvas_height"] >= 300
    source, wanted = report["source_button"]
    assert source >= wanted  # 出处（第349页） whole, at 1024 px too
    window.archive.close()


def test_the_chart_gets_a_tab_of_its_own_when_there_is_no_room(qtbot, qapp, main_window):
    window = main_window
    window.resize(1024, 560)
    window.open_table("表11")
    qapp.processEvents()
    view = window.stats_view
    assert view.compact()
    assert [view.right_tabs.tabText(i) for i in range(2)] == ["表格", "图表"]
    view.table_panel.row_picked.emit(1)  # clicking a row label shows its chart
    assert view.right_tabs.currentWidget() is view.chart
    window.resize(1366, 768)
    qapp.processEvents()
    assert not view.compact()
    assert view.table_panel.isVisible() and view.chart.isVisible()


def test_the_split_the_user_chose_is_kept(qtbot, qapp, main_window, qsettings, archive_path):
    window = main_window
    window.resize(1366, 768)
    window.open_table("表11")
    qapp.processEvents()
    view = window.stats_view
    splitter = view.right_splitter
    total = sum(splitter.sizes())
    splitter.moveSplitter(220, 1)  # the user drags the handle up
    qapp.processEvents()
    share = view._table_share
    assert share is not None and abs(splitter.sizes()[0] - 220) <= 2
    view.open_table("表12")  # another table keeps the user's split
    qapp.processEvents()
    assert abs(splitter.sizes()[0] - round(total * share)) <= 2
    view.tables_splitter.setSizes([250, 1100])
    list_width = view.tables_splitter.sizes()[0]
    window.close()

    from wuwei_desktop.gui.main_window import MainWindow

    again = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(again)
    again.resize(1366, 768)
    again.show()
    again.load_archive(archive_path, None)
    again.open_table("表11")
    qapp.processEvents()
    assert again.stats_view.tables_splitter.sizes()[0] == list_width
    assert abs(again.stats_view._table_share - share) < 0.01
    again.archive.close()


def test_1920x1080_at_150_percent(archive_path):
    """A subprocess with QT_SCALE_FACTOR=1.5: the logical window is 1280x688."""
    env = {**os.environ, "QT_SCALE_FACTOR": "1.5", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.layout_checks", str(archive_path), "1280", "688"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["scale"] == 1.5
    assert report["size"] == [1280, 688]
    assert report["problems"] == []
    assert report["canvas_height"] >= 300


def test_the_print_previews_zoom_box_shows_every_digit(qtbot, qapp, main_window):
    from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionFrame

    from wuwei_desktop.extract import ExtractItem

    window = main_window
    window.open_node("yearbook-2024/市情概览/自然地理")
    window.add_to_print_list(ExtractItem("node", "yearbook-2024/市情概览/自然地理"))
    dialog = window.printing.preview_dialog()
    qtbot.addWidget(dialog)
    dialog.resize(1000, 700)
    dialog.show()
    qapp.processEvents()
    zoom = [c for c in dialog.findChildren(QComboBox) if c.isEditable()]
    assert len(zoom) == 1
    edit = zoom[0].lineEdit()
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    assert room.width() >= edit.fontMetrics().horizontalAdvance("100.0%") + 4
    dialog.close()
