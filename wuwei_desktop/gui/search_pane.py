"""The search pane: results as you type, grouped by document and category.

Typing never blocks the window: the query goes to :meth:`Archive.search` on a worker
thread (a one-thread ``QThreadPool``; the archive serialises its own access with a
lock), and a result that arrives after the user typed something newer is dropped.

Debounce: the first keystroke after a pause searches at once (so a single change or an
input-method commit like ``常住人口`` shows results in a few milliseconds); further
keystrokes within :data:`DEBOUNCE_MS` of the previous one are coalesced into one search
``DEBOUNCE_MS`` after the last of them.

Public API for the main window:

- ``SearchPane(archive=None, settings=None, settings_key="search/recent", parent=None)``
- ``set_archive(archive)`` (``set_archive(None)`` before closing an archive: it waits for
  a running search), ``shutdown()``, ``focus_search()``, ``set_query(text)``, ``search_now()``,
  ``wait_for_results()``
- ``recent_searches`` (list of str, newest first), ``set_recent_searches(list)``,
  ``clear_recent_searches()``
- signals ``node_requested(node_id: str, terms: list)`` and ``results_shown(total: int)``
"""

from __future__ import annotations

import html
import json
import logging
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPointF,
    QRect,
    QRunnable,
    QSettings,
    QSize,
    QStringListModel,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..db.search import split_words
from ..render.strings import LOST_MARK, LOST_NOTE
from ..render.text import LOST_HTML
from .figure_answer import FigureAnswer
from .plain import menu_text, plain_tooltip

if TYPE_CHECKING:
    from ..api import Archive

log = logging.getLogger(__name__)

# -- user-visible strings ---------------------------------------------------------------
PLACEHOLDER = "输入检索词，空格分隔多个词，“引号”内为词组，-词 排除"
ALL_DOCS = "全部文档"
ALL_CATEGORIES = "全部类目"
TIP_DOC = "只在一个文档中检索"
TIP_CATEGORY = "只在所选文档的一个类目中检索"
RECENT_BUTTON = "最近"
TIP_RECENT = "最近的检索"
PRINT_RESULTS = "打印检索结果"
TIP_PRINT_RESULTS = "把这次检索的结果（位置、页码和摘要）加入打印清单，可打印或导出PDF"
LOST_TIP = f"{LOST_MARK}：{LOST_NOTE}"
RECENT_NONE = "（还没有检索记录）"
RECENT_CLEAR = "清除检索记录"
SEARCHING = "正在检索…"
SUMMARY = "共 {total} 条结果"
SUMMARY_PARTIAL = "共 {total} 条结果，显示前 {shown} 条"
NO_RESULTS = "没有找到“{query}”，请尝试更短的检索词。"
NO_TERMS = "请输入检索词。"
SUGGEST = "试试："
SEARCH_EVERYWHERE = "在全部文档中检索"
MORE = "显示更多结果…（已显示 {shown} 条，共 {total} 条）"
SEARCH_FAILED = "检索出错：{error}"
NO_ARCHIVE = "未打开档案，无法检索。"
PAGE = "第{page}页"

# -- tuning -----------------------------------------------------------------------------
DEBOUNCE_MS = 150
PAGE_SIZE = 100
RECENT_MAX = 20
SUGGESTIONS_MAX = 5
QUERY_SHOWN_MAX = 24  # characters of the query quoted in messages

# item roles and kinds
ROLE_KIND = Qt.ItemDataRole.UserRole + 1
ROLE_HIT = Qt.ItemDataRole.UserRole + 2
ROLE_NODE = Qt.ItemDataRole.UserRole + 3
ROLE_HTML = Qt.ItemDataRole.UserRole + 4
KIND_GROUP, KIND_HIT, KIND_MORE = "group", "hit", "more"

