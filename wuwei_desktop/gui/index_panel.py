"""The yearbook's subject index (索引): terms by pinyin letter, filterable, with page refs.

Public API for the main window:

The index (1,100 references) is read and laid out when the panel is first shown (or
first asked about), not at start-up: the tab is hidden then.

- ``IndexPanel(archive=None, parent=None)``, ``set_archive(archive)``,
  ``set_hits(hits)`` (a list of :class:`~wuwei_desktop.api.IndexHit`), ``focus_filter()``,
  ``jump_to_letter(letter)``
- signal ``node_requested(node_id: str, terms: list)``: a term (its first ref that lands on
  a node) or one of its refs was activated; ``terms`` is ``[term]``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .plain import plain_tooltip

if TYPE_CHECKING:
    from ..api import Archive, IndexHit

log = logging.getLogger(__name__)

FILTER_PLACEHOLDER = "筛选索引词，例如：防沙"
HEADER_TERM = "索引词"
HEADER_PAGES = "页码"
COUNT_ALL = "共 {terms} 个索引词"
COUNT_FILTERED = "筛选出 {shown} 个索引词（共 {terms} 个）"
NO_MATCH = "索引中没有含“{text}”的词。"
NO_INDEX = "本档案没有主题索引。"
LOAD_FAILED = "读取索引出错：{error}"
UNRESOLVED = "（未对应到条目）"
TIP_UNRESOLVED = "这一页码没有对应到档案中的条目"
TIP_TERM = "单击打开第一处；展开可选择其他页码"
TIP_LETTER = "跳到以 {letter} 开头的索引词"
OTHER_LETTER = "数字及其他"
OTHER_BUTTON = "#"
TIP_BOOK = "档案中有几本年鉴时，选择看哪一本的索引（默认最新一本）"
LETTER_COLUMNS = 14

ROLE_KIND = Qt.ItemDataRole.UserRole + 1
ROLE_NODE = Qt.ItemDataRole.UserRole + 2
ROLE_TERM = Qt.ItemDataRole.UserRole + 3
KIND_LETTER, KIND_TERM, KIND_REF = "letter", "term", "ref"


@dataclass
class IndexTermRefs:
    """One term of the index with all its page references, in book order."""

    term: str
    letter: str
    refs: list[IndexHit] = field(default_factory=list)

    @property
    def pages(self) -> str:
        """The refs as the book prints them: ``54a 55b``."""
        return " ".join(ref_label(r) for r in self.refs)

    @property
    def first_node(self) -> str | None:
        return next((r.node_id for r in self.refs if r.node_id), None)


def ref_label(hit: IndexHit) -> str:
    return f"{hit.page}{hit.col or ''}"


def group_terms(hits: list[IndexHit]) -> list[IndexTermRefs]:
    """Collect the refs of each (letter, term), keeping the book's order."""
    grouped: dict[tuple[str, str], IndexTermRefs] = {}
    for hit in hits:
        key = (hit.letter or OTHER_LETTER, hit.term)
        entry = grouped.get(key)
        if entry is None:
            entry = grouped[key] = IndexTermRefs(hit.term, key[0])
        entry.refs.append(hit)
    return list(grouped.values())


