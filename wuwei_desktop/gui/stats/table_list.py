"""Every table of the archive, grouped by document and chapter, with a filter box."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import strings as S
from ..plain import plain_tooltip

TABLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_TITLE_PREFIX = re.compile(r"^(\d{4}年(\d{1,2}月末?)?度?)?(武威市|全市)?")


@dataclass(frozen=True)
class TableEntry:
    """One table as the list shows it."""

    id: str
    number: int
    title: str
    doc_title: str
    chapter: str  # the category the table stands in (``附录``)
    path: tuple[str, ...]  # document › category › … (the node's ancestors)
    page: int | None

    @property
    def label(self) -> str:
        return f"表{self.number}　{self.title}"

    @property
    def short_label(self) -> str:
        """``表11　地区生产总值一览表``: without the year and 武威市 every title starts with."""
        return f"表{self.number}　{_TITLE_PREFIX.sub('', self.title) or self.title}"


def table_entries(archive) -> list[TableEntry]:
    """The archive's tables in book order, each with its place in the reading tree."""
    from ...api import ArchiveError

    titles = {d.id: d.title for d in archive.documents()}
    entries = []
    for info in archive.tables():
        try:
            detail = archive.node(archive.table_node_id(info["id"]))
            path, page = tuple(detail.path), detail.page_start
        except ArchiveError:
            path, page = (titles.get(info["doc"], info["doc"]),), None
        doc_title = titles.get(info["doc"], path[0] if path else info["doc"])
        chapter = path[1] if len(path) > 1 else ""
        entries.append(
            TableEntry(info["id"], info["number"], info["title"], doc_title, chapter, path, page)
        )
    return entries


class TableList(QWidget):
    """Filter box over a tree document → chapter → table.

    Signals:
        table_selected(str table_id): the user picked a table.
    """

    table_selected = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.entries: list[TableEntry] = []
        self._items: dict[str, QTreeWidgetItem] = {}
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("treeFilter")
        self.filter_edit.setPlaceholderText(S.STATS_TABLE_FILTER)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("tableList")
        self.tree.setColumnCount(1)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(16)
        self.tree.setHeaderHidden(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.count_label)

    def set_entries(self, entries: list[TableEntry]) -> None:
        """Fill the tree (book order kept within each group)."""
        self.entries = entries
        self._items.clear()
        self.tree.blockSignals(True)
        self.tree.clear()
        groups: dict[tuple[str, str], QTreeWidgetItem] = {}
        docs: dict[str, QTreeWidgetItem] = {}
        for entry in entries:
            doc_item = docs.get(entry.doc_title)
            if doc_item is None:
                doc_item = QTreeWidgetItem(self.tree, [entry.doc_title])
                doc_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                docs[entry.doc_title] = doc_item
            parent = doc_item
            if entry.chapter:
                key = (entry.doc_title, entry.chapter)
                parent = groups.get(key)
                if parent is None:
                    parent = QTreeWidgetItem(doc_item, [entry.chapter])
                    parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    groups[key] = parent
            page = S.STATS_PAGE.format(page=entry.page) if entry.page is not None else ""
            item = QTreeWidgetItem(parent, [entry.short_label])
            item.setData(0, TABLE_ID_ROLE, entry.id)
            tip = "\n".join([" › ".join(entry.path), entry.label, page]).strip()
            item.setToolTip(0, plain_tooltip(tip))
            self._items[entry.id] = item
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self.apply_filter(self.filter_edit.text())

    def visible_table_ids(self) -> list[str]:
        """Ids of the tables the filter leaves visible, in list order."""
        return [e.id for e in self.entries if not self._items[e.id].isHidden()]

    def apply_filter(self, text: str) -> None:
        """Show only the tables whose number, title or chapter contains ``text``."""
        wanted = "".join(text.split())
        shown = 0
        for entry in self.entries:
            haystack = "".join([entry.label, *entry.path]).replace("\u3000", "")
            visible = not wanted or wanted in haystack or wanted == str(entry.number)
            self._items[entry.id].setHidden(not visible)
            shown += visible
        for i in range(self.tree.topLevelItemCount()):
            _hide_empty(self.tree.topLevelItem(i))
        total = len(self.entries)
        if wanted and not shown:
            self.count_label.setText(S.STATS_TABLE_NO_MATCH.format(text=text.strip()))
        elif wanted:
            self.count_label.setText(S.STATS_TABLE_COUNT_FILTERED.format(shown=shown, count=total))
        else:
            self.count_label.setText(S.STATS_TABLE_COUNT.format(count=total))

    def select_table(self, table_id: str) -> bool:
        """Make ``table_id`` the current item (without emitting); False if not listed."""
        item = self._items.get(table_id)
        if item is None:
            return False
        if item.isHidden():
            self.filter_edit.clear()
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(item)
        self.tree.blockSignals(False)
        self.tree.scrollToItem(item)
        return True

    def item_for(self, table_id: str) -> QTreeWidgetItem | None:
        return self._items.get(table_id)

    def entry(self, table_id: str) -> TableEntry | None:
        return next((e for e in self.entries if e.id == table_id), None)

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        table_id = current.data(0, TABLE_ID_ROLE) if current is not None else None
        if table_id:
            self.table_selected.emit(table_id)


def _hide_empty(item: QTreeWidgetItem) -> bool:
    """Hide group items whose tables are all hidden; True if ``item`` stays visible."""
    if item.data(0, TABLE_ID_ROLE):
        return not item.isHidden()
    visible = False
    for i in range(item.childCount()):
        visible = _hide_empty(item.child(i)) or visible
    item.setHidden(not visible)
    return visible
