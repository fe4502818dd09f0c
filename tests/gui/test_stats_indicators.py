"""The 指标 explorer in the real window: typed indicators, every figure with its source,
filters, the series over years and across counties, 出处 to the reader.

Hand-checked: GDP 423.3 亿元 (2016) and 526.4 亿元 (2020) from the 2022 work report
(“全市生产总值由2016年的423.3亿元增加到2020年的526.4亿元”), 661.45 (2022) and 708.08 (2023)
from 表11; counties 2023 from 表12: 425.16, 114.98, 92.15, 75.79.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_main_window import type_chinese
from tests.gui.test_stats_charts import bars
from tests.gui.test_stats_view import FakeDialogs, show_stats
from wuwei_desktop.gui.stats.facts_model import (
    COL_INDICATOR,
    COL_PAGE,
    COL_PERIOD,
    COL_REGION,
    COL_REMARK,
    COL_SOURCE,
    COL_UNIT,
    COL_VALUE,
)

pytestmark = pytest.mark.gui


def explorer_for(qtbot, window, query: str):
    view = show_stats(qtbot, window)
    view.tabs.setCurrentWidget(view.explorer)
    explorer = view.explorer
    type_chinese(qtbot, explorer.query_edit, query)
    qtbot.waitUntil(lambda: explorer.model.rowCount() > 0, timeout=5000)
    return explorer


def rows(explorer, *columns: int) -> list[tuple[str, ...]]:
    model = explorer.model
    return [tuple(model.text(r, c) for c in columns) for r in range(model.rowCount())]


def pick(combo, text: str) -> None:
    """Choose ``text`` in a filter box as the user does (activated is what it listens to)."""
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_gdp_lists_every_figure_with_its_source_and_charts_the_years(qtbot, main_window):
    explorer = explorer_for(qtbot, main_window, "生产总值")
    assert explorer.indicator_combo.currentText() == "生产总值"
    shown = rows(explorer, COL_INDICATOR, COL_REGION, COL_PERIOD, COL_VALUE, COL_UNIT, COL_PAGE)
    assert ("生产总值", "全市", "2023", "708.08", "亿元", "第349页") in shown
    assert ("生产总值", "全市", "2016", "423.3", "亿元", "") in shown  # the report has no pages
    assert ("生产总值（增速）", "全市", "2023", "7.0", "%", "第349页") in shown  # as printed
    assert all(indicator.startswith("生产总值") for indicator, *_ in shown)
    # the figure 表11, 表12 and the text print alike is one row; its sources on demand
    model = explorer.model
    gdp = [r for r, row in enumerate(shown) if row[1:5] == ("全市", "2023", "708.08", "亿元")]
    assert len(gdp) == 1
    assert model.text(gdp[0], COL_SOURCE) == "表11 生产总值 2023年"
    assert model.text(gdp[0], COL_REMARK) == f"{len(model.sources[gdp[0]])} 处出处"
    tip = model.index(gdp[0], COL_SOURCE).data(Qt.ItemDataRole.ToolTipRole)
    assert "《武威年鉴（2024）》第349页：表12 生产总值 2023年<br>" in tip
    assert "2023年，武威市地区生产总值708.08亿元，比2022年增长7.0%。" in tip
    assert explorer.answer.isVisible()
    assert explorer.answer.text().startswith(
        "答：2023年 全市 生产总值 708.08亿元 —《武威年鉴（2024）》表11，第349页"
    )
    assert main_window.location_label.text() == "指标查询 › 生产总值"

    lengths, labels = bars(explorer.chart.figure)
    assert labels == ["2016年", "2020年", "2022年", "2023年"]
    assert lengths == [[423.3, 526.4, 661.45, 708.08]]
    assert "2022年武威市政府工作报告" in explorer.chart.figure._supxlabel.get_text()

    explorer.set_chart_by("region")
    lengths, labels = bars(explorer.chart.figure)
    assert labels == ["凉州区", "民勤县", "古浪县", "天祝县"]
    assert lengths == [[425.16, 114.98, 92.15, 75.79]]


def test_region_and_period_filters(qtbot, main_window):
    explorer = explorer_for(qtbot, main_window, "生产总值")
    pick(explorer.region_combo, "民勤县")
    shown = rows(explorer, COL_REGION, COL_PERIOD, COL_VALUE)
    assert {region for region, _, _ in shown} == {"民勤县"}
    assert ("民勤县", "2023", "114.98") in shown and ("民勤县", "2022", "107.70") in shown

    pick(explorer.region_combo, "全部地区")
    pick(explorer.period_combo, "2020")
    shown = rows(explorer, COL_REGION, COL_PERIOD, COL_VALUE)
    assert {period for _, period, _ in shown} == {"2020"}
    assert ("全市", "2020", "526.4") in shown and ("凉州区", "2020", "335.11") in shown
    assert explorer.count_label.text() == f"找到 {len(shown)} 个数字"


def test_figures_that_disagree_are_marked(qtbot, main_window):
    explorer = explorer_for(qtbot, main_window, "常住人口")
    model = explorer.model
    marked = [r for r in range(model.rowCount()) if "口径不一" in model.text(r, COL_REMARK)]
    assert marked
    assert all(model.facts[r].disagrees for r in marked)
    tip = model.index(marked[0], COL_REMARK).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("其他出处给出的数字不同：")
    first = rows(explorer, COL_REGION, COL_PERIOD, COL_VALUE, COL_UNIT)[0]
    assert first == ("全市", "2023", "142.73", "万人")


def test_double_click_opens_the_source_in_the_reader(qtbot, main_window):
    explorer = explorer_for(qtbot, main_window, "生产总值")
    model = explorer.model
    row = next(
        r
        for r in range(model.rowCount())
        if model.text(r, COL_SOURCE).startswith("2020年全区生产总值达到335.11亿元")
    )
    node_id = model.facts[row].node_id
    explorer.view.scrollTo(model.index(row, COL_VALUE))
    rect = explorer.view.visualRect(model.index(row, COL_VALUE))
    viewport = explorer.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # press, then
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # double-click
    assert not main_window.stats_shown()
    assert main_window.current_node_id() == node_id
    assert "2020年全区生产总值达到335.11亿元" in main_window.reader.plain_text()

    main_window.show_stats()  # 出处 button: the selected row
    explorer.view.selectRow(0)
    qtbot.mouseClick(explorer.source_button, Qt.MouseButton.LeftButton)
    assert main_window.current_node_id() == model.facts[0].node_id

    main_window.show_stats()  # the answer's 出处: the best source of the answer
    qtbot.mouseClick(explorer.answer.open_button, Qt.MouseButton.LeftButton)
    assert main_window.current_node_id() == "yearbook-2024/附录/统计资料/表11"


def test_nothing_found_says_so_and_the_series_saves(qtbot, main_window, tmp_path):
    explorer = explorer_for(qtbot, main_window, "粮食")
    assert explorer.indicator_combo.currentText() == "粮食总产量"
    dialogs = FakeDialogs()
    explorer.chart.dialogs = dialogs
    dialogs.paths = [str(tmp_path / "粮食.png")]
    qtbot.mouseClick(explorer.chart.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "粮食.png").read_bytes()[:4] == b"\x89PNG"

    explorer.query_edit.clear()
    type_chinese(qtbot, explorer.query_edit, "没有这种指标")
    qtbot.waitUntil(lambda: explorer.model.rowCount() == 0, timeout=5000)
    assert explorer.count_label.text().startswith("没有找到“没有这种指标”的数字")
    assert explorer.chart.spec is None
    assert not explorer.chart.save_button.isEnabled()


def test_the_chart_follows_the_county_the_question_names(qtbot, main_window):
    # 表18: 民勤县 粮食总产量 21.47 (2022), 21.00 (2023)
    explorer = explorer_for(qtbot, main_window, "民勤县粮食产量是多少")
    assert explorer.answer.text().startswith("答：2023年 民勤县 粮食总产量 21万吨")
    lengths, labels = bars(explorer.chart.figure)
    assert labels == ["2022年", "2023年"]
    assert lengths == [[21.47, 21.0]]
    assert explorer.chart.spec.title.startswith("民勤县粮食总产量")

    explorer.set_chart_by("region")  # across counties: every county, 2023
    _lengths, labels = bars(explorer.chart.figure)
    assert labels == ["凉州区", "民勤县", "古浪县", "天祝县"]


def test_a_region_alone_lists_its_main_figures_and_asks_for_an_indicator(qtbot, main_window):
    explorer = explorer_for(qtbot, main_window, "凉州区")
    shown = rows(explorer, COL_INDICATOR, COL_REGION, COL_PERIOD, COL_VALUE)
    assert shown[0] == ("生产总值", "凉州区", "2023", "425.16")  # 表12
    assert ("常住人口", "凉州区", "2023", "87.43") in shown  # 表16
    assert {region for _, region, _, _ in shown} == {"凉州区"}
    indicators = [indicator for indicator, *_ in shown]
    assert len(indicators) == len(set(indicators)) < 30  # one row an indicator, no dump
    assert explorer.count_label.text().startswith("没有写指标名，以下是凉州区的主要指标")
    assert explorer.chart.spec is None
    assert not explorer.answer.isVisible()

    pick(explorer.indicator_combo, "粮食总产量")  # one of them: asked with its years
    assert explorer.query_edit.text() == "凉州区 粮食总产量"
    qtbot.waitUntil(lambda: explorer.answer.isVisible(), timeout=5000)
    assert explorer.answer.text().startswith("答：2023年 凉州区 粮食总产量 68.77万吨")
    _lengths, labels = bars(explorer.chart.figure)
    assert labels == ["2022年", "2023年"]


def test_a_question_comparing_the_counties_answers_with_the_top_one_and_charts_them(
    qtbot, main_window
):
    # 表18, 2023: 凉州区 68.77, 古浪县 24.15, 民勤县 21.00, 天祝县 5.01 万吨
    explorer = explorer_for(qtbot, main_window, "哪个县粮食产量最高")
    assert explorer.answer.text().startswith("答：2023年 凉州区 粮食总产量 68.77万吨")
    shown = rows(explorer, COL_REGION, COL_PERIOD, COL_VALUE)[:4]
    assert shown == [
        ("凉州区", "2023", "68.77"),
        ("古浪县", "2023", "24.15"),
        ("民勤县", "2023", "21.00"),
        ("天祝县", "2023", "5.01"),
    ]
    lengths, labels = bars(explorer.chart.figure)
    assert labels == ["凉州区", "民勤县", "古浪县", "天祝县"]  # across the counties
    assert lengths == [[68.77, 21.0, 24.15, 5.01]]

    explorer.set_query("2022年哪个县粮食产量最高")  # the counties in the year asked
    lengths, labels = bars(explorer.chart.figure)
    assert labels == ["凉州区", "民勤县", "古浪县", "天祝县"]
    assert lengths == [[71.15, 21.47, 25.97, 5.4]]  # 表18's 2022 column

    explorer.set_query("民勤县粮食产量")  # no comparison now: the years again
    _lengths, labels = bars(explorer.chart.figure)
    assert labels == ["2022年", "2023年"]