_MARKED = re.compile("«([^«»]*)»")
HIT_BG, HIT_FG = "#ffe28a", "#7a2e00"
HIT_STYLE = f"background-color:{HIT_BG};color:{HIT_FG};font-weight:bold"


def snippet_html(snippet: str) -> str:
    """The snippet as safe HTML: text escaped, the engine's «marks» as highlighted spans."""
    escaped = html.escape(snippet, quote=False).replace("\ufffd", LOST_HTML)
    return _MARKED.sub(lambda m: f'<span style="{HIT_STYLE}">{m.group(1)}</span>', escaped)


def split_marks(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """The snippet's plain text and the (start, end) spans the engine marked «…».

    The delegate draws the plain text with these spans highlighted, so document text is
    never interpreted as markup.
    """
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for match in _MARKED.finditer(snippet):
        before = snippet[pos : match.start()]
        parts.append(before)
        length += len(before)
        inner = match.group(1)
        spans.append((length, length + len(inner)))
        parts.append(inner)
        length += len(inner)
        pos = match.end()
    parts.append(snippet[pos:])
    return "".join(parts).replace("\ufffd", LOST_MARK), spans  # □: the source lost it


def category_key(node_id: str) -> str:
    """The id of a node's top-level category (``doc/类目``), or the document id itself."""
    return "/".join(node_id.split("/")[:2])


def shorter_queries(terms: list[str], limit: int = SUGGESTIONS_MAX) -> list[str]:
    """Shorter queries to try when ``terms`` found nothing: each word, then first 2 chars."""
    candidates: list[str] = []
    if len(terms) > 1:
        candidates.extend(terms)
    for term in terms:
        if len(term) > 4:
            candidates.append(term[:4].strip())
        if len(term) > 2:
            candidates.append(term[:2].strip())
    out: list[str] = []
    for candidate in filter(None, candidates):
        quoted = f"“{candidate}”" if any(c.isspace() for c in candidate) else candidate
        if quoted not in out:
            out.append(quoted)
    return out[: limit * 2]


def _shorten(text: str, limit: int = QUERY_SHOWN_MAX) -> str:
    text = "".join(c if c.isprintable() else " " for c in text)
    return text if len(text) <= limit else text[:limit] + "…"


def _data(combo: QComboBox) -> str | None:
    """The current item's id, None for "all".

    Items never hold None: with PySide6 6.12 on Python 3.11, every None that a Qt call
    returns (an unset QVariant, a null pointer) drops a reference to None, and the
    interpreter aborts ("none_dealloc") once None's count reaches zero.
    """
    return combo.currentData() or None


# -- the worker -------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchRequest:
    serial: int
    query: str
    doc: str | None
    category: str | None
    offset: int = 0
    limit: int = PAGE_SIZE


class _TaskSignals(QObject):
    finished = Signal(object, object, object)  # request, results, suggestions
    failed = Signal(object, str, bool)  # request, message, the archive file is damaged


class _SearchTask(QRunnable):
    """Runs one search (and, when it finds nothing, the suggestions) off the GUI thread."""

    def __init__(self, archive: Archive, request: SearchRequest, signals: _TaskSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.archive = archive
        self.request = request
        self.signals = signals  # kept alive by this task while it runs

    def _found(self, query: str, doc: str | None) -> bool:
        return self.archive.search(query, doc=doc, limit=0).total > 0

    def run(self) -> None:
        req = self.request
        try:
            results = self.archive.search(
                req.query,
                doc=req.doc,
                limit=req.limit,
                offset=req.offset,
                category=req.category,
                facets=req.offset == 0,
            )
            suggestions: list[tuple[str, int]] = []
            if results.total == 0 and req.offset == 0 and results.terms:
                from ..facts.question import search_words  # a question's own words first

                split = split_words(req.query, lambda q: self._found(q, req.doc))
                candidates = [
                    *search_words(req.query),
                    *([split] if split else []),
                    *shorter_queries(list(results.terms)),
                ]
                for candidate in dict.fromkeys(candidates):
                    found = self.archive.search(candidate, doc=req.doc, limit=1)
                    if found.total:
                        suggestions.append((candidate, found.total))
                    if len(suggestions) >= SUGGESTIONS_MAX:
                        break
            self.signals.finished.emit(req, results, suggestions)
        except Exception as error:  # never let a worker exception reach Qt
            log.exception("search failed: %r", req.query)
            damaged = bool(getattr(error, "damaged", False))
            self.signals.failed.emit(req, str(error) or error.__class__.__name__, damaged)


# -- the hit delegate -------------------------------------------------------------------


class HitDelegate(QStyledItemDelegate):
    """Paints a hit as title, path · page, and a two-line snippet with the hits marked."""

    SNIPPET_LINES = 2
    PAD = 4

    def _lines(self, option: QStyleOptionViewItem) -> tuple[int, int]:
        line = option.fontMetrics.lineSpacing()
        small = max(line - 2, 10)
        return line, small

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        if index.data(ROLE_KIND) != KIND_HIT:
            size = super().sizeHint(option, index)
            return QSize(size.width(), size.height() + 6)
        line, small = self._lines(option)
        height = self.PAD * 2 + line + small + line * self.SNIPPET_LINES + 2
        return QSize(200, height)

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if index.data(ROLE_KIND) != KIND_HIT:
            super().paint(painter, option, index)
            return
        hit = index.data(ROLE_HIT)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        text_color = opt.palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text,
        )
        dim_color = (
            text_color if selected else opt.palette.color(group, QPalette.ColorRole.PlaceholderText)
        )
        rect = opt.rect.adjusted(self.PAD + 2, self.PAD, -self.PAD, -self.PAD)
        line, small = self._lines(opt)
        painter.save()
        painter.setClipRect(opt.rect)

        # line 1: the title (bold), the page at the right
        page = PAGE.format(page=hit.page) if hit.page is not None else ""
        base = QFont(opt.font)
        bold = QFont(base)
        bold.setBold(True)
        painter.setFont(base)
        page_width = painter.fontMetrics().horizontalAdvance(page) + 8 if page else 0
        title_rect = QRect(rect.left(), rect.top(), rect.width() - page_width, line)
        painter.setFont(bold)
        painter.setPen(text_color)
        title = painter.fontMetrics().elidedText(
            hit.title, Qt.TextElideMode.ElideRight, title_rect.width()
        )
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )
        if page:
            painter.setFont(base)
            painter.setPen(dim_color)
            painter.drawText(
                QRect(rect.right() - page_width, rect.top(), page_width, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                page,
            )

        # line 2: where it is (path below the document), smaller and dimmer
        small_font = QFont(base)
        small_font.setPointSizeF(max(base.pointSizeF() * 0.88, 7.0))
        painter.setFont(small_font)
        painter.setPen(dim_color)
        path_text = " › ".join(hit.path[1:]) or (hit.path[0] if hit.path else "")
        path_rect = QRect(rect.left(), rect.top() + line, rect.width(), small)
        painter.drawText(
            path_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(path_text, Qt.TextElideMode.ElideMiddle, rect.width()),
        )

        # lines 3-4: the snippet, wrapped, hits highlighted (text escaped)
        text, spans = split_marks(hit.snippet)
        layout = QTextLayout(text, base)
        hit_format = QTextCharFormat()
        hit_format.setFontWeight(QFont.Weight.Bold)
        hit_format.setForeground(QColor(HIT_FG))
        hit_format.setBackground(QColor(HIT_BG))
        ranges = []
        for start, end in spans:
            fr = QTextLayout.FormatRange()
            fr.start, fr.length, fr.format = start, end - start, hit_format
            ranges.append(fr)
        layout.setFormats(ranges)
        option_wrap = QTextOption()
        option_wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option_wrap)
        layout.beginLayout()
        y = 0.0
        for _ in range(self.SNIPPET_LINES):
            text_line = layout.createLine()
            if not text_line.isValid():
                break
            text_line.setLineWidth(rect.width())
            text_line.setPosition(QPointF(0, y))
            y += text_line.height()
        layout.endLayout()
        painter.setPen(text_color)
        top = rect.top() + line + small + 2
        painter.setClipRect(
            QRect(rect.left(), top, rect.width(), line * self.SNIPPET_LINES + 2),
            Qt.ClipOperation.IntersectClip,
        )
        layout.draw(painter, QPointF(rect.left(), top))
        painter.restore()


