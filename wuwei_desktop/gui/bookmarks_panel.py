"""The bookmarks panel: the user's bookmarks with page and note; open, edit note, delete.

The bookmarks live in a store of :class:`~wuwei_desktop.user_store.BookmarkStoreProtocol`:
the local :class:`~wuwei_desktop.bookmarks.BookmarkStore` (JSON in the per-user data
folder, watched for another copy's changes) or, on a server archive, the user's rows
(:class:`~wuwei_desktop.server_userdata.ServerBookmarkStore`, read again every
``RELOAD_MS``). There the user may mark a bookmark 共享; colleagues' shared bookmarks
are listed after the user's own, read-only. A bookmark whose node is no longer in the
archive is shown as 已失效 and kept.

Public API for the main window:

- ``BookmarksPanel(store=None, archive=None, parent=None)`` (default store:
  ``user_data_dir()/bookmarks.json``)
- ``add_bookmark(node_id, title, path, page) -> bool`` (False if it was there already)
- ``set_archive(archive)`` (checks which bookmarks still resolve), ``store``
- ``reload_from_disk()``: show what another copy of the program (or, on a server, a
  colleague) saved (also done when the file changes, watched with
  ``QFileSystemWatcher``, or on a timer for a server store)
- signals ``node_requested(node_id: str, terms: list)`` (terms always ``[]``) and
  ``bookmarks_changed()``
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..bookmarks import Bookmark, BookmarkError, BookmarkStore
from ..user_store import BookmarkStoreProtocol, UserDataError
from .note_dialog import ask_note
from .plain import ask_yes_no, plain_tooltip

if TYPE_CHECKING:
    from ..api import Archive

log = logging.getLogger(__name__)

HEADER_TITLE = "标题"
HEADER_PAGE = "页码"
HEADER_NOTE = "备注"
EDIT_NOTE = "编辑备注"
DELETE = "删除"
EMPTY = "还没有书签。阅读时点工具栏上的“书签”，就能把当前条目加到这里。"
COUNT = "共 {count} 个书签"
COUNT_INVALID = "共 {count} 个书签，其中 {invalid} 个已失效"
INVALID = "（已失效）"
TIP_INVALID = "档案更新后找不到这个条目了；书签仍然保留，可以删除。"
PAGE = "第{page}页"
NOTE_DIALOG_TITLE = "编辑备注"
NOTE_DIALOG_LABEL = "“{title}”的备注："
DELETE_TITLE = "删除书签"
DELETE_QUESTION = "删除书签“{title}”？"
ALREADY = "“{title}”已经在书签中。"
ADDED = "已加入书签：{title}"
SAVE_FAILED = "书签没有保存：{error}"
CANNOT_OPEN = "“{title}”已失效，无法打开。"
SHARE = "共享"
UNSHARE = "取消共享"
TIP_SHARE = "共享后，连接同一共享档案的同事都能看到这个书签和备注（只读）；再点一次取消共享"
SHARED_MARK = "（已共享）"
FROM_COLLEAGUE = "（{owner} 共享）"
TIP_COLLEAGUE = "同事 {owner} 共享的书签，只能查看和打开。"
COUNT_COLLEAGUES = "；同事共享 {count} 个"

RELOAD_MS = 30_000
"""How often a server store is read again for colleagues' changes."""

ROLE_NODE = Qt.ItemDataRole.UserRole + 1
ROLE_OWNER = Qt.ItemDataRole.UserRole + 2
SAVE_ERRORS = (BookmarkError, UserDataError)


