"""Typed tables from the yearbook's raw table blocks (wuwei_desktop.ingest.tables).

The yearbook parser is written in parallel, so the TableBlocks here are cut from the real
source by hand-checked line ranges, the way its contract says it will cut them: the lines
after the ``　表 N`` line, empty lines and page furniture dropped, ``续表`` markers kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wuwei_desktop.ingest.model import DocumentMeta, TableBlock
from wuwei_desktop.ingest.tables import ParsedTable, parse_table, parse_value

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "data" / "sources" / "wuwei-yearbook-2024.txt"
_LINES = SOURCE.read_text(encoding="utf-8").split("\n")

# 表 N: (title line, first body line, last body line), 1-based, checked by hand in the source
RANGES = {
    1: (6981, 6985, 7003),
    2: (7334, 7338, 7377),
    3: (21978, 21982, 21996),
    4: (22245, 22249, 22261),
    5: (22426, 22430, 22469),
    6: (22492, 22496, 22516),
    7: (22520, 22524, 22547),
    8: (22551, 22555, 22563),
    9: (33906, 33910, 34093),
    10: (38428, 38432, 38448),
    11: (38450, 38454, 38468),
    12: (38470, 38474, 38497),
    13: (38499, 38503, 38523),
    14: (38525, 38529, 38552),
    15: (38554, 38558, 38568),
    16: (38570, 38574, 38604),
    17: (38607, 38611, 38631),
    18: (38633, 38637, 38659),
}
# page furniture inside a table: before the third 续表 9, the side decoration
# (武威 / 年鉴 / W U W E I Y E A R B O O K / 2 0 2 4) and the running head 313人物与荣誉
FURNITURE = {9: [(34061, 34081)]}


def line(n: int) -> str:
    return _LINES[n - 1]


def make_block(number: int) -> TableBlock:
    title_line, first, last = RANGES[number]
    assert line(first - 2).strip().replace(" ", "").startswith(f"表{number}") or number == 1
    skip = FURNITURE.get(number, [])
    lines = [
        line(n)
        for n in range(first, last + 1)
        if line(n).strip() and not any(a <= n <= b for a, b in skip)
    ]
    unit = "万元、户、%" if number == 5 else None
    return TableBlock(number, line(title_line).strip(), unit, lines, line=first - 2)


def parse(number: int) -> ParsedTable:
    return parse_table(make_block(number))


# ---------------------------------------------------------------- hand-made expectations
# Each row: (label, parent label or None, printed cells). Transcribed from the source.

YEARS = ["单位", "2023年", "2022年", "增速（%）"]

EXPECTED: dict[int, dict] = {
    10: {
        "stub": "指标名称",
        "header": [["单位", "全市", "凉州区", "民勤县", "古浪县", "天祝藏族自治县"]],
        "source_note": None,
        "rows": [
            (
                "土地面积",
                None,
                ["平方千米", "32351.70", "4907.96", "15838.35", "5046.65", "6558.74"],
            ),
            ("耕地面积", None, ["万亩", "643.81", "223.95", "180.74", "146.56", "92.56"]),
            ("乡镇政府", None, ["个", "93", "37", "18", "19", "19"]),
            ("镇政府", "乡镇政府", ["个", "84", "37", "18", "15", "14"]),
            ("村民委员会", None, ["个", "1052", "442", "248", "184", "178"]),
            ("村民小组", None, ["个", "8156", "3802", "1794", "1784", "776"]),
            ("街道办事处", None, ["个", "9", "9", "—", "—", "—"]),
            ("居民委员会", None, ["个", "79", "44", "7", "8", "20"]),
        ],
    },
    11: {
        "stub": "指标名称",
        "header": [YEARS],
        "source_note": None,
        "rows": [
            ("生产总值", None, ["亿元", "708.08", "661.45", "7.0"]),
            ("第一产业增加值", "生产总值", ["亿元", "232.35", "217.03", "6.4"]),
            ("第二产业增加值", "生产总值", ["亿元", "127.91", "120.89", "7.6"]),
            ("全部工业增加值", "第二产业增加值", ["亿元", "86.71", "87.58", "0.9"]),
            ("建筑业增加值", "第二产业增加值", ["亿元", "41.24", "33.34", "22.8"]),
            ("第三产业增加值", "生产总值", ["亿元", "347.82", "323.52", "7.1"]),
            ("人均生产总值", None, ["元", "49302", "45800", "7.6"]),
        ],
    },
    12: {
        "stub": "指标名称",
        "header": [YEARS],
        "source_note": None,
        "rows": [
            ("生产总值", None, ["亿元", "708.08", "661.45", "7.0"]),
            ("凉州区", "生产总值", ["亿元", "425.16", "402.05", "6.6"]),
            ("民勤县", "生产总值", ["亿元", "114.98", "107.70", "6.1"]),
            ("古浪县", "生产总值", ["亿元", "92.15", "80.85", "9.0"]),
            ("天祝县", "生产总值", ["亿元", "75.79", "70.85", "8.0"]),
            ("第一产业增加值", None, ["亿元", "232.35", "217.03", "6.4"]),
            ("凉州区", "第一产业增加值", ["亿元", "114.38", "111.82", "6.2"]),
            ("民勤县", "第一产业增加值", ["亿元", "54.97", "50.00", "6.4"]),
            ("古浪县", "第一产业增加值", ["亿元", "44.01", "37.69", "7.0"]),
            ("天祝藏族自治县", "第一产业增加值", ["亿元", "18.99", "17.52", "6.2"]),
        ],
    },
    13: {
        "stub": "指标名称",
        "header": [YEARS],
        "source_note": None,
        "rows": [
            ("第二产业增加值", None, ["亿元", "127.91", "120.89", "7.6"]),
            ("凉州区", "第二产业增加值", ["亿元", "74.85", "70.78", "6.2"]),
            ("民勤县", "第二产业增加值", ["亿元", "21.25", "21.67", "2.0"]),
            ("古浪县", "第二产业增加值", ["亿元", "10.97", "8.60", "28.2"]),
            ("天祝藏族自治县", "第二产业增加值", ["亿元", "20.84", "19.84", "9.6"]),
            ("工业增加值", None, ["亿元", "86.71", "87.58", "0.9"]),
            ("凉州区", "工业增加值", ["亿元", "46.84", "46.64", "1.3"]),
            ("民勤县", "工业增加值", ["亿元", "17.95", "19.17", "-4.8"]),
            ("古浪县", "工业增加值", ["亿元", "5.73", "5.17", "10.5"]),
            ("天祝藏族自治县", "工业增加值", ["亿元", "16.46", "16.60", "2.8"]),
        ],
    },
    14: {
        "stub": "指标名称",
        "header": [YEARS],
        "source_note": None,
        "rows": [
            ("建筑业增加值", None, ["亿元", "41.24", "33.34", "22.8"]),
            ("凉州区", "建筑业增加值", ["亿元", "28.05", "24.17", "15.3"]),
            ("民勤县", "建筑业增加值", ["亿元", "3.57", "2.50", "41.6"]),
            ("古浪县", "建筑业增加值", ["亿元", "5.24", "3.43", "51.7"]),
            ("天祝藏族自治县", "建筑业增加值", ["亿元", "4.38", "3.23", "34.5"]),
            ("第三产业增加值", None, ["亿元", "347.82", "323.52", "7.1"]),
            ("凉州区", "第三产业增加值", ["亿元", "235.93", "219.45", "7.0"]),
            ("民勤县", "第三产业增加值", ["亿元", "38.75", "36.03", "7.3"]),
            ("古浪县", "第三产业增加值", ["亿元", "37.18", "34.56", "6.9"]),
            ("天祝藏族自治县", "第三产业增加值", ["亿元", "35.96", "33.49", "8.2"]),
        ],
    },
    15: {
        "stub": "指标名称",
        "header": [YEARS],
        "source_note": None,
        "rows": [
            ("社会消费品零售总额", None, ["亿元", "184.92", "167.01", "3.1"]),
            ("凉州区", "社会消费品零售总额", ["亿元", "111.85", "100.77", "3.3"]),
            ("民勤县", "社会消费品零售总额", ["亿元", "23.98", "21.73", "2.7"]),
            ("古浪县", "社会消费品零售总额", ["亿元", "23.96", "21.69", "2.5"]),
            ("天祝藏族自治县", "社会消费品零售总额", ["亿元", "25.23", "22.83", "3.0"]),
        ],
    },
    16: {
        "stub": "指标",
        "header": [
            ["2023年"] * 3 + ["2022年"] * 3,
            ["常住人口（万人）", "自增率（‰）", "城镇化率（%）"] * 2,
        ],
        "source_note": None,
        "rows": [
            ("全市", None, ["142.73", "-4.08", "50.87", "144.51", "-2.72", "49.35"]),
            ("凉州区", None, ["87.43", "-2.39", "56.52", "88.14", "-1.14", "55.05"]),
            ("民勤县", None, ["17.11", "-10.45", "44.06", "17.33", "-8.64", "42.58"]),
            ("古浪县", None, ["23.69", "-5.00", "35.41", "24.30", "-3.29", "33.93"]),
            ("天祝藏族自治县", None, ["14.50", "-5.47", "50.08", "14.74", "-4.07", "48.61"]),
        ],
    },
    17: {
        "stub": "指标名称",
        "header": [YEARS],
        "source_note": None,
        "rows": [
            ("城镇居民人均可支配收入", None, ["元", "37535", "35244", "6.5"]),
            ("凉州区", "城镇居民人均可支配收入", ["元", "40013", "37535", "6.6"]),
            ("民勤县", "城镇居民人均可支配收入", ["元", "32274", "30362", "6.3"]),
            ("古浪县", "城镇居民人均可支配收入", ["元", "30272", "28451", "6.4"]),
            ("天祝藏族自治县", "城镇居民人均可支配收入", ["元", "33133", "31023", "6.8"]),
            ("农村居民人均可支配收入", None, ["元", "17266", "15899", "8.6"]),
            ("凉州区", "农村居民人均可支配收入", ["元", "21055", "19352", "8.8"]),
            ("民勤县", "农村居民人均可支配收入", ["元", "19786", "18202", "8.7"]),
            ("古浪县", "农村居民人均可支配收入", ["元", "10496", "9682", "8.4"]),
            ("天祝藏族自治县", "农村居民人均可支配收入", ["元", "11419", "10525", "8.5"]),
        ],
    },
    18: {
        "stub": "指标名称",
        "header": [YEARS],
        "source_note": "（市统计局）",
        "rows": [
            ("粮食总产量", None, ["万吨", "118.93", "123.99", "-4.1"]),
            ("凉州区", "粮食总产量", ["万吨", "68.77", "71.15", "-3.4"]),
            ("民勤县", "粮食总产量", ["万吨", "21.00", "21.47", "-2.2"]),
            ("古浪县", "粮食总产量", ["万吨", "24.15", "25.97", "-7.0"]),
            ("天祝藏族自治县", "粮食总产量", ["万吨", "5.01", "5.40", "-7.3"]),
            ("猪牛羊禽肉产量", None, ["万吨", "27.84", "25.58", "8.8"]),
            ("凉州区", "猪牛羊禽肉产量", ["万吨", "14.40", "13.17", "9.3"]),
            ("民勤县", "猪牛羊禽肉产量", ["万吨", "4.55", "4.17", "9.2"]),
            ("古浪县", "猪牛羊禽肉产量", ["万吨", "6.89", "6.38", "8.0"]),
            ("天祝藏族自治县", "猪牛羊禽肉产量", ["万吨", "2.00", "1.86", "7.5"]),
        ],
    },
}


def expected_cell(text: str, column: int, unit_column: int | None):
    """The typed value a printed cell must become (worked out here, not by the parser)."""
    if column == unit_column:
        return text
    if text == "—":
        return None
    return float(text)


def check_against_expectation(table: ParsedTable, number: int) -> None:
    exp = EXPECTED[number]
    assert table.number == number
    assert table.kind == "grid"
    assert table.stub == exp["stub"]
    assert table.header == exp["header"]
    assert table.source_note == exp["source_note"]
    has_unit = exp["header"][-1][0] == "单位"
    assert table.unit_column == (0 if has_unit else None)
    got = [
        (row.label, None if row.parent is None else table.rows[row.parent].label, row.texts)
        for row in table.rows
    ]
    assert got == exp["rows"]
    for row, (_, _, texts) in zip(table.rows, exp["rows"], strict=True):
        assert row.cells == [expected_cell(t, j, table.unit_column) for j, t in enumerate(texts)]
        assert len(row.cells) == len(table.header[-1])


# ---------------------------------------------------------------- the fixture itself


def test_fixture_ranges_are_the_tables_in_the_source():
    for number, (title_line, first, last) in RANGES.items():
        marker = line(first - 2).replace(" ", "").replace("\u3000", "")
        assert marker.startswith((f"表{number}", "表１")), number
        assert title_line == first - 4 and line(title_line).strip(), number
        assert line(first - 1) == "" and line(first).strip() and line(last).strip(), number
    # the continuations are where the contract says they are
    assert line(7354).strip() == "续表 2" and line(7354).startswith(" ")
    assert line(38477).strip() == "续表 12" and line(38534).strip() == "续表 14"
    assert [line(n).strip() for n in (33943, 34003, 34083)] == ["续表 9"] * 3
    assert line(34061) == "武威" and line(34081) == "313人物与荣誉"
    block = make_block(9)
    assert "313人物与荣誉" not in block.lines and "W" not in block.lines
    assert sum(1 for x in block.lines if x.strip() == "续表 9") == 3


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("708.08", 708.08),
        ("-4.8", -4.8),
        ("-10.45", -10.45),
        ("0.90", 0.9),
        ("37535", 37535.0),
        ("50%", 50.0),
        ("—", None),
        ("", None),
        ("亿元", "亿元"),
    ],
)
def test_parse_value(text, value):
    assert parse_value(text) == value


# ---------------------------------------------------------------- statistics 表 10 – 表 18


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_statistics_table_all_cells(number):
    check_against_expectation(parse(number), number)


def test_table_10_of_which_and_missing_cells():
    table = parse(10)
    town = table.rows[3]
    assert (town.label, town.level, town.of_which) == ("镇政府", 1, True)
    assert table.rows[3].parent == 2
    street = table.rows[6]
    assert street.cells == ["个", 9.0, 9.0, None, None, None]
    assert street.texts[3:] == ["—", "—", "—"]
    assert table.rows[0].texts[1] == "32351.70" and table.rows[0].cells[1] == 32351.7


def test_table_11_hierarchy():
    table = parse(11)
    levels = [(row.label, row.level) for row in table.rows]
    assert levels == [
        ("生产总值", 0),
        ("第一产业增加值", 1),
        ("第二产业增加值", 1),
        ("全部工业增加值", 2),
        ("建筑业增加值", 2),
        ("第三产业增加值", 1),
        ("人均生产总值", 0),
    ]
    assert [row.parent for row in table.rows] == [None, 0, 0, 2, 2, 0, None]
    assert table.path(3) == ["生产总值", "第二产业增加值", "全部工业增加值"]
    assert not any(row.of_which for row in table.rows)


def test_of_which_rows_align_with_their_siblings():
    """表 3: ``　　　企（事业）单位贷款`` stands beside ``　　#…住户贷款`` under 境内贷款;
    表 1: ``　　　　乡村`` beside ``　其中：城镇``."""
    t3 = parse(3)
    assert [(r.label, r.level, r.of_which, r.parent) for r in t3.rows] == [
        ("各项存款", 0, False, None),
        ("境内存款", 1, True, 0),
        ("住户存款", 2, True, 1),
        ("各项贷款", 0, False, None),
        ("境内贷款", 1, True, 3),
        ("住户贷款", 2, True, 4),
        ("企（事业）单位贷款", 2, False, 4),
    ]
    assert t3.header == [["年末数（亿元）", "比2022年末增长（%）"]]
    t1 = parse(1)
    assert [(r.label, r.parent) for r in t1.rows] == [
        ("常住人口", None),
        ("城镇", 0),
        ("乡村", 0),
        ("男性", 0),
        ("女性", 0),
        ("0—14岁", 0),
        ("15—59岁", 0),
        ("60岁及以上", 0),
        ("65岁及以上", 7),
    ]
    assert t1.rows[5].texts == ["23.76", "16.65"]  # 0—14 岁: a label with a space in it
    assert t1.header == [["年末数（万人）", "比重（%）"]]
    t4 = parse(4)  # 指   标 … 比 2022 年增长（%）: spaces inside head cells
    assert (t4.stub, t4.header) == ("指标", [["绝对数（亿元）", "比2022年增长（%）"]])


# ---------------------------------------------------------------- multi-level headers


def test_table_2_header_levels_and_continuation():
    table = parse(2)
    assert table.stub == "指标"
    assert table.header == [
        ["城镇居民", "城镇居民", "农村居民", "农村居民"],
        ["绝对数（元）", "比上年增长（%）", "绝对数（元）", "比上年增长（%）"],
    ]
    labels = [row.label for row in table.rows]
    assert labels[:6] == [
        "可支配收入",
        "工资性收入",
        "经营净收入",
        "财产净收入",
        "转移净收入",
        "生活消费支出",
    ]
    # the continuation: its repeated header is gone, its rows follow on
    assert labels[6:] == [
        "食品烟酒",
        "衣着",
        "居住",
        "生活用品及服务",
        "交通通信",
        "教育文化娱乐",
        "医疗保健",
        "其他用品和服务",
    ]
    assert table.continuations == [6]
    assert "指标" not in labels and "城镇居民" not in labels
    assert table.rows[6].parent == 5 and table.rows[6].cells == [8896.0, 8.7, 4621.0, 7.9]
    assert table.source_note == "（市统计局、市委党史和地方志研究中心）"
    assert table.columns[1] == ("城镇居民", "比上年增长（%）")


def test_table_5_vertical_header_cells():
    table = parse(5)
    assert table.stub == "指标/机构"
    assert table.unit == "万元、户、%"
    assert table.header == [
        ["营业收入"] * 3 + ["交易额"] * 3 + ["托管资产"] * 2 + ["开户数量"] * 3,
        [
            "当月",
            "当年累计",
            "同比增速",
            "当月",
            "当年累计",
            "同比增速",
            "余额",
            "同比增速",
            "当月新增",
            "当年累计",
            "总开户数",
        ],
    ]
    assert [row.label for row in table.rows] == ["华龙证券", "海通证券", "华安证券", "合计"]
    assert table.rows[2].cells == [
        13.0,
        98.0,
        4.26,
        11749.0,
        164209.0,
        -7.84,
        6913.0,
        -13.49,
        3.0,
        1439.0,
        12981.0,
    ]
    assert table.rows[0].texts[5] == "8.70"


def test_table_16_header_levels():
    table = parse(16)
    assert len(table.header) == 2
    assert table.columns == [
        ("2023年", "常住人口（万人）"),
        ("2023年", "自增率（‰）"),
        ("2023年", "城镇化率（%）"),
        ("2022年", "常住人口（万人）"),
        ("2022年", "自增率（‰）"),
        ("2022年", "城镇化率（%）"),
    ]


# ---------------------------------------------------------------- continuations


def test_continuations_merge_into_one_table():
    t12 = parse(12)
    assert t12.continuations == [1] and len(t12.rows) == 10
    t14 = parse(14)
    assert t14.continuations == [2] and [r.label for r in t14.rows][1:3] == ["凉州区", "民勤县"]
    t7 = parse(7)
    assert t7.continuations == [3]
    assert [r.label for r in t7.rows] == [str(n) for n in range(1, 10)]
    assert t7.notes == [
        "注：2023年12月天祝藏族自治县中小企业信用担保有限公司变更为天祝藏族自治县利企融资担保有限公司"
    ]


def test_continuation_after_page_furniture():
    """The third 续表 9 follows a page break whose furniture the block no longer has; the
    marker and the repeated header are dropped and the numbering runs on."""
    table = parse(9)
    assert table.continuations == [16, 41, 67]
    assert [row.label for row in table.rows] == [str(n) for n in range(1, 71)]
    assert table.rows[67].texts == ["68", "徐生龙", "武威职业学院", "高校教授", "2023.11.10", ""]
    assert table.source_note == "（市人社局）"


# ---------------------------------------------------------------- lists


def test_table_6_is_a_list():
    table = parse(6)
    assert table.kind == "list" and table.stub is None
    assert table.header == [["序号", "企业名称"]]
    assert len(table.rows) == 10
    assert table.rows[0].cells == ["1", "凉州区森信小额贷款有限责任公司"]
    assert table.rows[9].cells == ["10", "甘肃省中和农信小额贷款有限责任公司民勤营业部"]
    assert all(isinstance(c, str) for row in table.rows for c in row.cells)


def test_table_9_list_with_wrapped_fields():
    table = parse(9)
    assert table.kind == "list"
    assert table.header == [["序号", "姓名", "工作单位", "职称名称", "取得资格时间", "备注"]]
    assert len(table.rows) == 70
    assert table.rows[0].cells == [
        "1",
        "张荣",
        "中共武威市委党校（行政学院）",
        "教授",
        "2023.11.29",
        None,
    ]
    # 备注 wrapped below its row, starting with a digit: 30 年乡村不受 / 指标限制
    assert table.rows[16].cells == [
        "17",
        "郑文",
        "天祝藏族自治县第三中学",
        "正高级教师",
        "2023.12.24",
        "30年乡村不受指标限制",
    ]
    # 工作单位 wrapped over two lines between the name and the title
    assert table.rows[18].cells == [
        "19",
        "李天孝",
        "凉州区建设工程安全质量技术保障中心",
        "正高级工程师",
        "2023.12.25",
        None,
    ]
    assert table.rows[20].cells[5] == "破格晋升"
    assert table.rows[69].cells == [
        "70",
        "高应强",
        "武威市融媒体中心",
        "主任编辑",
        "2023.12.28",
        None,
    ]


# ---------------------------------------------------------------- grid edge cases


def test_wrapped_label_and_heading_row():
    block = TableBlock(
        99,
        "测试表",
        None,
        [
            "指标名称 单位 2023 年 2022 年",
            "城镇居民人均可支",
            "配收入 元 37535 35244",
            "按产业分",
            "　第一产业 亿元 1.5 —",
        ],
    )
    table = parse_table(block)
    assert table.header == [["单位", "2023年", "2022年"]]
    assert [(r.label, r.parent) for r in table.rows] == [
        ("城镇居民人均可支配收入", None),
        ("按产业分", None),
        ("第一产业", 1),
    ]
    assert table.rows[0].cells == ["元", 37535.0, 35244.0]
    assert table.rows[1].cells == [None, None, None]
    assert table.rows[2].cells == ["亿元", 1.5, None]


# ---------------------------------------------------------------- dict and DataFrame


@pytest.mark.parametrize("number", range(1, 19))
def test_dict_round_trip(number):
    table = parse(number)
    data = json.loads(json.dumps(table.to_dict(), ensure_ascii=False))
    back = ParsedTable.from_dict(data)
    assert back == table
    assert back.to_dict() == table.to_dict()


def test_dataframe_multiindex_columns():
    frame = parse(16).to_dataframe()
    assert frame.shape == (5, 6)
    assert frame.columns.nlevels == 2
    assert frame.loc["民勤县", ("2023年", "自增率（‰）")] == -10.45
    assert list(frame.index) == ["全市", "凉州区", "民勤县", "古浪县", "天祝藏族自治县"]
    frame5 = parse(5).to_dataframe()
    assert frame5.shape == (4, 11)
    assert frame5.loc["合计", ("开户数量", "总开户数")] == 64260.0


def test_dataframe_row_hierarchy_index():
    frame = parse(11).to_dataframe()
    assert frame.shape == (7, 4)
    assert frame.index.nlevels == 3
    assert frame.loc[("生产总值", "第二产业增加值", "全部工业增加值"), "2023年"] == 86.71
    assert frame.loc[("人均生产总值", "", ""), "单位"] == "元"
    frame12 = parse(12).to_dataframe()
    assert frame12.index.nlevels == 2
    assert frame12.loc[("第一产业增加值", "凉州区"), "2022年"] == 111.82
    frame10 = parse(10).to_dataframe()
    assert frame10.isna().sum().sum() == 3  # the three — of 街道办事处
    lst = parse(6).to_dataframe()
    assert lst.shape == (10, 2) and list(lst.columns) == ["序号", "企业名称"]


# ---------------------------------------------------------------- with the yearbook parser


def _yearbook_parse():
    module = pytest.importorskip(
        "wuwei_desktop.ingest.yearbook", reason="the yearbook parser is not written yet"
    )
    if not hasattr(module, "parse"):
        pytest.skip("wuwei_desktop.ingest.yearbook has no parse() yet")
    return module.parse


def test_yearbook_tables_parse_and_match():
    parse_yearbook = _yearbook_parse()
    meta = DocumentMeta(
        id="yearbook-2024",
        title="武威年鉴（2024）",
        kind="年鉴",
        source_file=SOURCE.name,
    )
    doc = parse_yearbook(SOURCE.read_text(encoding="utf-8").splitlines(), meta)
    blocks = [node.table for node in doc.root.walk() if node.kind == "table"]
    assert all(block is not None for block in blocks)
    assert sorted(block.number for block in blocks) == list(range(1, 19))
    tables = {block.number: parse_table(block) for block in blocks}
    for number in EXPECTED:
        check_against_expectation(tables[number], number)
    assert tables[2].continuations == [6]
    assert tables[5].header == parse(5).header
    assert [r.label for r in tables[9].rows] == [str(n) for n in range(1, 71)]
