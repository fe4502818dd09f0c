"""The 目录 tab: every document's tree, narrowed by a filter box as the user types."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTreeView, QVBoxLayout, QWidget

from . import strings as S
from .reader import page_label

NODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FILTER_DELAY_MS = 120


class TreePanel(QWidget):
    """A filterable tree of the archive.

    Signals:
        node_requested(str node_id, object highlight_terms): the user opened a node
            (highlight_terms is always None here).
    """

    node_requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("treeFilter")
        self.filter_edit.setPlaceholderText(S.TREE_FILTER_PLACEHOLDER)
        self.filter_edit.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = QTreeView(self)
        self.view.setObjectName("tree")
        self.view.setModel(self.proxy)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setExpandsOnDoubleClick(True)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        self._items: dict[str, QStandardItem] = {}
        self._sizes: dict[str, int] = {}
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.view.clicked.connect(self._on_activated)
        self.view.activated.connect(self._on_activated)

    def set_tree(self, roots: list) -> None:
        """Fill the tree from :meth:`Archive.tree` (TreeNode roots, book order)."""
        self.model.clear()
        self._items.clear()
        self._sizes.clear()
        root_item = self.model.invisibleRootItem()
        for node in roots:
            self._add(root_item, node)
        for row in range(self.proxy.rowCount()):
            self.view.expand(self.proxy.index(row, 0))

    def _add(self, parent: QStandardItem, node) -> None:
        item = self._child_row(node)
        self._fill(item, node)
        parent.appendRow(item)

    def _child_row(self, node) -> QStandardItem:
        item = QStandardItem(node.title)
        item.setData(node.id, NODE_ID_ROLE)
        pages = page_label(node.page_start, node.page_end)
        item.setToolTip(f"{node.title}　{pages}" if pages else node.title)
        self._items[node.id] = item
        return item

    def _fill(self, item: QStandardItem, node) -> int:
        size = 1
        children = [self._child_row(child) for child in node.children]
        for child, child_item in zip(node.children, children, strict=True):
            size += self._fill(child_item, child)
        if children:
            item.appendRows(children)
        self._sizes[node.id] = size
        return size

    def subtree_size(self, node_id: str) -> int:
        """How many nodes the subtree of ``node_id`` has (the node included)."""
        return self._sizes.get(node_id, 1)

    def node_count(self) -> int:
        return len(self._items)

    def visible_titles(self) -> list[str]:
        """The titles the tree shows now (expanded or not), depth first."""
        titles: list[str] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                titles.append(index.data())
                walk(index)

        walk(QModelIndex())
        return titles

    def apply_filter(self) -> None:
        """Narrow the tree to nodes whose title contains the filter text."""
        self._filter_timer.stop()
        text = self.filter_edit.text().strip()
        self.proxy.setFilterFixedString(text)
        if text:
            self.view.expandAll()
        else:
            self.view.collapseAll()
            for row in range(self.proxy.rowCount()):
                self.view.expand(self.proxy.index(row, 0))
            current = self.view.currentIndex()
            if current.isValid():
                self.view.scrollTo(current)
        empty = bool(text) and self.proxy.rowCount() == 0
        self.empty_label.setText(S.TREE_NO_MATCH.format(text=text) if empty else "")
        self.empty_label.setVisible(empty)

    def select_node(self, node_id: str) -> None:
        """Show ``node_id`` as the current row (expanding its ancestors), if visible."""
        item = self._items.get(node_id)
        if item is None:
            return
        index = self.proxy.mapFromSource(item.index())
        if not index.isValid():
            return
        self.view.blockSignals(True)
        self.view.setCurrentIndex(index)
        self.view.blockSignals(False)
        self.view.scrollTo(index)

    def index_of(self, node_id: str) -> QModelIndex:
        """The view's index of a node (invalid if filtered out)."""
        item = self._items.get(node_id)
        return self.proxy.mapFromSource(item.index()) if item else QModelIndex()

    def _on_activated(self, index: QModelIndex) -> None:
        node_id = index.data(NODE_ID_ROLE)
        if node_id:
            self.node_requested.emit(node_id, None)
