"""The 打印清单 dialog: what goes into a printed extract, in which order.

The list holds :class:`~wuwei_desktop.extract.ExtractItem` s; the user adds the open
node, the selected search result or the bookmarks (the main window answers the
``add_*_requested`` signals), reorders (上移 / 下移 or drag), removes, and then asks for
a preview, a print or a PDF (``preview_requested`` / ``print_requested`` /
``export_requested``; the main window does the work).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..extract import ExtractItem
from . import strings as S

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


class PrintListDialog(QDialog):
    """The print list. ``describe(item)`` gives the line shown for an item."""

    add_current_requested = Signal()
    add_search_requested = Signal()
    add_bookmarks_requested = Signal()
    preview_requested = Signal()
    print_requested = Signal()
    export_requested = Signal()

    def __init__(self, describe: Callable[[ExtractItem], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("printListDialog")
        self.setWindowTitle(S.PRINT_LIST_TITLE)
        self.describe = describe
        self.resize(620, 440)
        self.hint = QLabel(S.PRINT_LIST_HINT, self)
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget(self)
        self.list.setObjectName("printList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setWordWrap(True)
        self.empty_label = QLabel(S.PRINT_LIST_EMPTY, self)
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons: dict[str, QPushButton] = {}
        adds = QGridLayout()
        for column, (key, text, signal) in enumerate(
            (
                ("add_current", S.PRINT_ADD_CURRENT, self.add_current_requested),
                ("add_search", S.PRINT_ADD_SEARCH, self.add_search_requested),
                ("add_bookmarks", S.PRINT_ADD_BOOKMARKS, self.add_bookmarks_requested),
            )
        ):
            adds.addWidget(self._button(key, text, signal.emit), 0, column)
        edits = QVBoxLayout()
        for key, text, slot in (
            ("up", S.PRINT_UP, lambda: self.move_selected(-1)),
            ("down", S.PRINT_DOWN, lambda: self.move_selected(1)),
            ("remove", S.PRINT_REMOVE, self.remove_selected),
            ("clear", S.PRINT_CLEAR, self.clear),
        ):
            edits.addWidget(self._button(key, text, slot))
        edits.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        middle.addLayout(edits)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for key, text, signal in (
            ("preview", S.PRINT_PREVIEW, self.preview_requested),
            ("print", S.PRINT_PRINT, self.print_requested),
            ("export", S.PRINT_EXPORT, self.export_requested),
        ):
            actions.addWidget(self._button(key, text, signal.emit))
        actions.addWidget(self._button("close", S.PRINT_CLOSE, self.close))
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(adds)
        layout.addLayout(middle, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(actions)
        self.list.model().rowsInserted.connect(self._update_buttons)
        self.list.model().rowsRemoved.connect(self._update_buttons)
        self.list.model().rowsMoved.connect(self._update_buttons)
        self.list.model().modelReset.connect(self._update_buttons)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _button(self, key: str, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(f"print_{key}")
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons[key] = button
        return button

    # -- the list -----------------------------------------------------------------------

    def items(self) -> list[ExtractItem]:
        """The items in the order they will be printed."""
        return [ExtractItem(*self.list.item(k).data(ITEM_ROLE)) for k in range(self.list.count())]

    def labels(self) -> list[str]:
        """The lines the list shows, in order."""
        return [self.list.item(k).text() for k in range(self.list.count())]

    def add_item(self, item: ExtractItem) -> bool:
        """Append ``item`` unless it is already in the list; True if it was added."""
        if item in self.items():
            return False
        row = QListWidgetItem(self.describe(item))
        row.setData(ITEM_ROLE, (item.kind, item.id, item.option))
        flags = row.flags() & ~Qt.ItemFlag.ItemIsDropEnabled
        row.setFlags(flags | Qt.ItemFlag.ItemIsDragEnabled)
        self.list.addItem(row)
        self.list.setCurrentRow(self.list.count() - 1)
        return True

    def move_selected(self, step: int) -> None:
        """Move the selected items up (-1) or down (+1) by one place, keeping them selected."""
        rows = sorted(self.list.row(item) for item in self.list.selectedItems())
        if not rows:
            return
        if (step < 0 and rows[0] == 0) or (step > 0 and rows[-1] == self.list.count() - 1):
            return
        for row in rows if step < 0 else reversed(rows):
            item = self.list.takeItem(row)
            self.list.insertItem(row + step, item)
        self.list.clearSelection()
        for row in rows:
            self.list.item(row + step).setSelected(True)
        self.list.setCurrentRow(rows[0] + step, self.list.selectionModel().SelectionFlag.NoUpdate)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def clear(self) -> None:
        self.list.clear()

    def _update_buttons(self, *_args) -> None:
        has_items = self.list.count() > 0
        selected = bool(self.list.selectedItems())
        for key in ("preview", "print", "export", "clear"):
            self.buttons[key].setEnabled(has_items)
        for key in ("up", "down", "remove"):
            self.buttons[key].setEnabled(selected)
        self.empty_label.setVisible(not has_items)
