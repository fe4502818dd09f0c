"""An :class:`~wuwei_desktop.extract.Extract` laid out on the pages of a paged device.

The HTML is laid out in a QTextDocument at 96 units per inch (the CSS pixels of the
style sheet) with the page body as its page size, and painted page by page with the
painter scaled by the device's logical DPI / 96: a clip and a translate per page, then
the running header with a thin rule and the footer ``第 3 页 / 共 12 页`` in device units.

Each piece of the extract is a document of its own; a piece that follows another on
the same page is laid out below an empty first line as tall as what the other left.
Headings that would sit at the foot of a page move to the next page. Each page draws only
the lines laid out on it, so the PDF's text holds every line once. Two passes for the
contents: the sections are laid out first, then the title block and contents with the
pages of the headings they list (again if the contents grew by a page). Charts are SVG,
drawn as vector graphics (:mod:`.svg_images`).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QMarginsF, QObject, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from ..extract import Extract
from ..render import strings as S
from .fonts import app_font
from .parsing import PrintParser
from .svg_images import SvgImages, svg_renderers

LAYOUT_DPI = 96.0
PAGE_MARGINS_MM = QMarginsF(20, 12, 20, 12)  # left, top, right, bottom
HEADER_MM = 10.0  # running header band above the text
FOOTER_MM = 9.0  # footer band below the text
HEAD_FONT_PT = 8.5
KEEP_WITH_NEXT_PX = 60.0  # a heading needs this much room (about three lines) below it
FLOW_GAP_PX = 24.0  # between a piece and the one it follows on the same page
KEEP_TABLE_TITLE_PX = 110.0  # a table's caption needs its header and a row or two
MAX_PASSES = 3
BODY_ANCHOR = "body"  # the anchor names under a piece's title block end with it
LINE_SLACK_PX = 1.0  # more than Qt's rounding, less than any line
OUT_OF_SIGHT = -1e7  # a y far above every page: Qt's draw skips a block moved there

Progress = Callable[[int, int], object]


def a4_layout() -> QPageLayout:
    """A4 portrait with the extract's margins."""
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        PAGE_MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


class PaintCancelled(Exception):
    """The progress callback asked to stop."""


