"""Charts in a printed extract: ``<img>`` of the extract's HTML painted from SVG.

Registered as the image handler of a QTextDocument, :class:`SvgImages` takes the size
from the ``<img>`` tag and paints the SVG with QSvgRenderer onto the page's painter: in a
PDF the chart stays vector graphics (sharp at any zoom, on any printer).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QByteArray, QObject, QRectF, QSizeF
from PySide6.QtGui import QPainter, QPyTextObject, QTextDocument, QTextFormat
from PySide6.QtSvg import QSvgRenderer

# matplotlib writes a glyph with no outline (a space) as a <path> without "d"; QtSvg
# rejects it and warns at every <use> of it, and an empty outline ("M 0 0") ends up as a
# stray closepath in the PDF: such glyphs and their uses are taken out (they draw nothing)
_EMPTY_GLYPH = re.compile(rb'<path id="([^"]*)"(?![^>]* d=)[^>]*/>')


def without_empty_glyphs(svg: bytes) -> bytes:
    """``svg`` without the glyphs that have no outline, and without their uses."""
    for name in _EMPTY_GLYPH.findall(svg):
        svg = re.sub(rb'<use xlink:href="#' + re.escape(name) + rb'"[^>]*/>', b"", svg)
    return _EMPTY_GLYPH.sub(b"", svg)


def svg_renderers(images: dict[str, bytes]) -> dict[str, QSvgRenderer]:
    """A renderer for every image (resource name -> SVG bytes)."""
    return {
        name: QSvgRenderer(QByteArray(without_empty_glyphs(data))) for name, data in images.items()
    }


class SvgImages(QPyTextObject):
    """Paints the ``<img src=NAME>`` of a document from ``renderers[NAME]``."""

    def __init__(self, renderers: dict[str, QSvgRenderer], parent: QObject) -> None:
        super().__init__(parent)
        self.renderers = renderers

    def intrinsicSize(self, doc: QTextDocument, pos: int, fmt: QTextFormat) -> QSizeF:
        image = fmt.toImageFormat()
        return QSizeF(image.width(), image.height())

    def drawObject(
        self, painter: QPainter, rect: QRectF, doc: QTextDocument, pos: int, fmt: QTextFormat
    ) -> None:
        renderer = self.renderers.get(fmt.toImageFormat().name())
        if renderer is not None:
            renderer.render(painter, rect)
