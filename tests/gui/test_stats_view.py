"""The 统计 view in the real main window: tables as printed, sorting, copy, export, 出处.

Expected figures are read off the yearbook's printed tables (data/sources, 表10–表18 on
pages 349–352): 表11 生产总值 708.08 / 661.45 / 7.0 亿元, 第一产业增加值 232.35 …
"""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from wuwei_desktop.gui import strings as S
from wuwei_desktop.gui.stats.file_io import SaveDialogs
from wuwei_desktop.gui.stats.table_model import NUMERIC_ALIGN

pytestmark = pytest.mark.gui

T11 = "yearbook-2024/附录/统计资料/表11"
T16 = "yearbook-2024/附录/统计资料/表16"
T10 = "yearbook-2024/附录/统计资料/表10"
T2 = "yearbook-2024/市情概览/经济社会发展/居民生活/表2"


class FakeDialogs(SaveDialogs):
    """Answers save dialogs with ``paths`` (in order) and records error boxes."""

    def __init__(self) -> None:
        self.paths: list[str | None] = []
        self.asked: list[tuple[str, str]] = []
        self.errors: list[tuple[str, str]] = []
        super().__init__(self._ask, self._error)

    def _ask(self, _parent, caption, name, _filters):
        self.asked.append((caption, name))
        return self.paths.pop(0) if self.paths else None

    def _error(self, _parent, title, message):
        self.errors.append((title, message))


@pytest.fixture()
def dialogs(main_window) -> FakeDialogs:
    fake = FakeDialogs()
    view = main_window.stats_view
    for widget in (view, view.table_panel, view.chart, view.explorer.chart):
        widget.dialogs = fake
    return fake


