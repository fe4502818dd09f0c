"""The pieces of an extract are parsed on a worker thread while the ones before are laid
out: the PDF must be the one made with every piece parsed on the caller's thread."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QThread

from wuwei_desktop.extract import ExtractItem, build_extract
from wuwei_desktop.printing.layout import PagedExtract, paint_pages, parse_html
from wuwei_desktop.printing.parse_ahead import ParseAhead
from wuwei_desktop.printing.pdf import memory_pdf_writer

pytestmark = pytest.mark.gui

DAY = date(2026, 12, 2)


def pdf_pages(extract, threaded: bool) -> list[bytes]:
    """Every page's content stream of the extract's PDF, laid out one way or the other."""
    writer, buffer = memory_pdf_writer()
    paged = PagedExtract(extract, writer, threaded=threaded)
    paint_pages(paged, writer, range(paged.page_count))
    del paged, writer  # finishes the PDF
    reader = PdfReader(io.BytesIO(bytes(buffer.data())))
    return [page.get_contents().get_data() for page in reader.pages]


@pytest.mark.parametrize(
    "node_id, pages",
    [("yearbook-2024/附录", 55), ("yearbook-2024/市情概览", 9)],
)
def test_parsing_ahead_on_a_thread_gives_the_same_pages(qapp, archive, node_id, pages):
    extract = build_extract(archive, [ExtractItem("node", node_id)], printed_on=DAY)
    assert len(extract.documents()) > 3  # contents, parts, tables: pieces to parse ahead
    threaded, plain = pdf_pages(extract, True), pdf_pages(extract, False)
    assert len(threaded) == len(plain) == pages
    for number, (page, same) in enumerate(zip(threaded, plain, strict=True), 1):
        assert page == same, number


def test_documents_come_in_order_and_belong_to_the_callers_thread(qapp):
    htmls = [f"<p>第{k}段</p>" for k in range(6)]
    parsed = ParseAhead(htmls, parse_html)
    try:
        docs = [parsed.next() for _ in htmls]
    finally:
        parsed.close()
    assert [doc.toPlainText() for doc in docs] == [f"第{k}段" for k in range(6)]
    assert all(doc.thread() == QThread.currentThread() for doc in docs)


def test_an_error_while_parsing_is_raised_to_the_caller(qapp):
    def parse(html: str):
        if html == "bad":
            raise ValueError("无法解析")
        return parse_html(html)

    parsed = ParseAhead(["<p>一</p>", "bad", "<p>三</p>"], parse)
    try:
        assert parsed.next().toPlainText() == "一"
        with pytest.raises(ValueError, match="无法解析"):
            parsed.next()
    finally:
        parsed.close()


def test_closing_early_stops_the_worker(qapp):
    before = threading.active_count()
    parsed = ParseAhead(["<p>段</p>" * 200] * 50, parse_html)
    parsed.next()
    parsed.close()  # the caller stopped (cancelled) after one piece
    assert threading.active_count() == before
