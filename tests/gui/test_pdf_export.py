"""The PDF as other programs see it: its text layer against the archive, its outline and
metadata, its charts. PDFs are read back with pypdf; they land in pytest's tmp_path (run
with ``--basetemp=/tmp/pdf`` to look at them).
"""

from __future__ import annotations

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


def body_text(path: Path, head: str) -> str:
    """The text of every page without its running header and its footer, joined."""
    bodies = []
    for number, page in enumerate(PdfReader(str(path)).pages, 1):
        text = page.extract_text()
        first, _, rest = text.partition("\n")
        assert squeeze(first).startswith(head), (number, first)
        assert FOOTER.search(rest), (number, rest[-40:])
        bodies.append(FOOTER.sub("", rest))
    return squeeze("".join(bodies))


@pytest.fixture(scope="module")
def whole_book(qapp, archive_path, tmp_path_factory) -> tuple[Path, list]:
    from wuwei_desktop.api import Archive

    out = tmp_path_factory.mktemp("book") / "book.pdf"
    with Archive.open(archive_path) as archive:
        export_pdf(archive, nodes("yearbook-2024"), out, printed_on=DAY)
        chapter = archive.chapter("yearbook-2024")
    return out, chapter


def test_the_whole_book_pdf_holds_every_paragraph_once_in_book_order(whole_book):
    out, chapter = whole_book
    text = body_text(out, "武威年鉴（2024）")
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
    out, _ = whole_book
    pages = [page.extract_text().splitlines() for page in PdfReader(str(out)).pages]
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
