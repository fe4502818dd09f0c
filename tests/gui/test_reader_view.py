"""The reader on its own: zoom scales the headings with the text."""

from __future__ import annotations

import pytest

from wuwei_desktop.render.html import HEADING_SCALE, render_nodes

pytestmark = pytest.mark.gui

NATURE = "yearbook-2024/市情概览/自然地理"


def sizes_by_heading_level(reader) -> dict[int, set[int]]:
    """Pixel sizes of the characters of every block, by heading level (0: text)."""
    sizes: dict[int, set[int]] = {}
    block = reader.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            font = it.fragment().charFormat().font()
            px = font.pixelSize() if font.pixelSize() > 0 else round(font.pointSizeF() * 96 / 72)
            sizes.setdefault(block.blockFormat().headingLevel(), set()).add(px)
            it += 1
        block = block.next()
    return sizes


@pytest.mark.parametrize("px", [12, 17, 24, 34])
def test_headings_grow_with_the_reading_size(qtbot, archive, px):
    from wuwei_desktop.gui.reader import ReaderView

    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.show_rendered(render_nodes(archive.chapter(NATURE), 17))
    reader.set_font_px(px)
    sizes = sizes_by_heading_level(reader)
    assert max(sizes[0]) == px  # the body text
    for level in (1, 2):
        assert sizes[level] == {round(px * HEADING_SCALE[level])}
        assert min(sizes[level]) > px
