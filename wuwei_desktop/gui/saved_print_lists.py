"""保存清单 / 打开清单 in the 打印清单 dialog: print lists kept by name in a
:class:`~wuwei_desktop.user_store.PrintListStore` (a JSON file on one PC, rows on a
server archive, where a list saved with 共享给同事 can be opened by every colleague).

Saving again under the name of the list that was opened replaces it only if nobody saved
it meanwhile; otherwise (or when the name is taken) the user is asked before anything is
overwritten.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox, QInputDialog, QPushButton

from ..api import ArchiveError
from ..user_store import ListConflict, PrintListStore, SavedList, UserDataError
from . import strings as S
from .forms import form_child
from .plain import ask_yes_no, warn

log = logging.getLogger(__name__)


class SavedLists(QObject):
    """Wires 保存清单 / 打开清单 (and 共享给同事 on a server) of ``dialog`` to ``store``.

    ``ask_name(default)``, ``choose(labels)`` and ``ask_overwrite(reason)`` are the
    dialogs (tests replace them).
    """

    def __init__(self, dialog, store: PrintListStore) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.save_button = form_child(dialog.form, QPushButton, "print_save_list")
        self.open_button = form_child(dialog.form, QPushButton, "print_open_list")
        self.share_box = form_child(dialog.form, QCheckBox, "shareList")
        self.set_store(store)
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        self.open_button.clicked.connect(lambda _checked=False: self.open())

    def set_store(self, store: PrintListStore) -> None:
        """Save to and open from ``store`` from now on (a server archive's rows)."""
        self.store = store
        self.current: SavedList | None = None
        self.share_box.setVisible(store.can_share)
        self.share_box.setChecked(False)

    def save(self) -> SavedList | None:
        """Ask for a name and save the list; the saved list, or None (cancelled, refused)."""
        mine = self.current if self.current is not None and not self.current.owner else None
        name = (self.ask_name(mine.name if mine else "") or "").strip()
        if not name:
            return None
        items = self.dialog.items()
        shared = self.share_box.isChecked()
        version = mine.version if mine is not None and mine.name == name else None
        try:
            try:
                saved = self.store.save(name, items, version, shared)
            except ListConflict as conflict:
                if not self.ask_overwrite(str(conflict)):
                    return None
                stored = self.store.load(name)
                saved = self.store.save(name, items, stored.version if stored else None, shared)
        except UserDataError as error:
            warn(self.dialog, S.LIST_SAVE_TITLE, S.LIST_SAVE_FAILED.format(error=error))
            return None
        self._became(saved)
        return saved

    def open(self) -> SavedList | None:
        """Let the user pick a saved list and put its items in the dialog."""
        try:
            lists = self.store.lists()
        except UserDataError as error:
            warn(self.dialog, S.LIST_OPEN_TITLE, S.LIST_OPEN_FAILED.format(error=error))
            return None
        if not lists:
            warn(self.dialog, S.LIST_OPEN_TITLE, S.LIST_NONE_SAVED)
            return None
        index = self.choose([_label(saved) for saved in lists])
        if index is None:
            return None
        saved = lists[index]
        self.dialog.clear()
        missing = 0
        for item in saved.items:
            try:
                self.dialog.add_item(item)
            except ArchiveError:
                log.info("saved list %s: %s is not in the archive", saved.name, item)
                missing += 1
        self.share_box.setChecked(saved.shared)
        self._became(saved)
        if missing:
            warn(self.dialog, S.LIST_OPEN_TITLE, S.LIST_MISSING_ITEMS.format(count=missing))
        return saved

    def _became(self, saved: SavedList) -> None:
        self.current = saved
        self.dialog.setWindowTitle(S.LIST_TITLE.format(name=_label(saved)))

    # -- the dialogs (tests replace these) ----------------------------------------------

    def ask_name(self, default: str) -> str | None:
        text, ok = QInputDialog.getText(
            self.dialog, S.LIST_SAVE_TITLE, S.LIST_SAVE_LABEL, text=default
        )
        return text if ok else None

    def choose(self, labels: list[str]) -> int | None:
        label, ok = QInputDialog.getItem(
            self.dialog, S.LIST_OPEN_TITLE, S.LIST_OPEN_LABEL, labels, 0, False
        )
        return labels.index(label) if ok and label in labels else None

    def ask_overwrite(self, reason: str) -> bool:
        return ask_yes_no(self.dialog, S.LIST_SAVE_TITLE, S.LIST_OVERWRITE.format(reason=reason))


def _label(saved: SavedList) -> str:
    if saved.owner:
        return S.LIST_FROM_COLLEAGUE.format(name=saved.name, owner=saved.owner)
    return S.LIST_SHARED_MARK.format(name=saved.name) if saved.shared else saved.name
