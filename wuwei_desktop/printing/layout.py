"""An :class:`~wuwei_desktop.extract.Extract` laid out on the pages of a paged device.

The HTML is laid out in a QTextDocument at 96 units per inch (the CSS pixels of the
style sheet) with the page body as its page size, and painted page by page with the
painter scaled by the device's logical DPI / 96: a clip and a translate per page, then
the running header with a thin rule and the footer ``第 3 页 / 共 12 页`` in device units.

Headings that would sit at the foot of a page move to the next page. Two passes for
the contents: the sections are laid out first, then the title block and contents with
the sections' first pages (again if the contents grew by a page).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from ..extract import Extract
from ..render import strings as S
from ..render.html import PRINT_FONT_PT
from .fonts import app_font

LAYOUT_DPI = 96.0
PAGE_MARGINS_MM = QMarginsF(20, 12, 20, 12)  # left, top, right, bottom
HEADER_MM = 10.0  # running header band above the text
FOOTER_MM = 9.0  # footer band below the text
HEAD_FONT_PT = 8.5
KEEP_WITH_NEXT_PX = 60.0  # a heading needs this much room (about three lines) below it
KEEP_TABLE_TITLE_PX = 110.0  # a table's caption needs its header and a row or two
MAX_PASSES = 3

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

    Every piece of :meth:`Extract.documents` is a QTextDocument of its own, starting on
    a new page; ``pages`` lists (document, page within it) for every printed page.
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
        self.page_size = QSizeF(self.width / self.scale, body_h / self.scale)  # layout units
        self.text_width = int(self.page_size.width())
        pieces = extract.documents(text_width=self.text_width)
        docs = []
        for _, html in pieces:  # progress(0, 0): still laying out
            self._still_laying_out()
            docs.append(self._document(html))
        self.section_pages: list[int] = []
        for _ in range(MAX_PASSES):
            firsts, page = {}, 1
            for (section, _), doc in zip(pieces, docs, strict=True):
                if section is not None:
                    firsts[section] = page
                page += doc.pageCount()
            self.section_pages = [firsts[k] for k in range(len(extract.sections))]
            if not extract.has_toc:
                break
            front = self._document(extract.documents(self.section_pages, self.text_width)[0][1])
            if front.pageCount() == docs[0].pageCount():
                docs[0] = front
                break
            docs[0] = front  # the contents grew a page: number the sections again
        self.docs = docs
        self.pages = [(doc, k) for doc in docs for k in range(doc.pageCount())]
        self.page_count = len(self.pages)
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

    def _document(self, html: str) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(app_font(PRINT_FONT_PT))
        doc.setDocumentMargin(0)
        doc.setPageSize(self.page_size)
        for name, png in self.extract.images.items():
            image = QImage.fromData(png, "PNG")
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        doc.setHtml(html)
        self._keep_headings_with_next(doc)
        return doc

    def _keep_headings_with_next(self, doc: QTextDocument) -> None:
        """Move headings (and table captions, ``<h4>``) that would end a page to the
        next one. Each break lays the rest of the document out again, which is why
        every section (and every part of a whole document) is a document of its own."""
        layout = doc.documentLayout()
        page_h = self.page_size.height()
        fmt = QTextBlockFormat()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        block = doc.begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level:
                rect = layout.blockBoundingRect(block)
                offset = rect.top() % page_h
                need = rect.height() + (KEEP_TABLE_TITLE_PX if level == 4 else KEEP_WITH_NEXT_PX)
                if page_h - offset < need and offset > need:
                    QTextCursor(block).mergeBlockFormat(fmt)
                    # Qt leaves the blocks after a changed one without lines: redo them
                    doc.markContentsDirty(block.position(), doc.characterCount() - block.position())
                    self._still_laying_out()  # each move lays the rest out again (~10–20 ms)
            block = block.next()

    def _anchor_tops(self, doc: QTextDocument) -> dict[str, float]:
        """The y (layout units) of every named anchor of ``doc``."""
        layout = doc.documentLayout()
        found: dict[str, float] = {}
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                for name in it.fragment().charFormat().anchorNames():
                    found.setdefault(name, layout.blockBoundingRect(block).top())
                it += 1
            block = block.next()
        return found

    def _page_heads(self) -> list[str]:
        """The running head of every page: the part in force at the top of the page, or
        the first one starting in the page's upper quarter."""
        page_h = self.page_size.height()
        marks: list[tuple[float, str]] = []  # (y over all pages laid end to end, head)
        base = 0.0
        for doc in self.docs:
            tops = self._anchor_tops(doc)
            marks.extend(
                (base + tops[name], head) for name, head in self.extract.heads if name in tops
            )
            base += doc.pageCount() * page_h
        marks.sort(key=lambda mark: mark[0])
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
        doc, page = self.pages[index]
        page_h = self.page_size.height()
        painter.save()
        painter.translate(0, self.header_h)
        painter.scale(self.scale, self.scale)
        painter.translate(0, -page * page_h)
        clip = QRectF(0, page * page_h, self.page_size.width(), page_h)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        context.palette.setColor(QPalette.ColorRole.Text, QColor("#1d1d1d"))
        doc.documentLayout().draw(painter, context)
        painter.restore()
        self._paint_footer(painter, index)

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


def paint_extract(extract: Extract, device: QPagedPaintDevice, progress: Progress | None) -> int:
    """Lay out and paint every page onto ``device``; return the page count.

    ``progress(done, total)`` is called while laying out (``0, 0``), then after each
    page; when it returns False, painting stops and PaintCancelled is raised.
    """
    paged = PagedExtract(extract, device, progress)
    paint_pages(paged, device, range(paged.page_count), progress)
    return paged.page_count


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
