"""A chapter's tables, and its nodes once a piece holds a few pages, are laid out as
documents of their own that continue the text before them: the pages must come out as if
the chapter were one document."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from wuwei_desktop.extract import Extract, ExtractItem, Piece, build_extract
from wuwei_desktop.printing.layout import PagedExtract
from wuwei_desktop.printing.pdf import memory_pdf_writer

pytestmark = pytest.mark.gui

DAY = date(2026, 12, 2)


class OneDocument(Extract):
    """The same extract with every continuing piece joined to the piece before."""

    def documents(self, anchor_pages=None, text_width=640) -> list[Piece]:
        joined: list[Piece] = []
        for piece in super().documents(anchor_pages, text_width):
            if piece.continues:
                body = piece.html[piece.html.index("<body>") + 6 : piece.html.rindex("</body>")]
                before = joined[-1]
                joined[-1] = replace(before, html=before.html.replace("</body>", body + "</body>"))
            else:
                joined.append(piece)
        return joined


def laid_out(extract: Extract) -> PagedExtract:
    writer, buffer = memory_pdf_writer()
    paged = PagedExtract(extract, writer)
    paged.writer, paged.buffer = writer, buffer  # (keep the device alive while read)
    return paged


@pytest.mark.parametrize(
    "node_id, continuing, pages",
    [
        # 表1 (with the text after it) and 表2 (the category's last node)
        ("yearbook-2024/市情概览", 2, 9),
        # no table: cut before a node every PIECE_CHARS characters
        ("yearbook-2024/中国共产党武威市委员会", 4, 31),
    ],
)
def test_pieces_continue_the_text_before_them_exactly(qapp, archive, node_id, continuing, pages):
    extract = build_extract(archive, [ExtractItem("node", node_id)], printed_on=DAY)
    pieces = extract.documents()
    assert sum(piece.continues for piece in pieces) == continuing
    whole = OneDocument(**{name: getattr(extract, name) for name in extract.__dataclass_fields__})
    assert len(whole.documents()) == len(pieces) - continuing

    split, one = laid_out(extract), laid_out(whole)
    assert len(split.docs) == len(one.docs) + continuing
    assert split.page_count == one.page_count == pages
    assert split.heads == one.heads
    # every heading on the same page at the same height (to Qt's 1/64 unit; the
    # bookmarks' points are rounded to a tenth)
    outline_split, outline_one = split.outline(), one.outline()
    assert len(outline_split) == len(outline_one) > 20
    for (level, title, page, top), (level1, title1, page1, top1) in zip(
        outline_split, outline_one, strict=True
    ):
        assert (level, title, page) == (level1, title1, page1)
        assert top == pytest.approx(top1, abs=0.05), title
