"""The statistical tables 表 10 – 表 18 become facts: every numeric cell, with the
indicator, region, period and unit a reader sees in the printed table."""

from __future__ import annotations

import importlib

import pytest

from tests.core.ingest_helpers import parse
from wuwei_desktop.facts.from_tables import facts_from_table
from wuwei_desktop.ingest.tables import parse_table

if not hasattr(importlib.import_module("wuwei_desktop.ingest.catalog"), "parse_entry") or not (
    importlib.util.find_spec("wuwei_desktop.ingest.yearbook")
):
    pytest.skip("yearbook.parse has not landed yet", allow_module_level=True)

REGIONS = ["全市", "凉州区", "民勤县", "古浪县", "天祝县"]


@pytest.fixture(scope="module")
def tables():
    parsed = parse("yearbook-2024")
    out = {}
    for node in parsed.root.walk():
        if node.table is not None and 10 <= node.table.number <= 18:
            table = parse_table(node.table)
            out[table.number] = facts_from_table(
                table, doc="yearbook-2024", node_id=node.id, year="2023", page=node.page_start
            )
    assert sorted(out) == list(range(10, 19))
    return out


def by(facts, indicator, region, period, kind="value"):
    found = [
        f
        for f in facts
        if (f.indicator, f.region, f.period, f.kind) == (indicator, region, period, kind)
    ]
    assert len(found) == 1, (indicator, region, period, kind, found)
    return found[0]


def check(facts, indicator, region, period, value, unit, kind="value"):
    fact = by(facts, indicator, region, period, kind)
    assert (fact.value, fact.unit) == (value, unit)
    assert fact.source_kind == "table" and fact.table_id and fact.source_text.startswith("表")
    return fact


def test_table_10_regions_in_columns(tables):
    facts = tables[10]
    rows = {
        "土地面积": ("平方千米", [32351.70, 4907.96, 15838.35, 5046.65, 6558.74]),
        "耕地面积": ("万亩", [643.81, 223.95, 180.74, 146.56, 92.56]),
        "乡镇政府": ("个", [93, 37, 18, 19, 19]),
        "镇政府": ("个", [84, 37, 18, 15, 14]),
        "村民委员会": ("个", [1052, 442, 248, 184, 178]),
        "村民小组": ("个", [8156, 3802, 1794, 1784, 776]),
        "居民委员会": ("个", [79, 44, 7, 8, 20]),
    }
    for indicator, (unit, values) in rows.items():
        for region, value in zip(REGIONS, values, strict=True):
            check(facts, indicator, region, "2023", value, unit)
    street = [f for f in facts if f.indicator == "街道办事处"]
    assert [(f.region, f.value) for f in street] == [("全市", 9), ("凉州区", 9)]  # — is no figure
    assert len(facts) == 7 * 5 + 2
    land = by(facts, "土地面积", "全市", "2023")
    assert (land.base_value, land.base_unit) == (32351.70, "平方千米")


def test_table_11_years_and_growth(tables):
    facts = tables[11]
    rows = {
        "生产总值": ("亿元", 708.08, 661.45, 7.0),
        "第一产业增加值": ("亿元", 232.35, 217.03, 6.4),
        "第二产业增加值": ("亿元", 127.91, 120.89, 7.6),
        "工业增加值": ("亿元", 86.71, 87.58, 0.9),
        "建筑业增加值": ("亿元", 41.24, 33.34, 22.8),
        "第三产业增加值": ("亿元", 347.82, 323.52, 7.1),
        "人均生产总值": ("元", 49302, 45800, 7.6),
    }
    for indicator, (unit, now, before, growth) in rows.items():
        check(facts, indicator, "全市", "2023", now, unit)
        check(facts, indicator, "全市", "2022", before, unit)
        check(facts, indicator, "全市", "2023", growth, "%", "growth")
    gdp = by(facts, "生产总值", "全市", "2023")
    assert gdp.base_value == 70808000000.0 and gdp.base_unit == "元"
    assert gdp.source_text == "表11 生产总值 2023年"
    assert len(facts) == 21


