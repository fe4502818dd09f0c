"""The three newspaper features: titles, bylines, captions, sections, wraps, chrome."""

from __future__ import annotations

import dataclasses

import pytest

from tests.core.ingest_helpers import (
    nospace,
    paragraphs,
    parse,
    source_lines,
    source_stream,
    stream,
)
from wuwei_desktop.ingest import article
from wuwei_desktop.ingest.model import DocumentMeta, SourceError

OUTLOOK, SANZHUA, LIANGZHOU = "outlook-2024", "sanzhua-review-2023", "liangzhou-review-2021"

SECTIONS = {
    OUTLOOK: [
        "更大力度构建现代产业体系",
        "更好发挥投资带动放大效应",
        "更富成效推进和美乡村建设",
        "更优路径壮大县域经济实力",
        "更高标准推进美丽武威建设",
        "更加充分释放发展动力活力",
        "更好满足群众美好生活需要",
    ],
    SANZHUA: ["学思践悟 增强干事本领", "真抓实干 实现赶超进位", "快严实细 为民解忧纾困"],
    LIANGZHOU: [
        "打造生态美、产业优、文化兴、百姓富的和谐凉州",
        "在建设产业更优、发展强劲的新武威中奋勇争先",
        "在建设绿色低碳、生态文明的新武威中奋勇争先",
        "在建设文化繁荣、社会文明的新武威中奋勇争先",
        "在建设城乡融合、美丽宜居的新武威中奋勇争先",
        "在建设治理高效、平安和谐的新武威中奋勇争先",
        "在建设人民幸福、共同富裕的新武威中奋勇争先",
        "在坚定不移推进全面从严治党中奋勇争先",
    ],
}
CAPTIONS = {
    OUTLOOK: [
        (13, "汉唐天马城。"),
        (43, "凉州区金山镇生态及地质灾害避险搬迁项目。"),
        (81, "蜜瓜产业蓬勃发展。"),
        (85, "嘉峪关清洁能源产业基地生产车间。"),
        (89, "粮食满仓,瓜菜满园,武威奏响夏日“丰收曲”。"),
        (93, "乡村振兴就业工厂。"),
        (97, "兰张三四线铁路新马岭隧道。"),
    ],
    SANZHUA: [
        (9, "▲蓬勃发展的新武威。金奉乾"),
        (19, "2023年8月,兰张三四线铁路武威段铺轨作业现场。金奉乾"),
        (61, "第二十九届兰洽会武威市展馆。"),
        (77, "凉州区大柳镇西瓜小镇产业基地。金奉乾"),
        (81, "古浪县上城老街。"),
        (85, "我省首列跨境海铁联运木材专列抵达甘肃(武威)国际陆港。金奉乾"),
    ],
    LIANGZHOU: [
        (8, "武威光晟新能源发电有限公司100兆瓦平价光伏发电项目。"),
        (11, "凉州区推进高标准农田建设,为农业机械化、规模化和标准化发展打好基础。"),
        (14, "西营五干片区调蓄水池。"),
        (18, "天马湖全景。"),
    ],
}
BYLINES = {OUTLOOK: [(3, "金奉乾 张婷")], SANZHUA: [(11, "金奉乾 院振东 王丽霞")], LIANGZHOU: []}
HEADINGS = {
    OUTLOOK: ["风正扬帆再起航 砥砺奋进正当时", "——武威市2024年经济社会高质量发展展望"],
    SANZHUA: ["为经济社会高质量发展聚势赋能", "——武威市深入开展“三抓三促”行动综述"],
    LIANGZHOU: ["奋力谱写凉州高质量发展新篇章", "凉州区过去五年工作回眸及未来五年前景展望"],
}
# body paragraphs per document, and per section (the document node first)
BODY_COUNTS = {
    OUTLOOK: [2, 4, 3, 1, 2, 2, 3, 4],
    SANZHUA: [2, 3, 10, 3],
    LIANGZHOU: [4, 10, 5, 4, 1, 4, 1, 6, 2],
}
# web chrome, verified by hand: navigation, the repeated headline, the 信息来源 line, footer
CHROME_LINES = {OUTLOOK: set(), SANZHUA: set(), LIANGZHOU: {1, 2, 5, 6, 111, 112}}
ALL = [OUTLOOK, SANZHUA, LIANGZHOU]


