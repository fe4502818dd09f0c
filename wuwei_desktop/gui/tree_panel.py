"""The 目录 tab: every document's tree, narrowed by a filter box as the user types."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..render.text import page_label
from . import strings as S
from .plain import plain_tooltip

NODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FILTER_DELAY_MS = 120


class _Item:
    """A row of the tree model: one TreeNode, its parent and its row there."""

    __slots__ = ("children", "node", "parent", "row", "tip")

    def __init__(self, node, parent: _Item | None, row: int) -> None:
        self.node = node
        self.parent = parent
        self.row = row
        pages = page_label(node.page_start, node.page_end) if node is not None else ""
        self.tip = f"{node.title}　{pages}" if pages else (node.title if node else "")
        self.children: list[_Item] = []


class ArchiveTreeModel(QAbstractItemModel):
    """The archive's TreeNodes as a read-only Qt model (one column: the title).

    A plain Python model rather than QStandardItemModel: it builds ~2,000 rows in a few
    milliseconds, and PySide6 6.12's QStandardItem.appendRow/setData drop a reference to
    None on every call, which aborts the interpreter at exit.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._root = _Item(None, None, 0)
        self.by_id: dict[str, _Item] = {}
        self.checkable = False  # check boxes shown (to pick nodes for the print list)
        self.checked: set[str] = set()

    def set_roots(self, roots: list) -> None:
        self.beginResetModel()
        self._root = _Item(None, None, 0)
        self.by_id = {}
        self.checked = set()
        stack = [(self._root, roots)]
        while stack:
            parent, nodes = stack.pop()
            for row, node in enumerate(nodes):
                item = _Item(node, parent, row)
                parent.children.append(item)
                self.by_id[node.id] = item
                if node.children:
                    stack.append((item, node.children))
        self.endResetModel()

    def _item(self, index: QModelIndex) -> _Item:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        item = self._item(parent)
        if column != 0 or not 0 <= row < len(item.children):
            return QModelIndex()
        return self.createIndex(row, 0, item.children[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        return len(self._item(parent).children)

    def columnCount(self, _parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = index.internalPointer()
        if role == Qt.ItemDataRole.DisplayRole:
            return item.node.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(item.tip)
        if role == NODE_ID_ROLE:
            return item.node.id
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable:
            checked = item.node.id in self.checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and self.checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (index.isValid() and self.checkable and role == Qt.ItemDataRole.CheckStateRole):
            return False
        node_id = index.internalPointer().node.id
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(node_id)
        else:
            self.checked.discard(node_id)
        self.dataChanged.emit(index, index, [role])
        return True

    def set_checkable(self, on: bool) -> None:
        """Show or hide the check boxes (forgetting what was ticked); the view keeps
        which rows are expanded."""
        self.layoutAboutToBeChanged.emit()
        self.checkable = on
        self.checked = set()
        self.layoutChanged.emit()

    def checked_ids(self) -> list[str]:
        """The ticked nodes in book order, leaving out those under a ticked ancestor
        (a node prints with its whole subtree)."""
        out: list[str] = []
        stack = list(reversed(self._root.children))
        while stack:
            item = stack.pop()
            if item.node.id in self.checked:
                out.append(item.node.id)
            else:
                stack.extend(reversed(item.children))
        return out

    def index_of(self, node_id: str) -> QModelIndex:
        item = self.by_id.get(node_id)
        return self.createIndex(item.row, 0, item) if item else QModelIndex()


class TreePanel(QWidget):
    """A filterable tree of the archive.

    Signals:
        node_requested(str node_id, object highlight_terms): the user opened a node
            (highlight_terms is always None here).
        print_requested(str node_id): 加入打印清单 from the context menu.
        print_checked_requested(list node_ids): the ticked nodes, in book order, for the
            print list (the 勾选 mode's button).
    """

    node_requested = Signal(str, object)
    print_requested = Signal(str)
    print_checked_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("treeFilter")
        self.filter_edit.setPlaceholderText(S.TREE_FILTER_PLACEHOLDER)
        self.filter_edit.setClearButtonEnabled(True)
        self.check_button = QToolButton(self)
        self.check_button.setObjectName("treeCheckMode")
        self.check_button.setText(S.TREE_CHECK_MODE)
        self.check_button.setToolTip(S.TREE_CHECK_MODE_TIP)
        self.check_button.setCheckable(True)
        self.print_checked_button = QPushButton(self)
        self.print_checked_button.setObjectName("treePrintChecked")
        self.print_checked_button.hide()
        self.model = ArchiveTreeModel(self)
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
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.check_button)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.print_checked_button)
        self._sizes: dict[str, int] = {}
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.view.clicked.connect(self._on_activated)
        self.view.activated.connect(self._on_activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.check_button.toggled.connect(self.set_check_mode)
        self.model.dataChanged.connect(self._update_print_checked)
        self.model.layoutChanged.connect(self._update_print_checked)
        self.print_checked_button.clicked.connect(self._print_checked)

    # -- ticking nodes for the print list ------------------------------------------------

    def set_check_mode(self, on: bool) -> None:
        """Show check boxes (and the button that prints what is ticked), or hide them."""
        self.check_button.setChecked(on)
        if self.model.checkable != on:
            self.model.set_checkable(on)
        self.print_checked_button.setVisible(on)

    def set_checked(self, node_id: str, checked: bool = True) -> None:
        """Tick (or untick) a node, as a click on its check box does."""
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.model.setData(self.model.index_of(node_id), state, Qt.ItemDataRole.CheckStateRole)

    def checked_ids(self) -> list[str]:
        return self.model.checked_ids()

    def _update_print_checked(self, *_args) -> None:
        count = len(self.model.checked_ids())
        self.print_checked_button.setText(S.TREE_PRINT_CHECKED.format(count=count))
        self.print_checked_button.setEnabled(count > 0)

    def _print_checked(self) -> None:
        ids = self.model.checked_ids()
        if ids:
            self.print_checked_requested.emit(ids)
            self.set_check_mode(False)

    def set_tree(self, roots: list) -> None:
        """Fill the tree from :meth:`Archive.tree` (TreeNode roots, book order)."""
        self.model.set_roots(roots)
        self._sizes.clear()

        def size(node) -> int:
            total = 1 + sum(size(child) for child in node.children)
            self._sizes[node.id] = total
            return total

        for node in roots:
            size(node)
        for row in range(self.proxy.rowCount()):
            self.view.expand(self.proxy.index(row, 0))

    def subtree_size(self, node_id: str) -> int:
        """How many nodes the subtree of ``node_id`` has (the node included)."""
        return self._sizes.get(node_id, 1)

    def node_count(self) -> int:
        return len(self.model.by_id)

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
        index = self.index_of(node_id)
        if not index.isValid():
            return
        self.view.blockSignals(True)
        self.view.setCurrentIndex(index)
        self.view.blockSignals(False)
        self.view.scrollTo(index)

    def index_of(self, node_id: str) -> QModelIndex:
        """The view's index of a node (invalid if filtered out)."""
        return self.proxy.mapFromSource(self.model.index_of(node_id))

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        """The menu for a row: 打开, 加入打印清单 (None off the rows)."""
        node_id = index.data(NODE_ID_ROLE)
        if not node_id:
            return None
        menu = QMenu(self)
        menu.addAction(S.ACT_OPEN, lambda: self.node_requested.emit(node_id, None))
        menu.addAction(S.ACT_ADD_TO_PRINT, lambda: self.print_requested.emit(node_id))
        return menu

    def _on_context_menu(self, point) -> None:
        menu = self.context_menu(self.view.indexAt(point))
        if menu is not None:
            menu.exec(self.view.viewport().mapToGlobal(point))
            menu.deleteLater()

    def _on_activated(self, index: QModelIndex) -> None:
        node_id = index.data(NODE_ID_ROLE)
        if node_id:
            self.node_requested.emit(node_id, None)
