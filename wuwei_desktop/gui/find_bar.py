"""The find bar under the reader: find a word within the page that is open.

Opened with Ctrl+Shift+F or "/" in the reader, or 在本条中查找 in its context menu
(Ctrl+F stays 检索, the whole archive). Typing marks every occurrence and goes to the
first; Enter / F3 the next, Shift+Enter / Shift+F3 the previous; Esc closes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from . import strings as S
from .icons import icon
from .plain import plain_labels


class FindBar(QWidget):
    """A search box with previous / next, the count of matches and a close button.

    Signals:
        find_requested(str text): the text changed (empty: nothing to find).
        step_requested(int step): go to the next (1) or previous (-1) match.
        closed(): the bar was closed (Esc or ×).
    """

    find_requested = Signal(str)
    step_requested = Signal(int)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText(S.FIND_PLACEHOLDER)
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self.find_requested)
        self.edit.returnPressed.connect(lambda: self.step_requested.emit(1))
        self.prev_button = self._button(S.FIND_PREV, "find-previous", -1)
        self.next_button = self._button(S.FIND_NEXT, "find-next", 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("findCount")
        self.count_label.setMinimumWidth(self.fontMetrics().horizontalAdvance(S.FIND_NONE) + 8)
        self.close_button = QToolButton(self)
        self.close_button.setIcon(icon("close"))
        self.close_button.setToolTip(S.FIND_CLOSE)
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.close_bar)
        caption = QLabel(S.FIND_CAPTION, self)
        plain_labels(caption, self.count_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(6)
        layout.addWidget(caption)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.prev_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.count_label)
        layout.addWidget(self.close_button)
        back = QShortcut(QKeySequence("Shift+Return"), self.edit)
        back.setContext(Qt.ShortcutContext.WidgetShortcut)
        back.activated.connect(lambda: self.step_requested.emit(-1))
        self.hide()

    def _button(self, tip: str, icon_name: str, step: int) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon(icon_name))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(lambda: self.step_requested.emit(step))
        return button

    def open_bar(self, text: str = "") -> None:
        """Show the bar with the cursor in its box (``text`` replaces what was there)."""
        self.show()
        if text:
            self.edit.setText(text)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        if not text and self.edit.text():
            self.find_requested.emit(self.edit.text())

    def close_bar(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def show_count(self, current: int, total: int) -> None:
        """``第 2/5 处``, or 没有找到 when there is text but no match."""
        if total:
            self.count_label.setText(S.FIND_COUNT.format(current=current, total=total))
        else:
            self.count_label.setText(S.FIND_NONE if self.edit.text().strip() else "")

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
