"""Figures from running text, each checked by hand against the source sentence.

Parses the documents directly (catalog.parse_entry), so these tests do not need the
database build.
"""

from __future__ import annotations

import pytest

from tests.core.ingest_helpers import parse
from wuwei_desktop.facts.from_text import TextContext, facts_from_document, facts_from_text

DOCS = (
    "yearbook-2024",
    "gov-report-2022",
    "outlook-2024",
    "liangzhou-review-2021",
    "sanzhua-review-2023",
)


@pytest.fixture(scope="module")
def facts():
    return {doc: facts_from_document(parse(doc)) for doc in DOCS}


# doc, node (part of the id), indicator, region, period, value, unit, kind
EXPECTED = [
    # 2022 government work report
    ("gov-report-2022", "过去五年", "生产总值", "全市", "2016", 423.3, "亿元", "value"),
    ("gov-report-2022", "过去五年", "生产总值", "全市", "2020", 526.4, "亿元", "value"),
    ("gov-report-2022", "过去五年", "人均生产总值", "全市", "2020", 3.6, "万元", "value"),
    ("gov-report-2022", "过去五年", "农业增加值", "全市", "2016", 105.8, "亿元", "value"),
    ("gov-report-2022", "过去五年", "农业增加值", "全市", "2020", 164.6, "亿元", "value"),
    ("gov-report-2022", "过去五年", "第三产业增加值", "全市", "2020", 279.6, "亿元", "value"),
    ("gov-report-2022", "过去五年", "城镇居民人均可支配收入", "全市", "2016", 23612, "元", "value"),
    ("gov-report-2022", "过去五年", "农村居民人均可支配收入", "全市", "2016", 9784, "元", "value"),
    ("gov-report-2022", "过去五年", "城镇居民人均可支配收入", "全市", "2020", 31580, "元", "value"),
    ("gov-report-2022", "过去五年", "农村居民人均可支配收入", "全市", "2020", 13471, "元", "value"),
    (
        "gov-report-2022",
        "过去五年",
        "城镇居民人均可支配收入",
        "全市",
        "2016-2020",
        7.8,
        "%",
        "growth",
    ),
    (
        "gov-report-2022",
        "过去五年",
        "农村居民人均可支配收入",
        "全市",
        "2016-2020",
        8.3,
        "%",
        "growth",
    ),
    (
        "gov-report-2022",
        "过去五年",
        "金融机构存款余额",
        "全市",
        "2016-2020",
        1022.6,
        "亿元",
        "value",
    ),
    (
        "gov-report-2022",
        "过去五年",
        "金融机构贷款余额",
        "全市",
        "2016-2020",
        886.5,
        "亿元",
        "value",
    ),
    ("gov-report-2022", "过去五年", "游客接待人次", "全市", "2016-2020", 6800, "万人", "value"),
    ("gov-report-2022", "过去五年", "旅游综合收入", "全市", "2016-2020", 377, "亿元", "value"),
    ("gov-report-2022", "过去五年", "森林覆盖率", "全市", "2016-2020", 19, "%", "share"),
    ("gov-report-2022", "过去五年", "生产总值", "全市", "2021前三季度", 9, "%", "growth"),
    ("gov-report-2022", "过去五年", "第一产业增加值", "全市", "2021前三季度", 10.5, "%", "growth"),
    ("gov-report-2022", "过去五年", "生产总值", "全市", "2021", 590, "亿元", "value"),
    # 凉州区 article
    ("liangzhou-review-2021", "和谐凉州", "生产总值", "凉州区", "2020", 335.11, "亿元", "value"),
    ("liangzhou-review-2021", "和谐凉州", "城镇化率", "凉州区", "2016-2021", 52.83, "%", "share"),
    (
        "liangzhou-review-2021",
        "和谐凉州",
        "城镇新增就业",
        "凉州区",
        "2016-2021",
        7.78,
        "万人",
        "value",
    ),
    (
        "liangzhou-review-2021",
        "和谐凉州",
        "城市建成区面积",
        "凉州区",
        "2016-2021",
        34.04,
        "平方公里",
        "value",
    ),
    # 三抓三促 review
    ("sanzhua-review-2023", "赶超进位", "游客接待人次", "全市", "2023", 1962.3, "万人次", "value"),
    ("sanzhua-review-2023", "赶超进位", "旅游综合收入", "全市", "2023", 123.1, "亿元", "value"),
    ("sanzhua-review-2023", "赶超进位", "游客接待人次", "全市", "2023", 98.28, "%", "growth"),
    ("sanzhua-review-2023", "赶超进位", "旅游综合收入", "全市", "2023", 115.96, "%", "growth"),
    (
        "sanzhua-review-2023",
        "赶超进位",
        "招商引资到位资金",
        "全市",
        "2023",
        429.49,
        "亿元",
        "value",
    ),
    ("sanzhua-review-2023", "赶超进位", "招商引资到位资金", "全市", "2023", 50.38, "%", "growth"),
    ("sanzhua-review-2023", "解忧纾困", "办结率", "全市", "2023", 97.3, "%", "share"),
    # 2024 outlook (all targets)
    ("outlook-2024", "产业体系", "聚焦重点产业链", "全市", "2024", 9, "条", "value"),
    ("outlook-2024", "产业体系", "百亿级产业集群", "全市", "2024", 4, "个", "value"),
    ("outlook-2024", "生活需要", "集中力量办好实事", "全市", "2024", 10, "件", "value"),
    # yearbook
    ("yearbook-2024", "历史人文/人口", "常住人口", "全市", "2023", 142.73, "万人", "value"),
    ("yearbook-2024", "历史人文/人口", "常住人口", "全市", "2023", -1.78, "万人", "change"),
    ("yearbook-2024", "历史人文/人口", "城镇化率", "全市", "2023", 50.87, "%", "share"),
    ("yearbook-2024", "历史人文/人口", "出生率", "全市", "2023", 7.13, "‰", "share"),
    ("yearbook-2024", "历史人文/人口", "人口自然增长率", "全市", "2023", -4.08, "‰", "share"),
    (
        "yearbook-2024",
        "市情概览/经济社会发展/经济发展",
        "生产总值",
        "全市",
        "2023",
        708.08,
        "亿元",
        "value",
    ),
    (
        "yearbook-2024",
        "市情概览/经济社会发展/经济发展",
        "生产总值",
        "全市",
        "2023",
        7.0,
        "%",
        "growth",
    ),
    (
        "yearbook-2024",
        "市情概览/经济社会发展/经济发展",
        "人均生产总值",
        "全市",
        "2023",
        49302,
        "元",
        "value",
    ),
    (
        "yearbook-2024",
        "旅游业/综述/旅游收入",
        "游客接待人次",
        "全市",
        "2023",
        2141.8,
        "万人次",
        "value",
    ),
    ("yearbook-2024", "旅游业/综述/旅游收入", "游客接待人次", "全市", "2023", 126.0, "%", "growth"),
    (
        "yearbook-2024",
        "旅游业/综述/旅游收入",
        "旅游综合收入",
        "全市",
        "2023",
        152.3,
        "亿元",
        "value",
    ),
    ("yearbook-2024", "旅游业/综述/旅游收入", "旅游综合收入", "全市", "2023", 167.4, "%", "growth"),
    ("yearbook-2024", "居民生活", "城镇居民人均可支配收入", "全市", "2023", 37535, "元", "value"),
    ("yearbook-2024", "居民生活", "农村居民人均可支配收入", "全市", "2023", 17266, "元", "value"),
    (
        "yearbook-2024",
        "县区发展/古浪县/经济发展",
        "生产总值",
        "古浪县",
        "2023",
        92.15,
        "亿元",
        "value",
    ),
    (
        "yearbook-2024",
        "县区发展/古浪县/文化旅游",
        "游客接待人次",
        "古浪县",
        "2023",
        207.2,
        "万人次",
        "value",
    ),
    (
        "yearbook-2024",
        "县区发展/古浪县/文化旅游",
        "游客接待人次",
        "古浪县",
        "2023",
        83.25,
        "%",
        "growth",
    ),
    (
        "yearbook-2024",
        "县区发展/古浪县/文化旅游",
        "旅游综合收入",
        "古浪县",
        "2023",
        13.56,
        "亿元",
        "value",
    ),
    (
        "yearbook-2024",
        "县区发展/民勤县/概况",
        "常住人口",
        "民勤县",
        "2023年末",
        17.11,
        "万人",
        "value",
    ),
    (
        "yearbook-2024",
        "县区发展/民勤县/乡村振兴",
        "粮食总产量",
        "民勤县",
        "2023",
        21,
        "万吨",
        "value",
    ),
    (
        "yearbook-2024",
        "县区发展/凉州区/特色产业",
        "游客接待人次",
        "凉州区",
        "2023",
        1400,
        "万人次",
        "value",
    ),
    (
        "yearbook-2024",
        "县区发展/凉州区/特色产业",
        "游客接待人次",
        "凉州区",
        "2023",
        119,
        "%",
        "growth",
    ),
    (
        "yearbook-2024",
        "县区发展/天祝藏族自治县/人口民族",
        "常住人口",
        "天祝县",
        "2023",
        14.5,
        "万人",
        "value",
    ),
    (
        "yearbook-2024",
        "县区发展/天祝藏族自治县/人口民族",
        "城镇化率",
        "天祝县",
        "2023",
        50.08,
        "%",
        "share",
    ),
]