def show_stats(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.stats_shown()
    return window.stats_view


def click_table(qtbot, view, table_id: str) -> None:
    tree = view.table_list.tree
    item = view.table_list.item_for(table_id)
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.table_id == table_id


def click_header(qtbot, panel, column: int) -> None:
    header = panel.header
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    pos = QPoint(x, header.height() - 6)  # the bottom level: that column alone
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def column_texts(panel, column: int) -> list[str]:
    return [panel.shown_text(r, column) for r in range(panel.proxy.rowCount())]


def test_ctrl_t_shows_every_table_grouped_and_ctrl_r_goes_back(qtbot, main_window):
    view = show_stats(qtbot, main_window)
    assert main_window.act_view_stats.isChecked()
    assert len(view.table_list.entries) == 18
    tree = view.table_list.tree
    doc = tree.topLevelItem(0)
    assert doc.text(0) == "武威年鉴（2024）"
    chapters = [doc.child(i).text(0) for i in range(doc.childCount())]
    assert chapters == ["市情概览", "金融业", "人物与荣誉", "附录"]
    appendix = doc.child(3)
    assert [appendix.child(i).text(0) for i in range(3)] == [
        "表10　基本情况一览表",
        "表11　地区生产总值一览表",
        "表12　生产总值、第一产业增加值一览表",
    ]
    assert "第349页" in appendix.child(1).toolTip(0)
    assert view.table_list.count_label.text() == "共 18 张表格"

    qtbot.keyClick(view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not main_window.stats_shown()
    assert main_window.act_view_reader.isChecked()


def test_the_filter_narrows_the_table_list(qtbot, main_window):
    from tests.gui.test_main_window import type_chinese

    view = show_stats(qtbot, main_window)
    type_chinese(qtbot, view.table_list.filter_edit, "人口")
    assert view.table_list.visible_table_ids() == [
        "yearbook-2024/市情概览/历史人文/表1",
        T16,
    ]
    assert view.table_list.count_label.text() == "筛选出 2 张（共 18 张）"
    view.table_list.filter_edit.clear()
    type_chinese(qtbot, view.table_list.filter_edit, "不存在的表")
    assert view.table_list.visible_table_ids() == []
    assert "没有标题含“不存在的表”的表格" in view.table_list.count_label.text()


def test_table_11_shows_as_printed(qtbot, main_window):
    view = show_stats(qtbot, main_window)
    click_table(qtbot, view, T11)
    panel = view.table_panel
    assert panel.title_label.text() == "表11　2023年武威市地区生产总值一览表"
    assert [(c.text, c.first, c.last) for c in panel.header.cells()] == [
        ("指标名称", 0, 0),
        ("单位", 1, 1),
        ("2023年", 2, 2),
        ("2022年", 3, 3),
        ("增速（%）", 4, 4),
    ]
    assert column_texts(panel, 0) == [
        "生产总值",
        "\u3000第一产业增加值",
        "\u3000第二产业增加值",
        "\u3000\u3000全部工业增加值",
        "\u3000\u3000建筑业增加值",
        "\u3000第三产业增加值",
        "人均生产总值",
    ]
    assert [panel.shown_text(0, c) for c in range(5)] == [
        "生产总值",
        "亿元",
        "708.08",
        "661.45",
        "7.0",
    ]
    assert panel.shown_text(6, 2) == "49302"
    assert panel.proxy.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) == NUMERIC_ALIGN
    assert panel.source_button.text() == "出处（第349页）"
    assert main_window.location_label.text() == "统计表 › 表11 2023年武威市地区生产总值一览表"


def test_header_levels_span_like_the_printed_table(qtbot, main_window):
    view = show_stats(qtbot, main_window)
    click_table(qtbot, view, T2)
    panel = view.table_panel
    cells = [(c.text, c.top, c.depth, c.first, c.last) for c in panel.header.cells()]
    assert cells == [
        ("指标", 0, 2, 0, 0),
        ("城镇居民", 0, 1, 1, 2),
        ("农村居民", 0, 1, 3, 4),
        ("绝对数（元）", 1, 1, 1, 1),
        ("比上年增长（%）", 1, 1, 2, 2),
        ("绝对数（元）", 1, 1, 3, 3),
        ("比上年增长（%）", 1, 1, 4, 4),
    ]
    assert panel.header.height() >= 2 * panel.fontMetrics().height()
    first_row = [panel.shown_text(0, c) for c in range(5)]
    assert first_row == ["可支配收入", "37535", "6.5", "17266", "8.6"]
    assert panel.note_label.text() == "（市统计局、市委党史和地方志研究中心）"

    click_table(qtbot, view, T10)
    texts = column_texts(panel, 0)
    assert texts[2:4] == ["乡镇政府", "\u3000其中：镇政府"]
    assert [panel.shown_text(3, c) for c in range(1, 7)] == ["个", "84", "37", "18", "15", "14"]
    assert [panel.shown_text(6, c) for c in range(3, 7)] == ["9", "—", "—", "—"]  # 街道办事处


def test_sorting_by_a_column_and_back_to_the_book_order(qtbot, main_window):
    view = show_stats(qtbot, main_window)
    click_table(qtbot, view, T16)
    panel = view.table_panel
    book = column_texts(panel, 0)
    assert book == ["全市", "凉州区", "民勤县", "古浪县", "天祝藏族自治县"]

    click_header(qtbot, panel, 2)  # 2023年 自增率（‰）
    assert column_texts(panel, 2) == ["-10.45", "-5.47", "-5.00", "-4.08", "-2.39"]
    assert column_texts(panel, 0)[0] == "民勤县"
    click_header(qtbot, panel, 2)
    assert column_texts(panel, 2) == ["-2.39", "-4.08", "-5.00", "-5.47", "-10.45"]

    qtbot.mouseClick(panel.order_button, Qt.MouseButton.LeftButton)
    assert column_texts(panel, 0) == book
    assert panel.header.sortIndicatorSection() == -1

    click_header(qtbot, panel, 1)  # 2023年 常住人口（万人）
    assert column_texts(panel, 1) == ["14.50", "17.11", "23.69", "87.43", "142.73"]


def test_copy_the_selection_or_the_whole_table(qtbot, main_window):
    from wuwei_desktop.table_export import table_tsv

    view = show_stats(qtbot, main_window)
    click_table(qtbot, view, T11)
    panel = view.table_panel
    clipboard = QGuiApplication.clipboard()

    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)  # nothing selected
    assert clipboard.text() == table_tsv(panel.table)
    assert clipboard.text().splitlines()[:2] == [
        "指标名称\t单位\t2023年\t2022年\t增速（%）",
        "生产总值\t亿元\t708.08\t661.45\t7.0",
    ]

    for row, column in ((0, 2), (1, 3)):
        rect = panel.view.visualRect(panel.proxy.index(row, column))
        qtbot.mouseClick(
            panel.view.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ShiftModifier if row else Qt.KeyboardModifier.NoModifier,
            rect.center(),
        )
    qtbot.keyClick(panel.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "708.08\t661.45\n232.35\t217.03\n"
    assert main_window.statusBar().currentMessage() == "已复制 4 个单元格"


def test_export_csv_and_excel_and_a_failing_path(qtbot, main_window, dialogs, tmp_path):
    import openpyxl

    view = show_stats(qtbot, main_window)
    click_table(qtbot, view, T11)
    panel = view.table_panel

    dialogs.paths = [str(tmp_path / "gdp")]  # no suffix typed: .csv added
    qtbot.mouseClick(panel.csv_button, Qt.MouseButton.LeftButton)
    assert dialogs.asked[0] == ("导出表格", "表11 2023年武威市地区生产总值一览表.csv")
    with (tmp_path / "gdp.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert ["生产总值", "亿元", "708.08", "661.45", "7.0"] in rows
    assert ["\u3000第一产业增加值", "亿元", "232.35", "217.03", "6.4"] in rows
    assert "已导出" in main_window.statusBar().currentMessage()

    dialogs.paths = [str(tmp_path / "gdp.xlsx")]
    qtbot.mouseClick(panel.xlsx_button, Qt.MouseButton.LeftButton)
    sheet = openpyxl.load_workbook(tmp_path / "gdp.xlsx").active
    gdp = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "生产总值")
    assert gdp[1:5] == ("亿元", 708.08, 661.45, 7.0)

    missing = tmp_path / "no-such-folder" / "x.csv"
    dialogs.paths = [str(missing)]
    qtbot.mouseClick(panel.csv_button, Qt.MouseButton.LeftButton)
    assert dialogs.errors and dialogs.errors[0][0] == "导出失败"
    assert "Traceback" not in dialogs.errors[0][1]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in dialogs.errors[0][1])
    assert not missing.exists()

    dialogs.paths = [None]  # cancelled: nothing written, no message
    before = sorted(p.name for p in tmp_path.iterdir())
    qtbot.mouseClick(panel.xlsx_button, Qt.MouseButton.LeftButton)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert len(dialogs.errors) == 1