class IndexPanel(QWidget):
    """The subject index as a tree: letter → term (pages) → each page reference."""

    node_requested = Signal(str, list)

    def __init__(self, archive: Archive | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._terms: list[IndexTermRefs] = []
        self._letter_items: dict[str, QTreeWidgetItem] = {}
        self._letter_buttons: dict[str, QToolButton] = {}
        self._last_emit: tuple[str, float] = ("", 0.0)
        self._pending: Archive | None = None  # set, not yet read
        self._all_hits: list[IndexHit] = []  # every book's, when several have an index
        self._build_ui()
        self.set_archive(archive)

    def _build_ui(self) -> None:
        self.book_box = QComboBox(self)  # shown when several books have an index
        self.book_box.setToolTip(TIP_BOOK)
        self.book_box.setVisible(False)
        self.book_box.currentIndexChanged.connect(self._on_book_changed)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText(FILTER_PLACEHOLDER)
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._on_filter_changed)
        self.filter_box.returnPressed.connect(self._on_filter_return)

        self.letter_bar = QWidget(self)
        self._letter_layout = QGridLayout(self.letter_bar)
        self._letter_layout.setContentsMargins(0, 0, 0, 0)
        self._letter_layout.setHorizontalSpacing(1)
        self._letter_layout.setVerticalSpacing(1)
        # the app's tool-button padding would make 14 letters wider than the side panel
        self.letter_bar.setStyleSheet("QToolButton { padding: 1px 2px; }")

        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setWordWrap(True)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([HEADER_TERM, HEADER_PAGES])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("000a 000b 000a") + 12)
        self.tree.setIndentation(14)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemClicked.connect(self._on_item_clicked)
        self.tree.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.book_box)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.letter_bar)
        layout.addWidget(self.count_label)
        layout.addWidget(self.tree, 1)

    # -- public API ---------------------------------------------------------------------

    def set_archive(self, archive: Archive | None) -> None:
        """Show ``archive``'s subject index (None: empty): now if the panel is visible,
        else when it is first shown."""
        self._pending = archive
        if archive is None or self.isVisible():
            self._load()

    @property
    def loaded(self) -> bool:
        """Whether the archive given last is read and shown."""
        return self._pending is None

    def _load(self) -> None:
        archive, self._pending = self._pending, None
        hits: list[IndexHit] = []
        books: list[tuple[str, str]] = []
        error = None
        if archive is not None:
            try:
                hits = archive.index_terms()
                indexed = {hit.doc for hit in hits}
                books = [(d.id, d.title) for d in archive.editions() if d.id in indexed]
            except Exception as exc:  # a broken index must not break the window
                log.exception("reading the subject index")
                error = str(exc) or exc.__class__.__name__
        self._all_hits = hits if len(books) > 1 else []
        self.book_box.blockSignals(True)
        self.book_box.clear()
        for doc_id, title in books if len(books) > 1 else []:
            self.book_box.addItem(title, doc_id)
        self.book_box.blockSignals(False)
        self.book_box.setVisible(len(books) > 1)
        self.set_hits(self._book_hits() if len(books) > 1 else hits)
        if error:
            self.count_label.setText(LOAD_FAILED.format(error=error))

    def _book_hits(self) -> list[IndexHit]:
        """The chosen book's references (of several books with an index)."""
        doc = self.book_box.currentData()
        return [hit for hit in self._all_hits if hit.doc == doc]

    def _on_book_changed(self, _index: int) -> None:
        if self._all_hits:
            self.set_hits(self._book_hits())

    def showEvent(self, event) -> None:
        if self._pending is not None:
            self._load()
        super().showEvent(event)

    def _ensure_loaded(self) -> None:
        if self._pending is not None:
            self._load()

    def set_hits(self, hits: list[IndexHit]) -> None:
        """Show these index references (as :meth:`Archive.index_terms` returns them)."""
        self._pending = None
        self._terms = group_terms(hits)
        self._fill()
        self._on_filter_changed(self.filter_box.text())

    def focus_filter(self) -> None:
        self._ensure_loaded()
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()

    @property
    def letters(self) -> list[str]:
        """The letter headings, in the book's order."""
        self._ensure_loaded()
        return list(self._letter_items)

    def jump_to_letter(self, letter: str) -> None:
        """Scroll so that the heading ``letter`` is at the top."""
        self._ensure_loaded()
        item = self._letter_items.get(letter)
        if item is None or item.isHidden():
            return
        item.setExpanded(True)
        self.tree.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtTop)
        self.tree.setCurrentItem(item)

    # -- building -----------------------------------------------------------------------

    def _fill(self) -> None:
        self.tree.clear()
        self._letter_items = {}
        for button in self._letter_buttons.values():
            button.deleteLater()
        self._letter_buttons = {}
        dim = self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        self.tree.setUpdatesEnabled(False)
        try:
            for entry in self._terms:
                parent = self._letter_items.get(entry.letter)
                if parent is None:
                    parent = self._add_letter(entry.letter)
                item = QTreeWidgetItem(parent, [entry.term, entry.pages])
                item.setData(0, ROLE_KIND, KIND_TERM)
                item.setData(0, ROLE_TERM, entry.term)
                item.setData(0, ROLE_NODE, entry.first_node)
                item.setTextAlignment(
                    1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                item.setToolTip(1, plain_tooltip(entry.pages))
                if entry.first_node is None:
                    item.setForeground(0, dim)
                    item.setToolTip(0, TIP_UNRESOLVED)
                elif len(entry.refs) > 1:
                    item.setToolTip(0, TIP_TERM)
                if len(entry.refs) > 1:
                    for ref in entry.refs:
                        child = QTreeWidgetItem(item, [ref.title or UNRESOLVED, ref_label(ref)])
                        child.setData(0, ROLE_KIND, KIND_REF)
                        child.setData(0, ROLE_TERM, entry.term)
                        child.setData(0, ROLE_NODE, ref.node_id)
                        child.setTextAlignment(
                            1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                        if ref.node_id is None:
                            child.setForeground(0, dim)
                            child.setToolTip(0, TIP_UNRESOLVED)
                        else:
                            child.setToolTip(0, plain_tooltip(ref.node_id.replace("/", " › ")))
                elif entry.refs[0].title:
                    item.setToolTip(0, plain_tooltip(f"{entry.term} → {entry.refs[0].title}"))
            for item in self._letter_items.values():
                item.setExpanded(True)
        finally:
            self.tree.setUpdatesEnabled(True)
        for i, (letter, button) in enumerate(self._letter_buttons.items()):
            del letter
            self._letter_layout.addWidget(button, i // LETTER_COLUMNS, i % LETTER_COLUMNS)
        self.letter_bar.setVisible(bool(self._letter_buttons))

    def _add_letter(self, letter: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [letter, ""])
        item.setData(0, ROLE_KIND, KIND_LETTER)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setFirstColumnSpanned(True)
        self._letter_items[letter] = item
        button = QToolButton(self.letter_bar)
        button.setText(OTHER_BUTTON if letter == OTHER_LETTER else letter)
        button.setToolTip(TIP_LETTER.format(letter=letter))
        button.setAutoRaise(True)
        button.setFixedWidth(button.fontMetrics().horizontalAdvance("M") + 8)
        button.clicked.connect(lambda _checked=False, ltr=letter: self.jump_to_letter(ltr))
        self._letter_buttons[letter] = button
        return item

    # -- filtering ----------------------------------------------------------------------

    def _on_filter_changed(self, text: str) -> None:
        self._ensure_loaded()
        needle = "".join(text.split())
        shown = 0
        self.tree.setUpdatesEnabled(False)
        try:
            for letter, letter_item in self._letter_items.items():
                visible = 0
                for i in range(letter_item.childCount()):
                    item = letter_item.child(i)
                    match = not needle or needle.casefold() in item.text(0).casefold()
                    item.setHidden(not match)
                    visible += match
                letter_item.setHidden(visible == 0)
                if needle:
                    letter_item.setExpanded(True)
                self._letter_buttons[letter].setEnabled(visible > 0)
                shown += visible
        finally:
            self.tree.setUpdatesEnabled(True)
        total = len(self._terms)
        if not total:
            self.count_label.setText(NO_INDEX)
        elif needle and not shown:
            self.count_label.setText(NO_MATCH.format(text=text.strip()[:24]))
        elif needle:
            self.count_label.setText(COUNT_FILTERED.format(shown=shown, terms=total))
        else:
            self.count_label.setText(COUNT_ALL.format(terms=total))

    def visible_terms(self) -> list[str]:
        """The terms the filter lets through, in order."""
        self._ensure_loaded()
        return [
            item.child(i).text(0)
            for item in self._letter_items.values()
            if not item.isHidden()
            for i in range(item.childCount())
            if not item.child(i).isHidden()
        ]

    def _on_filter_return(self) -> None:
        for letter_item in self._letter_items.values():
            for i in range(letter_item.childCount()):
                item = letter_item.child(i)
                if not item.isHidden():
                    self.tree.setCurrentItem(item)
                    self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
                    return

    # -- activation ---------------------------------------------------------------------

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        kind = item.data(0, ROLE_KIND)
        if kind == KIND_LETTER:
            item.setExpanded(not item.isExpanded())
            return
        node_id = item.data(0, ROLE_NODE)
        if not node_id:
            return
        now = time.monotonic()
        last_id, last_time = self._last_emit
        if last_id == node_id and (now - last_time) * 1000 < QApplication.doubleClickInterval():
            return  # the second click of a double click
        self._last_emit = (node_id, now)
        self.node_requested.emit(node_id, [item.data(0, ROLE_TERM)])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.tree
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            item = self.tree.currentItem()
            if item is not None:
                self._last_emit = ("", 0.0)
                self._on_item_clicked(item)
                return True
        return super().eventFilter(watched, event)
