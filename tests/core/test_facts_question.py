"""Figure questions as a clerk asks them: reading a question, answering it from the real
archive, one row per figure, and the question set's accuracy."""

from __future__ import annotations

import itertools
import json

import pytest

from bench.bench_facts import accuracy, answers, load_questions
from wuwei_desktop.cli import main
from wuwei_desktop.facts import regions
from wuwei_desktop.facts.names import similarity, stem
from wuwei_desktop.facts.question import PeriodAsk, parse_question, search_words


@pytest.mark.parametrize(
    ("text", "regions_", "period", "asks", "topic"),
    [
        ("2023年凉州区粮食产量是多少？", ("凉州区",), PeriodAsk(2023, 2023), "value", "粮食产量"),
        ("天祝县去年常住人口有多少", ("天祝县",), PeriodAsk(relative=(-1, 1)), "value", "常住人口"),
        ("武威市2023年末常住人口", ("全市",), PeriodAsk(2023, 2023, "年末"), None, "常住人口"),
        (
            "2023年1-7月招商引资到位资金",
            (),
            PeriodAsk(2023, 2023, "1-7月"),
            None,
            "招商引资到位资金",
        ),
        ("“十三五”旅游综合收入", (), PeriodAsk(2016, 2020), None, "旅游综合收入"),
        ("过去五年城镇新增就业", (), PeriodAsk(relative=(0, 5)), None, "城镇新增就业"),
        ("2016—2020年人工造林", (), PeriodAsk(2016, 2020), None, "人工造林"),
        ("古浪规上工业增加值增速", ("古浪县",), None, "growth", "规上工业增加值"),
        ("23年民勤旅游收入增长了多少", ("民勤县",), PeriodAsk(2023, 2023), "growth", "旅游收入"),
        ("城镇人口占比", (), None, "share", "城镇人口"),
        ("工业增加值", (), None, None, "工业增加值"),  # 增加 of 增加值 asks nothing
    ],
)
def test_a_question_is_read_into_its_parts(text, regions_, period, asks, topic):
    q = parse_question(text)
    assert (q.regions, q.period, q.asks, q.topic) == (regions_, period, asks, topic)


def test_rate_words_keep_a_reading_where_they_name_the_indicator():
    q = parse_question("人口自然增长率是多少")
    assert ("人口自然增长率", "value") in {(r.topic, r.asks) for r in q.readings}


def test_relative_periods_are_read_against_the_document_date():
    assert PeriodAsk(relative=(-1, 1)).years(2024) == (2023, 2023)
    assert PeriodAsk(relative=(0, 5)).years(2022) == (2017, 2021)
    assert PeriodAsk(2016, 2020).years(None) == (2016, 2020)


def test_region_names():
    assert regions.canonical("天祝藏族自治县") == regions.canonical("天祝") == "天祝县"
    assert regions.canonical("武威市") == regions.CITY
    assert regions.full_name("天祝县") == "天祝藏族自治县"
    assert regions.full_name("全市") == "武威市"
    assert regions.COUNTIES == ("凉州区", "民勤县", "古浪县", "天祝县")
    assert [w for w, _ in regions.query_regions("天祝藏族自治县和凉州的")] == [
        "天祝藏族自治县",
        "凉州",
    ]
    assert sorted(["其他", "天祝县", "全市", "凉州区"], key=regions.region_order) == [
        "全市",
        "凉州区",
        "天祝县",
        "其他",
    ]


def test_names_meet_whatever_way_they_are_written():
    assert stem("规上工业增加值") == stem("规模以上工业增加值")
    assert stem("GDP") == stem("地区生产总值") == stem("生产总值")
    assert stem("一产增加值") == stem("第一产业增加值")  # 第一产业 is not expanded again
    assert stem("在校学生数") == stem("在校学生")
    assert similarity(stem("粮食总产亮"), stem("粮食总产量")) > 0.7  # one wrong character
    assert similarity(stem("产量粮食"), stem("粮食产量")) > 0.6  # another order
    assert similarity(stem("常住人口"), stem("城市建成区绿地率")) < 0.5
    # the words in order with others between, not scattered over a long name
    assert similarity(stem("粮食播种"), stem("指导完成粮食作物播种面积")) >= 0.6
    assert similarity(stem("人口"), stem("人工造林保存面积口径")) < 0.5


def test_a_narrower_or_rate_name_is_another_indicator():
    # 人均 GDP is not GDP; a rate of old people is not their number; 特教学校 is a kind
    assert similarity(stem("人均GDP"), stem("生产总值")) < 0.6
    assert similarity(stem("65岁以上老年人"), stem("65岁以上老年人中医药健康管理率")) < similarity(
        stem("65岁以上老年人"), stem("65岁及以上")
    )
    assert similarity(stem("学校"), stem("特教学校")) < similarity(
        stem("学校"), stem("各级各类学校和幼儿园")
    )
    assert similarity(stem("城镇化"), stem("城镇化率")) > 0.8  # a bare 率 completes it
    assert stem("总用水量") == stem("用水总量")
    assert stem("行政村") == stem("村民委员会")