@pytest.fixture(scope="module")
def docs():
    return {doc_id: parse(doc_id) for doc_id in ALL}


@pytest.mark.parametrize("doc_id", ALL)
def test_sections(docs, doc_id):
    root = docs[doc_id].root
    assert root.kind == "document"
    assert [node.title for node in root.children] == SECTIONS[doc_id]
    assert all(node.kind == "section" and not node.children for node in root.children)


@pytest.mark.parametrize("doc_id", ALL)
def test_body_paragraph_counts(docs, doc_id):
    counts = [
        len([p for p in node.paragraphs if p.role == "body"]) for node in docs[doc_id].root.walk()
    ]
    assert counts == BODY_COUNTS[doc_id]


@pytest.mark.parametrize("doc_id", ALL)
def test_captions_exact(docs, doc_id):
    found = [(p.line, p.text) for p in paragraphs(docs[doc_id].root, "caption")]
    assert found == CAPTIONS[doc_id]


@pytest.mark.parametrize("doc_id", ALL)
def test_bylines_and_headings(docs, doc_id):
    root = docs[doc_id].root
    assert [(p.line, p.text) for p in paragraphs(root, "byline")] == BYLINES[doc_id]
    assert [p.text for p in paragraphs(root, "heading")] == HEADINGS[doc_id]
    assert all(p.role != "heading" for node in root.children for p in node.paragraphs)


def test_metadata(docs):
    outlook, sanzhua, liangzhou = (docs[d].meta for d in ALL)
    assert outlook.author == "金奉乾 张婷"
    assert (outlook.publisher, outlook.published) == (None, None)
    assert sanzhua.author == "金奉乾 院振东 王丽霞"
    assert liangzhou.author is None
    assert liangzhou.publisher == "甘肃日报"
    assert liangzhou.published == "2021-12-03"
    assert {m.kind for m in (outlook, sanzhua, liangzhou)} == {"新闻报道"}
    assert outlook.title == "风正扬帆再起航 砥砺奋进正当时——武威市2024年经济社会高质量发展展望"
    assert sanzhua.title == "为经济社会高质量发展聚势赋能——武威市深入开展“三抓三促”行动综述"
    assert (
        liangzhou.title == "奋力谱写凉州高质量发展新篇章——凉州区过去五年工作回眸及未来五年前景展望"
    )


def test_hard_wraps_rejoined(docs):
    texts = {d: [p.text for p in paragraphs(docs[d].root, "body")] for d in ALL}

    def one(doc_id, phrase):
        hits = [t for t in texts[doc_id] if phrase in t]
        assert len(hits) == 1, phrase
        return hits[0]

    assert one(OUTLOOK, "坚持稳中求进、以进促稳、先立后破").startswith("今年,武威市将继续")
    # a caption stood between the two halves: the paragraph reads whole, the caption follows
    joined = one(OUTLOOK, "加快建设农业强市。抓好粮食")
    assert "增强粮食安全保障能力" in joined and "避险搬迁项目" not in joined
    assert one(OUTLOOK, "力争进入全省代表性开发区前列,积极创建国家级开发区。")
    assert one(SANZHUA, "——打造“强引擎”,助力招商引资新突破。").startswith("——打造")
    assert one(SANZHUA, "案例解剖式课题336个")
    assert one(SANZHUA, "9条重点产业链对企业和产业的")
    assert one(SANZHUA, "民勤苏武沙漠景区")
    assert one(SANZHUA, "核发了不动产权证书")
    assert one(SANZHUA, "及时受理社会监督意见")
    # a fragment the source carries on its own line after a heading stays, as it is
    assert docs[SANZHUA].root.children[2].paragraphs[0].text == "愁盼问题。"