def test_at_least_forty_figures_over_all_five_documents():
    assert len(EXPECTED) >= 40
    assert {row[0] for row in EXPECTED} == set(DOCS)


@pytest.mark.parametrize(
    ("doc", "node", "indicator", "region", "period", "value", "unit", "kind"), EXPECTED
)
def test_figure(facts, doc, node, indicator, region, period, value, unit, kind):
    found = [
        f
        for f in facts[doc]
        if node in f.node_id and abs(f.value - value) < 1e-9 and f.unit == unit and f.kind == kind
    ]
    assert found, f"{value}{unit} not found in {doc} under {node}"
    assert any((f.indicator, f.region, f.period) == (indicator, region, period) for f in found), [
        (f.indicator, f.region, f.period, f.source_text) for f in found
    ]
    for f in found:
        assert f.source_kind == "text" and f.source_text and f.node_id.startswith(doc)


def test_every_text_fact_has_a_source(facts):
    for doc, found in facts.items():
        assert found, doc
        for f in found:
            assert f.source_text and f.node_id and f.doc == doc
            assert str(f.value).replace(".", "").lstrip("-")[:1].isdigit()


def test_base_units(facts):
    gdp = next(f for f in facts["gov-report-2022"] if f.value == 526.4)
    assert (gdp.base_value, gdp.base_unit) == (52640000000.0, "元")
    people = next(f for f in facts["yearbook-2024"] if f.value == 142.73 and f.unit == "万人")
    assert (people.base_value, people.base_unit) == (1427300.0, "人")


