"""One table as the book prints it: title, unit, header levels, indented rows, source note;
sortable, copyable (Ctrl+C pastes into Excel/WPS), exportable to CSV and Excel.

Signals:
    node_requested(str node_id): 出处 — open the page the table stands on.
    row_picked(int row) / column_picked(int column): chart this row / data column.
    status_message(str): a short message for the status bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .. import strings as S
from ..flow_layout import FlowLayout
from .file_io import SaveDialogs, safe_file_name
from .header_view import MultiLevelHeader
from .table_model import TableModel, TableSortModel

CELL_PADDING = 28  # horizontal room around a cell's text, in pixels
ROW_PADDING = 10  # vertical room around a cell's text
MAX_COLUMN_WIDTH = 320


class TablePanel(QWidget):
    """Shows one :class:`~wuwei_desktop.ingest.tables.ParsedTable`."""

    node_requested = Signal(str)
    print_requested = Signal(str)
    row_picked = Signal(int)
    column_picked = Signal(int)
    status_message = Signal(str)

    def __init__(self, dialogs: SaveDialogs | None = None, parent=None) -> None:
        super().__init__(parent)
        self.dialogs = dialogs or SaveDialogs()
        self.table = None
        self.table_id: str | None = None
        self.node_id: str | None = None
        self.model = TableModel(self)
        self.proxy = TableSortModel(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.set_table(None)

    # -- construction -------------------------------------------------------------------

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        self.copy_button = self._button(S.STATS_COPY, S.STATS_TIP_COPY, self.copy)
        self.csv_button = self._button(S.STATS_EXPORT_CSV, S.STATS_EXPORT_TITLE, self.export_csv)
        self.xlsx_button = self._button(S.STATS_EXPORT_XLSX, S.STATS_EXPORT_TITLE, self.export_xlsx)
        self.order_button = self._button(
            S.STATS_ORIGINAL_ORDER, S.STATS_TIP_ORIGINAL_ORDER, self.original_order
        )
        self.source_button = self._button(S.STATS_SOURCE, S.STATS_TIP_SOURCE, self.open_source)
        self.print_button = self._button(
            S.ACT_ADD_TO_PRINT,
            S.STATS_TIP_PRINT_TABLE,
            lambda: self.print_requested.emit(self.node_id),
        )
        buttons = FlowLayout()  # wraps onto a second row when the panel is narrow
        for button in (self.copy_button, self.csv_button, self.xlsx_button):
            buttons.addWidget(button)
        buttons.add_stretch()
        buttons.addWidget(self.order_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.source_button)

        self.title_label = QLabel(self)
        self.title_label.setObjectName("tableTitle")
        self.title_label.setProperty("role", "heading")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unit_label = QLabel(self)
        self.unit_label.setObjectName("tableUnit")
        self.unit_label.setProperty("role", "muted")
        self.unit_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.unit_label.setTextFormat(Qt.TextFormat.PlainText)

        self.view = QTableView(self)
        self.view.setObjectName("statsTable")
        self.header = MultiLevelHeader(self.view)
        self.view.setHorizontalHeader(self.header)
        self.view.setModel(self.proxy)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + ROW_PADDING)
        self.header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.header.setSortIndicatorClearable(True)
        self.header.setStretchLastSection(False)
        self.header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.viewport().installEventFilter(self)
        self.view.clicked.connect(self._on_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        copy = QAction(S.STATS_COPY, self.view)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy)
        self.view.addAction(copy)

        self.note_label = QLabel(self)
        self.note_label.setObjectName("tableNote")
        self.note_label.setProperty("role", "muted")
        self.note_label.setWordWrap(True)
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(4)
        layout.addLayout(buttons)
        layout.addSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.unit_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note_label)

    # -- showing a table ----------------------------------------------------------------

    def set_table(
        self,
        table,
        table_id: str | None = None,
        node_id: str | None = None,
        page: int | None = None,
    ) -> None:
        """Show ``table`` (None: nothing) in the book's row order; 出处 names ``page``."""
        self.table = None  # no column fitting (eventFilter) while the model changes
        self.header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.model.set_table(table)
        self.header.set_levels(self.model.header_levels())
        self.table, self.table_id, self.node_id = table, table_id, node_id
        self.source_button.setText(
            S.STATS_SOURCE_PAGE.format(page=page) if page is not None else S.STATS_SOURCE
        )
        for button in (self.copy_button, self.csv_button, self.xlsx_button, self.order_button):
            button.setEnabled(table is not None)
        self.source_button.setEnabled(table is not None and node_id is not None)
        self.print_button.setEnabled(table is not None and node_id is not None)
        if table is None:
            self.title_label.setText(S.STATS_PICK_TABLE)
            self.unit_label.clear()
            self.note_label.clear()
            return
        self.title_label.setText(f"表{table.number}　{table.title}")
        self.unit_label.setText(S.STATS_UNIT.format(unit=table.unit) if table.unit else "")
        self.unit_label.setVisible(bool(table.unit))
        notes = [n for n in (table.source_note, *table.notes) if n]
        self.note_label.setText("\n".join(notes))
        self.note_label.setVisible(bool(notes))
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Columns as wide as their widest cell and the spanning labels above them; spare
        width of the view is shared out, so the table fills it as a printed table does."""
        metrics = self.view.fontMetrics()
        bold = self.header.font()
        bold.setBold(True)
        head_metrics = type(metrics)(bold)
        levels = self.model.header_levels()
        widths = []
        for column in range(self.model.columnCount()):
            texts = [self.model.cell_text(r, column) for r in range(self.model.rowCount())]
            cell = max((metrics.horizontalAdvance(t) for t in texts), default=0)
            head = head_metrics.horizontalAdvance(levels[-1][column]) if levels else 0
            widths.append(min(max(cell, head) + CELL_PADDING, MAX_COLUMN_WIDTH))
        for cell in self.header.cells():
            span = range(cell.first, cell.last + 1)
            need = head_metrics.horizontalAdvance(cell.text) + CELL_PADDING
            have = sum(widths[c] for c in span)
            if need > have:
                extra = -(-(need - have) // len(span))
                for c in span:
                    widths[c] += extra
        spare = self.view.viewport().width() - sum(widths)
        if spare > 0 and widths:
            total = sum(widths)
            widths = [w + spare * w // total for w in widths]
        for column, width in enumerate(widths):
            self.header.resizeSection(column, width)

    def eventFilter(self, watched, event) -> bool:
        if (
            watched is self.view.viewport()
            and event.type() == QEvent.Type.Resize
            and self.table is not None
            and event.size().width() != event.oldSize().width()
        ):
            self._fit_columns()
        return super().eventFilter(watched, event)

    def preferred_height(self) -> int:
        """The height that shows the whole table without scrolling."""
        self.layout().activate()  # title, unit and note as they are now
        rows = self.view.verticalHeader().defaultSectionSize() * self.model.rowCount()
        around = self.height() - self.view.height()  # buttons, title, unit, note
        frame = 2 * self.view.frameWidth()
        wide = self.header.length() > self.view.width() - frame
        scroll = self.view.horizontalScrollBar().sizeHint().height() if wide else 0
        return around + self.header.sizeHint().height() + rows + frame + scroll

    # -- what the view shows, in the order shown ---------------------------------------

    def shown_rows(self) -> list[int]:
        """Table row indexes in the order the view shows them."""
        return [
            self.proxy.mapToSource(self.proxy.index(r, 0)).row()
            for r in range(self.proxy.rowCount())
        ]

    def shown_text(self, row: int, column: int) -> str:
        """The text of the view's cell at (row, column) as displayed."""
        return self.proxy.index(row, column).data() or ""

    def sort_by(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.view.sortByColumn(column, order)

    def original_order(self) -> None:
        """Undo sorting: the rows as the book prints them."""
        self.header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)

    # -- copy, export, source ----------------------------------------------------------

    def selection_tsv(self) -> str:
        """The selected cells as tab-separated lines (the bounding box, blanks elsewhere)."""
        indexes = self.view.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        cells = {(i.row(), i.column()): i.data() or "" for i in indexes}
        rows = sorted({r for r, _ in cells})
        columns = sorted({c for _, c in cells})
        return "\n".join("\t".join(cells.get((r, c), "") for c in columns) for r in rows) + "\n"

    def copy(self) -> str:
        """Copy the selection, or the whole table when nothing is selected; return the text."""
        if self.table is None:
            return ""
        text = self.selection_tsv()
        if text:
            count = len(self.view.selectionModel().selectedIndexes())
            message = S.STATS_COPIED_CELLS.format(count=count)
        else:
            from ...table_export import table_tsv

            text = table_tsv(self.table)
            message = S.STATS_COPIED_TABLE.format(number=self.table.number)
        QGuiApplication.clipboard().setText(text)
        self.status_message.emit(message)
        return text

    def _export(self, filters: str, suffixes: tuple[str, ...], write) -> Path | None:
        if self.table is None:
            return None
        name = safe_file_name(f"表{self.table.number} {self.table.title}") + suffixes[0]
        path = self.dialogs.save_path(self, S.STATS_EXPORT_TITLE, name, filters, suffixes)
        if path is None:
            return None
        from ...table_export import ExportError

        try:
            write(self.table, path)
        except ExportError as error:
            self.dialogs.error(self, S.STATS_EXPORT_FAILED, str(error))
            return None
        except OSError as error:
            message = S.STATS_EXPORT_ERROR.format(path=path, error=error.strerror or error)
            self.dialogs.error(self, S.STATS_EXPORT_FAILED, message)
            return None
        self.status_message.emit(S.STATS_EXPORTED.format(path=path))
        return path

    def export_csv(self) -> Path | None:
        """Ask for a file name and write the table as CSV; the path, or None."""
        from ...table_export import write_csv

        return self._export(S.STATS_CSV_FILTER, (".csv",), write_csv)

    def export_xlsx(self) -> Path | None:
        """Ask for a file name and write the table as .xlsx; the path, or None."""
        from ...table_export import write_xlsx

        return self._export(S.STATS_XLSX_FILTER, (".xlsx",), write_xlsx)

    def open_source(self) -> None:
        if self.node_id:
            self.node_requested.emit(self.node_id)

    # -- picking a row or a column for the chart ----------------------------------------

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and self.model.data_column(index.column()) is None:
            self.row_picked.emit(self.proxy.mapToSource(index).row())

    def pick_menu(self, index: QModelIndex) -> QMenu:
        """The context menu of a cell: chart its row / its column, copy."""
        menu = QMenu(self)
        source = self.proxy.mapToSource(index)
        if self.table is not None and self.table.kind != "list":
            label = self.table.rows[source.row()].label
            row_action = menu.addAction(S.STATS_MENU_CHART_ROW.format(label=label))
            row_action.triggered.connect(lambda: self.row_picked.emit(source.row()))
            j = self.model.data_column(index.column())
            if j is not None:
                column = " ".join(dict.fromkeys(self.table.columns[j]))
                col_action = menu.addAction(S.STATS_MENU_CHART_COLUMN.format(label=column))
                col_action.triggered.connect(lambda: self.column_picked.emit(j))
            menu.addSeparator()
        menu.addAction(S.STATS_COPY, self.copy)
        return menu

    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            menu = self.pick_menu(index)
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.view.viewport().mapToGlobal(pos))
