"""统计 › 目标与完成 in the real window: the targets of both work reports against the
archive's outcomes, filters, and both sources opened in the reader.

Hand-checked: the 2022 report (section (一)) says 确保粮食种植面积稳定在240万亩、产量105万吨
以上; 表18 of the yearbook (第352页) prints 粮食总产量 2022年 123.99 万吨: 完成. The archive
ends with 2023, so no 2024 target has an outcome, and no 2022 growth rate is printed.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.core.test_targets import build_archive_without_reports
from tests.gui.test_stats_indicators import pick
from tests.gui.test_stats_view import show_stats
from wuwei_desktop.gui.stats.targets_view import (
    COL_INDICATOR,
    COL_OUTCOME,
    COL_OUTCOME_SOURCE,
    COL_STATUS,
    COL_TARGET,
    COL_TARGET_SOURCE,
)

pytestmark = pytest.mark.gui

GRAIN_2022 = (
    "粮食产量",
    "全市",
    "2022",
    "105万吨以上",
    "123.99万吨",
    "完成",
    "《2022年武威市政府工作报告》",
    "《武威年鉴（2024）》表18，第352页",
)


def targets_tab(qtbot, window):
    view = show_stats(qtbot, window)
    bar = view.tabs.tabBar()
    index = view.tabs.indexOf(view.targets)
    assert bar.tabText(index) == "目标与完成"
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert view.tabs.currentWidget() is view.targets
    qtbot.waitUntil(lambda: view.targets.model.rowCount() > 0, timeout=5000)
    return view.targets


def row_texts(targets, row: int) -> tuple[str, ...]:
    return tuple(targets.model.text(row, c) for c in range(targets.model.columnCount()))


def find_row(targets, indicator: str, year: str) -> int:
    model = targets.model
    return next(
        r
        for r in range(model.rowCount())
        if model.text(r, COL_INDICATOR) == indicator and model.checks[r].target.year == year
    )


def double_click(qtbot, targets, row: int, column: int) -> None:
    index = targets.model.index(row, column)
    targets.view.scrollTo(index)
    rect = targets.view.visualRect(index)
    viewport = targets.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())


def test_every_target_with_its_outcome_or_none(qtbot, main_window):
    targets = targets_tab(qtbot, main_window)
    assert main_window.location_label.text() == "统计 › 目标与完成"
    assert row_texts(targets, 0) == (
        "地区生产总值",
        "全市",
        "2022",
        "增长7%",
        "—",
        "无结果",
        "《2022年武威市政府工作报告》",
        "档案中没有2022年的实际数",
    )
    assert row_texts(targets, find_row(targets, "粮食产量", "2022")) == GRAIN_2022
    cpi = find_row(targets, "居民消费价格指数涨幅", "2024")
    assert targets.model.text(cpi, COL_TARGET) == "控制在3%以内"
    assert targets.model.text(cpi, COL_TARGET_SOURCE) == "《武威年鉴（2024）》第24页"
    tip = targets.model.data(targets.model.index(cpi, COL_INDICATOR), Qt.ItemDataRole.ToolTipRole)
    assert "居民消费价格指数涨幅控制在3%以内" in tip


def test_filters_by_year_and_status(qtbot, main_window):
    targets = targets_tab(qtbot, main_window)
    pick(targets.year_combo, "2024")
    model = targets.model
    assert model.rowCount() > 8
    assert {model.text(r, COL_STATUS) for r in range(model.rowCount())} == {"无结果"}
    assert targets.count_label.text() == (
        f"共 {model.rowCount()} 项目标：完成 0 项，未完成 0 项，档案中无结果 {model.rowCount()} 项"
    )
    pick(targets.year_combo, "全部年份")
    pick(targets.status_combo, "完成")
    assert [row_texts(targets, r) for r in range(model.rowCount())] == [GRAIN_2022]
    assert targets.count_label.text() == "共 1 项目标：完成 1 项，未完成 0 项，档案中无结果 0 项"


def test_double_click_opens_the_target_or_the_outcome(qtbot, main_window):
    targets = targets_tab(qtbot, main_window)
    row = find_row(targets, "粮食产量", "2022")
    double_click(qtbot, targets, row, COL_OUTCOME_SOURCE)
    assert not main_window.stats_shown()
    assert main_window.current_node_id() == "yearbook-2024/附录/统计资料/表18"
    assert "123.99" in main_window.reader.plain_text()

    main_window.show_stats()
    double_click(qtbot, targets, row, COL_OUTCOME)  # any other column: the target
    assert main_window.current_node_id().startswith(
        "gov-report-2022/今后五年发展重点和2022年工作任务/(一)"
    )
    assert "产量105万吨以上" in main_window.reader.plain_text()


def test_buttons_follow_the_selection(qtbot, main_window):
    targets = targets_tab(qtbot, main_window)
    assert not targets.target_button.isEnabled() and not targets.outcome_button.isEnabled()
    targets.view.selectRow(0)  # 地区生产总值 2022: no outcome
    assert targets.target_button.isEnabled() and not targets.outcome_button.isEnabled()
    targets.view.selectRow(find_row(targets, "粮食产量", "2022"))
    assert targets.outcome_button.isEnabled()
    qtbot.mouseClick(targets.outcome_button, Qt.MouseButton.LeftButton)
    assert main_window.current_node_id() == "yearbook-2024/附录/统计资料/表18"


@pytest.fixture(scope="module")
def archive_without_reports(tmp_path_factory):
    return build_archive_without_reports(tmp_path_factory)


def test_an_archive_without_targets_says_so(qtbot, archive_without_reports):
    from wuwei_desktop.api import Archive
    from wuwei_desktop.gui.stats.targets_view import TargetsView

    view = TargetsView()
    qtbot.addWidget(view)
    view.set_archive(None)
    assert view.count_label.text() == "未打开档案，没有可显示的统计表。"
    with Archive.open(archive_without_reports) as archive:
        view.set_archive(archive)
        view.show()
        qtbot.waitExposed(view)
        assert view.model.rowCount() == 0
        assert view.count_label.text() == "档案中没有政府工作报告提出的目标。"
        assert not view.target_button.isEnabled() and not view.outcome_button.isEnabled()
