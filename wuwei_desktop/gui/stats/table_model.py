"""A :class:`~wuwei_desktop.ingest.tables.ParsedTable` as a Qt table model, and its sorting.

Column 0 is the row-label column (the table's stub, ``指标名称``), columns 1… are the
table's data columns. Cells show the text as printed (``708.08``, ``0.90``, ``—``); row
labels carry the printed indent and ``其中：`` for of-which rows. Sorting goes through
:class:`TableSortModel`: numbers by value, text after numbers, missing cells last;
sorting by column ``-1`` gives the book's order back.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from .. import strings as S
from ..plain import plain_tooltip

INDENT = "\u3000"  # one printed indent step: an ideographic space
NUMERIC_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
TEXT_ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER_ALIGN = Qt.AlignmentFlag.AlignCenter


def row_label(row) -> str:
    """A row's label as printed: indented by its level, ``其中：`` for of-which rows."""
    marker = S.STATS_OF_WHICH if row.of_which else ""
    return f"{INDENT * row.level}{marker}{row.label}"


class TableModel(QAbstractTableModel):
    """Read-only model of one ParsedTable (``None``: an empty model)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_table(self, table) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    # -- shape --------------------------------------------------------------------------

    def _has_stub(self) -> bool:
        return self.table is not None and self.table.kind != "list"

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return len(self.table.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return self.table.width + (1 if self._has_stub() else 0)

    def data_column(self, column: int) -> int | None:
        """The table's data column shown in model column ``column`` (None: the labels)."""
        if not self._has_stub():
            return column
        return None if column == 0 else column - 1

    def header_levels(self) -> list[list[str]]:
        """Header labels per level, one per model column (the stub spans all levels)."""
        if self.table is None:
            return []
        levels = [list(level) for level in self.table.header] or [[]]
        if self._has_stub():
            stub = self.table.stub or ""
            levels = [[stub, *level] for level in levels]
        return levels

    # -- cells --------------------------------------------------------------------------

    def cell_text(self, row: int, column: int) -> str:
        """The text shown in a cell (the printed text; the indented label in column 0)."""
        table_row = self.table.rows[row]
        j = self.data_column(column)
        if j is None:
            return row_label(table_row)
        return table_row.texts[j] if j < len(table_row.texts) else ""

    def cell_value(self, row: int, column: int):
        """The typed value: ``float``, ``str`` or ``None`` (the label for column 0)."""
        table_row = self.table.rows[row]
        j = self.data_column(column)
        if j is None:
            return table_row.label
        return table_row.cells[j] if j < len(table_row.cells) else None

    def sort_key(self, row: int, column: int) -> tuple:
        """Numbers by value, then text, then missing cells."""
        value = self.cell_value(row, column)
        if isinstance(value, float):
            return (0, value, "")
        if isinstance(value, str) and value:
            return (1, 0.0, value)
        return (2, 0.0, "")

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.table is None:
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            j = self.data_column(column)
            if j is None:
                return TEXT_ALIGN
            if j == self.table.unit_column:
                return CENTER_ALIGN
            value = self.cell_value(row, column)
            return TEXT_ALIGN if isinstance(value, str) else NUMERIC_ALIGN
        if role == Qt.ItemDataRole.ToolTipRole and self.data_column(column) is None:
            return plain_tooltip(" › ".join(self.table.path(row)))
        if role == Qt.ItemDataRole.FontRole and self.data_column(column) is None:
            table_row = self.table.rows[row]
            has_children = any(r.parent == row for r in self.table.rows)
            return self._bold if table_row.level == 0 and has_children else None
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or self.table is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            levels = self.header_levels()
            return levels[-1][section] if section < len(levels[-1]) else None
        return str(section + 1)


class TableSortModel(QSortFilterProxyModel):
    """Sorts a :class:`TableModel` by typed values; column -1 is the book's order."""

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        model = self.sourceModel()
        column = left.column()
        return model.sort_key(left.row(), column) < model.sort_key(right.row(), column)