class PagedExtract:
    """The extract laid out for ``device`` (its paint rectangle is the page).

    Every piece of :meth:`Extract.documents` is a QTextDocument of its own. A piece that
    need not start a new page is laid out below an empty line as tall as what the piece
    before used of its last page, and its first page is painted onto that page: pieces
    follow one another, each keeping its own (cheaper) layout. ``pages`` lists, for every
    printed page, the (document, page within it) painted there.
    """

    def __init__(
        self, extract: Extract, device: QPagedPaintDevice, progress: Progress | None = None
    ) -> None:
        self.extract = extract
        self.device = device
        self.progress = progress
        self.dpi = device.logicalDpiY()
        self.scale = self.dpi / LAYOUT_DPI
        self.width = device.width()  # device units
        self.height = device.height()
        self.header_h = HEADER_MM / 25.4 * self.dpi
        self.footer_h = FOOTER_MM / 25.4 * self.dpi
        body_h = self.height - self.header_h - self.footer_h
        # layout units; the height as Qt's layout counts it (in 1/64 units, cut down to
        # them): every page begins at an exact multiple of it
        height = math.floor(body_h / self.scale * 64) / 64
        self.page_size = QSizeF(self.width / self.scale, height)
        self.text_width = int(self.page_size.width())
        self._renderers = svg_renderers(extract.images)
        self._owner = QObject()  # the documents' parent: they go with this layout
        self._parse = PrintParser(self._owner)
        # what the pages need of each document, read once when it is laid out (by id:
        # a document's entry is written when it is made, so a reused id is refreshed)
        self._scans: dict[int, _Scan] = {}
        self.docs: list[QTextDocument] = []
        self.starts: list[int] = []  # the printed page (0-based) of each document's page 0
        for piece in extract.documents(text_width=self.text_width):
            self._still_laying_out()  # progress(0, 0): still laying out
            if piece.continues and self.docs:
                self._continue(piece.html)
            else:
                self._add(piece.html, piece.new_page, piece.keep_whole)
        self.anchor_pages = self._anchor_pages()
        for _ in range(MAX_PASSES if extract.has_toc else 0):
            front = self._document(self._parse(extract.contents(self.anchor_pages).html))
            grown = front.pageCount() - self.docs[0].pageCount()
            self.docs[0] = front
            self.starts[1:] = [start + grown for start in self.starts[1:]]
            self.anchor_pages = self._anchor_pages()
            if not grown:
                break  # else the contents grew a page: number them again
        self.page_count = self.starts[-1] + self.docs[-1].pageCount()
        self.pages: list[list[tuple[QTextDocument, int]]] = [[] for _ in range(self.page_count)]
        for doc, start in zip(self.docs, self.starts, strict=True):
            for k in range(doc.pageCount()):
                self.pages[start + k].append((doc, k))
        self.heads = self._page_heads()

    def fits(self, device: QPagedPaintDevice) -> bool:
        """True if ``device`` has the page (size, margins, resolution) this was laid out for."""
        return (device.width(), device.height(), device.logicalDpiY()) == (
            self.width,
            self.height,
            self.dpi,
        )

    # -- layout -------------------------------------------------------------------------

    def _still_laying_out(self) -> None:
        """Let the caller show progress (and the window repaint); stop if it says so."""
        if self.progress is not None and self.progress(0, 0) is False:
            raise PaintCancelled

    def _add(self, html: str, new_page: bool, keep_whole: bool) -> None:
        """Lay out the next piece: below the piece before, unless it asks for a new page,
        or its heading and the first lines under it do not fit there, or it must be kept
        whole and does not fit there."""
        page_h = self.page_size.height()
        if self.docs and not new_page:
            last = self.docs[-1]
            used = self._content_bottom(last) - (last.pageCount() - 1) * page_h
            if used + FLOW_GAP_PX + KEEP_TABLE_TITLE_PX < page_h:
                doc = self._document(self._parse(html), used + FLOW_GAP_PX)
                fits = doc.pageCount() == 1 if keep_whole else self._scans[id(doc)].body < page_h
                if fits:
                    self.starts.append(self.starts[-1] + last.pageCount() - 1)
                    self.docs.append(doc)
                    return
        start = self.starts[-1] + self.docs[-1].pageCount() if self.docs else 0
        self.starts.append(start)
        self.docs.append(self._document(self._parse(html)))

    def _continue(self, html: str) -> None:
        """Lay out the next piece exactly as if it followed the piece before in one
        document: its first block where Qt would put it after the last block there (the
        larger of the two margins between them), on the same page. Its headings are then
        kept with their text as in one document."""
        last = self.docs[-1]
        page_h = self.page_size.height()
        end = last.documentLayout().documentSize().height()  # where the flow ended
        pages = last.pageCount()
        margin = last.lastBlock().blockFormat().bottomMargin()
        doc = self._document(self._parse(html), end - (pages - 1) * page_h, margin)
        self.starts.append(self.starts[-1] + pages - 1)
        self.docs.append(doc)

    @staticmethod
    def _content_bottom(doc: QTextDocument) -> float:
        """Where the text of ``doc`` ends (layout units, pages laid end to end)."""
        return doc.documentLayout().blockBoundingRect(doc.lastBlock()).bottom()

    def _document(
        self, doc: QTextDocument, top: float = 0.0, margin_above: float = 0.0
    ) -> QTextDocument:
        """``doc`` (parsed, not laid out) laid out below an empty first line ``top``
        tall (none if 0), with its headings kept with their text. Below that line the
        first block keeps the larger of its top margin and ``margin_above`` (the bottom
        margin of the block it follows in a flow)."""
        images = SvgImages(self._renderers, doc)  # owned by the document
        doc.documentLayout().registerHandler(QTextFormat.ObjectTypes.ImageObject, images)
        if top:  # an empty first line that tall (Qt drops the top margin of a page's
            # first block, and would repeat the root frame's on every page)
            first = doc.begin()
            cursor = QTextCursor(first)
            cursor.insertBlock(first.blockFormat(), first.charFormat())
            spacer = QTextBlockFormat()
            spacer.setLineHeight(top, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
            spacer.setBottomMargin(margin_above)  # Qt keeps the larger of the two
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            cursor.setBlockFormat(spacer)
        headings = _prepare(doc)
        doc.setPageSize(self.page_size)  # the layout starts here, once
        self._keep_headings_with_next(doc, headings)
        self._scans[id(doc)] = _scan(doc)
        return doc

    def _keep_headings_with_next(
        self, doc: QTextDocument, headings: list[tuple[QTextBlock, int]]
    ) -> None:
        """Move the ``headings`` of ``doc`` (and table captions, ``<h4>``) that would end
        a page to the next one.

        The document is laid out whole first. A break then makes Qt move the lines
        after it (breaking again only a paragraph that then crosses a page foot) and lay
        out again every table after it, which is why a chapter is cut into pieces before
        its tables and every few pages (``PIECE_BREAK``). Before the layout was complete,
        a break made Qt break every line after it again up to where its lazy layout had
        got."""
        layout = doc.documentLayout()
        page_h = self.page_size.height()
        fmt = QTextBlockFormat()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        doc.pageCount()  # the whole layout
        for block, level in headings:
            rect = layout.blockBoundingRect(block)
            offset = rect.top() % page_h
            need = rect.height() + (KEEP_TABLE_TITLE_PX if level == 4 else KEEP_WITH_NEXT_PX)
            if page_h - offset < need and offset > need:
                QTextCursor(block).mergeBlockFormat(fmt)  # Qt moves what follows
                self._still_laying_out()

    def _anchors(self) -> list[tuple[float, str]]:
        """(y over all printed pages laid end to end, name) of every anchor, in order."""
        page_h = self.page_size.height()
        marks = [
            (start * page_h + top, name)
            for doc, start in zip(self.docs, self.starts, strict=True)
            for name, top in self._scans[id(doc)].anchors.items()
        ]
        return sorted(marks, key=lambda mark: mark[0])

    def _anchor_pages(self) -> dict[str, int]:
        """The printed page (1-based) of every anchor."""
        page_h = self.page_size.height()
        return {name: int(y // page_h) + 1 for y, name in self._anchors()}

    def outline(self) -> list[tuple[int, str, int, float]]:
        """(level, title, page index, y from the page's top in points) of every heading
        of the extract, for the PDF's bookmarks."""
        page_h = self.page_size.height()
        where = {name: y for y, name in self._anchors()}
        top_pt = (self.device.pageLayout().margins().top() + HEADER_MM) / 25.4 * 72
        found = []
        for entry in self.extract.outline():
            if entry.anchor in where:
                y = where[entry.anchor]
                page = int(y // page_h)
                offset = top_pt + (y - page * page_h) * 72 / LAYOUT_DPI
                found.append((entry.level, entry.title, page, offset))
        return found

    def _page_heads(self) -> list[str]:
        """The running head of every page: the part in force at the top of the page, or
        the first one starting in the page's upper quarter."""
        page_h = self.page_size.height()
        heads_of = dict(self.extract.heads)
        marks = [(y, heads_of[name]) for y, name in self._anchors() if name in heads_of]
        if not marks:
            return [""] * self.page_count
        heads = []
        k = 0
        current = marks[0][1]
        for page in range(self.page_count):
            while k < len(marks) and marks[k][0] <= (page + 0.25) * page_h:
                current = marks[k][1]
                k += 1
            heads.append(current)
        return heads

    # -- painting -----------------------------------------------------------------------

    def paint_page(self, painter: QPainter, index: int) -> None:
        """Paint page ``index`` (0-based): header, text, footer (in reading order)."""
        self._paint_header(painter, index)
        for doc, page in self.pages[index]:
            self._paint_text(painter, doc, page)
        self._paint_footer(painter, index)

    def _paint_text(self, painter: QPainter, doc: QTextDocument, page: int) -> None:
        """Paint page ``page`` of ``doc`` into the page body."""
        page_h = self.page_size.height()
        painter.save()
        painter.translate(0, self.header_h)
        painter.scale(self.scale, self.scale)
        painter.translate(0, -page * page_h)
        clip = QRectF(0, page * page_h, self.page_size.width(), page_h)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        # the first line of the next page may start a hair above this page's foot
        # (Qt's layout rounds): a clip a little short of the foot leaves it out
        context.clip = clip.adjusted(0, 0, 0, -LINE_SLACK_PX)
        text_color = QColor("#1d1d1d")
        context.palette.setColor(QPalette.ColorRole.Text, text_color)
        # Qt draws the last line above the clip of a paragraph that crosses the top of
        # the page, and a line drawn is in the PDF's text even where the clip hides it:
        # such a paragraph's lines of this page are drawn here (first: they are the top
        # of the page, and the text layer keeps the reading order), and the paragraph is
        # moved out of Qt's sight while Qt draws the rest.
        crossing = self._crossing_blocks(doc, page * page_h)
        painter.setPen(text_color)
        for block in crossing:
            self._draw_lines(painter, block, page * page_h, (page + 1) * page_h)
        positions = [block.layout().position() for block in crossing]
        for block in crossing:
            block.layout().setPosition(QPointF(0, OUT_OF_SIGHT))
        try:
            doc.documentLayout().draw(painter, context)
        finally:
            for block, position in zip(crossing, positions, strict=True):
                block.layout().setPosition(position)
        painter.restore()

    def _crossing_blocks(self, doc: QTextDocument, top: float) -> list[QTextBlock]:
        """The paragraphs outside tables that begin above ``top`` and end below it."""
        scan = self._scans[id(doc)]
        starts, ends, blocks = scan.tops, scan.bottoms, scan.blocks
        k = bisect.bisect_left(starts, top) - 1
        found = []
        while k >= 0 and ends[k] > top:  # spans are disjoint: at most one crosses
            found.append(blocks[k])
            k -= 1
        return found

    @staticmethod
    def _draw_lines(painter: QPainter, block: QTextBlock, top: float, bottom: float) -> None:
        """Draw the lines of ``block`` laid out between ``top`` and ``bottom``."""
        text_layout = block.layout()
        origin = text_layout.position()
        for k in range(text_layout.lineCount()):
            line = text_layout.lineAt(k)
            middle = origin.y() + line.y() + line.height() / 2
            if top <= middle < bottom:
                line.draw(painter, origin)

    def _paint_header(self, painter: QPainter, index: int) -> None:
        painter.save()
        painter.setFont(app_font(HEAD_FONT_PT))
        painter.setPen(QColor("#444444"))
        rule_y = self.header_h * 0.62
        head_box = QRectF(0, 0, self.width, rule_y - self.dpi * 0.03)
        painter.drawText(
            head_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, self.heads[index]
        )
        painter.setPen(QPen(QColor("#777777"), self.dpi / 200))  # a hairline: 0.13 mm
        painter.drawLine(QPointF(0, rule_y), QPointF(self.width, rule_y))
        painter.restore()

    def _paint_footer(self, painter: QPainter, index: int) -> None:
        painter.save()
        painter.setFont(app_font(HEAD_FONT_PT))
        painter.setPen(QColor("#444444"))
        foot_box = QRectF(0, self.height - self.footer_h * 0.6, self.width, self.footer_h * 0.6)
        footer = S.FOOTER.format(page=index + 1, pages=self.page_count)
        painter.drawText(foot_box, Qt.AlignmentFlag.AlignCenter, footer)
        painter.restore()


def _prepare(doc: QTextDocument) -> list[tuple[QTextBlock, int]]:
    """Before the layout: make every paragraph of ``doc`` keep its shaped glyphs after
    the layout (Qt drops them by default and shapes the text again when it is drawn);
    return its headings (block, level), in order."""
    headings = []
    block = doc.begin()
    while block.isValid():
        block.layout().setCacheEnabled(True)
        level = block.blockFormat().headingLevel()
        if level:
            headings.append((block, level))
        block = block.next()
    return headings


@dataclass
class _Scan:
    """What the pages need of a laid-out document: the y of every named anchor, where the
    line under the title block's ``…body`` anchor ends (0: none), and the paragraphs
    outside tables (tops, bottoms, blocks, in order)."""

    anchors: dict[str, float] = field(default_factory=dict)
    body: float = 0.0
    tops: list[float] = field(default_factory=list)
    bottoms: list[float] = field(default_factory=list)
    blocks: list[QTextBlock] = field(default_factory=list)


def _scan(doc: QTextDocument) -> _Scan:
    """One walk over the blocks of ``doc`` once its layout is final (a block inside a
    table is measured only if it holds an anchor)."""
    layout = doc.documentLayout()
    tables = sorted((f.firstPosition(), f.lastPosition()) for f in doc.rootFrame().childFrames())
    found = _Scan()
    k = 0
    block = doc.begin()
    while block.isValid():
        pos = block.position()
        while k < len(tables) and tables[k][1] < pos:
            k += 1
        outside = k == len(tables) or pos < tables[k][0]  # outside every table
        names = [name for span in block.textFormats() for name in span.format.anchorNames()]
        if outside or names:
            rect = layout.blockBoundingRect(block)
            for name in names:
                found.anchors.setdefault(name, rect.top())
                if not found.body and name.endswith(BODY_ANCHOR):
                    line = block.layout().lineAt(0)
                    found.body = rect.top() + (line.y() + line.height() if line.isValid() else 0)
            if outside:
                found.tops.append(rect.top())
                found.bottoms.append(rect.bottom())
                found.blocks.append(block)
        block = block.next()
    return found


def paint_extract(extract: Extract, device: QPagedPaintDevice, progress: Progress | None) -> int:
    """Lay out and paint every page onto ``device``; return the page count.

    ``progress(done, total)`` is called while laying out (``0, 0``), then after each
    page; when it returns False, painting stops and PaintCancelled is raised.
    """
    paged = PagedExtract(extract, device, progress)
    return paint_pages(paged, device, range(paged.page_count), progress)


def paint_pages(
    paged: PagedExtract,
    device: QPagedPaintDevice,
    pages: Sequence[int],
    progress: Progress | None = None,
) -> int:
    """Paint the pages ``pages`` (0-based, in that order) of ``paged`` onto ``device``,
    each keeping its number of the whole extract; return how many were painted.

    ``progress(done, len(pages))`` is called before the first and after each page; when
    it returns False, painting stops and PaintCancelled is raised (the painter is ended:
    a printer that cannot abort still gets the pages painted so far).
    """
    total = len(pages)
    if progress is not None and progress(0, total) is False:
        raise PaintCancelled
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("无法在打印设备上绘制（打印机不可用或文件无法写入）")
    try:
        for done, index in enumerate(pages):
            if done:
                device.newPage()
            paged.paint_page(painter, index)
            if progress is not None and progress(done + 1, total) is False:
                raise PaintCancelled
    finally:
        painter.end()
    return total
