"""Charts of the yearbook's tables and of facts: what is chosen and what is drawn.

Figures checked by hand against the printed tables (``python -m wuwei_desktop table 表16``)
and the facts (``facts --query 生产总值 --limit 50``).
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from wuwei_desktop.api import Archive
from wuwei_desktop.charts import (
    ChartError,
    ChartSpec,
    Series,
    chart_for_facts,
    chart_for_table,
    chart_png_bytes,
    draw_chart,
    save_chart,
    table_chart_options,
)

COUNTIES = ["凉州区", "民勤县", "古浪县", "天祝县"]  # 表16 prints 天祝藏族自治县: one name
MINUS = "\u2212"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def tables(archive_path: Path) -> dict:
    with Archive.open(archive_path) as archive:
        return {n: archive.table(f"表{n}") for n in range(1, 19)}


@pytest.fixture(scope="module")
def all_facts(archive_path: Path):
    with Archive.open(archive_path) as archive:
        titles = {d.id: d.title for d in archive.documents()}

        def facts(query: str, **filters):
            return archive.facts(query, limit=None, **filters)

        yield facts, titles


def drawn(spec: ChartSpec) -> Figure:
    figure = Figure(figsize=(8, 5), dpi=100)
    FigureCanvasAgg(figure)
    draw_chart(spec, figure)
    figure.canvas.draw()
    return figure


def label(value: float, decimals: int | None) -> str:
    text = f"{value:.10g}" if decimals is None else f"{value:.{decimals}f}"
    return text.replace("-", MINUS)


def all_texts(figure: Figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]


def bar_heights(ax) -> list[float]:
    return [round(p.get_height(), 6) for p in ax.patches]


def tick_labels(ax, axis: str = "x") -> list[str]:
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text().replace("\n", "") for t in ticks]


def assert_drawn(figure: Figure, spec: ChartSpec) -> None:
    """The figure shows exactly the spec: bars, labels, values, unit, title and source."""
    ax = figure.axes[0]
    texts = all_texts(figure)
    assert spec.title in [t.replace("\n", "") for t in texts] and spec.source in texts
    values = [v for s in spec.series for v in s.values if v is not None]
    value_texts = [t.get_text() for t in ax.texts]
    if spec.kind == "pie":
        assert len(ax.patches) == len(values)
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        for category, value, text in zip(spec.categories, values, legend, strict=True):
            assert text.startswith(f"{category}  {label(value, spec.decimals)}{spec.unit or ''}")
        return
    if spec.kind == "barh":
        assert [round(p.get_width(), 6) for p in ax.patches] == [round(v, 6) for v in values]
        assert tick_labels(ax, "y") == spec.categories
        assert spec.unit is None or spec.unit in ax.get_xlabel()
    else:
        if spec.kind != "line":
            assert bar_heights(ax) == [round(v, 6) for v in values]
        assert tick_labels(ax) == spec.categories
        assert spec.unit is None or spec.unit in ax.get_ylabel()
    for value in values:
        assert label(value, spec.decimals) in value_texts


# ----------------------------------------------------------------------------- tables


@pytest.mark.parametrize("number", range(10, 19))
def test_every_statistics_table_draws_its_automatic_chart_and_every_option(
    tables, number: int
) -> None:
    table = tables[number]
    options = table_chart_options(table)
    assert options and len({o.key for o in options}) == len(options)
    auto = chart_for_table(table)
    assert auto == chart_for_table(table, options[0].key)
    assert auto.source == f"数据来源：《武威年鉴（2024）》表{number}"
    assert_drawn(drawn(auto), auto)
    for option in options:
        spec = chart_for_table(table, option.key)
        assert spec.kind == option.kind and option.label
        assert_drawn(drawn(spec), spec)


def test_county_chart_of_resident_population(tables) -> None:
    spec = chart_for_table(tables[16])
    assert spec.kind == "bar" and spec.title == "2023年各县区常住人口"
    figure = drawn(spec)
    ax = figure.axes[0]
    assert bar_heights(ax) == [87.43, 17.11, 23.69, 14.50]  # 全市 142.73 is not a bar
    assert tick_labels(ax) == COUNTIES
    assert [t.get_text() for t in ax.texts] == ["87.43", "17.11", "23.69", "14.50"]
    assert ax.get_ylabel() == "单位：万人"
    assert "数据来源：《武威年鉴（2024）》表16" in all_texts(figure)


def test_2023_against_2022_with_growth(tables) -> None:
    spec = chart_for_table(tables[12])
    assert spec.kind == "grouped_bar" and [s.name for s in spec.series] == ["2022年", "2023年"]
    ax = drawn(spec).axes[0]
    heights = bar_heights(ax)
    assert heights[:4] == [402.05, 107.70, 80.85, 70.85]
    assert heights[4:] == [425.16, 114.98, 92.15, 75.79]
    assert tick_labels(ax) == ["凉州区", "民勤县", "古浪县", "天祝县"]  # as 表12 prints them
    texts = [t.get_text() for t in ax.texts]
    assert "107.70" in texts and "425.16" in texts
    assert [t for t in texts if t.startswith("增速")] == [
        "增速 +6.6%",
        "增速 +6.1%",
        "增速 +9.0%",
        "增速 +8.0%",
    ]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2022年", "2023年"]
    assert ax.get_ylabel() == "单位：亿元"


def test_falling_figures_get_a_real_minus_sign(tables) -> None:
    grain = drawn(chart_for_table(tables[18])).axes[0]
    growth = [t.get_text() for t in grain.texts if t.get_text().startswith("增速")]
    assert growth == [
        f"增速 {MINUS}3.4%",
        f"增速 {MINUS}2.2%",
        f"增速 {MINUS}7.0%",
        f"增速 {MINUS}7.3%",
    ]
    rate = chart_for_table(tables[16], "counties:0:1")  # 自增率 2023, all negative
    assert rate.unit == "‰" and rate.series[0].values == [-2.39, -10.45, -5.00, -5.47]
    ax = drawn(rate).axes[0]
    assert bar_heights(ax) == [-2.39, -10.45, -5.0, -5.47]
    assert [t.get_text() for t in ax.texts] == [
        f"{MINUS}2.39",
        f"{MINUS}10.45",
        f"{MINUS}5.00",
        f"{MINUS}5.47",
    ]


def test_gdp_by_the_three_industries_is_a_pie(tables) -> None:
    spec = chart_for_table(tables[11])
    assert spec.kind == "pie" and spec.title == "2023年生产总值构成"
    assert spec.categories == ["第一产业增加值", "第二产业增加值", "第三产业增加值"]
    assert spec.series[0].values == [232.35, 127.91, 347.82]  # 708.08 in all
    ax = drawn(spec).axes[0]
    assert len(ax.patches) == 3
    assert [t.get_text() for t in ax.texts if t.get_text()] == ["32.8%", "18.1%", "49.1%"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "第一产业增加值  232.35亿元（32.8%）"


def test_shares_only_where_the_parts_add_up(tables) -> None:
    keys = {n: [o.key for o in table_chart_options(tables[n])] for n in (10, 12, 16, 17)}
    assert "shares" in keys[12] and "shares:5:1" in keys[12]  # counties add up to 708.08
    assert "shares" in keys[16]  # 87.43 + 17.11 + 23.69 + 14.50 = 142.73
    assert not any(k.startswith("shares") for k in keys[17])  # incomes are per head
    assert "shares:0:1" not in keys[16]  # a rate (‰) is no share
    land = chart_for_table(tables[10], "shares")
    assert land.kind == "pie" and land.unit == "平方千米"
    assert land.series[0].values == [4907.96, 15838.35, 5046.65, 6558.74]


def test_county_table_with_a_unit_column(tables) -> None:
    table = tables[10]
    auto = chart_for_table(table)
    assert auto.categories == COUNTIES and auto.unit == "平方千米"
    assert auto.series[0].values == [4907.96, 15838.35, 5046.65, 6558.74]  # not 全市 32351.70
    villages = chart_for_table(table, "counties:4")
    assert villages.unit == "个" and villages.series[0].values == [442, 248, 184, 178]
    # a column across rows of different units keeps only the most common unit (个)
    whole_city = chart_for_table(table, "column:1")
    assert whole_city.unit == "个"
    assert whole_city.categories == [
        "乡镇政府",
        "镇政府",
        "村民委员会",
        "村民小组",
        "街道办事处",
        "居民委员会",
    ]
    assert whole_city.series[0].values == [93, 84, 1052, 8156, 9, 79]
    # a picked row is one unit: 土地面积 across its columns
    land = chart_for_table(table, "row:0")
    assert land.unit == "平方千米" and land.categories == ["全市", *COUNTIES]


def test_picked_row_and_column_never_mix_units(tables) -> None:
    gdp = chart_for_table(tables[11], "row:0")  # 2023年, 2022年 in 亿元; 增速 (%) left out
    assert gdp.categories == ["2022年", "2023年"] and gdp.series[0].values == [661.45, 708.08]
    assert gdp.unit == "亿元" and gdp.title == "生产总值（增速7.0%）"
    column = chart_for_table(tables[11], "column:1")  # 2023年: 人均生产总值 (元) left out
    assert column.unit == "亿元" and "人均生产总值" not in column.categories
    assert column.series[0].values == [708.08, 232.35, 127.91, 86.71, 41.24, 347.82]
    growth = chart_for_table(tables[12], "column:3")
    assert growth.unit == "%" and growth.categories[1] == "生产总值·凉州区"
    people = chart_for_table(tables[16], "row:0")  # 全市: 常住人口 2022/2023 only
    assert people.unit == "万人" and people.series[0].values == [144.51, 142.73]


@pytest.mark.parametrize("number", [6, 7, 8, 9])
def test_lists_have_nothing_to_chart(tables, number: int) -> None:
    assert table_chart_options(tables[number]) == []
    with pytest.raises(ChartError, match="此表没有可作图的数值"):
        chart_for_table(tables[number])


def test_unknown_options_fail_in_chinese(tables) -> None:
    with pytest.raises(ChartError, match="此表没有“pies”这种图，可选：years"):
        chart_for_table(tables[12], "pies")
    with pytest.raises(ChartError, match="没有第 100 行"):
        chart_for_table(tables[12], "row:99")
    with pytest.raises(ChartError, match="第 1 列没有"):
        chart_for_table(tables[12], "column:0")  # the 单位 column


# ----------------------------------------------------------------------------- facts


def test_gdp_over_the_years_from_report_and_yearbook(all_facts) -> None:
    facts, titles = all_facts
    spec = chart_for_facts(facts("生产总值"), doc_titles=titles)
    assert spec.categories == ["2016年", "2020年", "2022年", "2023年"]
    # 2016, 2020: the 2022 report; 2022: 表11 (661.45, not the text's 663.35); 2023: 表11
    assert spec.series[0].values == [423.3, 526.4, 661.45, 708.08]
    assert spec.unit == "亿元" and spec.kind == "bar"
    assert spec.source == "数据来源：《武威年鉴（2024）》表11；《2022年武威市政府工作报告》"
    ax = drawn(spec).axes[0]
    assert bar_heights(ax) == [423.3, 526.4, 661.45, 708.08]
    assert [t.get_text() for t in ax.texts] == ["423.3", "526.4", "661.45", "708.08"]
    assert tick_labels(ax) == spec.categories


def test_population_across_the_counties(all_facts) -> None:
    facts, titles = all_facts
    spec = chart_for_facts(facts("常住人口"), doc_titles=titles)  # only 2 years: counties
    assert spec.title == "2023年各县区常住人口"
    assert spec.categories == ["凉州区", "民勤县", "古浪县", "天祝县"]
    assert spec.series[0].values == [87.43, 17.11, 23.69, 14.5]
    years = chart_for_facts(facts("常住人口"), "period", doc_titles=titles)
    assert years.categories == ["2022年", "2023年"] and years.series[0].values == [144.51, 142.73]
    gdp = chart_for_facts(facts("生产总值"), "region")
    assert gdp.series[0].values == [425.16, 114.98, 92.15, 75.79]
    assert gdp.source == "数据来源：《yearbook-2024》表12"  # ids when no titles are given


def test_years_stand_on_a_time_axis(all_facts) -> None:
    facts, titles = all_facts
    spec = chart_for_facts(facts("生产总值"), "period", doc_titles=titles)
    assert spec.years == [2016, 2020, 2022, 2023]
    ax = drawn(spec).axes[0]
    # each bar centred on its year: 2016 is four years before 2020, 2022 two after it
    assert [round(p.get_x() + p.get_width() / 2, 6) for p in ax.patches] == spec.years
    assert [round(t) for t in ax.get_xticks()] == spec.years
    assert tick_labels(ax) == ["2016年", "2020年", "2022年", "2023年"]
    assert [round(t) for t in ax.get_xticks(minor=True)] == [2017, 2018, 2019, 2021]
    assert spec.as_dict()["years"] == [2016, 2020, 2022, 2023]


def test_values_are_labelled_as_printed(all_facts) -> None:
    facts, titles = all_facts
    # 表18 prints 民勤县's 2023 grain as 21.00; 表12 the counties' GDP growth as 9.0 and 8.0
    grain = chart_for_facts(facts("粮食", period="2023"), "region", doc_titles=titles)
    assert grain.series[0].texts == ["68.77", "21.00", "24.15", "5.01"]
    assert [t.get_text() for t in drawn(grain).axes[0].texts] == grain.series[0].texts
    rates = [f for f in facts("生产总值") if f.kind == "growth"]
    growth = chart_for_facts(rates, "region", doc_titles=titles)
    assert growth.title == "2023年各县区生产总值增速"
    assert [t.get_text() for t in drawn(growth).axes[0].texts] == ["6.6", "6.1", "9.0", "8.0"]
    assert grain.as_dict()["series"][0]["texts"][1] == "21.00"


def test_table_charts_label_each_cell_as_printed(tables) -> None:
    # 表4 prints 13.90 and 6.90 beside 7.0 in one column: no common number of decimals
    spec = chart_for_table(tables[4], "column:0")
    assert spec.series[0].texts == ["37.24", "9.82", "27.42", "13.90", "6.90", "7.0"]
    ax = drawn(spec).axes[0]
    assert [t.get_text() for t in ax.texts] == spec.series[0].texts


def test_a_county_has_one_name_in_every_chart(all_facts, tables) -> None:
    facts, titles = all_facts
    # 表12 prints 天祝县, 表15/16/17/18 print 天祝藏族自治县: every chart says 天祝县
    for number in (12, 15, 16, 17, 18):
        assert chart_for_table(tables[number]).categories == COUNTIES, number
    row = chart_for_table(tables[17], "row:9")  # 表17's row 天祝藏族自治县 (农村居民)
    assert row.title == "农村居民人均可支配收入 · 天祝县（增速8.5%）"
    assert [s.name for s in row.series] == ["天祝县"]
    for query in ("粮食", "社会消费品零售总额", "生产总值"):
        spec = chart_for_facts(facts(query, period="2023"), "region", doc_titles=titles)
        assert spec.categories == COUNTIES, query
    tianzhu = chart_for_facts(facts("粮食", region="天祝藏族自治县"), "period")
    assert tianzhu.title.startswith("天祝县")


def test_facts_without_actual_figures_fail(all_facts) -> None:
    facts, _ = all_facts
    targets = [f for f in facts("生产总值") if f.modality != "actual"]
    assert targets
    with pytest.raises(ChartError, match="没有可作图的数字"):
        chart_for_facts(targets)
    minqin = chart_for_facts(facts("生产总值", region="民勤县"), "period")
    assert minqin.title == "民勤县生产总值（2022年—2023年）"
    assert minqin.series[0].values == [107.70, 114.98]
    with pytest.raises(ChartError, match="只有一个年份"):
        chart_for_facts(facts("生产总值", region="民勤县", period="2023"), "period")
    with pytest.raises(ChartError, match="不认识的作图方式"):
        chart_for_facts(facts("生产总值"), "county")


# ----------------------------------------------------------------------------- files


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_png_and_svg_are_written(tables, out: Path) -> None:
    spec = chart_for_table(tables[16])
    png = out / "人口.png"
    save_chart(spec, png)
    assert png_size(png.read_bytes()) == (1200, 750)  # 8 × 5 in at 150 dpi
    svg = out / "人口.SVG"
    save_chart(spec, svg, size=(6, 4))
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text and "<path" in text
    assert "凉州区" in text and "87.43" in text  # text stays text
    assert sorted(p.name for p in out.iterdir()) == ["人口.SVG", "人口.png"]


def test_png_bytes_for_the_pdf(tables) -> None:
    data = chart_png_bytes(chart_for_table(tables[12]), 900, 600)
    assert png_size(data) == (900, 600)


def test_bad_paths_fail_in_chinese_and_leave_nothing(tables, out: Path, monkeypatch) -> None:
    spec = chart_for_table(tables[11])
    with pytest.raises(ChartError, match=r"不能保存为“\.jpg”格式"):
        save_chart(spec, out / "chart.jpg")
    with pytest.raises(ChartError, match=r"请用 \.png 或 \.svg"):
        save_chart(spec, out / "chart")
    with pytest.raises(ChartError, match=r"文件夹 .* 不存在"):
        save_chart(spec, out / "no-such-folder" / "chart.png")
    blocker = out / "a-file"
    blocker.write_text("x")
    with pytest.raises(ChartError, match="无法写入"):
        save_chart(spec, blocker / "chart.png")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ChartError, match="磁盘已满，无法写入"):
        save_chart(spec, out / "full.png")
    assert [p.name for p in out.iterdir()] == ["a-file"]


def test_an_existing_file_is_kept_when_writing_fails(tables, out: Path, monkeypatch) -> None:
    target = out / "chart.png"
    target.write_bytes(b"old")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ChartError):
        save_chart(chart_for_table(tables[11]), target)
    assert target.read_bytes() == b"old" and len(list(out.iterdir())) == 1


def test_a_spec_made_by_hand_draws_every_kind() -> None:
    for kind in ("bar", "barh", "grouped_bar", "line", "pie"):
        spec = ChartSpec(
            kind,
            "测试",
            ["甲", "乙", "丙"],
            [Series("一", [1.5, 2.0, 3.25]), Series("二", [1.0, None, 2.0])][
                : 2 if kind in ("grouped_bar", "line") else 1
            ],
            "万元",
            "数据来源：测试",
        )
        assert_drawn(drawn(spec), spec)
    with pytest.raises(ChartError, match="不认识的图表类型"):
        drawn(ChartSpec("radar", "测试", ["甲"], [Series("一", [1.0])], None, ""))
    with pytest.raises(ChartError, match="没有可作图的数值"):
        drawn(ChartSpec("bar", "测试", ["甲"], [Series("一", [None])], None, ""))


def test_a_long_series_is_a_line_on_the_time_axis() -> None:
    years = [2011, 2012, 2013, 2015, 2016, 2018, 2019, 2020, 2023]
    texts = ["1.0", "2.50", "3", "4.0", "5.00", "6", "7.0", "8.00", "9.0"]
    spec = ChartSpec(
        "line",
        "测试",
        [f"{y}年" for y in years],
        [Series("全市", [float(t) for t in texts], texts)],
        "%",
        "数据来源：测试",
        years=years,
    )
    ax = drawn(spec).axes[0]
    assert list(ax.lines[0].get_xdata()) == years
    assert [t.get_text() for t in ax.texts] == texts
    assert [round(t) for t in ax.get_xticks(minor=True)] == [2014, 2017, 2021, 2022]


def test_charts_and_export_never_load_qt(archive_path: Path, tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path;"
        "from wuwei_desktop.api import Archive;"
        "from wuwei_desktop.charts import chart_for_table, save_chart;"
        "from wuwei_desktop.table_export import write_xlsx;"
        f"a = Archive.open(Path({str(archive_path)!r})); t = a.table('表12');"
        f"save_chart(chart_for_table(t), Path({str(tmp_path / 'c.png')!r}));"
        f"write_xlsx(t, Path({str(tmp_path / 't.xlsx')!r}));"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "c.png").exists() and (tmp_path / "t.xlsx").exists()


def test_importing_charts_loads_no_matplotlib() -> None:
    code = (
        "import sys, wuwei_desktop.charts, wuwei_desktop.table_export;"
        "print(sorted(m for m in sys.modules if m.startswith(('matplotlib', 'openpyxl'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
