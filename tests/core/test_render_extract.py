"""Tables as HTML the way the book prints them, and what a printed extract holds (no Qt)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from wuwei_desktop.api import ArchiveError
from wuwei_desktop.extract import ExtractItem, build_extract, running_head
from wuwei_desktop.ingest.tables import ParsedTable, TableRow
from wuwei_desktop.render.html import render_nodes
from wuwei_desktop.render.table_html import table_html

DAY = date(2026, 11, 22)


def rows_of(html: str, part: str) -> list[str]:
    body = re.search(rf"<{part}>(.*?)</{part}>", html, re.S).group(1)
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


def test_header_levels_become_thead_rows_with_spans(archive):
    html = table_html(archive.table("表2"))
    head = rows_of(html, "thead")
    assert head == [
        '<th rowspan="2">指标</th><th colspan="2">城镇居民</th><th colspan="2">农村居民</th>',
        "<th>绝对数（元）</th><th>比上年增长（%）</th><th>绝对数（元）</th><th>比上年增长（%）</th>",
    ]
    assert "<h4" in html and "表2　2023年武威市城乡居民家庭人均收支情况" in html
    assert html.endswith(
        '<p class="source" align="right">（市统计局、市委党史和地方志研究中心）</p>'
    )
    first = rows_of(html, "tbody")[0]
    assert first == (
        '<td>可支配收入</td><td align="right">37535</td><td align="right">6.5</td>'
        '<td align="right">17266</td><td align="right">8.6</td>'
    )


def test_sub_rows_are_indented_and_of_which_rows_say_so(archive):
    body = rows_of(table_html(archive.table("表1")), "tbody")
    assert body[0].startswith("<td>常住人口</td>")
    assert body[1].startswith('<td style="padding-left: 19px;">其中：城镇</td>')  # level 1
    # 乡村 is at level 1 like 城镇; the reader, which shows 其中：, sets it as printed:
    # under the text after 其中：
    assert body[8].startswith('<td style="padding-left: 79px;">其中：65岁及以上</td>')
    assert body[2].startswith('<td style="padding-left: 64px;">乡村</td>')
    assert '<td align="right">142.73</td><td align="right">100.00</td>' in body[0]
    printed = rows_of(table_html(archive.table("表1"), for_print=True), "tbody")
    assert printed[2].startswith('<td style="padding-left: 52px;">乡村</td>')


def test_units_and_missing_values_are_centred_numbers_right(archive):
    body = rows_of(table_html(archive.table("表10")), "tbody")
    assert body[0] == (
        '<td>土地面积</td><td align="center">平方千米</td><td align="right">32351.70</td>'
        '<td align="right">4907.96</td><td align="right">15838.35</td>'
        '<td align="right">5046.65</td><td align="right">6558.74</td>'
    )
    assert body[3].startswith('<td style="padding-left: 19px;">其中：镇政府</td>')
    street = body[6]
    assert street.count('<td align="center">—</td>') == 3


def test_a_list_has_no_stub_column(archive):
    html = table_html(archive.table("表9"), for_print=True)
    assert rows_of(html, "thead") == [
        "<th>序号</th><th>姓名</th><th>工作单位</th><th>职称名称</th><th>取得资格时间</th>"
        "<th>备注</th>"
    ]
    body = rows_of(html, "tbody")
    assert len(body) == 70
    assert body[0].startswith('<td align="center">1</td><td>张荣</td>')
    assert 'width="100%"' in html


def test_table_text_is_escaped():
    table = ParsedTable(
        number=99,
        title="<b>标题</b>",
        unit="<万元>",
        source_note="（来源 & 说明）",
        kind="grid",
        stub="指标",
        header=[["2023年"]],
        rows=[TableRow("<i>行</i>", cells=[1.0], texts=["1<2"])],
        notes=["注：<script>"],
    )
    html = table_html(table)
    for raw in ("<b>", "<i>", "<script>", "<万元>", "1<2"):
        assert raw not in html
    assert "&lt;b&gt;标题&lt;/b&gt;" in html and "单位：&lt;万元&gt;" in html
    assert "（来源 &amp; 说明）" in html and "注：&lt;script&gt;" in html


def test_reader_html_shows_table_nodes_as_tables_with_a_link(archive):
    details = archive.chapter("yearbook-2024/附录/统计资料")
    rendered = render_nodes(details, table_of=archive.table)
    assert rendered.html.count("<table") == 9  # 表10 … 表18
    assert rendered.tables == [f"yearbook-2024/附录/统计资料/表{k}" for k in range(10, 19)]
    assert rendered.html.count('href="table:') == 9
    assert "在统计视图中查看 / 作图" in rendered.html
    # without tables the node shows its caption line, as before
    assert "<table" not in render_nodes(details).html


def test_running_heads_name_the_document_and_the_top_category(archive):
    node = archive.node("yearbook-2024/市情概览/自然地理/地理位置")
    assert running_head(node, "武威年鉴（2024）") == "武威年鉴（2024）· 市情概览"
    category = archive.node("yearbook-2024/附录")
    assert running_head(category, "武威年鉴（2024）") == "武威年鉴（2024）· 附录"
    part = archive.node("gov-report-2022/过去五年和2021年工作回顾")
    assert running_head(part, "2022年武威市政府工作报告") == (
        "2022年武威市政府工作报告 · 过去五年和2021年工作回顾"
    )


def test_an_extract_of_several_items_has_a_title_block_and_contents(archive):
    items = [
        ExtractItem("node", "yearbook-2024/市情概览/自然地理"),
        ExtractItem("node", "表16"),
        ExtractItem("node", "gov-report-2022/过去五年和2021年工作回顾"),
    ]
    extract = build_extract(archive, items, printed_on=DAY)
    assert extract.title == "档案摘录：自然地理等 3 项"
    assert extract.sources == ["武威年鉴（2024）", "2022年武威市政府工作报告"]
    assert extract.authors == ["武威市委党史和地方志研究中心", "武威市代市长 王国斌"]
    assert extract.subject == (
        "摘自《武威年鉴（2024）》、《2022年武威市政府工作报告》："
        "自然地理、表16 武威市常住人口、自增率、城镇化率、过去五年和2021年工作回顾"
    )
    assert extract.has_toc
    natural, table, report = extract.sections
    assert (natural.title, natural.path, natural.pages) == (
        "自然地理",
        ["武威年鉴（2024）", "市情概览"],
        "第54—56页",
    )
    assert natural.running_head == "武威年鉴（2024）· 市情概览"
    assert table.title == "表16 武威市常住人口、自增率、城镇化率" and table.pages == "第351页"
    assert report.pages == "" and report.doc == "gov-report-2022"
    anchors = [section.anchor for section in extract.sections]
    pages = dict(zip(anchors, (2, 5, 6), strict=True))
    pieces = extract.documents(pages)
    assert [piece.section for piece in pieces] == [None, 0, 1, 2]
    assert [piece.new_page for piece in pieces] == [True, False, False, False]  # they follow
    front = pieces[0].html
    assert "打印日期：2026年11月22日" in front
    assert "摘自：《武威年鉴（2024）》、《2022年武威市政府工作报告》" in front
    assert "目　录" in front
    toc = re.findall(r'<td class="tocpage" align="right" valign="\w+">(\d+)</td>', front)
    assert toc == ["2", "5", "6"]
    assert "000" in extract.documents()[0].html  # before the pages are known
    # book order inside a section, the text escaped and set as in the reader
    body = pieces[1].html
    assert body.index("地理位置") < body.index("地形地貌") < body.index("气候")
    assert '<p class="body">武威市地处甘肃省中部' in body
    assert "text-indent" in body and "pt;" in body  # print style sheet in points


def test_a_single_item_has_no_contents_and_its_title_block_heads_page_one(archive):
    extract = build_extract(
        archive, [ExtractItem("node", "yearbook-2024/市情概览")], printed_on=DAY
    )
    assert extract.title == "《武威年鉴（2024）》摘录：市情概览" and extract.has_toc
    assert [entry.title for entry in extract.toc_entries()] == [
        "自然地理", "历史人文", "城市地标", "经济社会发展"
    ]  # fmt: skip
    extract = build_extract(
        archive, [ExtractItem("node", "yearbook-2024/市情概览/自然地理")], printed_on=DAY
    )
    assert extract.title == "《武威年鉴（2024）》摘录：自然地理" and not extract.has_toc
    assert [(e.title, e.level) for e in extract.outline()] == [
        ("自然地理", 0), ("地理位置", 1), ("地形地貌", 1), ("气候", 1), ("水文", 1),
        ("土壤", 1), ("植被", 1), ("矿藏及资源", 1), ("物产", 1),
    ]  # fmt: skip
    pieces = extract.documents()
    assert len(pieces) == 1 and pieces[0].section == 0
    assert "目　录" not in pieces[0].html
    assert pieces[0].html.index("摘录") < pieces[0].html.index("地理位置")
    heads = dict(extract.heads)
    assert set(heads.values()) == {"武威年鉴（2024）· 市情概览"}


def test_a_whole_document_has_contents_and_starts_each_part_on_a_new_page_on_request(archive):
    items = [ExtractItem("node", "gov-report-2022")]
    extract = build_extract(archive, items, printed_on=DAY)
    assert extract.title == "《2022年武威市政府工作报告》全文" and extract.has_toc
    (section,) = extract.sections
    assert len(section.parts) == 3  # the report's own opening, then its two parts
    assert "过去五年和2021年工作回顾" in section.parts[1]
    assert "今后五年发展重点和2022年工作任务" in section.parts[2]
    assert part_starts(extract) == [True, False, False, False]  # contents, 3 parts
    extract = build_extract(archive, items, printed_on=DAY, page_per_item=True)
    assert part_starts(extract) == [True, True, True, True]


def part_starts(extract) -> list[bool]:
    """Whether each piece that begins a part starts a new page (the pieces a long part
    is cut into go on where the one before ends)."""
    pieces = extract.documents()
    assert not any(piece.new_page for piece in pieces if piece.continues)
    return [piece.new_page for piece in pieces if not piece.continues]


def test_unknown_items_are_refused_in_chinese(archive):
    with pytest.raises(ArchiveError, match="没有编号为“不存在”"):
        build_extract(archive, [ExtractItem("node", "不存在")], printed_on=DAY)
    with pytest.raises(ArchiveError, match="没有选择"):
        build_extract(archive, [], printed_on=DAY)


def test_a_chart_item_is_an_svg_with_its_title_and_source_as_text(archive):
    items = [ExtractItem("node", "表11"), ExtractItem("chart", "表11", "shares")]
    extract = build_extract(archive, items, printed_on=DAY)
    _table, chart = extract.sections
    assert chart.title == "表11 2023年武威市地区生产总值一览表（2023年生产总值构成）"
    assert chart.running_head == "武威年鉴（2024）· 附录" and chart.pages == "第349页"
    assert list(extract.images) == ["chart1.svg"]
    svg = extract.images["chart1.svg"]
    assert b"<svg" in svg and b"<text" not in svg  # text as outlines: no font needed
    piece = extract.documents(text_width=600)[2]
    assert piece.keep_whole and not piece.new_page
    html = piece.html
    assert '<p class="charttitle">2023年生产总值构成</p>' in html
    assert '<img src="chart1.svg" width="600" height="372" />' in html
    assert '<p class="chartcaption" align="center">数据来源：《武威年鉴（2024）》表11</p>' in html
    with pytest.raises(ArchiveError, match="没有“扇形”这种图"):
        build_extract(archive, [ExtractItem("chart", "表11", "扇形")], printed_on=DAY)
    with pytest.raises(ArchiveError):  # a list has nothing to chart
        build_extract(archive, [ExtractItem("chart", "表9")], printed_on=DAY)