# -- the pane ---------------------------------------------------------------------------


class SearchPane(QWidget):
    """Search box, document and category filters, and the grouped results.

    Args:
        archive: the open archive (or None; see :meth:`set_archive`).
        settings: where recent searches are remembered (default: ``QSettings()``).
        settings_key: the key under which they are kept.
    """

    node_requested = Signal(str, list)  # node id, terms to highlight
    results_shown = Signal(int)  # total hits of the results now on screen
    print_requested = Signal(str, object)  # query, document filter (None: all)
    search_failed = Signal(str, bool)  # a Chinese message; the archive file is damaged

    def __init__(
        self,
        archive: Archive | None = None,
        settings: QSettings | None = None,
        settings_key: str = "search/recent",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._archive: Archive | None = None
        self._settings = settings if settings is not None else QSettings()
        self._settings_key = settings_key
        self._serial = 0  # bumped on every change of query or filters
        self._last_change = 0.0
        self._trailing = False
        self._shown: SearchRequest | None = None
        self._shown_total = 0
        self._shown_count = 0
        self._terms: list[str] = []
        self._groups: dict[str, QTreeWidgetItem] = {}
        self._group_counts: dict[str, int] = {}
        self._doc_titles: dict[str, str] = {}
        self._category_titles: dict[str, str] = {}
        self._last_emit: tuple[str, float] = ("", 0.0)
        self._open_first_when_shown = False  # Enter was pressed before the results came

        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _TaskSignals()
        self._signals.finished.connect(self._on_search_finished)
        self._signals.failed.connect(self._on_search_failed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_debounce_timeout)

        self._build_ui()
        self._load_recent()
        self.set_archive(archive)

    # -- construction -------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(PLACEHOLDER)
        self.search_box.setToolTip(PLACEHOLDER)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._on_text_changed)
        self.search_box.returnPressed.connect(self._on_return_pressed)
        self.search_box.installEventFilter(self)

        self._recent_model = QStringListModel(self)
        completer = QCompleter(self._recent_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.search_box.setCompleter(completer)

        self.recent_button = QToolButton(self)
        self.recent_button.setText(RECENT_BUTTON)
        self.recent_button.setToolTip(TIP_RECENT)
        self.recent_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._recent_menu = QMenu(self.recent_button)
        self._recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        self.recent_button.setMenu(self._recent_menu)

        self.doc_combo = QComboBox(self)
        self.doc_combo.setToolTip(TIP_DOC)
        self.doc_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.doc_combo.setMinimumContentsLength(8)
        self.doc_combo.currentIndexChanged.connect(self._on_doc_changed)
        self.category_combo = QComboBox(self)
        self.category_combo.setToolTip(TIP_CATEGORY)
        self.category_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.category_combo.setMinimumContentsLength(6)
        self.category_combo.currentIndexChanged.connect(self._on_category_changed)

        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.status_label.linkActivated.connect(self._on_suggestion_activated)

        self.results = QTreeWidget(self)
        self.results.setHeaderHidden(True)
        self.results.setColumnCount(1)
        self.results.setRootIsDecorated(True)
        self.results.setIndentation(12)
        self.results.setUniformRowHeights(False)
        self.results.setWordWrap(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.itemClicked.connect(self._on_item_clicked)
        self.results.installEventFilter(self)

        self.print_button = QToolButton(self)
        self.print_button.setObjectName("printResults")
        self.print_button.setText(PRINT_RESULTS)
        self.print_button.setToolTip(TIP_PRINT_RESULTS)
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.results_shown.connect(lambda total: self.print_button.setEnabled(total > 0))

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search_box, 1)
        top.addWidget(self.recent_button)
        top.addWidget(self.print_button)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.doc_combo, 3)
        filters.addWidget(self.category_combo, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.status_label)
        self.figure_answer = FigureAnswer(self)  # a figure question's answer, above the hits
        self.figure_answer.node_requested.connect(
            lambda node_id: self.node_requested.emit(node_id, [])
        )
        layout.addWidget(self.figure_answer)
        layout.addWidget(self.results, 1)

    def _on_print_clicked(self) -> None:
        if self._shown is not None:
            self.print_requested.emit(self._shown.query, self._shown.doc)

    # -- public API ---------------------------------------------------------------------

    def set_archive(self, archive: Archive | None) -> None:
        """Search ``archive`` from now on (None: nothing to search); refills the filters.

        Waits for a search still running on the previous archive, so call this (with
        None) before closing the archive the pane was given.
        """
        self.shutdown()
        self._archive = archive
        self._doc_titles = {}
        self.figure_answer.doc_titles = self._doc_titles
        self.figure_answer.prepare(archive)
        self.doc_combo.blockSignals(True)
        self.doc_combo.clear()
        self.doc_combo.addItem(ALL_DOCS, "")  # never None: see _data()
        if archive is not None:
            try:
                for document in archive.documents():
                    self._doc_titles[document.id] = document.title
                    self.doc_combo.addItem(document.title, document.id)
                    self.doc_combo.setItemData(
                        self.doc_combo.count() - 1,
                        plain_tooltip(document.title),
                        Qt.ItemDataRole.ToolTipRole,
                    )
            except Exception:
                log.exception("listing documents")
        self.doc_combo.setCurrentIndex(0)
        self.doc_combo.blockSignals(False)
        self._fill_categories()
        enabled = archive is not None
        for widget in (self.search_box, self.doc_combo, self.results):
            widget.setEnabled(enabled)
        self._clear_results()
        if archive is None:
            self._set_status(html.escape(NO_ARCHIVE))
        elif self.search_box.text().strip():
            self.search_now()

    def shutdown(self) -> None:
        """Drop queued searches and wait for a running one to finish (a few ms)."""
        self._timer.stop()
        self._serial += 1
        self._pool.clear()
        self._pool.waitForDone()
        self.figure_answer.shutdown()

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected (bound to Ctrl+F)."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def set_query(self, text: str) -> None:
        """Put ``text`` in the box and search for it now."""
        self.search_box.setText(text)
        self.search_now()

    def search_now(self) -> None:
        """Search for what is in the box now, without waiting for the debounce."""
        self._timer.stop()
        self._trailing = False
        self._dispatch()

    def wait_for_results(self, msecs: int = 5000) -> None:
        """Run a search still waiting for the debounce, wait for it and show its results
        (for ``--screenshot`` and tests; the window never blocks on a search otherwise)."""
        if self._timer.isActive() and self._trailing:
            self.search_now()
        self._pool.waitForDone(msecs)
        self.figure_answer.wait(msecs)
        QApplication.processEvents()

    @property
    def query(self) -> str:
        return self.search_box.text()

    @property
    def recent_searches(self) -> list[str]:
        """Recent searches, newest first."""
        return list(self._recent)

    def set_recent_searches(self, searches: list[str]) -> None:
        clean = []
        for text in searches:
            if isinstance(text, str) and text.strip() and text.strip() not in clean:
                clean.append(text.strip())
        self._recent = clean[:RECENT_MAX]
        self._recent_model.setStringList(self._recent)
        self._settings.setValue(self._settings_key, json.dumps(self._recent, ensure_ascii=False))

    def clear_recent_searches(self) -> None:
        self.set_recent_searches([])

    def remember_query(self, text: str | None = None) -> None:
        """Put ``text`` (default: the box's text) at the top of the recent searches."""
        text = (self.search_box.text() if text is None else text).strip()
        if text and len(text) <= 200:
            self.set_recent_searches([text, *[r for r in self._recent if r != text]])

    # -- recent searches ----------------------------------------------------------------

    def _load_recent(self) -> None:
        value: Any = self._settings.value(self._settings_key, "[]")
        try:
            loaded = json.loads(value) if isinstance(value, str) else value
        except (ValueError, RecursionError):  # a damaged settings file: no recent list
            loaded = []
        self._recent = []
        if isinstance(loaded, list):
            self._recent = [s for s in loaded if isinstance(s, str) and s.strip()][:RECENT_MAX]
        self._recent_model.setStringList(self._recent)

    def _on_recent_menu_about_to_show(self) -> None:
        menu = self._recent_menu
        menu.clear()
        if not self._recent:
            menu.addAction(RECENT_NONE).setEnabled(False)
            return
        for text in self._recent:
            action = menu.addAction(menu_text(_shorten(text, 40)))
            action.triggered.connect(lambda _checked=False, t=text: self.set_query(t))
        menu.addSeparator()
        menu.addAction(RECENT_CLEAR).triggered.connect(self.clear_recent_searches)

    # -- filters ------------------------------------------------------------------------

    def _fill_categories(self) -> None:
        doc = _data(self.doc_combo)
        self._category_titles = {}
        self.category_combo.blockSignals(True)
        self.category_combo.clear()
        self.category_combo.addItem(ALL_CATEGORIES, "")
        if doc is not None and self._archive is not None:
            try:
                roots = self._archive.tree(doc, depth=1)
            except Exception:
                log.exception("categories of %s", doc)
                roots = []
            for root in roots:
                for child in root.children:
                    self._category_titles[child.id] = child.title
                    self.category_combo.addItem(child.title, child.id)
                    self.category_combo.setItemData(
                        self.category_combo.count() - 1,
                        plain_tooltip(child.title),
                        Qt.ItemDataRole.ToolTipRole,
                    )
        self.category_combo.setCurrentIndex(0)
        self.category_combo.setEnabled(doc is not None and self.category_combo.count() > 1)
        self.category_combo.blockSignals(False)

    def _on_doc_changed(self, _index: int) -> None:
        self._fill_categories()
        self.search_now()

    def _on_category_changed(self, _index: int) -> None:
        self.search_now()

    # -- typing and dispatch ------------------------------------------------------------

    def _on_text_changed(self, _text: str) -> None:
        self._open_first_when_shown = False
        self._serial += 1  # whatever is in flight is stale now
        now = time.monotonic()
        quiet = (now - self._last_change) * 1000 >= DEBOUNCE_MS
        self._last_change = now
        if self._timer.isActive() or not quiet:
            self._trailing = True
            self._timer.start()
        else:
            self._trailing = False
            self._timer.start()  # the quiet window during which later keys coalesce
            self._dispatch()

    def _on_debounce_timeout(self) -> None:
        if self._trailing:
            self._trailing = False
            self._dispatch()

    def _dispatch(self, offset: int = 0) -> None:
        if offset == 0:
            self._serial += 1
        query = self.search_box.text()
        if self._archive is None:
            return
        if offset == 0:
            self.figure_answer.ask(self._archive, query)
        if not query.strip():
            self._clear_results()
            self._set_status("")
            self.results_shown.emit(0)
            return
        request = SearchRequest(
            serial=self._serial,
            query=query,
            doc=_data(self.doc_combo),
            category=_data(self.category_combo),
            offset=offset,
        )
        if offset == 0 and not self._shown_count:
            self._set_status(html.escape(SEARCHING))
        self._pool.clear()  # queued, not started: stale already
        self._pool.start(_SearchTask(self._archive, request, self._signals))

    # -- results ------------------------------------------------------------------------

    def _on_search_failed(self, request: SearchRequest, message: str, damaged: bool) -> None:
        if request.serial != self._serial:
            return
        self._open_first_when_shown = False
        self._clear_results()
        self._set_status(html.escape(SEARCH_FAILED.format(error=message)))
        self.results_shown.emit(0)
        self.search_failed.emit(message, damaged)

    def _on_search_finished(self, request: SearchRequest, results, suggestions) -> None:
        if request.serial != self._serial:
            return  # the user typed something newer meanwhile
        if request.offset == 0:
            self._clear_results()
            self._shown = request
            self._terms = list(getattr(results, "terms", []) or [])
            facets = getattr(results, "facets", None)
            self._group_counts = {}
            if facets is not None:
                for cat in facets.by_category:
                    self._group_counts[cat.node_id] = cat.count
                    self._category_titles.setdefault(cat.node_id, cat.title)
        else:
            self._remove_more_row()
        self._shown_total = results.total
        self.results.setUpdatesEnabled(False)
        try:
            for hit in results.hits:
                self._add_hit(hit)
            self._shown_count += len(results.hits)
            if self._shown_count < self._shown_total and results.hits:
                more = QTreeWidgetItem(
                    [MORE.format(shown=self._shown_count, total=self._shown_total)]
                )
                more.setData(0, ROLE_KIND, KIND_MORE)
                more.setForeground(0, self.palette().brush(QPalette.ColorRole.Link))
                self.results.addTopLevelItem(more)
        finally:
            self.results.setUpdatesEnabled(True)
        if request.offset == 0:
            self._show_summary(request, results, suggestions)
        else:
            self._set_status(html.escape(self._summary_text()))
        self.results_shown.emit(self._shown_total)
        if request.offset == 0 and self._open_first_when_shown:
            self._open_first_when_shown = False
            self._open_first_hit()

    def _summary_text(self) -> str:
        if self._shown_count < self._shown_total:
            return SUMMARY_PARTIAL.format(total=self._shown_total, shown=self._shown_count)
        return SUMMARY.format(total=self._shown_total)

    def _show_summary(self, request: SearchRequest, results, suggestions) -> None:
        if results.total:
            self._set_status(html.escape(self._summary_text()))
            return
        if not results.terms:
            self._set_status(html.escape(NO_TERMS))
            return
        parts = [html.escape(NO_RESULTS.format(query=_shorten(request.query.strip())))]
        links = [
            f'<a href="q:{html.escape(text)}">{html.escape(_shorten(text))}</a>（{count}）'
            for text, count in suggestions
        ]
        if links:
            parts.append(html.escape(SUGGEST) + "　".join(links))
        if request.doc is not None:
            parts.append(f'<a href="all:">{html.escape(SEARCH_EVERYWHERE)}</a>')
        self._set_status("<br>".join(parts))

    def _add_hit(self, hit) -> None:
        key = category_key(hit.node_id)
        group = self._groups.get(key)
        if group is None:
            group = QTreeWidgetItem()
            group.setData(0, ROLE_KIND, KIND_GROUP)
            group.setData(0, ROLE_NODE, key)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.results.addTopLevelItem(group)
            group.setExpanded(True)
            self._groups[key] = group
        item = QTreeWidgetItem(group)
        page = PAGE.format(page=hit.page) if hit.page is not None else ""
        item.setText(0, f"{hit.title}  {page}".strip())
        item.setData(0, ROLE_KIND, KIND_HIT)
        item.setData(0, ROLE_HIT, hit)
        item.setData(0, ROLE_NODE, hit.node_id)
        item.setData(0, ROLE_HTML, snippet_html(hit.snippet))
        where = " › ".join([*hit.path, hit.title]) + (f"（{page}）" if page else "")
        if "\ufffd" in hit.snippet:
            where += "\n" + LOST_TIP
        item.setToolTip(0, plain_tooltip(where))
        group.setExpanded(True)
        self._label_group(key, group, hit)

    def _label_group(self, key: str, group: QTreeWidgetItem, hit) -> None:
        doc_title = self._doc_titles.get(hit.doc) or (hit.path[0] if hit.path else hit.doc)
        if key == hit.doc:
            label = doc_title
        else:
            category = self._category_titles.get(key)
            if category is None:
                category = hit.path[1] if len(hit.path) > 1 else hit.title
                self._category_titles[key] = category
            label = f"{doc_title} · {category}"
        count = self._group_counts.get(key, group.childCount())
        group.setText(0, f"{label} ({count})")
        group.setToolTip(0, plain_tooltip(f"{label}（{count} 条）"))

    def _remove_more_row(self) -> None:
        last = self.results.topLevelItem(self.results.topLevelItemCount() - 1)
        if last is not None and last.data(0, ROLE_KIND) == KIND_MORE:
            self.results.takeTopLevelItem(self.results.topLevelItemCount() - 1)

    def _clear_results(self) -> None:
        self.results.clear()
        self._groups = {}
        self._shown = None
        self._shown_total = 0
        self._shown_count = 0

    def _set_status(self, rich_text: str) -> None:
        self.status_label.setText(rich_text)
        self.status_label.setVisible(bool(rich_text))

    # -- activation ---------------------------------------------------------------------

    def selected_node(self) -> str:
        """The node id of the selected result ("" when no result is selected)."""
        items = self.results.selectedItems()
        if items and items[0].data(0, ROLE_KIND) == KIND_HIT:
            return items[0].data(0, ROLE_NODE)
        return ""

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        kind = item.data(0, ROLE_KIND)
        if kind == KIND_HIT:
            self._request(item)
        elif kind == KIND_MORE and self._shown is not None:
            item.setText(0, SEARCHING)
            self._dispatch(offset=self._shown_count)
        elif kind == KIND_GROUP:
            item.setExpanded(not item.isExpanded())

    def _request(self, item: QTreeWidgetItem) -> None:
        node_id = item.data(0, ROLE_NODE)
        now = time.monotonic()
        last_id, last_time = self._last_emit
        if last_id == node_id and (now - last_time) * 1000 < QApplication.doubleClickInterval():
            return  # the second click of a double click
        self._last_emit = (node_id, now)
        self.remember_query()
        self.node_requested.emit(node_id, list(self._terms))

    def _on_suggestion_activated(self, link: str) -> None:
        if link.startswith("q:"):
            self.set_query(html.unescape(link[2:]))
        elif link == "all:":
            self.doc_combo.setCurrentIndex(0)

    def _on_return_pressed(self) -> None:
        """Enter in the box opens the first hit (once the results are in)."""
        self.remember_query()
        if self._shown is not None and self._shown.query == self.search_box.text():
            self._open_first_hit()
        else:
            self._open_first_when_shown = True
            self.search_now()

    def _open_first_hit(self) -> None:
        if self._select_first_hit():
            self._last_emit = ("", 0.0)
            self._request(self.results.currentItem())

    def _select_first_hit(self) -> bool:
        for i in range(self.results.topLevelItemCount()):
            group = self.results.topLevelItem(i)
            if group.childCount():
                self.results.setCurrentItem(group.child(0))
                self.results.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search_box and key == Qt.Key.Key_Down:
                popup = self.search_box.completer().popup()
                if not (popup and popup.isVisible()):
                    return self._select_first_hit()
            if watched is self.results and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.results.currentItem()
                if item is not None:
                    self._last_emit = ("", 0.0)
                    self._on_item_clicked(item)
                    return True
        return super().eventFilter(watched, event)
