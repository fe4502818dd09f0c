"""A horizontal header with several levels, drawn as the book prints them.

A label repeated over neighbouring columns is one cell spanning them (``城镇居民`` over
``绝对数（元）`` and ``比上年增长（%）``); a label that repeats straight down (the stub
``指标名称``) is one cell spanning the levels. Clicking still picks the column under the
mouse (QHeaderView's own sections), so sorting and resizing work as usual.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader

LEVEL_PADDING = 12  # vertical padding of one header level, in pixels


@dataclass(frozen=True)
class HeaderCell:
    """One drawn header cell: levels ``top``..``top+depth-1``, columns ``first``..``last``."""

    text: str
    top: int
    depth: int
    first: int
    last: int


def header_cells(levels: list[list[str]]) -> list[HeaderCell]:
    """Merge repeated labels into spanning cells (columns in the order given).

    Across: neighbouring columns with the same label under the same parent cell.
    Down: a cell continues into the next level while that level repeats it exactly.
    """
    count = len(levels)
    width = len(levels[0]) if levels else 0
    covered = [[False] * width for _ in range(count)]
    cells: list[HeaderCell] = []
    for top in range(count):
        column = 0
        while column < width:
            if covered[top][column]:
                column += 1
                continue
            path = [levels[k][column] for k in range(top + 1)]
            last = column
            while (
                last + 1 < width
                and not covered[top][last + 1]
                and [levels[k][last + 1] for k in range(top + 1)] == path
            ):
                last += 1
            depth = 1
            while top + depth < count and all(
                levels[top + depth][c] == path[-1] for c in range(column, last + 1)
            ):
                depth += 1
            for k in range(top, top + depth):
                for c in range(column, last + 1):
                    covered[k][c] = True
            cells.append(HeaderCell(path[-1], top, depth, column, last))
            column = last + 1
    return cells


class MultiLevelHeader(QHeaderView):
    """Horizontal header drawing :func:`header_cells` of the labels set with
    :meth:`set_levels` (one list per level, one label per logical column)."""

    def __init__(self, parent=None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._levels: list[list[str]] = []
        self._cells: list[HeaderCell] = []
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sectionResized.connect(lambda *_: self.viewport().update())

    def set_levels(self, levels: list[list[str]]) -> None:
        self._levels = levels
        self._cells = header_cells(levels)
        self.updateGeometries()
        self.viewport().update()

    def level_count(self) -> int:
        return max(len(self._levels), 1)

    def cells(self) -> list[HeaderCell]:
        """The drawn cells (logical columns)."""
        return list(self._cells)

    def _level_height(self) -> int:
        return self.fontMetrics().height() + LEVEL_PADDING

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setHeight(self._level_height() * self.level_count() + 2)
        return hint

    def sectionSizeFromContents(self, logical: int):
        size = super().sectionSizeFromContents(logical)
        size.setHeight(self._level_height() * self.level_count() + 2)
        return size

    def paintEvent(self, event) -> None:
        if not self._cells:
            super().paintEvent(event)
            return
        painter = QPainter(self.viewport())
        level_height = self.height() // self.level_count()
        sorted_column = self.sortIndicatorSection() if self.isSortIndicatorShown() else -1
        for cell in self._cells:
            columns = [c for c in range(cell.first, cell.last + 1) if not self.isSectionHidden(c)]
            if not columns:
                continue
            left = min(self.sectionViewportPosition(c) for c in columns)
            right = max(self.sectionViewportPosition(c) + self.sectionSize(c) for c in columns)
            bottom = cell.top + cell.depth
            height = (
                self.height() - cell.top * level_height
                if bottom == self.level_count()
                else cell.depth * level_height
            )
            rect = QRect(left, cell.top * level_height, right - left, height)
            if not rect.intersects(event.rect()):
                continue
            option = QStyleOptionHeader()
            self.initStyleOption(option)
            option.rect = rect
            option.section = cell.first
            option.text = cell.text
            option.textAlignment = Qt.AlignmentFlag.AlignCenter
            option.position = QStyleOptionHeader.SectionPosition.Middle
            is_sorted = bottom == self.level_count() and sorted_column in columns
            option.sortIndicator = (
                (
                    QStyleOptionHeader.SortIndicator.SortDown
                    if self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
                    else QStyleOptionHeader.SortIndicator.SortUp
                )
                if is_sorted and len(columns) == 1
                else QStyleOptionHeader.SortIndicator.None_
            )
            self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.end()