@pytest.mark.parametrize(
    ("text", "unit", "estimate"),
    [
        ("全市有多少所学校", "所", False),
        ("古浪县人均地区生产总值多少钱", "元", False),
        ("全市常住人口多少万人", "人", False),
        ("2021年全市生产总值预计多少", None, True),
        ("民勤县面积多大", None, False),
    ],
)
def test_the_unit_and_an_estimate_are_read(text, unit, estimate):
    q = parse_question(text)
    assert (q.unit, q.wants_estimate, q.asks) == (unit, estimate, "value")


def test_colloquial_words_and_a_topics_head(archive):
    # 城里人 = 城镇居民 (表17: 古浪县 30272元); 打粮食: its head 粮食 (表18: 凉州区 68.77万吨)
    best = archive.ask("古浪县城里人的收入是多少").best
    assert (best.fact.indicator, best.fact.value) == ("城镇居民人均可支配收入", 30272.0)
    best = archive.ask("凉州区一年能打多少粮食").best
    assert (best.fact.indicator, best.fact.value) == ("粮食总产量", 68.77)
    # a rate asked: 总录取率 96.02%, not the 1424 students admitted (p307)
    best = archive.ask("天祝县高考录取率").best
    assert (best.fact.value, best.fact.unit) == (96.02, "%")


@pytest.mark.parametrize(
    ("text", "regions_", "extreme", "topic"),
    [
        ("哪个县粮食产量最高", (), "max", "粮食产量"),
        ("常住人口最少的县", (), "min", "常住人口"),
        ("各县区农民收入", (), None, "农民收入"),
        ("农民收入最低的县是哪个", (), "min", "农民收入"),
    ],
)
def test_a_question_comparing_the_counties_is_read(text, regions_, extreme, topic):
    q = parse_question(text)
    assert (q.regions, q.counties, q.extreme, q.topic) == (regions_, True, extreme, topic)
    assert not parse_question("天祝县最高气温").counties  # one county: 最高 is in the name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 表18 / 表16 / 表17 / 表12, 2023
        ("哪个县粮食产量最高", [("凉州区", 68.77), ("古浪县", 24.15), ("民勤县", 21.0)]),
        ("常住人口最少的县", [("天祝县", 14.5), ("民勤县", 17.11), ("古浪县", 23.69)]),
        ("各县区农民收入", [("凉州区", 21055.0), ("民勤县", 19786.0), ("古浪县", 10496.0)]),
        ("凉州区和民勤县的粮食产量", [("凉州区", 68.77), ("民勤县", 21.0)]),
        ("各县区GDP增速", [("凉州区", 6.6), ("民勤县", 6.1), ("古浪县", 9.0)]),
    ],
)
def test_regions_compared_come_one_a_row_in_order(archive, text, expected):
    answer = archive.ask(text, limit=len(expected))
    assert answer.compares
    assert [(f.fact.region, f.fact.value) for f in answer.figures] == expected


def test_the_unit_asked_picks_the_figure(archive):
    # 多少所: 863 schools, not a school's 787 pupils nor 3 special schools
    best = archive.ask("全市有多少所学校").best
    assert (best.fact.value, best.fact.unit) == (863.0, "所")
    # 预计: the report's estimate for 2021
    best = archive.ask("2021年全市生产总值预计多少").best
    assert (best.fact.value, best.fact.modality) == (590.0, "estimate")


def test_an_organisations_entry_does_not_answer_for_the_city(archive):
    # 人保财险武威市分公司's 632万元 is the company's; 表4 is the city's
    best = archive.ask("保费收入是多少").best
    assert (best.fact.value, best.fact.unit) == (37.24, "亿元")


def test_a_pair_word_asks_for_both(archive):
    q = parse_question("凉州区城乡居民收入")
    assert {r.topic for r in q.readings} >= {"城镇居民收入", "农村居民收入"}
    rows = archive.ask("凉州区城乡居民收入", limit=2).figures
    assert {(r.fact.indicator, r.fact.value) for r in rows} == {
        ("城镇居民人均可支配收入", 40013.0),
        ("农村居民人均可支配收入", 21055.0),
    }


def test_the_answer_line_names_the_table_and_page(archive):
    answer = archive.ask("2023年凉州区粮食产量是多少？")
    assert answer.is_question
    assert (
        answer.best.line == "2023年 凉州区 粮食总产量 68.77万吨 —《武威年鉴（2024）》表18，第352页"
    )