@pytest.mark.parametrize("doc_id", ALL)
def test_chrome_absent(docs, doc_id):
    texts = [p.text for p in paragraphs(docs[doc_id].root)]
    titles = [node.title for node in docs[doc_id].root.walk()]
    for chrome in (
        "扫一扫",
        "浏览次数",
        "信息来源",
        "发布日期",
        "首页",
        "媒体看武威",
        "Produced By",
        "#",
    ):
        assert not any(chrome in text for text in texts + titles), chrome
    assert all(p.page is None for p in paragraphs(docs[doc_id].root))


@pytest.mark.parametrize("doc_id", ALL)
def test_faithful_to_source(docs, doc_id):
    root = docs[doc_id].root
    caption_lines = {line for line, _ in CAPTIONS[doc_id]}
    lines = source_lines(doc_id)
    # the running text: everything but chrome and captions, in order
    assert stream(root, roles=("body", "heading", "byline")) == source_stream(
        lines, CHROME_LINES[doc_id] | caption_lines
    )
    # the captions: exactly the caption lines, as printed
    for line, text in CAPTIONS[doc_id]:
        assert nospace(lines[line - 1]) == text


def test_liangzhou_repeated_headline_dropped(docs):
    lines = source_lines(LIANGZHOU)
    assert lines[2] == lines[4] == "奋力谱写凉州高质量发展新篇章"
    assert [p.line for p in paragraphs(docs[LIANGZHOU].root, "heading")] == [3, 4]


META = DocumentMeta(id="a", title="标题", kind="新闻报道", source_file="a.txt")


def test_general_rules_on_a_new_article():
    """Next year's feature, shaped like this year's: the same rules read it."""
    lines = """首页
>今日武威>媒体看武威
奋进新征程
——武威市2025年工作综述
信息来源: 武威日报 发布日期: 2025-02-10 08:30 浏览次数:

李四 王五



▲新建的产业园。李四

2025年,武威市经济运行稳中向好,

全市生产总值增长6.5%。

产业发展 量质齐升

全市工业增加值增长8%。
扫一扫在手机打开当前页
""".splitlines()
    parsed = article.parse(
        lines, dataclasses.replace(META, title="奋进新征程——武威市2025年工作综述")
    )
    root = parsed.root
    assert [n.title for n in root.children] == ["产业发展 量质齐升"]
    assert [(p.role, p.text) for p in root.paragraphs] == [
        ("heading", "奋进新征程"),
        ("heading", "——武威市2025年工作综述"),
        ("byline", "李四 王五"),
        ("caption", "▲新建的产业园。李四"),
        ("body", "2025年,武威市经济运行稳中向好,全市生产总值增长6.5%。"),
    ]
    assert [p.text for p in root.children[0].paragraphs] == ["全市工业增加值增长8%。"]
    assert (parsed.meta.author, parsed.meta.publisher, parsed.meta.published) == (
        "李四 王五",
        "武威日报",
        "2025-02-10",
    )


def test_markdown_levels_nest():
    lines = [
        "## 总标题",
        "",
        "——副题",
        "",
        "### 一",
        "",
        "甲。",
        "",
        "#### 一之一",
        "",
        "乙。",
        "",
        "### 二",
        "",
        "丙。",
    ]
    root = article.parse(lines, dataclasses.replace(META, title="总标题")).root
    assert [(n.title, [c.title for c in n.children]) for n in root.children] == [
        ("一", ["一之一"]),
        ("二", []),
    ]
    assert [p.text for p in root.children[0].children[0].paragraphs] == ["乙。"]


def test_article_without_text_is_an_error():
    with pytest.raises(SourceError) as raised:
        article.parse(
            [
                "首页",
                ">今日武威",
                "信息来源: 甘肃日报 发布日期: 2021-12-03",
                "扫一扫在手机打开当前页",
            ],
            META,
        )
    assert raised.value.file == "a.txt"
    assert "没有正文" in str(raised.value)
