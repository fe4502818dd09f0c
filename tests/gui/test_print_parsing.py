"""The pieces of an extract are cloned from a template that holds their style sheet,
parsed once: each must be the document the whole page parses into."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QTextDocument

from wuwei_desktop.extract import ExtractItem, build_extract
from wuwei_desktop.printing.fonts import app_font
from wuwei_desktop.printing.parsing import PrintParser
from wuwei_desktop.render.html import PRINT_FONT_PT, page_html

pytestmark = pytest.mark.gui


def parsed_whole(html: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultFont(app_font(PRINT_FONT_PT))
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    return doc


def test_a_cloned_piece_is_the_page_parsed_whole(qapp, archive):
    items = [ExtractItem("node", "yearbook-2024/附录"), ExtractItem("chart", "表16")]
    pieces = build_extract(archive, items, printed_on=date(2026, 12, 2)).documents()
    assert len(pieces) > 10  # contents, parts, tables, a chart: one style sheet
    owner = QObject()
    parse = PrintParser(owner)
    for piece in pieces:
        doc, whole = parse(piece.html), parsed_whole(piece.html)
        assert doc.toHtml() == whole.toHtml()  # every block's and character's format
        assert doc.documentMargin() == 0
        assert doc.defaultFont() == whole.defaultFont()
        assert doc.pageSize().isNull()  # nothing laid out yet


def test_the_documents_are_deleted_with_their_owner(qapp):
    owner = QObject()
    parse = PrintParser(owner)
    gone = []
    for k in range(3):
        doc = parse(page_html(f"<p>第{k}段</p>", "p { color: #333333; }"))
        doc.destroyed.connect(lambda *_args, k=k: gone.append(k))
    del doc
    assert gone == []
    del parse, owner  # (the layout that used them is done)
    assert sorted(gone) == [0, 1, 2]