def test_a_sentence_answer_names_its_page_and_entry(archive):
    best = archive.ask("公路通车里程").best
    assert best.line == ("2023年末 全市 公路总里程 1.33万公里 —《武威年鉴（2024）》第211页「概况」")


def test_agreeing_figures_are_one_row_with_their_sources(archive):
    rows = archive.ask("生产总值", limit=None).figures
    gdp_2023 = [
        r
        for r in rows
        if (r.fact.indicator, r.fact.region, r.fact.period, r.fact.kind, r.fact.value)
        == ("生产总值", "全市", "2023", "value", 708.08)
    ]
    assert len(gdp_2023) == 1
    sources = gdp_2023[0].sources
    assert {s.node_id.rsplit("/", 1)[-1] for s in sources} >= {"表11", "表12"}
    assert sources[0].source_kind == "table"  # the statistical table first


def test_disagreement_stays_marked(archive):
    rows = archive.ask("2023年全市旅游综合收入", limit=10).figures
    values = {r.fact.value for r in rows if r.fact.indicator == "旅游综合收入"}
    assert {152.3, 123.1} <= values
    assert all(any(s.disagrees for s in r.sources) for r in rows if r.fact.value in (152.3, 123.1))
    best = rows[0]
    assert best.fact.value == 152.3  # printed in three places, the other in two
    assert best.line.endswith("　⚠ 其他出处为 123.1亿元")


def test_words_that_are_no_question_are_no_answer(archive):
    assert archive.ask("没有这个指标的词语").figures == []
    assert not archive.ask("防沙治沙").is_question


def test_the_question_set_is_answered(archive):
    """Top-1 and top-5 over the hand-checked question set (docs/PERFORMANCE.md has the
    figures); the held-out part was written after the rules were frozen."""
    result = accuracy(archive, load_questions())
    total, top1, top5 = result["all"]
    assert total >= 80
    assert top1 / total >= 0.9 and top5 / total >= 0.97
    held, held1, held5 = result["holdout"]
    assert held >= 20 and held1 / held >= 0.85 and held5 / held >= 0.95


# systematic paraphrases of the county tables: every region form × period form × way to
# name the indicator × question ending, checked against the table cell itself
_REGION_FORMS = {
    "凉州区": ("凉州区", "凉州"),
    "民勤县": ("民勤县", "民勤"),
    "古浪县": ("古浪县", "古浪"),
    "天祝县": ("天祝藏族自治县", "天祝县", "天祝"),
}
_INDICATOR_FORMS = {
    "生产总值": ("生产总值", "地区生产总值", "GDP"),
    "第一产业增加值": ("第一产业增加值", "一产增加值"),
    "社会消费品零售总额": ("社会消费品零售总额", "社零总额"),
    "农村居民人均可支配收入": ("农村居民人均可支配收入", "农民人均可支配收入"),
    "粮食总产量": ("粮食总产量", "粮食产量"),
}
_ENDINGS = ("", "是多少", "有多少？", "多少")


def _paraphrases(archive):
    cells = [
        f
        for f in archive.facts(limit=None)
        if f.source_kind == "table"
        and f.indicator in _INDICATOR_FORMS
        and f.region in _REGION_FORMS
        and f.kind == "value"
        and f.period == "2023"
    ]
    for cell, region, name, ending, order in itertools.product(
        cells,
        range(3),
        range(3),
        _ENDINGS,
        ("region-first", "indicator-first"),
    ):
        region_forms = _REGION_FORMS[cell.region]
        names = _INDICATOR_FORMS[cell.indicator]
        r, n = region_forms[region % len(region_forms)], names[name % len(names)]
        text = f"2023年{r}{n}{ending}" if order == "region-first" else f"{n} {r} 2023{ending}"
        yield text, cell


def test_new_phrasings_of_table_figures_are_answered(archive):
    cases = list(dict(_paraphrases(archive)).items())  # one case per text
    assert len(cases) >= 150
    missed = [
        text
        for text, cell in cases
        if not (best := archive.ask(text, limit=1).best)
        or (best.fact.region, best.fact.value, best.fact.unit)
        != (cell.region, cell.value, cell.unit)
    ]
    assert len(missed) <= len(cases) * 0.02, missed[:10]


