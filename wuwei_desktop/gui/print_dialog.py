"""The 打印清单 dialog (drawn in ``ui/print_list.ui``): what goes into a printed extract,
in which order.

The list holds :class:`~wuwei_desktop.extract.ExtractItem` s; the user adds the open
node, the selected search result or the bookmarks (the main window answers the
``add_*_requested`` signals), reorders (上移 / 下移 or drag), removes, chooses whether
every item starts a new page (每项另起一页, remembered in the settings), and then asks for
a preview, a print or a PDF (``preview_requested`` / ``print_requested`` /
``export_requested``; the main window does the work). With a store of saved lists
(:meth:`PrintListDialog.set_list_store`) the list can be saved by name and opened again
(保存清单 / 打开清单, :mod:`wuwei_desktop.gui.saved_print_lists`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ..extract import ExtractItem
from ..user_store import PrintListStore
from . import strings as S
from .forms import form_child, load_form

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_PER_ITEM_KEY = "print/page_per_item"


class PrintListDialog(QDialog):
    """The print list. ``describe(item)`` gives the line shown for an item; ``settings``
    keeps the 每项另起一页 choice."""

    add_current_requested = Signal()
    add_search_requested = Signal()
    add_bookmarks_requested = Signal()
    preview_requested = Signal()
    print_requested = Signal()
    export_requested = Signal()

    def __init__(
        self,
        describe: Callable[[ExtractItem], str],
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("printListDialog")
        self.setWindowTitle(S.PRINT_LIST_TITLE)
        self.describe = describe
        self.settings = settings
        self.form = load_form("print_list", self)
        self.resize(self.form.size())
        self.hint = form_child(self.form, QLabel, "hint")
        self.list = form_child(self.form, QListWidget, "printList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setWordWrap(True)
        self.empty_label = form_child(self.form, QLabel, "emptyLabel")
        self.page_per_item = form_child(self.form, QCheckBox, "pagePerItem")
        if settings is not None:
            self.page_per_item.setChecked(settings.value(PAGE_PER_ITEM_KEY, False, type=bool))
            self.page_per_item.toggled.connect(lambda on: settings.setValue(PAGE_PER_ITEM_KEY, on))
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (
            ("add_current", self.add_current_requested.emit),
            ("add_search", self.add_search_requested.emit),
            ("add_bookmarks", self.add_bookmarks_requested.emit),
            ("up", lambda: self.move_selected(-1)),
            ("down", lambda: self.move_selected(1)),
            ("remove", self.remove_selected),
            ("clear", self.clear),
            ("preview", self.preview_requested.emit),
            ("print", self.print_requested.emit),
            ("export", self.export_requested.emit),
            ("close", self.close),
        ):
            self._button(key, slot)
        self.list.model().rowsInserted.connect(self._update_buttons)
        self.list.model().rowsRemoved.connect(self._update_buttons)
        self.list.model().rowsMoved.connect(self._update_buttons)
        self.list.model().modelReset.connect(self._update_buttons)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()
        self.saved_lists = None
        for name in ("print_save_list", "print_open_list"):
            form_child(self.form, QPushButton, name).hide()
        form_child(self.form, QCheckBox, "shareList").hide()

    def set_list_store(self, store: PrintListStore) -> None:
        """Offer 保存清单 / 打开清单 with ``store`` (the local file or the server's rows)."""
        from .saved_print_lists import SavedLists

        if self.saved_lists is None:
            self.saved_lists = SavedLists(self, store)
            self.saved_lists.save_button.show()
            self.saved_lists.open_button.show()
        else:
            self.saved_lists.set_store(store)

    def _button(self, key: str, slot) -> QPushButton:
        button = form_child(self.form, QPushButton, f"print_{key}")
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
        form_child(self.form, QPushButton, "print_save_list").setEnabled(has_items)
        for key in ("up", "down", "remove"):
            self.buttons[key].setEnabled(selected)
        self.empty_label.setVisible(not has_items)
