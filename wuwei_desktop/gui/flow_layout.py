"""A layout that places its widgets in a row and wraps them onto further rows when
the row is too narrow (Qt's "Flow Layout" example), so no button is ever clipped."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Widgets left to right; ``add_stretch()`` marks where the rest go to the right
    end of the row they land on (like a stretch in a QHBoxLayout)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._break_at: int | None = None  # index of the first right-aligned item
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def add_stretch(self) -> None:
        """The widgets added after this sit at the right end of their row."""
        self._break_at = len(self._items)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, apply=True)

    def sizeHint(self) -> QSize:
        hints = [i.sizeHint() for i in self._visible()]
        width = sum(h.width() for h in hints) + self._spacing * max(len(hints) - 1, 0)
        height = max((h.height() for h in hints), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

    def _place(self, rect: QRect, apply: bool) -> int:
        """Lay the items out in ``rect`` (or only measure); return the height used."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        rows: list[list[tuple[QLayoutItem, QSize, bool]]] = [[]]
        x = 0
        for index, item in enumerate(self._items):
            if item.widget() and item.widget().isHidden():
                continue
            hint = item.sizeHint()
            if item.widget() is not None:
                policy = item.widget().sizePolicy().horizontalPolicy()
                if policy.value & QSizePolicy.PolicyFlag.ShrinkFlag.value:
                    hint = QSize(min(hint.width(), area.width()), hint.height())
            right = self._break_at is not None and index >= self._break_at
            if rows[-1] and x + hint.width() > area.width():
                rows.append([])
                x = 0
            rows[-1].append((item, hint, right))
            x += hint.width() + self._spacing
        y = area.y()
        for row in rows:
            height = max((h.height() for _, h, _ in row), default=0)
            if apply:
                self._apply_row(row, area, y, height)
            y += height + self._spacing
        return y - self._spacing - area.y() + m.top() + m.bottom() if rows[0] else 0

    def _apply_row(self, row, area: QRect, y: int, height: int) -> None:
        left = [(i, h) for i, h, right in row if not right]
        right = [(i, h) for i, h, r in row if r]
        x = area.x()
        for item, hint in left:
            item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
            x += hint.width() + self._spacing
        x = area.right() + 1 - sum(h.width() for _, h in right) - self._spacing * (len(right) - 1)
        x = max(x, area.x())
        for item, hint in right:
            item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
            x += hint.width() + self._spacing