def test_source_opens_the_tables_page_in_the_reader(qtbot, main_window):
    view = show_stats(qtbot, main_window)
    click_table(qtbot, view, T11)
    qtbot.mouseClick(view.table_panel.source_button, Qt.MouseButton.LeftButton)
    assert not main_window.stats_shown()
    assert main_window.current_node_id() == T11
    assert "2023年武威市地区生产总值一览表" in main_window.reader.plain_text()
    assert main_window.location_label.text().startswith("武威年鉴（2024） › 附录 › 统计资料")
    assert main_window.location_label.text().endswith("第349页")


def test_open_table_shows_the_view_with_that_table(qtbot, main_window):
    assert main_window.open_table("表16")
    view = main_window.stats_view
    assert main_window.stats_shown()
    assert view.table_id == T16
    assert view.table_list.tree.currentItem() is view.table_list.item_for(T16)
    assert view.table_panel.title_label.text() == "表16　武威市常住人口、自增率、城镇化率"

    assert not main_window.open_table("表99")
    assert view.table_id == T16  # unchanged
    assert main_window.statusBar().currentMessage() == "档案中没有表格“表99”。"


def test_a_name_list_has_no_chart(qtbot, main_window):
    view = show_stats(qtbot, main_window)
    click_table(qtbot, view, "yearbook-2024/金融业/其他非银行金融机构/小额贷款公司/表6")
    panel = view.table_panel
    assert [c.text for c in panel.header.cells()] == ["序号", "企业名称"]
    assert panel.shown_text(0, 1) == "凉州区森信小额贷款有限责任公司"
    assert not view.chart.isVisible()
    assert view.chart.spec is None


def test_without_an_archive_the_view_says_so(qtbot, qsettings, tmp_path):
    from wuwei_desktop.gui.app import create_app
    from wuwei_desktop.gui.main_window import MainWindow
    from wuwei_desktop.paths import default_sources

    create_app([])
    window = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(window)
    window.show()
    window.load_archive(tmp_path / "missing.db", default_sources())
    assert window.archive is None
    window.show_stats()
    view = window.stats_view
    assert view.table_list.entries == []
    assert view.table_panel.title_label.text() == S.STATS_NO_ARCHIVE
    assert not view.table_panel.copy_button.isEnabled()
    assert not window.open_table("表11")
