"""Targets of the work reports against outcomes: the rules on sentences written for the
test, and the real archive's rows, checked by hand against the printed text."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from wuwei_desktop.cli import main
from wuwei_desktop.facts.outcomes import check_targets
from wuwei_desktop.facts.targets import (
    is_report,
    plan_year,
    target_phrase,
    targets_from_section,
    targets_from_text,
)


def rows(targets):
    return [
        (t.indicator, t.region, t.year, t.kind, t.value_text, t.unit, t.bound, t.direction)
        for t in targets
    ]


# ------------------------------------------------------------------------------ the rules


def test_plan_sections_and_their_year():
    assert plan_year("今后五年发展重点和2022年工作任务") == "2022"
    assert plan_year("2024年工作目标和重点任务") == "2024"
    assert plan_year("2023年工作回顾") is None
    assert is_report("政府工作报告", [])
    assert is_report("年鉴", ["武威年鉴（2024）", "特载", "政府工作报告"])
    assert not is_report("年鉴", ["武威年鉴（2024）", "专记"])


def test_bounds_are_read_from_the_words_around_the_figure():
    text = (
        "今年的主要预期目标是：地区生产总值增长6.5%左右，城镇新增就业2.2万人以上，"
        "居民消费价格指数涨幅控制在3%以内，粮食产量稳定在120万吨，"
        "森林覆盖率不低于21%，单位生产总值能耗下降3%。"
    )
    found = targets_from_text(text, year="2025", doc="d", node_id="n")
    assert rows(found) == [
        ("生产总值", "全市", "2025", "growth", "6.5", "%", "左右", "≥"),
        ("城镇新增就业", "全市", "2025", "value", "2.2", "万人", "以上", "≥"),
        ("居民消费价格指数", "全市", "2025", "growth", "3", "%", "控制在…以内", "≤"),
        ("粮食总产量", "全市", "2025", "value", "120", "万吨", "稳定在", "≥"),
        ("森林覆盖率", "全市", "2025", "share", "21", "%", "不低于", "≥"),
        ("单位生产总值能耗", "全市", "2025", "growth", "-3", "%", "", "≤"),
    ]
    assert [t.approximate for t in found] == [True, False, False, False, False, False]


def test_targets_read_back_in_the_reports_words():
    text = (
        "地区生产总值增长6.5%左右，单位生产总值能耗下降3%，粮食产量稳定在120万吨，"
        "城镇新增就业2.2万人以上，居民消费价格指数涨幅控制在3%以内。"
    )
    found = targets_from_text(text, year="2025", doc="d", node_id="n")
    assert [target_phrase(t) for t in found] == [
        "增长6.5%左右",
        "下降3%",
        "稳定在120万吨",
        "2.2万人以上",
        "控制在3%以内",
    ]
    assert [c.as_dict()["target_text"] for c in check_targets(found, [], doc_years={})] == [
        "增长6.5%",
        "下降3%",
        "120万吨",
        "2.2万人",
        "3%",
    ]


def test_names_lose_target_verbs_and_a_bare_measure_takes_its_subject():
    found = targets_from_text(
        "确保油料种植面积稳定在30万亩、产量8万吨以上，力争实现农产品电商销售25亿元。",
        year="2025",
        doc="d",
        node_id="n",
        known={"油料产量"}.__contains__,
    )
    assert [t.indicator_text for t in found] == ["油料种植面积", "油料产量", "农产品电商销售"]


def test_other_years_existing_stock_and_longer_horizons_are_no_targets():
    paragraphs = [
        ("a", "今后五年，全市生产总值突破900亿元。", None),
        ("b", "——在建设新城上聚焦发力。城镇化率达到60%。", None),
        ("c", "2025年的主要预期目标是：社会消费品零售总额增长7%。", 3),
        ("d", "2024年已建成5G基站800个。", 4),
        ("e", "提升现有40个园区，新建5G基站500个。", 4),
    ]
    found = targets_from_section(paragraphs, year="2025", doc="d")
    assert [(t.indicator, t.value_text, t.source.node_id, t.source.page) for t in found] == [
        ("社会消费品零售总额", "7", "c", 3),
        ("新建5G基站", "500", "e", 4),
    ]


def test_a_figure_that_sizes_what_follows_is_no_target():
    found = targets_from_text(
        "建成新希望33万吨、和生源20万吨饲料等项目，解决11.2万亩农田灌溉用水问题，"
        "新建调蓄水池6座、库容1361万方，肉牛饲养量达到30万头（只）以上，打造4个产业集群。",
        year="2025",
        doc="d",
        node_id="n",
    )
    assert [(t.indicator_text, t.value_text, t.bound) for t in found] == [
        ("新建调蓄水池", "6", ""),
        ("肉牛饲养量", "30", "以上"),
        ("产业集群", "4", ""),
    ]
    listed = targets_from_text(
        "重点做好9个方面的工作：要办好10件实事：1.城镇新增就业1.6万人。",
        year="2025",
        doc="d",
        node_id="n",
    )
    assert [(t.indicator, t.value_text) for t in listed] == [("城镇新增就业", "1.6")]


def test_a_county_in_another_clause_is_not_the_targets_region():
    found = targets_from_text(
        "推动天祝县创建省级创新型县区，新认定省级创新平台20家以上；民勤县新增造林5万亩。",
        year="2025",
        doc="d",
        node_id="n",
    )
    assert [(t.indicator, t.region) for t in found] == [
        ("认定省级创新平台", "全市"),
        ("新增造林", "民勤县"),
    ]


def fact(indicator, value, unit="%", kind="growth", **extra):
    base = {
        "indicator": indicator,
        "indicator_text": indicator,
        "region": "全市",
        "period": "2025",
        "value": value,
        "value_text": f"{value:g}",
        "unit": unit,
        "kind": kind,
        "modality": "actual",
        "base_value": value,
        "base_unit": unit,
        "doc": "book",
        "node_id": "book/统计",
        "source_text": "表1",
        "source_kind": "table",
        "page": 9,
        "table_id": "book/统计/表1",
        "period_inferred": False,
        "region_inferred": False,
        "part": None,
        "id": 1,
    }
    base.update(extra)
    return SimpleNamespace(**base)


@pytest.mark.parametrize(
    ("sentence", "outcome", "met"),
    [
        ("地区生产总值增长6.5%左右。", 6.46, True),  # 左右: half the last printed digit
        ("地区生产总值增长6.5%左右。", 6.4, False),
        ("地区生产总值增长7%。", 6.9, False),
        ("地区生产总值增长7%。", 7.0, True),
        ("居民消费价格指数涨幅控制在3%以内。", 3.2, False),
        ("居民消费价格指数涨幅控制在3%左右。", 3.4, True),
        ("单位生产总值能耗下降3%。", -3.5, True),
        ("单位生产总值能耗下降3%。", -2.0, False),
    ],
)
def test_met_follows_the_bound(sentence, outcome, met):
    (target,) = targets_from_text(sentence, year="2025", doc="r", node_id="r/任务")
    # 居民消费价格指数涨幅: a rate named as such is the growth of the index
    (check,) = check_targets([target], [fact(target.indicator, outcome)], doc_years={"book": 2025})
    assert check.met is met
    assert check.status == ("完成" if met else "未完成")


def test_outcomes_must_be_the_same_year_from_a_document_that_covers_it():
    (target,) = targets_from_text("城镇新增就业1.5万人。", year="2025", doc="r", node_id="r/任务")
    others = [
        fact("城镇新增就业", 1.9, "万人", "value", period="2024"),  # another year
        fact("城镇新增就业", 1.9, "万人", "value", doc="old"),  # a document of 2024
        fact("城镇新增就业", 1.9, "万人", "value", node_id="r/任务/一"),  # the plan itself
        fact("城镇新增就业", 1.9, "万人", "value", modality="target"),
        fact("城镇新增就业", 1.9, "万人", "value", period="2025上半年"),
    ]
    (check,) = check_targets(
        [target], others, doc_years={"book": 2025, "old": 2024}, plan_nodes=["r/任务"]
    )
    assert (check.outcome, check.met, check.status) == (None, None, "无结果")
    # 万人 against 人: the same figure in another unit still compares
    (check,) = check_targets(
        [target],
        [fact("城镇新增就业", 14000, "人", "value", base_value=14000.0, base_unit="人")],
        doc_years={"book": 2025},
    )
    assert (check.outcome.value_text, check.met) == ("14000", False)


def test_an_outcome_may_print_the_name_another_way():
    (target,) = targets_from_text(
        "城镇新增就业人数1.5万人以上。", year="2025", doc="r", node_id="r/任务"
    )
    assert target.indicator == "城镇新增就业人数"
    outcome = fact("城镇新增就业", 1.9, "万人", "value", base_value=19000.0, base_unit="人")
    (check,) = check_targets([target], [outcome], doc_years={"book": 2025})
    assert (check.outcome.value_text, check.status) == ("1.9", "完成")
    other = fact("城镇新增就业率", 1.9, "万人", "value", base_value=19000.0, base_unit="人")
    (check,) = check_targets([target], [other], doc_years={"book": 2025})
    assert check.outcome is None


def test_outcomes_from_text_need_a_certain_region_and_year():
    (target,) = targets_from_text("城镇新增就业1.5万人。", year="2025", doc="r", node_id="r/任务")
    sentence = {"source_kind": "text", "table_id": None, "source_text": "城镇新增就业1.6万人。"}
    sentence |= {"base_value": 16000.0, "base_unit": "人"}
    # a sentence of the 2025 book without a year of its own: the book's year
    said = fact("城镇新增就业", 1.6, "万人", "value", period_inferred=True, **sentence)
    (check,) = check_targets([target], [said], doc_years={"book": 2025})
    assert (check.outcome.value_text, check.outcome.source.text, check.met) == (
        "1.6",
        "城镇新增就业1.6万人。",
        True,
    )
    # …but not a year inferred in a book of a later year, nor a county merely assumed
    (check,) = check_targets([target], [said], doc_years={"book": 2026})
    assert check.outcome is None
    county = fact("城镇新增就业", 1.6, "万人", "value", region="民勤县", region_inferred=True)
    county.__dict__.update(sentence)
    target.region = "民勤县"
    (check,) = check_targets([target], [county], doc_years={"book": 2025})
    assert check.outcome is None
    # a table cell wins over a sentence for the same figure
    cell = fact("城镇新增就业", 1.62, "万人", "value", id=2, base_value=16200.0, base_unit="人")
    target.region = "全市"
    (check,) = check_targets([target], [said, cell], doc_years={"book": 2025})
    assert (check.outcome.value_text, check.outcome.others) == ("1.62", 1)


# -------------------------------------------------------------------------- the archive

MAIN_2022 = [  # 2022年武威市政府工作报告: 2022年经济社会发展的主要预期目标是 …
    ("生产总值", "全市", "2022", "growth", "7", "%", "", "≥"),
    ("规上工业增加值", "全市", "2022", "growth", "12.5", "%", "", "≥"),
    ("固定资产投资", "全市", "2022", "growth", "12", "%", "", "≥"),
    ("社会消费品零售总额", "全市", "2022", "growth", "7", "%", "", "≥"),
    ("一般公共预算收入", "全市", "2022", "growth", "5", "%", "左右", "≥"),
    ("居民消费价格指数", "全市", "2022", "growth", "3", "%", "控制在…左右", "≤"),
    ("城镇居民人均可支配收入", "全市", "2022", "growth", "7.5", "%", "", "≥"),
    ("农村居民人均可支配收入", "全市", "2022", "growth", "8.5", "%", "", "≥"),
]
MAIN_2024 = [  # 武威年鉴（2024）第24页: 今年经济社会发展的主要预期目标是 …
    ("生产总值", "全市", "2024", "growth", "6.5", "%", "", "≥"),
    ("固定资产投资", "全市", "2024", "growth", "10", "%", "以上", "≥"),
    ("规上工业增加值", "全市", "2024", "growth", "7", "%", "", "≥"),
    ("社会消费品零售总额", "全市", "2024", "growth", "8.5", "%", "", "≥"),
    ("一般公共预算收入", "全市", "2024", "growth", "5", "%", "", "≥"),
    ("城镇居民人均可支配收入", "全市", "2024", "growth", "6.5", "%", "", "≥"),
    ("农村居民人均可支配收入", "全市", "2024", "growth", "7.5", "%", "", "≥"),
    ("居民消费价格指数", "全市", "2024", "growth", "3", "%", "控制在…以内", "≤"),
]


def test_the_main_targets_of_both_reports(archive):
    checks = archive.targets()
    targets = [c.target for c in checks]
    assert rows(targets[:8]) == MAIN_2022
    assert {t.source.doc for t in targets[:8]} == {"gov-report-2022"}
    in_2024 = [c.target for c in archive.targets(year="2024")]
    assert rows(in_2024[:8]) == MAIN_2024
    assert {(t.source.doc, t.source.page) for t in in_2024[:8]} == {("yearbook-2024", 24)}
    # the archive ends with 2023: no growth rate for 2022 or 2024 is reported in it
    assert all(c.status == "无结果" and c.outcome is None for c in checks[:8])
    assert all(c.status == "无结果" for c in archive.targets(year="2024"))


def test_grain_2022_is_met_by_the_yearbooks_table(archive):
    # 2022年报告：确保粮食种植面积稳定在240万亩、产量105万吨以上。
    # 武威年鉴（2024）表18（第352页）：粮食总产量 2022年 123.99 万吨
    (grain,) = archive.targets(query="粮食产量", year="2022")
    assert (grain.target.value_text, grain.target.unit, grain.target.bound) == (
        "105",
        "万吨",
        "以上",
    )
    assert "产量105万吨以上" in grain.target.source.text
    assert (grain.outcome.value_text, grain.outcome.unit) == ("123.99", "万吨")
    assert (grain.outcome.source.doc, grain.outcome.source.page) == ("yearbook-2024", 352)
    assert grain.outcome.source.table_id.endswith("/表18")
    assert (grain.met, grain.status) == (True, "完成")


def test_every_matched_pair_in_the_archive(archive):
    matched = [
        (c.target.indicator, c.target.year, c.target.value_text, c.outcome.value_text, c.status)
        for c in archive.targets()
        if c.outcome is not None
    ]
    assert matched == [("粮食总产量", "2022", "105", "123.99", "完成")]


def test_five_year_goals_are_not_2022_targets(archive):
    # 今后五年 …… 全市生产总值突破800亿元 is a goal for 2026, not for 2022
    assert not [c for c in archive.targets(year="2022") if c.target.value_text == "800"]


def test_facts_targets_command(archive_path, capsys):
    assert main(["--db", str(archive_path), "facts", "--targets", "--period", "2022"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == [
        "指标",
        "地区",
        "年份",
        "目标",
        "界限",
        "结果",
        "完成情况",
        "目标出处",
        "结果出处",
    ]
    assert lines[1].split("\t") == [
        "地区生产总值",
        "全市",
        "2022",
        "增长7%",
        "—（≥）",
        "—",
        "档案中无结果",
        "《2022年武威市政府工作报告》",
        "—",
    ]
    grain = next(line for line in lines if line.startswith("粮食产量"))
    assert grain.split("\t")[3:] == [
        "105万吨",
        "以上（≥）",
        "123.99万吨",
        "完成",
        "《2022年武威市政府工作报告》",
        "《武威年鉴（2024）》表18，第352页",
    ]


def test_facts_targets_with_filters_that_leave_nothing(archive_path, capsys):
    assert main(["--db", str(archive_path), "facts", "--targets", "--period", "2030"]) == 0
    assert capsys.readouterr().out.strip() == (
        "没有符合条件的目标：可去掉 --query、--region 或 --period 再试。"
    )


def test_facts_targets_json(archive_path, capsys):
    assert main(["--db", str(archive_path), "--json", "facts", "--targets", "--query", "粮食"]) == 0
    data = json.loads(capsys.readouterr().out)
    grain = next(row for row in data if row["year"] == "2022" and row["target"] == "105")
    assert {k: grain[k] for k in ("indicator", "bound", "outcome", "met", "status")} == {
        "indicator": "粮食总产量",
        "bound": "以上",
        "outcome": "123.99",
        "met": True,
        "status": "完成",
    }
    assert grain["target_source"]["title"] == "2022年武威市政府工作报告"
    assert grain["outcome_source"]["page"] == 352
    none = next(row for row in data if row["year"] == "2024" and row["target"] == "122")
    assert (none["outcome"], none["met"], none["outcome_source"]) == (None, None, None)


def build_archive_without_reports(tmp_path_factory):
    """An archive of one newspaper article: no work report, so no target."""
    import shutil

    from wuwei_desktop.db.build import build_archive
    from wuwei_desktop.paths import default_sources

    sources = tmp_path_factory.mktemp("sources")
    catalog = (default_sources() / "catalog.toml").read_text(encoding="utf-8")
    block = next(b for b in catalog.split("[[document]]") if "liangzhou-review-2021" in b)
    (sources / "catalog.toml").write_text("[[document]]" + block, encoding="utf-8")
    name = "liangzhou-five-year-review-2021.txt"
    shutil.copy(default_sources() / name, sources / name)
    out = tmp_path_factory.mktemp("archive") / "wuwei.db"
    build_archive(sources, out)
    return out


@pytest.fixture(scope="module")
def archive_without_reports(tmp_path_factory):
    return build_archive_without_reports(tmp_path_factory)


def test_an_archive_without_work_reports_has_no_targets(archive_without_reports, capsys):
    from wuwei_desktop.api import Archive

    with Archive.open(archive_without_reports) as archive:
        assert archive.targets() == []
    assert main(["--db", str(archive_without_reports), "facts", "--targets"]) == 0
    assert capsys.readouterr().out.strip() == "没有找到政府工作报告提出的目标。"
