"""A county official's questions, answered by Archive.facts and the facts command."""

from __future__ import annotations

import json

from wuwei_desktop.cli import main


def test_resident_population(archive):
    top = archive.facts(query="常住人口", limit=5)[0]
    assert (top.indicator, top.region, top.period, top.value, top.unit) == (
        "常住人口",
        "全市",
        "2023",
        142.73,
        "万人",
    )
    assert top.source_kind == "table" and top.doc == "yearbook-2024"


def test_minqin_grain(archive):
    top = archive.facts(query="民勤 粮食", limit=5)[0]
    assert (top.indicator, top.region, top.period, top.value, top.unit) == (
        "粮食总产量",
        "民勤县",
        "2023",
        21.0,
        "万吨",
    )


def test_tourism_revenue(archive):
    hits = archive.facts(query="旅游收入", limit=10)
    top = hits[0]
    assert (top.indicator, top.region, top.period, top.kind) == (
        "旅游综合收入",
        "全市",
        "2023",
        "value",
    )
    assert top.value == 152.3 and top.unit == "亿元"
    # the report's other figure is right there, and marked
    assert any(h.value == 123.1 and h.disagrees for h in hits)


def test_gdp_series_across_documents(archive):
    facts = archive.facts(query="生产总值", region="全市", limit=None)
    values: dict[tuple[str, str], set[float]] = {}
    for f in facts:
        if f.indicator == "生产总值" and f.kind == "value" and f.modality == "actual":
            values.setdefault((f.period, f.doc), set()).add(f.value)
    assert 423.3 in values[("2016", "gov-report-2022")]
    assert 526.4 in values[("2020", "gov-report-2022")]
    assert 661.45 in values[("2022", "yearbook-2024")]
    assert 708.08 in values[("2023", "yearbook-2024")]
    assert {f.indicator for f in archive.facts(query="GDP", limit=20)} == {"生产总值"}


def test_tourist_arrivals_disagreement_is_flagged(archive):
    facts = archive.facts(query="游客", period="2023", region="全市", limit=None)
    arrivals = [f for f in facts if f.indicator == "游客接待人次" and f.kind == "value"]
    figures = {f.value for f in arrivals}
    assert {1962.3, 2141.8} <= figures
    for f in arrivals:
        if f.value in (1962.3, 2141.8):
            assert f.disagrees and f.conflict_group
            assert {o["value"] for o in f.others} == {1962.3, 2141.8} - {f.value}
            assert all(o["source_text"] and o["node_id"] for o in f.others)


def test_filters(archive):
    in_minqin = archive.facts(query="生产总值", region="民勤")
    assert in_minqin and all(f.region == "民勤县" for f in in_minqin)
    of_2022 = archive.facts(query="生产总值", period="2022")
    assert of_2022 and all(f.period.startswith("2022") for f in of_2022)
    assert archive.facts(query="没有这个指标的词语") == []
    assert archive.facts(query="'\"()*", limit=5) == []


def test_every_fact_has_a_source(archive):
    facts = archive.facts(limit=None)
    assert len(facts) > 1000
    for f in facts:
        assert f.source_text and f.node_id and f.doc
        assert f.source_kind in ("text", "table")
        if f.source_kind == "table":
            assert f.table_id and f.row is not None and f.col is not None


def test_cli_facts_json_and_text(archive_path, capsys):
    assert (
        main(["--db", str(archive_path), "--json", "facts", "--query", "常住人口", "--limit", "3"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 3
    for key in ("indicator", "region", "period", "value", "unit", "doc", "node_id", "source_text"):
        assert key in data[0]
    assert data[0]["value"] == 142.73
    assert main(["--db", str(archive_path), "facts", "--query", "旅游收入", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "152.3亿元" in out and "出处" in out and "不一致" in out


def test_figures_printed_with_decimals_disagree_beyond_their_last_digit(archive):
    # 663.35 (大事记, a January 2023 meeting) and 661.45 (表11, 表12) are 0.3 % apart:
    # within the 0.5 % allowed for a figure rounded in speech, but both are printed to
    # the hundredth, so they are two figures and ⚠ marks each
    facts = [
        f
        for f in archive.facts(query="生产总值", region="全市", period="2022", limit=100)
        if f.value in (663.35, 661.45)
    ]
    assert sorted(f.value for f in facts) == [661.45, 661.45, 663.35]
    assert all(f.disagrees for f in facts)