def test_modality_and_inferred_periods(facts):
    report = facts["gov-report-2022"]
    estimate = next(f for f in report if f.value == 590)
    assert estimate.modality == "estimate" and estimate.period_inferred
    target = next(f for f in report if f.period == "2022" and f.indicator == "生产总值")
    assert target.modality == "target" and target.value == 7 and target.kind == "growth"
    assert facts["outlook-2024"] and all(f.modality == "target" for f in facts["outlook-2024"])
    stated = next(f for f in report if f.value == 423.3)
    assert not stated.period_inferred and not stated.region_inferred


def test_plan_part_of_a_report_is_next_years_targets(facts):
    """The yearbook's copy of the 2024 政府工作报告: every figure under its half
    2024年工作目标和重点任务 (its own text and its nine task sections) is a 2024 target;
    the 2023年工作回顾 half is not."""
    yearbook = facts["yearbook-2024"]
    report = [f for f in yearbook if "/特载/政府工作报告/" in f.node_id]
    gdp = next(f for f in report if f.indicator == "生产总值" and f.value == 6.5)
    assert (gdp.modality, gdp.period, gdp.kind) == ("target", "2024", "growth")
    jobs = next(f for f in report if f.indicator == "城镇新增就业" and f.value == 1.6)
    assert (jobs.modality, jobs.period) == ("target", "2024")
    assert "倾力保障改善民生" in jobs.node_id
    review = next(f for f in report if f.indicator == "城镇新增就业" and f.value == 1.94)
    assert (review.modality, review.period) == ("actual", "2023")
    # nothing after the report (专记 and on) inherits the plan part
    later = [f for f in yearbook if "/专记/" in f.node_id]
    assert later and all(f.period != "2024" or f.modality != "target" for f in later)


def test_a_mid_year_report_speaks_of_the_months_before_its_date(facts):
    """The 第七次全会 report is dated （2023年8月4日） and says 今年以来: its figures
    without a stated period are January–July 2023, not the year (no false conflict with
    the year's 1.94万人)."""
    mid_year = [f for f in facts["yearbook-2024"] if "第七次全体会议" in f.node_id]
    jobs = next(f for f in mid_year if f.indicator == "城镇新增就业")
    assert (jobs.value, jobs.period, jobs.period_inferred) == (1.3, "2023年1-7月", True)
    assert any(f.period == "2023上半年" for f in mid_year)  # stated halves stay as stated


def test_narrowing_prefix_and_list_numbers_make_their_own_indicator(facts):
    yearbook = facts["yearbook-2024"]
    industrial = next(
        f for f in yearbook if f.value == 31.1 and "工业固定资产投资" in f.source_text
    )
    assert industrial.indicator == "工业固定资产投资"
    above_quota = next(f for f in yearbook if f.value == 49.39)
    assert above_quota.indicator == "限额以上社会消费品零售总额"
    school = next(f for f in yearbook if f.value == 3000 and "中小学学位" in f.source_text)
    assert school.indicator == "新增中小学学位"