class BookmarksPanel(QWidget):
    """A list of bookmarks: title, page, note; buttons to edit the note and delete."""

    node_requested = Signal(str, list)
    bookmarks_changed = Signal()

    def __init__(
        self,
        store: BookmarkStoreProtocol | None = None,
        archive: Archive | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store: BookmarkStoreProtocol = store if store is not None else BookmarkStore()
        self._archive: Archive | None = None
        self._build_ui()
        # another copy of the program (or a script) saving bookmarks: show them at once
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _path: self.reload_from_disk())
        self._watcher.fileChanged.connect(lambda _path: self.reload_from_disk())
        self._watch()
        self._timer = QTimer(self)  # a server store: colleagues' changes
        self._timer.setInterval(RELOAD_MS)
        self._timer.timeout.connect(self.reload_from_disk)
        if self.store.path is None:
            self._timer.start()
        self.set_archive(archive)
        if self.store.warning:
            self._show_message(self.store.warning, warning=True)

    def _build_ui(self) -> None:
        self.list = QTreeWidget(self)
        self.list.setColumnCount(3)
        self.list.setHeaderLabels([HEADER_TITLE, HEADER_PAGE, HEADER_NOTE])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.list.itemClicked.connect(self._on_item_clicked)
        self.list.itemDoubleClicked.connect(self._on_item_double_clicked)
        self.list.itemSelectionChanged.connect(self._on_selection_changed)
        self.list.installEventFilter(self)

        self.edit_button = QPushButton(EDIT_NOTE, self)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.delete_button = QPushButton(DELETE, self)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.share_button = QPushButton(SHARE, self)
        self.share_button.setCheckable(True)
        self.share_button.setToolTip(TIP_SHARE)
        self.share_button.clicked.connect(self._on_share_clicked)
        self.share_button.setVisible(self.store.can_share)
        self.message_label = QLabel(self)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.share_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.message_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count_label)  # the whole width: the empty hint is long
        layout.addLayout(buttons)
        self.message_label.hide()

    # -- public API ---------------------------------------------------------------------

    def set_store(self, store: BookmarkStoreProtocol) -> None:
        """Show the bookmarks of ``store`` instead (e.g. the user's rows on a server)."""
        self.store = store
        for watched in self._watcher.files() + self._watcher.directories():
            self._watcher.removePath(watched)
        self._watch()
        if store.path is None:
            self._timer.start()
        else:
            self._timer.stop()
        self.share_button.setVisible(store.can_share)
        self.set_archive(self._archive)
        if store.warning:
            self._show_message(store.warning, warning=True)

    def set_archive(self, archive: Archive | None) -> None:
        """Check every bookmark against ``archive`` (vanished nodes become 已失效)."""
        self._archive = archive
        if archive is not None:
            self.store.validate(lambda node_id: _exists(archive, node_id))
        self.refresh()

    def add_bookmark(
        self,
        node_id: str,
        title: str,
        path: list[str] | None = None,
        page: int | None = None,
        note: str = "",
    ) -> bool:
        """Bookmark a node (the main window's 书签 action); False if it already was."""
        self.reload_from_disk()
        if node_id in self.store:
            self._select(node_id)
            self._show_message(ALREADY.format(title=title))
            return False
        try:
            self.store.add(node_id, title, list(path or []), page, note)
        except SAVE_ERRORS as error:
            self._show_message(SAVE_FAILED.format(error=error), warning=True)
            return False
        self.refresh()
        self._select(node_id)
        self._show_message(ADDED.format(title=title))
        self.bookmarks_changed.emit()
        return True

    def reload_from_disk(self) -> bool:
        """Show what another copy of the program saved; True if the list changed."""
        self._watch()
        if not self.store.reload():
            return False
        self.refresh()
        self.bookmarks_changed.emit()
        return True

    def _watch(self) -> None:
        """Watch the file and its folder (an atomic save replaces the file)."""
        if self.store.path is None:
            return
        path, folder = str(self.store.path), str(self.store.path.parent)
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        for target in (folder, path):
            if target not in watched and Path(target).exists():
                self._watcher.addPath(target)

    def selected_node(self) -> str:
        """The selected bookmark's node id ("" when nothing is selected)."""
        items = self.list.selectedItems()
        return items[0].data(0, ROLE_NODE) if items else ""

    def _selected_is_mine(self) -> bool:
        items = self.list.selectedItems()
        return bool(items) and not items[0].data(0, ROLE_OWNER)

    def refresh(self) -> None:
        """Redraw the list from the store."""
        items = self.list.selectedItems()
        selected = (items[0].data(0, ROLE_NODE), items[0].data(0, ROLE_OWNER)) if items else None
        self.list.clear()
        dim = self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        invalid = 0
        others = self.store.shared_by_others()
        for bookmark in [*self.store, *others]:
            title = bookmark.title + ("" if bookmark.valid else INVALID)
            if bookmark.owner:
                title += FROM_COLLEAGUE.format(owner=bookmark.owner)
            elif bookmark.shared:
                title += SHARED_MARK
            page = PAGE.format(page=bookmark.page) if bookmark.page is not None else ""
            note = " ".join(bookmark.note.split())
            item = QTreeWidgetItem(self.list, [title, page, note])
            item.setData(0, ROLE_NODE, bookmark.node_id)
            item.setData(0, ROLE_OWNER, bookmark.owner)
            tip = _tooltip(bookmark)
            if bookmark.owner:
                tip = TIP_COLLEAGUE.format(owner=bookmark.owner) + "\n" + tip
            item.setToolTip(0, plain_tooltip(tip))
            item.setToolTip(2, plain_tooltip(bookmark.note))
            if not bookmark.valid:
                invalid += 1
                for column in range(3):
                    item.setForeground(column, dim)
                item.setToolTip(0, plain_tooltip(TIP_INVALID + "\n" + tip))
        count = len(self.store)
        if not count and not others:
            self.count_label.setText(EMPTY)
        elif invalid:
            self.count_label.setText(COUNT_INVALID.format(count=count, invalid=invalid))
        else:
            self.count_label.setText(COUNT.format(count=count))
        if others:
            self.count_label.setText(
                self.count_label.text() + COUNT_COLLEAGUES.format(count=len(others))
            )
        if selected:
            self._select(*selected)
        self._on_selection_changed()

    # -- actions ------------------------------------------------------------------------

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self._open(item)

    def _open(self, item: QTreeWidgetItem) -> None:
        bookmark = self._bookmark(item)
        if bookmark is None:
            return
        if not bookmark.valid:
            self._show_message(CANNOT_OPEN.format(title=bookmark.title), warning=True)
            return
        self.node_requested.emit(bookmark.node_id, [])

    def _bookmark(self, item: QTreeWidgetItem) -> Bookmark | None:
        """The bookmark a row shows (the user's own or a colleague's)."""
        node_id, owner = item.data(0, ROLE_NODE), item.data(0, ROLE_OWNER)
        if not owner:
            return self.store.get(node_id)
        others = self.store.shared_by_others()
        return next((b for b in others if (b.node_id, b.owner) == (node_id, owner)), None)

    def _on_item_double_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        if not item.data(0, ROLE_OWNER):
            self._edit_note(item.data(0, ROLE_NODE))

    def _on_edit_clicked(self) -> None:
        node_id = self.selected_node()
        if node_id and self._selected_is_mine():
            self._edit_note(node_id)

    def _on_share_clicked(self) -> None:
        node_id = self.selected_node()
        bookmark = self.store.get(node_id) if self._selected_is_mine() else None
        if bookmark is None:
            return
        try:
            self.store.set_shared(node_id, not bookmark.shared)
        except SAVE_ERRORS as error:
            self._show_message(SAVE_FAILED.format(error=error), warning=True)
        self.refresh()
        self.bookmarks_changed.emit()

    def _edit_note(self, node_id: str) -> None:
        bookmark = self.store.get(node_id)
        if bookmark is None:
            return
        note = self._ask_note(bookmark)
        if note is None or note == bookmark.note:
            return
        try:
            self.store.set_note(node_id, note)
        except SAVE_ERRORS as error:
            self._show_message(SAVE_FAILED.format(error=error), warning=True)
            return
        self.refresh()
        self.bookmarks_changed.emit()

    def contains(self, node_id: str) -> bool:
        """Whether ``node_id`` is bookmarked."""
        return node_id in self.store

    def _ask_note(self, bookmark: Bookmark) -> str | None:
        """Ask for the note (a dialog); None when cancelled. Tests replace this."""
        label = NOTE_DIALOG_LABEL.format(title=bookmark.title)
        return ask_note(self, NOTE_DIALOG_TITLE, label, bookmark.note)

    def _on_delete_clicked(self) -> None:
        node_id = self.selected_node()
        bookmark = self.store.get(node_id) if self._selected_is_mine() else None
        if bookmark is None or not self._confirm_delete(bookmark):
            return
        try:
            self.store.remove(node_id)
        except SAVE_ERRORS as error:
            self._show_message(SAVE_FAILED.format(error=error), warning=True)
            return
        self.refresh()
        self.bookmarks_changed.emit()

    def _confirm_delete(self, bookmark: Bookmark) -> bool:
        """Ask before deleting (a dialog). Tests replace this."""
        return ask_yes_no(self, DELETE_TITLE, DELETE_QUESTION.format(title=bookmark.title))

    def _on_selection_changed(self) -> None:
        mine = self._selected_is_mine()
        self.edit_button.setEnabled(mine)
        self.delete_button.setEnabled(mine)
        self.share_button.setEnabled(mine)
        bookmark = self.store.get(self.selected_node()) if mine else None
        self.share_button.setChecked(bool(bookmark and bookmark.shared))
        self.share_button.setText(UNSHARE if self.share_button.isChecked() else SHARE)

    def _select(self, node_id: str, owner: str = "") -> None:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if (item.data(0, ROLE_NODE), item.data(0, ROLE_OWNER)) == (node_id, owner):
                self.list.setCurrentItem(item)
                return

    def _show_message(self, text: str, warning: bool = False) -> None:
        self.message_label.setText(text)
        color = "#a33" if warning else "#555"
        self.message_label.setStyleSheet(f"color: {color}")
        self.message_label.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            items = self.list.selectedItems()
            if items and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open(items[0])
                return True
            if items and event.key() == Qt.Key.Key_Delete:
                self._on_delete_clicked()
                return True
        return super().eventFilter(watched, event)


def _exists(archive: Archive, node_id: str) -> bool:
    from ..api import ArchiveError

    try:
        archive.node(node_id)
    except ArchiveError:
        return False
    return True


def _tooltip(bookmark: Bookmark) -> str:
    where = " › ".join([*bookmark.path, bookmark.title])
    page = f"（第{bookmark.page}页）" if bookmark.page is not None else ""
    return where + page
