"""Characters the source lost (U+FFFD, 88 in the yearbook, mostly in photo captions) show
as □ with the note 原文缺字 in the reader, the search snippets and the PDF, drawn from the
bundled font, never a glyph borrowed from another font."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QFont, QFontMetrics, QTextCursor

from tests.gui.test_main_window import click_tree_node
from wuwei_desktop.extract import ExtractItem
from wuwei_desktop.gui.search_pane import split_marks
from wuwei_desktop.printing import export_pdf
from wuwei_desktop.render.strings import LOST_MARK
from wuwei_desktop.resources import FONT_FAMILY

pytestmark = pytest.mark.gui

NODE = "yearbook-2024/中国共产党武威市委员会/综述/全域生态文明建设"
CAPTION = "凉州区九墩滩20万千瓦光伏治沙项目现场□（王丽 戴声桥摄）"


def test_the_marker_is_in_the_bundled_font(qapp):
    from wuwei_desktop.printing.fonts import register_fonts

    assert FONT_FAMILY in register_fonts()
    assert QFontMetrics(QFont(FONT_FAMILY, 12)).inFontUcs4(ord(LOST_MARK))


def test_the_reader_shows_a_box_with_the_note(qtbot, main_window):
    click_tree_node(qtbot, main_window, NODE)
    doc = main_window.reader.document()
    text = doc.toPlainText()
    assert CAPTION in text and "\ufffd" not in text
    cursor = QTextCursor(doc)
    cursor.setPosition(text.index(CAPTION) + CAPTION.index(LOST_MARK) + 1)
    assert cursor.charFormat().toolTip() == "原文缺字"


def test_a_snippet_shows_the_box(archive):
    (hit,) = [h for h in archive.search("戴声桥摄").hits if h.node_id == NODE]
    assert "\ufffd" in hit.snippet
    text, spans = split_marks(hit.snippet)
    assert "现场□（王丽\u3000戴声桥摄）" in text and "\ufffd" not in text
    assert [text[a:b] for a, b in spans] == ["戴声桥摄"]


def test_the_pdf_shows_the_box_and_says_what_it_means(qapp, archive, tmp_path):
    out = tmp_path / "缺字.pdf"
    export_pdf(archive, [ExtractItem("node", NODE)], out, printed_on=date(2026, 11, 22))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(out)).pages))
    assert "注：□表示原文缺字。" in text
    assert CAPTION.replace(" ", "") in text and "\ufffd" not in text
