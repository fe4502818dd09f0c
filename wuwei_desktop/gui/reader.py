"""The reader: nodes of the archive typeset as Chinese text in a QTextBrowser.

The HTML comes from :mod:`wuwei_desktop.render.html` (shared with the printed extract):
an anchor (``m0``, ``m1``, …) at each node heading and wherever the printed page
changes, tables as real tables with a ``table:<k>`` link. :class:`ReaderView` shows
it, works out which anchor is at the top of the view as the user scrolls
(``location_changed``), highlights search terms and steps through them, and copies
with a citation.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QMimeData, QRegularExpression, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from ..db.search import term_pattern
from ..render.html import DEFAULT_FONT_PX, HEADING_SCALE, Marker, Rendered, css, replace_css
from ..render.text import page_label
from . import strings as S

MIN_FONT_PX = 12
MAX_FONT_PX = 34

HIT_COLOR = QColor("#ffe58a")
CURRENT_HIT_COLOR = QColor("#ff9f43")
TOC_NODE_LIMIT = 400  # a document with more nodes opens as a table of contents


class ReaderView(QTextBrowser):
    """Shows rendered nodes; tracks the place in view; finds and highlights terms.

    Signals:
        location_changed(object node_detail, object page): the node and printed page at
            the top of the view changed (while scrolling, or a new page was shown).
        node_link_activated(str node_id): a link to a node was clicked.
        table_link_activated(str table_id): 在统计视图中查看 under a table was clicked.
        hits_changed(int current, int total): the current search hit moved (1-based).
    """

    location_changed = Signal(object, object)
    node_link_activated = Signal(str)
    table_link_activated = Signal(str)
    hits_changed = Signal(int, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDocumentMargin(28)
        self.document().setUndoRedoEnabled(False)  # headings are resized after each page
        self.font_px = DEFAULT_FONT_PX
        self.cite_on_copy = False
        self.doc_titles: dict[str, str] = {}
        self._rendered = Rendered("")
        self._anchor_y: list[float] = []
        self._anchors_dirty = True
        self._location: tuple[int, int] | None = None
        self._hits: list[QTextCursor] = []
        self._head_hits: list[QTextCursor] = []  # in the title block: marked, not counted
        self._hit = -1
        self._terms: list[str] = []
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.document().documentLayout().documentSizeChanged.connect(self._on_layout_changed)
        self._scroll_timer = QTimer(self, singleShot=True, interval=30)
        self._scroll_timer.timeout.connect(self._update_location)

    # -- content ------------------------------------------------------------------------

    def show_rendered(self, rendered: Rendered) -> None:
        """Replace the page; the view starts at the top with no highlights."""
        self._rendered = rendered
        self._hits, self._head_hits, self._hit, self._terms = [], [], -1, []
        self.setExtraSelections([])
        self._set_html(rendered.html)
        self._anchors_dirty = True
        self._location = None
        self.verticalScrollBar().setValue(0)
        self._update_location()

    def _set_html(self, page: str) -> None:
        self.setHtml(page)
        self._scale_headings()

    def _scale_headings(self) -> None:
        """Size headings relative to the reading size (Qt gives h1–h3 fixed sizes)."""
        doc = self.document()
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        block = doc.begin()
        while block.isValid():
            scale = HEADING_SCALE.get(block.blockFormat().headingLevel())
            it = block.begin() if scale else None
            while it is not None and not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                fmt.clearProperty(QTextFormat.Property.FontPointSize)
                fmt.clearProperty(QTextFormat.Property.FontSizeAdjustment)
                fmt.setProperty(QTextFormat.Property.FontPixelSize, round(self.font_px * scale))
                cursor.setPosition(fragment.position())
                cursor.setPosition(
                    fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                )
                cursor.setCharFormat(fmt)
                it += 1
            block = block.next()
        cursor.endEditBlock()
        doc.setModified(False)

    @property
    def markers(self) -> list[Marker]:
        return self._rendered.markers

    def location(self) -> Marker | None:
        """The node and page at the top of the view."""
        if not self.markers:
            return None
        return self.markers[self._marker_at(self.verticalScrollBar().value())]

    # -- anchors and scrolling ----------------------------------------------------------

    def _on_layout_changed(self) -> None:
        self._anchors_dirty = True

    def _anchor_positions(self) -> list[float]:
        """The y of every marker anchor in the document, in marker order."""
        if not self._anchors_dirty:
            return self._anchor_y
        doc = self.document()
        layout = doc.documentLayout()
        found: dict[int, float] = {}
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                for name in fragment.charFormat().anchorNames():
                    if name.startswith("m") and name[1:].isdigit():
                        found[int(name[1:])] = layout.blockBoundingRect(block).top()
                it += 1
            block = block.next()
        last = 0.0
        ys = []
        for k in range(len(self.markers)):
            last = found.get(k, last)
            ys.append(last)
        self._anchor_y = ys
        self._anchors_dirty = False
        return ys

    def _marker_at(self, y: float) -> int:
        ys = self._anchor_positions()
        if not ys:
            return 0
        return max(bisect.bisect_right(ys, y + 12) - 1, 0)

    def _on_scrolled(self, _value: int) -> None:
        self._scroll_timer.start()

    def _update_location(self) -> None:
        if not self.markers:
            return
        bar = self.verticalScrollBar()
        y = bar.value()
        if bar.maximum() and y >= bar.maximum():  # at the end: the last page in view
            y += self.viewport().height() - 40
        marker = self.markers[self._marker_at(y)]
        key = (id(marker.node), marker.page)
        if key != self._location:
            self._location = key
            self.location_changed.emit(marker.node, marker.page)

    def scroll_to_marker(self, k: int) -> None:
        ys = self._anchor_positions()
        if 0 <= k < len(ys):
            self.verticalScrollBar().setValue(int(ys[k]))
        self._update_location()

    def scroll_to(self, value: int) -> None:
        self.verticalScrollBar().setValue(value)
        self._update_location()

    def _on_anchor_clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("node:") and text[5:].isdigit():
            k = int(text[5:])
            if k < len(self._rendered.links):
                self.node_link_activated.emit(self._rendered.links[k])
        elif text.startswith("table:") and text[6:].isdigit():
            k = int(text[6:])
            if k < len(self._rendered.tables):
                self.table_link_activated.emit(self._rendered.tables[k])

    # -- font size ----------------------------------------------------------------------

    def set_font_px(self, px: int) -> int:
        """Change the reading size (clamped), keeping the place; return the size used."""
        px = max(MIN_FONT_PX, min(MAX_FONT_PX, px))
        if px == self.font_px:
            return px
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self.font_px = px
        if self._rendered.html:
            rendered = self._rendered
            rendered.html = replace_css(rendered.html, css(px))
            terms, hit = self._terms, self._hit
            self._set_html(rendered.html)
            self._anchors_dirty = True
            bar.setValue(round(fraction * bar.maximum()))
            if terms:
                self.highlight(terms, scroll=False)
                if 0 <= hit < len(self._hits):
                    self._select_hit(hit, scroll=False)
            self._update_location()
        return px

    # -- search hits --------------------------------------------------------------------

    def highlight(self, terms: list[str], scroll: bool = True) -> int:
        """Mark every occurrence of ``terms`` and go to the first in the text; return how
        many there are in the text. Occurrences in the page's title block (title, path)
        are marked too but not counted or stepped through, unless the text has none. A
        term is found as search finds it, across white space (王丽戴声桥 in 王丽　戴声桥)."""
        self._terms = [t for t in dict.fromkeys(terms) if t and t.strip()]
        doc = self.document()
        spans: dict[int, QTextCursor] = {}
        options = (
            QRegularExpression.PatternOption.CaseInsensitiveOption
            | QRegularExpression.PatternOption.UseUnicodePropertiesOption
        )
        for term in self._terms:
            # as search finds it: across the white space between two names (王丽　戴声桥)
            pattern = QRegularExpression(term_pattern(term), options)
            cursor = QTextCursor(doc)
            while True:
                cursor = doc.find(pattern, cursor)
                if cursor.isNull():
                    break
                spans.setdefault(cursor.selectionStart(), QTextCursor(cursor))
        found = [spans[k] for k in sorted(spans)]
        body = self._body_position()
        self._hits = [c for c in found if c.selectionStart() >= body] or found
        self._head_hits = (
            [c for c in found if c.selectionStart() < body] if self._hits is not found else []
        )
        self._hit = -1
        if self._hits:
            self._select_hit(0, scroll=scroll)
        else:
            self._paint_hits()
            self.hits_changed.emit(0, 0)
        return len(self._hits)

    def _body_position(self) -> int:
        """Where the text under the first heading, path and page line starts."""
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                if "body" in it.fragment().charFormat().anchorNames():
                    return block.position()
                it += 1
            block = block.next()
        return 0

    @property
    def terms(self) -> list[str]:
        """The terms highlighted now."""
        return list(self._terms)

    def node_at(self, y: int) -> str | None:
        """The id of the node shown at height ``y`` of the viewport (None: no page)."""
        if not self.markers:
            return None
        return self.markers[self._marker_at(self.verticalScrollBar().value() + y)].node.id

    def hit_count(self) -> int:
        return len(self._hits)

    def current_hit(self) -> int:
        """The current hit, 0-based (-1 when there is none)."""
        return self._hit

    def next_hit(self, step: int = 1) -> None:
        """Go to the next (``step=1``) or previous (``-1``) hit, wrapping around."""
        if self._hits:
            self._select_hit((self._hit + step) % len(self._hits))

    def _select_hit(self, k: int, scroll: bool = True) -> None:
        self._hit = k
        self._paint_hits()
        if scroll:
            cursor = QTextCursor(self._hits[k])
            cursor.clearSelection()
            rect = self.cursorRect(cursor)
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)
            self._update_location()
        self.hits_changed.emit(k + 1, len(self._hits))

    def _paint_hits(self) -> None:
        selections = []
        for k, cursor in [*((-1, c) for c in self._head_hits), *enumerate(self._hits)]:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(CURRENT_HIT_COLOR if k == self._hit and k >= 0 else HIT_COLOR)
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(selections)

    # -- copying ------------------------------------------------------------------------

    def citation_for(self, start: int, end: int) -> str:
        """``——《武威年鉴（2024）》第54页`` for the text between two positions."""
        if not self.markers:
            return ""
        layout = self.document().documentLayout()
        doc = self.document()
        first = self.markers[self._marker_at(layout.blockBoundingRect(doc.findBlock(start)).top())]
        last = self.markers[
            self._marker_at(layout.blockBoundingRect(doc.findBlock(max(end - 1, start))).top())
        ]
        title = self.doc_titles.get(first.node.doc, first.node.path[0] if first.node.path else "")
        if first.node.kind == "document":
            title = first.node.title
        pages = page_label(first.page, last.page if last.page != first.page else None)
        return S.CITATION.format(title=title, page=pages)

    def selected_text_with_citation(self) -> str:
        cursor = self.textCursor()
        text = cursor.selectedText().replace("\u2029", "\n").replace("\u2028", "\n")
        if not text:
            return ""
        citation = self.citation_for(cursor.selectionStart(), cursor.selectionEnd())
        return f"{text}\n{citation}" if citation else text

    def createMimeDataFromSelection(self) -> QMimeData:
        data = super().createMimeDataFromSelection()
        if self.cite_on_copy:
            cited = QMimeData()
            cited.setText(self.selected_text_with_citation())
            return cited
        return data

    def plain_text(self) -> str:
        """What the reader shows, as plain text (for tests and copying)."""
        return self.document().toPlainText()

    def find_text(self, text: str) -> QTextCursor:
        """The first occurrence of ``text`` (a null cursor if absent)."""
        return self.document().find(text, 0, QTextDocument.FindFlag(0))

    def scroll_to_position(self, position: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.top())
        self._update_location()