def test_sentence_with_two_periods_and_two_figures():
    ctx = TextContext(doc="d", node_id="d/n", year="2021")
    found = facts_from_text(
        "全市生产总值由2016年的423.3亿元增加到2020年的526.4亿元,跃居全省第5位。", ctx
    )
    assert [(f.indicator, f.period, f.value, f.unit) for f in found] == [
        ("生产总值", "2016", 423.3, "亿元"),
        ("生产总值", "2020", 526.4, "亿元"),
    ]


def test_respectively_growth_rates_pair_with_their_amounts():
    ctx = TextContext(doc="d", node_id="d/n", year="2023")
    found = facts_from_text(
        "2023年全市累计接待游客1962.3万人次,实现旅游综合收入123.1亿元,分别增长98.28%、115.96%。",
        ctx,
    )
    got = [(f.indicator, f.kind, f.value) for f in found]
    assert got == [
        ("游客接待人次", "value", 1962.3),
        ("旅游综合收入", "value", 123.1),
        ("游客接待人次", "growth", 98.28),
        ("旅游综合收入", "growth", 115.96),
    ]


def test_ranks_and_comparison_bases_are_not_figures_or_periods():
    ctx = TextContext(doc="d", node_id="d/n", year="2023")
    found = facts_from_text("农业增加值比2022年增长6.4%,居全省第1位,高于全省1.2个百分点。", ctx)
    assert [(f.value, f.kind, f.period) for f in found] == [(6.4, "growth", "2023")]
    assert found[0].period_inferred


def test_region_enumeration_names_no_single_county():
    ctx = TextContext(doc="d", node_id="d/n", year="2023")
    found = facts_from_text("武威市辖凉州区、民勤县、古浪县和天祝藏族自治县，有93个乡镇。", ctx)
    assert [(f.region, f.value) for f in found] == [("全市", 93)]


def test_counts_after_a_governing_verb_name_what_follows_them():
    # 民勤县 概况 (p298): each count is the number of the thing after it
    ctx = TextContext(doc="d", node_id="d/n", year="2023", region="民勤县")
    found = facts_from_text(
        "全县辖18个镇、248个行政村、7个城市社区，国土总面积1.5838万平方公里。", ctx
    )
    assert [(f.indicator, f.value) for f in found] == [
        ("镇", 18),
        ("行政村", 248),
        ("城市社区", 7),
        ("土地面积", 1.5838),
    ]


def test_a_count_of_firms_names_them_and_the_verb_after_them_keeps_its_subject():
    # 凉州区 特色产业 (p296)
    ctx = TextContext(doc="d", node_id="d/n", year="2023", region="凉州区")
    found = facts_from_text(
        "新入规工业企业9户，114户规上工业企业完成产值225.8亿元，同比增长5%。", ctx
    )
    assert [(f.indicator, f.value, f.unit) for f in found] == [
        ("入规工业企业", 9, "户"),
        ("规上工业企业", 114, "户"),
        ("规上工业企业完成产值", 225.8, "亿元"),
        ("规上工业企业完成产值", 5, "%"),
    ]


def test_a_multiple_of_an_earlier_year_sets_no_period():
    # 古浪县 重大项目 (p305): 是2022年的2.7倍 compares; the 82亿元 is the year's own
    ctx = TextContext(doc="d", node_id="d/n", year="2023", region="古浪县")
    found = facts_from_text("招商引资项目161项，是2022年的2.7倍，到位资金82亿元、增长76%。", ctx)
    assert [(f.indicator, f.period, f.value) for f in found] == [
        ("招商引资项目", "2023", 161),
        ("招商引资到位资金", "2023", 82),
        ("招商引资到位资金", "2023", 76),
    ]


def test_figures_keep_their_printed_number():
    from wuwei_desktop.facts.from_text import TextContext, facts_from_text

    ctx = TextContext(doc="d", node_id="n", year="2023")
    facts = facts_from_text("多年平均径流总量15.60亿立方米，比2022年末下降1.80%。", ctx)
    assert [(f.value, f.value_text) for f in facts] == [(15.6, "15.60"), (-1.8, "-1.80")]


def test_plan_section_of_the_2022_report_is_2022_except_its_five_year_goals(facts):
    # 今后五年发展重点和2022年工作任务: the tasks are for 2022 (确保粮食…产量105万吨以上);
    # the paragraphs after 今后五年 (——在建设产业更优…全市生产总值突破800亿元) for 2022-2026
    report = facts["gov-report-2022"]
    grain = next(f for f in report if f.value == 105 and f.unit == "万吨")
    assert (grain.period, grain.modality) == ("2022", "target")
    goal = next(f for f in report if f.value == 800 and f.unit == "亿元")
    assert (goal.indicator, goal.period, goal.modality) == ("生产总值", "2022-2026", "target")