def test_cli_prints_the_answer_first_and_lists_sources(archive_path, capsys):
    db = ["--db", str(archive_path)]
    assert main([*db, "facts", "--query", "2023年凉州区粮食产量是多少？", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("答：2023年 凉州区 粮食总产量 68.77万吨 —《武威年鉴（2024）》表18")
    assert main([*db, "--json", "facts", "--query", "生产总值", "--limit", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data[0]
    assert first["best"] and first["answer"].startswith("2023年 全市 生产总值 708.08亿元")
    assert first["source_count"] == len(first["sources"]) >= 2
    keys = {(d["indicator"], d["region"], d["period"], d["kind"], d["value"]) for d in data}
    assert len(keys) == len(data)  # each figure once
    # no answer line where nothing surely answers: only other counties print this
    assert main([*db, "facts", "--query", "凉州区的森林覆盖率是多少", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert not out.startswith("答：") and "森林覆盖率" in out


def test_a_region_or_a_year_alone_gives_its_main_figures(archive, archive_path, capsys):
    answer = archive.ask("凉州区", limit=None)
    assert answer.overview.startswith("没有写指标名，以下是凉州区的主要指标")
    assert not answer.sure  # no answer line: no one figure was asked for
    figures = [
        (f.fact.indicator, f.fact.region, f.fact.period, f.fact.value) for f in answer.figures
    ]
    assert figures[0] == ("生产总值", "凉州区", "2023", 425.16)  # 表12
    assert ("农村居民人均可支配收入", "凉州区", "2023", 21055.0) in figures  # 表17
    assert len({f[0] for f in figures}) == len(figures) < 30
    year = archive.ask("2022年", limit=None)
    assert year.overview.startswith("没有写指标名，以下是全市2022年的主要指标")
    assert {f.fact.period for f in year.figures} == {"2022"}
    assert year.figures[0].fact.value == 661.45  # 表11
    assert archive.ask("生产总值").overview == ""
    assert main(["--db", str(archive_path), "facts", "--query", "天祝", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("没有写指标名，以下是天祝县的主要指标；要查其他数字，请加上指标名")
    assert "生产总值  天祝县  2023  75.79亿元" in out


def test_answers_check_value_region_period_and_source():
    from types import SimpleNamespace as Record

    question = load_questions()[0]
    fact = Record(region="凉州区", period="2023", value=68.77, unit="万吨")
    right = Record(fact=fact, sources=[Record(doc="yearbook-2024", page=352)])
    wrong_page = Record(fact=fact, sources=[Record(doc="yearbook-2024", page=1)])
    assert answers(right, question)
    assert not answers(wrong_page, question)


def test_a_share_column_is_the_share_of_its_row(archive):
    """表1 prints 比重（%） beside 年末数: the share is the row's indicator, kind share."""
    cells = [
        f
        for f in archive.facts(limit=None)
        if f.node_id.endswith("/表1") and f.indicator_text == "常住人口：城镇"
    ]
    assert {(f.kind, f.value, f.unit) for f in cells} == {
        ("value", 72.6, "万人"),
        ("share", 50.87, "%"),
    }
    best = archive.ask("城镇人口占比", limit=1).best
    assert (best.fact.kind, best.fact.value) == ("share", 50.87)


def test_only_a_sure_answer_is_called_the_answer(archive):
    assert archive.ask("2023年凉州区粮食产量是多少？").confident
    assert archive.ask("生产总值").sure and not archive.ask("生产总值").confident
    region_only = archive.ask("凉州区2023年有多少")
    assert region_only.figures and not region_only.sure  # no indicator asked
    missing_county = archive.ask("凉州区的森林覆盖率是多少")  # only other regions print it
    assert missing_county.figures and not missing_county.sure


@pytest.mark.parametrize(
    "text",
    ["'\"()*", "\x00\x1f", "粮" * 5000, "？？？", "2023年" * 50, "多少", "十三五", "\u3000"],
)
def test_any_text_gives_figures_or_none_never_an_error(archive, text):
    answer = archive.ask(text, limit=5)
    assert isinstance(answer.figures, list) and len(answer.figures) <= 5
    assert all(f.line and f.sources for f in answer.figures)


@pytest.mark.parametrize(
    ("text", "queries"),
    [
        ("2023年凉州区粮食产量是多少？", ["凉州 粮食产量", "粮食产量"]),
        ("民勤县和古浪县2023年粮食产量", ["民勤 粮食产量", "古浪 粮食产量", "粮食产量"]),
        ("去年天祝藏族自治县常住人口有多少", ["天祝 常住人口", "常住人口"]),
        ("武威市2023年末常住人口", ["常住人口"]),  # the city is every text's region
        ("防沙治沙", []),  # words, not a question: searched as typed
    ],
)
def test_a_question_gives_its_words_to_full_text_search(text, queries):
    assert search_words(text) == queries


def test_the_words_of_a_question_find_text_where_the_sentence_finds_none(archive):
    question = "2023年凉州区粮食产量是多少？"
    assert archive.search(question).total == 0
    assert [archive.search(q).total > 0 for q in search_words(question)] == [True, True]
