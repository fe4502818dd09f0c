"""The archive the search, index and bookmark widget tests run on.

The real archive (``archive_path`` in ``tests/conftest.py``, built from data/sources) is
used whenever it builds. While parsers are still missing it does not, and the widgets
are tested on a small archive made here from a hand-written yearbook (categories,
entries, an index, text with ``<b>&amp;`` that must stay text) and the real 2022 work
report, written through the same database build.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from wuwei_desktop.ingest.model import (
    DocumentMeta,
    IndexRef,
    IndexTerm,
    Node,
    Paragraph,
    ParsedDocument,
    assign_ids,
)

YEARBOOK = "yearbook-2024"
YEARBOOK_TITLE = "武威年鉴（2024）"

_CATEGORIES = {
    "市情概览": {
        "自然地理": [
            (
                "【地理位置】",
                54,
                "武威市位于甘肃省中部，河西走廊东端，辖凉州区、民勤县、古浪县和天祝藏族自治县。",
            ),
            ("【气候】", 54, "民勤县气候干旱，年降水量约110毫米，防沙治沙任务繁重。"),
        ],
        "人口": [
            ("【常住人口】", 55, "2023年末，全市常住人口142.73万人，其中民勤县常住人口17.9万人。"),
            ("【人口结构】", 55, "城镇常住人口占比提高，常住人口城镇化率为47.6%。"),
        ],
    },
    "经济综述": {
        "综合": [
            ("【经济运行】", 60, "全市地区生产总值增长6.1%，民勤县、古浪县增速居全省前列。"),
            ("【标记符号】", 61, "文中出现 <b>粗体</b> & 符号 &amp; 时按原样显示，民勤不受影响。"),
        ],
    },
    "县区概况": {
        "民勤县": [
            ("【概况】", 300, "民勤县地处石羊河流域下游，是防沙治沙的前沿。民勤人民久久为功。"),
            ("【农业】", 301, "民勤县蜜瓜、茴香等特色产业稳步发展。"),
        ],
    },
}

_INDEX = [
    ("数字及其他", "“一带一路”经贸合作", [(60, "a")]),
    ("C", "常住人口", [(55, "a"), (55, "b")]),
    ("C", "城镇化率", [(55, "b")]),
    ("D", "地理位置", [(54, "a")]),
    ("F", "防沙治沙", [(54, "b"), (300, "a")]),
    ("M", "民勤县概况", [(300, "a")]),
    ("M", "蜜瓜产业", [(301, "b")]),
    ("Q", "气候", [(54, "b")]),
    ("Q", "未对应条目的索引词", [(999, None)]),
]


def mini_yearbook() -> ParsedDocument:
    meta = DocumentMeta(
        id=YEARBOOK, title=YEARBOOK_TITLE, kind="年鉴", source_file="mini-yearbook.txt"
    )
    root = Node(kind="document", title=YEARBOOK_TITLE, page_start=54, page_end=301)
    by_page: dict[tuple[int, str], Node] = {}
    for cat_title, subs in _CATEGORIES.items():
        cat = Node(kind="category", title=cat_title)
        root.children.append(cat)
        for sub_title, entries in subs.items():
            sub = Node(kind="subcategory", title=sub_title)
            cat.children.append(sub)
            for title, page, text in entries:
                entry = Node(
                    kind="entry",
                    title=title,
                    page_start=page,
                    page_end=page,
                    paragraphs=[Paragraph(text=text, page=page)],
                )
                sub.children.append(entry)
                by_page[(page, title.strip("【】"))] = entry
            pages = [e.page_start for e in sub.children]
            sub.page_start, sub.page_end = min(pages), max(pages)
        cat.page_start = min(s.page_start for s in cat.children)
        cat.page_end = max(s.page_end for s in cat.children)
    assign_ids(root, YEARBOOK)
    entries = [n for n in root.walk() if n.kind == "entry"]

    def resolve(page: int) -> str | None:
        return next((e.id for e in entries if e.page_start == page), None)

    terms = [
        IndexTerm(term=term, letter=letter, refs=[IndexRef(p, c, resolve(p)) for p, c in refs])
        for letter, term, refs in _INDEX
    ]
    return ParsedDocument(meta=meta, root=root, index_terms=terms)


def build_mini_archive(out: Path) -> Path:
    """Write the small archive to ``out`` through the real database build."""
    from wuwei_desktop.db.build import _write_database
    from wuwei_desktop.db.schema import SCHEMA_VERSION  # noqa: F401  (schema must import)
    from wuwei_desktop.ingest.catalog import read_source_lines
    from wuwei_desktop.paths import default_sources

    documents = [mini_yearbook()]
    try:
        from wuwei_desktop.ingest import report
        from wuwei_desktop.ingest.catalog import CatalogEntry

        meta = DocumentMeta(
            id="gov-report-2022",
            title="2022年武威市政府工作报告",
            kind="政府工作报告",
            source_file="wuwei-government-work-report-2022.txt",
        )
        entry = CatalogEntry(meta, "report", default_sources() / meta.source_file)
        documents.append(report.parse(read_source_lines(entry), meta))
    except Exception as error:  # the report parser is optional here
        warnings.warn(f"mini archive without the work report: {error}", stacklevel=1)
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_database(out, documents, {})
    return out


@pytest.fixture(scope="session")
def widget_archive_path(request: pytest.FixtureRequest, tmp_path_factory) -> Path:
    """The real archive if it builds (or ``WUWEI_WIDGET_MINI=1`` forces the small one)."""
    if os.environ.get("WUWEI_WIDGET_MINI") != "1":
        try:
            return request.getfixturevalue("archive_path")
        except Exception as error:
            warnings.warn(
                f"real archive unavailable, using the mini archive: {error}", stacklevel=1
            )
    return build_mini_archive(tmp_path_factory.mktemp("mini-archive") / "wuwei.db")


@pytest.fixture()
def widget_archive(widget_archive_path: Path):
    from wuwei_desktop.api import Archive

    with Archive.open(widget_archive_path) as opened:
        yield opened