COUNTY_TABLES = {
    12: {
        "生产总值": (
            "亿元",
            [
                (708.08, 661.45, 7.0),
                (425.16, 402.05, 6.6),
                (114.98, 107.70, 6.1),
                (92.15, 80.85, 9.0),
                (75.79, 70.85, 8.0),
            ],
        ),
        "第一产业增加值": (
            "亿元",
            [
                (232.35, 217.03, 6.4),
                (114.38, 111.82, 6.2),
                (54.97, 50.00, 6.4),
                (44.01, 37.69, 7.0),
                (18.99, 17.52, 6.2),
            ],
        ),
    },
    13: {
        "第二产业增加值": (
            "亿元",
            [
                (127.91, 120.89, 7.6),
                (74.85, 70.78, 6.2),
                (21.25, 21.67, 2.0),
                (10.97, 8.60, 28.2),
                (20.84, 19.84, 9.6),
            ],
        ),
        "工业增加值": (
            "亿元",
            [
                (86.71, 87.58, 0.9),
                (46.84, 46.64, 1.3),
                (17.95, 19.17, -4.8),
                (5.73, 5.17, 10.5),
                (16.46, 16.60, 2.8),
            ],
        ),
    },
    14: {
        "建筑业增加值": (
            "亿元",
            [
                (41.24, 33.34, 22.8),
                (28.05, 24.17, 15.3),
                (3.57, 2.50, 41.6),
                (5.24, 3.43, 51.7),
                (4.38, 3.23, 34.5),
            ],
        ),
        "第三产业增加值": (
            "亿元",
            [
                (347.82, 323.52, 7.1),
                (235.93, 219.45, 7.0),
                (38.75, 36.03, 7.3),
                (37.18, 34.56, 6.9),
                (35.96, 33.49, 8.2),
            ],
        ),
    },
    15: {
        "社会消费品零售总额": (
            "亿元",
            [
                (184.92, 167.01, 3.1),
                (111.85, 100.77, 3.3),
                (23.98, 21.73, 2.7),
                (23.96, 21.69, 2.5),
                (25.23, 22.83, 3.0),
            ],
        ),
    },
    17: {
        "城镇居民人均可支配收入": (
            "元",
            [
                (37535, 35244, 6.5),
                (40013, 37535, 6.6),
                (32274, 30362, 6.3),
                (30272, 28451, 6.4),
                (33133, 31023, 6.8),
            ],
        ),
        "农村居民人均可支配收入": (
            "元",
            [
                (17266, 15899, 8.6),
                (21055, 19352, 8.8),
                (19786, 18202, 8.7),
                (10496, 9682, 8.4),
                (11419, 10525, 8.5),
            ],
        ),
    },
    18: {
        "粮食总产量": (
            "万吨",
            [
                (118.93, 123.99, -4.1),
                (68.77, 71.15, -3.4),
                (21.00, 21.47, -2.2),
                (24.15, 25.97, -7.0),
                (5.01, 5.40, -7.3),
            ],
        ),
        "猪牛羊禽肉产量": (
            "万吨",
            [
                (27.84, 25.58, 8.8),
                (14.40, 13.17, 9.3),
                (4.55, 4.17, 9.2),
                (6.89, 6.38, 8.0),
                (2.00, 1.86, 7.5),
            ],
        ),
    },
}


@pytest.mark.parametrize("number", sorted(COUNTY_TABLES))
def test_indicator_by_county_tables(tables, number):
    facts = tables[number]
    count = 0
    for indicator, (unit, values) in COUNTY_TABLES[number].items():
        for region, (now, before, growth) in zip(REGIONS, values, strict=True):
            check(facts, indicator, region, "2023", now, unit)
            check(facts, indicator, region, "2022", before, unit)
            check(facts, indicator, region, "2023", growth, "%", "growth")
            count += 3
    assert len(facts) == count


def test_table_16_measures_in_the_header(tables):
    facts = tables[16]
    values = {
        "全市": [(142.73, -4.08, 50.87), (144.51, -2.72, 49.35)],
        "凉州区": [(87.43, -2.39, 56.52), (88.14, -1.14, 55.05)],
        "民勤县": [(17.11, -10.45, 44.06), (17.33, -8.64, 42.58)],
        "古浪县": [(23.69, -5.00, 35.41), (24.30, -3.29, 33.93)],
        "天祝县": [(14.50, -5.47, 50.08), (14.74, -4.07, 48.61)],
    }
    for region, years in values.items():
        for period, (people, natural, urban) in zip(("2023", "2022"), years, strict=True):
            check(facts, "常住人口", region, period, people, "万人")
            check(facts, "人口自然增长率", region, period, natural, "‰", "share")
            check(facts, "城镇化率", region, period, urban, "%", "share")
    assert len(facts) == 30
    people = by(facts, "常住人口", "全市", "2023")
    assert people.base_value == 1427300.0 and people.base_unit == "人"


def test_every_table_fact_names_its_cell(tables):
    for facts in tables.values():
        for f in facts:
            assert f.table_id and f.row is not None and f.col is not None
            assert f.source_text.startswith("表") and not f.period_inferred


def test_cells_keep_their_printed_number(tables):
    # 表18 prints 民勤县's 2023 grain as 21.00 and 表11 the growth of GDP as 7.0
    assert by(tables[18], "粮食总产量", "民勤县", "2023").value_text == "21.00"
    assert by(tables[11], "生产总值", "全市", "2023", "growth").value_text == "7.0"
    assert by(tables[18], "粮食总产量", "民勤县", "2023", "growth").value_text == "-2.2"


def test_comparison_base_in_a_header_is_not_the_period():
    # 表3: 指标 | 年末数（亿元） | 比2022年末增长（%）: the growth is 2023's, over 2022
    parsed = parse("yearbook-2024")
    node = next(n for n in parsed.root.walk() if n.table is not None and n.table.number == 3)
    facts = facts_from_table(
        parse_table(node.table), doc="yearbook-2024", node_id=node.id, year="2023"
    )
    growth = [f for f in facts if f.indicator == "各项存款" and f.kind == "growth"]
    assert [(f.period, f.value, f.value_text) for f in growth] == [("2023", 7.0, "7.0")]
    assert {f.period for f in facts} == {"2023"}
