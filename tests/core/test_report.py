"""The 2022 government work report: structure, metadata, chrome, faithfulness."""

from __future__ import annotations

import dataclasses

import pytest

from tests.core.ingest_helpers import (
    entry,
    paragraphs,
    parse,
    source_lines,
    source_stream,
    stream,
)
from wuwei_desktop.ingest import report
from wuwei_desktop.ingest.model import DocumentMeta, SourceError

DOC = "gov-report-2022"
PARTS = ["过去五年和2021年工作回顾", "今后五年发展重点和2022年工作任务"]
SECTIONS = [
    "(一)深度构建现代产业体系,加快经济转型升级",
    "(二)扩投资促消费,着力蓄积发展动能",
    "(三)全面推进乡村振兴,加快农业农村现代化",
    "(四)加大生态保护治理力度,提升生态文明建设水平",
    "(五)培育壮大县域经济,促进区域协调发展",
    "(六)坚持改革创新,释放发展活力",
    "(七)强化民生保障,在共建共享中促进社会和谐",
]
# web chrome, verified by hand: navigation, metadata, the page's headline (lines 1–8) and
# the related links, sharing line and CMS credit at the end (lines 170–176)
CHROME_LINES = {*range(1, 9), *range(170, 177)}


@pytest.fixture(scope="module")
def doc():
    return parse(DOC)


def test_parts_and_sections(doc):
    assert doc.root.kind == "document"
    assert doc.root.title == "2022年武威市政府工作报告"
    assert [part.title for part in doc.root.children] == PARTS
    assert all(part.kind == "section" for part in doc.root.children)
    review, tasks = doc.root.children
    assert review.children == []
    assert [section.title for section in tasks.children] == SECTIONS
    assert all(s.kind == "section" and not s.children for s in tasks.children)


def test_paragraph_counts(doc):
    review, tasks = doc.root.children
    assert len(doc.root.paragraphs) == 5
    assert len(review.paragraphs) == 19
    assert len(tasks.paragraphs) == 10
    assert [len(s.paragraphs) for s in tasks.children] == [4, 6, 4, 5, 5, 4, 13]
    assert len(paragraphs(doc.root)) == 75
    assert len(paragraphs(doc.root, "body")) == 72


def test_front_matter(doc):
    front = [(p.role, p.text, p.line) for p in doc.root.paragraphs]
    assert front == [
        ("heading", "政府工作报告", 10),
        ("heading", "——2021年12月7日在武威市第五届人民代表大会第一次会议上", 12),
        ("byline", "武威市代市长 王国斌", 14),
        ("body", "各位代表:", 17),
        (
            "body",
            "现在,我代表市人民政府,向大会报告工作,请予审议,并请市政协委员和列席人员提出意见。",
            19,
        ),
    ]


def test_metadata(doc):
    meta = doc.meta
    assert meta.publisher == "武威市人民政府研究室"
    assert meta.author == "武威市代市长 王国斌"
    assert meta.published == "2022-01-30"
    assert meta.delivered == "2021-12-07"
    assert meta.year_covered == "2021"
    assert meta.kind == "政府工作报告"
    assert len(meta.sha256) == 64


def test_catalog_values_win():
    meta = dataclasses.replace(entry(DOC).meta, publisher="武威市人民政府", published="2022-02-01")
    parsed = report.parse(source_lines(DOC), meta)
    assert parsed.meta.publisher == "武威市人民政府"
    assert parsed.meta.published == "2022-02-01"
    assert parsed.meta.delivered == "2021-12-07"  # still read off the source


def test_run_in_leads_and_half_width_punctuation_kept(doc):
    review = doc.root.children[0]
    leads = [p.text[:13] for p in review.paragraphs if p.text.startswith("——")]
    assert leads[0] == "——综合经济实力大幅提升。"
    assert len(leads) == 8
    assert review.paragraphs[1].line == 27
    assert "全市生产总值由2016年的423.3亿元增加到2020年的526.4亿元," in review.paragraphs[1].text
    first_section = doc.root.children[1].children[0]
    assert first_section.paragraphs[0].text.startswith(SECTIONS[0] + "。充分发挥")


def test_chrome_absent(doc):
    texts = [p.text for p in paragraphs(doc.root)]
    for chrome in (
        "扫一扫",
        "浏览次数",
        "索引号",
        "发布机构",
        "信息来源",
        "相关阅读",
        "相关解读",
        "Produced By",
        "首页",
        "政府信息公开",
    ):
        assert not any(chrome in text for text in texts), chrome
    assert all(p.page is None for p in paragraphs(doc.root))


def test_faithful_to_source(doc):
    expected = source_stream(source_lines(DOC), CHROME_LINES)
    assert stream(doc.root) == expected
    assert len(expected) == 17120


def test_ids(doc):
    ids = [node.id for node in doc.root.walk()]
    assert ids[0] == DOC
    assert ids[1] == "gov-report-2022/过去五年和2021年工作回顾"
    assert ids[3] == f"gov-report-2022/{PARTS[1]}/{SECTIONS[0]}"
    assert len(set(ids)) == len(ids) == 10


META = DocumentMeta(id="r", title="报告", kind="政府工作报告", source_file="r.txt")


def test_general_rules_on_a_new_report():
    """Next year's report: full-width numbering, a hard wrap, no web chrome."""
    lines = """政 府 工 作 报 告

——2025年1月8日在武威市第五届人民代表大会第四次会议上

武威市市长 张 三


各位代表：

现在，我代表市人民政府，向大会报告

工作，请予审议。


2024年工作回顾

——经济持续回升向好。全市生产总值增长6%。

2025年工作安排

（一）做强产业。加快发展。

做优农业。坚持绿色发展。

（二）改善民生。办好实事。

各位代表！让我们团结奋斗，再创佳绩！
""".splitlines()
    parsed = report.parse(lines, META)
    root = parsed.root
    assert [n.title for n in root.children] == ["2024年工作回顾", "2025年工作安排"]
    assert [n.title for n in root.children[1].children] == ["（一）做强产业", "（二）改善民生"]
    assert root.paragraphs[-1].text == "现在，我代表市人民政府，向大会报告工作，请予审议。"
    assert parsed.meta.delivered == "2025-01-08"
    assert parsed.meta.author == "武威市市长 张三"
    assert [p.text for p in root.children[1].children[0].paragraphs] == [
        "（一）做强产业。加快发展。",
        "做优农业。坚持绿色发展。",
    ]


def test_report_without_text_is_an_error():
    lines = [
        "首页",
        ">政府信息公开",
        "信息来源: 武威市人民政府 发布日期: 2025-01-30",
        "",
        "扫一扫在手机打开当前页",
    ]
    with pytest.raises(SourceError) as raised:
        report.parse(lines, META)
    assert raised.value.file == "r.txt"
    assert "没有正文" in str(raised.value)
