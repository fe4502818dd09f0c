"""Charts in the 统计 view: what the canvas shows for 表10–表18, changing the chart,
picking a row or a column, saving PNG/SVG. Values checked against the printed tables."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_stats_view import FakeDialogs, click_table, show_stats
from wuwei_desktop.facts.regions import canonical

pytestmark = pytest.mark.gui

APPENDIX = "yearbook-2024/附录/统计资料/表{n}"
COUNTIES = ["凉州区", "民勤县", "古浪县", "天祝县"]  # one name per county in every chart


@pytest.fixture()
def dialogs(main_window) -> FakeDialogs:
    fake = FakeDialogs()
    main_window.stats_view.chart.dialogs = fake
    return fake


def bars(figure) -> tuple[list[list[float]], list[str]]:
    """Per bar series the drawn lengths, and the category labels (wraps undone)."""
    ax = figure.axes[0]
    horizontal = any(r.get_width() > r.get_height() for c in ax.containers for r in c) and all(
        t.get_text() and not t.get_text().lstrip("−-").replace(".", "").isdigit()
        for t in ax.get_yticklabels()
    )
    lengths = [
        [round(float(r.get_width() if horizontal else r.get_height()), 2) for r in container]
        for container in ax.containers
    ]
    ticks = ax.get_yticklabels() if horizontal else ax.get_xticklabels()
    return lengths, [t.get_text().replace("\n", "") for t in ticks]


def as_number(text: str) -> float | None:
    try:
        return round(float(text.replace("−", "-").replace(",", "")), 2)
    except ValueError:
        return None


def same_label(printed: str, shown: str) -> bool:
    """A chart shows a county by its canonical name (天祝县 for 天祝藏族自治县)."""
    return printed == shown or (canonical(printed) or printed) == shown


def cells_of(table, label: str) -> list[float]:
    """The numbers of the row or of the column(s) labelled ``label``."""
    values = [c for row in table.rows if same_label(row.label, label) for c in row.cells]
    for j, path in enumerate(table.columns):
        if any(same_label(part, label) for part in path):
            values += [row.cells[j] for row in table.rows]
    return [v for v in values if isinstance(v, float)]


def choose(panel, words: str) -> str:
    """Pick the first chart in the box whose label contains ``words``, as a user does."""
    combo = panel.combo
    index = next(i for i in range(combo.count()) if words in combo.itemText(i))
    key = combo.itemData(index)
    panel.choose_option(key)
    return key


def test_every_statistics_table_charts_its_own_figures(qtbot, main_window):
    view = show_stats(qtbot, main_window)
    for number in range(10, 19):
        click_table(qtbot, view, APPENDIX.format(n=number))
        chart = view.chart
        assert chart.canvas is not None and chart.stack.currentWidget() is chart.canvas
        assert chart.combo.count() >= 2, number
        choose(chart, "柱状图")
        figure = chart.figure
        lengths, labels = bars(figure)
        assert lengths and labels, number
        for series in lengths:
            assert len(series) == len(labels), number
            for label, length in zip(labels, series, strict=True):
                printed = [round(v, 2) for v in cells_of(view.table, label)]
                assert length in printed, (number, label, length)
        written = {as_number(t.get_text()) for t in figure.axes[0].texts}
        assert {length for series in lengths for length in series} <= written, number
        assert figure._supxlabel.get_text() == f"数据来源：《武威年鉴（2024）》表{number}"


def test_table_16_counties_and_table_12_years_as_printed(qtbot, main_window):
    view = show_stats(qtbot, main_window)
    click_table(qtbot, view, APPENDIX.format(n=16))
    lengths, labels = bars(view.chart.figure)
    assert labels == COUNTIES
    assert lengths == [[87.43, 17.11, 23.69, 14.50]]
    assert view.chart.figure.axes[0].get_ylabel() == "单位：万人"

    click_table(qtbot, view, APPENDIX.format(n=12))
    lengths, labels = bars(view.chart.figure)
    assert labels == ["凉州区", "民勤县", "古浪县", "天祝县"]
    assert lengths == [[402.05, 107.70, 80.85, 70.85], [425.16, 114.98, 92.15, 75.79]]
    texts = [t.get_text() for t in view.chart.figure.axes[0].texts]
    assert "增速 +9.0%" in texts  # 古浪县


def test_changing_the_chart_and_picking_a_row_or_a_column(qtbot, main_window):
    view = show_stats(qtbot, main_window)
    click_table(qtbot, view, APPENDIX.format(n=11))
    chart = view.chart
    first = chart.current_option()
    assert first == chart.option_keys()[0]  # the automatic chart is the first choice

    choose(chart, "2022年与2023年对比")
    lengths, labels = bars(chart.figure)
    assert labels == ["第一产业增加值", "第二产业增加值", "第三产业增加值"]
    assert lengths == [[217.03, 120.89, 323.52], [232.35, 127.91, 347.82]]

    panel = view.table_panel
    rect = panel.view.visualRect(panel.proxy.index(1, 0))  # 第一产业增加值's label
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chart.current_option() == "row:1"
    assert chart.combo.currentText().endswith("第一产业增加值")
    lengths, labels = bars(chart.figure)
    assert sorted(zip(labels, lengths[0], strict=True)) == [("2022年", 217.03), ("2023年", 232.35)]

    menu = panel.pick_menu(panel.proxy.index(0, 2))  # 生产总值, 2023年
    column = next(a for a in menu.actions() if a.text() == "绘制本列：2023年")
    column.trigger()
    assert chart.current_option() == "column:1"
    lengths, labels = bars(chart.figure)
    assert dict(zip(labels, lengths[0], strict=True))["生产总值"] == 708.08
    assert dict(zip(labels, lengths[0], strict=True))["第三产业增加值"] == 347.82

    choose(chart, "构成（饼图）")
    wedges = chart.figure.axes[0].patches
    assert len(wedges) == 3
    legend = [t.get_text() for t in chart.figure.axes[0].get_legend().get_texts()]
    assert legend[0].startswith("第一产业增加值") and "232.35" in legend[0]


def test_save_the_chart_as_png_and_svg(qtbot, main_window, dialogs, tmp_path):
    from PySide6.QtGui import QImage

    view = show_stats(qtbot, main_window)
    click_table(qtbot, view, APPENDIX.format(n=16))
    dialogs.paths = [str(tmp_path / "人口.png"), str(tmp_path / "人口.svg")]
    qtbot.mouseClick(view.chart.save_button, Qt.MouseButton.LeftButton)
    image = QImage(str(tmp_path / "人口.png"))
    assert image.width() >= 1000 and image.height() >= 600
    assert dialogs.asked[0] == ("保存图表", "2023年各县区常住人口.png")
    assert main_window.statusBar().currentMessage().startswith("图表已保存")
    qtbot.mouseClick(view.chart.save_button, Qt.MouseButton.LeftButton)
    svg = (tmp_path / "人口.svg").read_text(encoding="utf-8")
    assert "87.43" in svg and "凉州区" in svg

    dialogs.paths = [str(tmp_path / "missing" / "x.png")]
    qtbot.mouseClick(view.chart.save_button, Qt.MouseButton.LeftButton)
    assert dialogs.errors and dialogs.errors[0][0] == "保存图表失败"
    assert not (tmp_path / "missing").exists()
