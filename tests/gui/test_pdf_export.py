"""The PDF as other programs see it: its text layer against the archive, its outline and
metadata, its charts. PDFs are read back with pypdf; they land in pytest's tmp_path (run
with ``--basetemp=/tmp/pdf`` to look at them).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from wuwei_desktop.extract import ExtractItem
from wuwei_desktop.printing import export_pdf
from wuwei_desktop.render.strings import LOST_MARK

pytestmark = pytest.mark.gui

DAY = date(2026, 11, 22)
FOOTER = re.compile(r"第\s*\d+\s*页\s*/\s*共\s*\d+\s*页\s*$")


def nodes(*ids: str) -> list[ExtractItem]:
    return [ExtractItem("node", node_id) for node_id in ids]


def squeeze(text: str) -> str:
    """Text without its line breaks and spaces (PDF text and archive text alike)."""
    return re.sub(r"\s+", "", text.replace("\ufffd", LOST_MARK))


def body_text(pages: list[str], head: str) -> str:
    """The text of every page without its running header and its footer, joined."""
    bodies = []
    for number, text in enumerate(pages, 1):
        first, _, rest = text.partition("\n")
        assert squeeze(first).startswith(head), (number, first)
        assert FOOTER.search(rest), (number, rest[-40:])
        bodies.append(FOOTER.sub("", rest))
    return squeeze("".join(bodies))


@pytest.fixture(scope="module")
def whole_book(qapp, archive_path, tmp_path_factory) -> tuple[Path, list, list[str]]:
    """The whole yearbook as a PDF, its chapter, and its pages' text (pypdf: ~15 s)."""
    from wuwei_desktop.api import Archive

    out = tmp_path_factory.mktemp("book") / "book.pdf"
    with Archive.open(archive_path) as archive:
        export_pdf(archive, nodes("yearbook-2024"), out, printed_on=DAY)
        chapter = archive.chapter("yearbook-2024")
    return out, chapter, [page.extract_text() for page in PdfReader(str(out)).pages]


def test_the_whole_book_pdf_holds_every_paragraph_once_in_book_order(whole_book):
    _, chapter, pages = whole_book
    text = body_text(pages, "武威年鉴（2024）")
    paragraphs = [
        squeeze(p.text) for detail in chapter if detail.kind != "table" for p in detail.paragraphs
    ]
    assert len(paragraphs) > 2000
    position, missing = 0, []
    for paragraph in paragraphs:
        found = text.find(paragraph, position)
        if found < 0:  # a line lost, or one repeated inside the paragraph
            missing.append(paragraph[:30])
        else:
            position = found + len(paragraph)
    assert missing == []
    long = [p for p in paragraphs if len(p) > 40]
    assert all(text.count(p) == 1 for p in long[::25])


def test_no_page_repeats_the_last_line_of_the_page_before(whole_book):
    pages = [text.splitlines() for text in whole_book[2]]
    repeated = [
        k
        for k in range(1, len(pages))
        if len(pages[k - 1]) > 2 and len(pages[k]) > 2 and pages[k - 1][-2] == pages[k][1]
    ]
    assert repeated == []


def test_the_full_width_tilde_copies_as_itself(qapp, archive, tmp_path):
    out = tmp_path / "地理位置.pdf"
    export_pdf(archive, nodes("yearbook-2024/市情概览/自然地理/地理位置"), out, printed_on=DAY)
    text = squeeze(PdfReader(str(out)).pages[0].extract_text())
    assert "北纬36°29′～39°27′" in text
    assert "\u301c" not in text


def outline_rows(reader: PdfReader, items=None, depth: int = 0) -> list[tuple[int, str, int]]:
    """(depth, title, page number) of every bookmark, in order."""
    rows = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            rows += outline_rows(reader, item, depth + 1)
        else:
            rows.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    return rows


def test_bookmarks_mirror_the_contents_and_land_on_their_headings(qapp, archive, tmp_path):
    out = tmp_path / "摘录.pdf"
    items = [*nodes("yearbook-2024/市情概览/自然地理", "表16"), ExtractItem("chart", "表16")]
    export_pdf(archive, items, out, printed_on=DAY)
    reader = PdfReader(str(out))
    rows = outline_rows(reader)
    assert [(d, t) for d, t, _ in rows] == [
        (0, "自然地理"), (1, "地理位置"), (1, "地形地貌"), (1, "气候"), (1, "水文"),
        (1, "土壤"), (1, "植被"), (1, "矿藏及资源"), (1, "物产"),
        (0, "表16 武威市常住人口、自增率、城镇化率"),
        (0, "表16 武威市常住人口、自增率、城镇化率（2023年各县区常住人口）"),
    ]  # fmt: skip
    texts = [squeeze(page.extract_text()) for page in reader.pages]
    for _, title, page in rows:
        assert squeeze(title.split("（")[0]) in texts[page - 1], (title, page)
    assert [page for *_, page in rows] == sorted(page for *_, page in rows)
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_metadata_names_the_extract_its_source_and_language(qapp, archive, tmp_path):
    out = tmp_path / "市情概览.pdf"
    export_pdf(archive, nodes("yearbook-2024/市情概览"), out, printed_on=DAY)
    reader = PdfReader(str(out))
    info = reader.metadata
    assert info.title == "《武威年鉴（2024）》摘录：市情概览"
    assert info.author == "武威市委党史和地方志研究中心"
    assert info.subject == "摘自《武威年鉴（2024）》：自然地理、历史人文、城市地标、经济社会发展"
    assert info.creation_date is not None
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_the_whole_book_has_contents_and_bookmarks_of_every_category(whole_book):
    out, chapter, pages = whole_book
    reader = PdfReader(str(out))
    assert reader.metadata.title == "《武威年鉴（2024）》全文"
    categories = [d.title for d in chapter if d.kind == "category"]
    rows = outline_rows(reader)
    assert rows[0][:2] == (0, "武威年鉴（2024）")
    assert [title for depth, title, _ in rows if depth == 1] == categories
    assert len(rows) > 1000  # down to every entry
    first_page = squeeze(pages[0])
    assert "目录" in first_page
    starts = {title: page for depth, title, page in rows if depth == 1}
    for title in categories[:5]:
        assert f"{squeeze(title)}{starts[title]}" in first_page, title
    for title in categories:  # the page of its heading (also when that begins the page)
        assert squeeze(title) in squeeze(pages[starts[title] - 1]), (title, starts[title])


def test_cli_export_pdf_prints_search_results_and_a_page_per_item(archive_path, tmp_path):
    from tests.gui.test_printing import run_cli

    out = tmp_path / "cli.pdf"
    args = ["--db", str(archive_path), "--json", "export-pdf", "表16", "--search", "防沙治沙"]
    done = run_cli(*args, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["items"] == ["表16", "search:防沙治沙"]
    together = [squeeze(page.extract_text()) for page in PdfReader(str(out)).pages]
    heading = "检索结果：“防沙治沙”共"  # the section's heading and its count line
    assert heading in together[0]  # follows the contents and the table on page 1
    assert "1．全国防沙治沙先进集体" in "".join(together)
    done = run_cli(*args, "--page-per-item", "-o", str(out))
    apart = [squeeze(page.extract_text()) for page in PdfReader(str(out)).pages]
    assert len(apart) > len(together)
    # contents, the table, the results: each from a new page
    assert "全市142.73" in apart[1] and "全市142.73" not in apart[0]
    assert [k for k, text in enumerate(apart) if heading in text] == [2]
