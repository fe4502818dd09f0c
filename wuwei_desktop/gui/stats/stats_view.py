"""The 统计 view: tab 统计表 (the table list, the open table, its chart), tab 指标查询
(the indicator explorer) and tab 目标与完成 (targets of the work reports against outcomes).

Public API for the main window: ``set_archive(archive | None)``, ``open_table(table_id)``,
``location()``; signals ``node_requested(str)`` (出处 of a table or a figure),
``location_changed(str)`` (for the status bar) and ``status_message(str)``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from .. import strings as S
from .chart_panel import ChartPanel
from .file_io import SaveDialogs
from .indicator_explorer import IndicatorExplorer
from .table_list import TableList, table_entries
from .table_view import TablePanel
from .targets_view import TargetsView


class StatsView(QWidget):
    """Everything statistical in one place; the archive comes from :meth:`set_archive`."""

    node_requested = Signal(str)
    print_requested = Signal(object)  # an ExtractItem: the table, or its chart as shown
    status_message = Signal(str)
    location_changed = Signal(str)

    def __init__(self, dialogs: SaveDialogs | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("statsView")
        self.dialogs = dialogs or SaveDialogs()
        self.archive = None
        self.table = None
        self.table_id: str | None = None
        self._doc_titles: dict[str, str] = {}
        self.table_list = TableList(self)
        self.table_list.table_selected.connect(self.open_table)
        self.table_panel = TablePanel(self.dialogs, self)
        self.table_panel.row_picked.connect(lambda row: self.chart_option(f"row:{row}"))
        self.table_panel.column_picked.connect(lambda col: self.chart_option(f"column:{col}"))
        self.chart = ChartPanel(self.dialogs, self)
        self.chart.option_changed.connect(self.chart_option)
        self.table_panel.print_requested.connect(self._print_table)
        self.chart.print_requested.connect(self._print_chart)
        self.explorer = IndicatorExplorer(self.dialogs, self)
        for source in (self.table_panel, self.chart, self.explorer):
            source.status_message.connect(self.status_message)
        self.targets = TargetsView(self)
        for source in (self.table_panel, self.explorer, self.targets):
            source.node_requested.connect(self.node_requested)

        self.right_splitter = right = QSplitter(Qt.Orientation.Vertical, self)
        right.setObjectName("statsTableSplitter")
        right.addWidget(self.table_panel)
        right.addWidget(self.chart)
        right.setChildrenCollapsible(False)
        right.setSizes([330, 400])
        self.tables_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.tables_splitter.setObjectName("statsSplitter")
        self.tables_splitter.addWidget(self.table_list)
        self.tables_splitter.addWidget(right)
        self.tables_splitter.setStretchFactor(0, 0)
        self.tables_splitter.setStretchFactor(1, 1)
        self.tables_splitter.setSizes([330, 870])
        self.tables_splitter.setChildrenCollapsible(False)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("statsTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.tables_splitter, S.STATS_TAB_TABLES)
        self.tabs.addTab(self.explorer, S.STATS_TAB_INDICATORS)
        self.tabs.addTab(self.targets, S.STATS_TAB_TARGETS)
        self.tabs.currentChanged.connect(lambda _i: self.location_changed.emit(self.location()))
        self.explorer.query_changed.connect(lambda _q: self.location_changed.emit(self.location()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.set_archive(None)

    # -- archive ------------------------------------------------------------------------

    def set_archive(self, archive) -> None:
        """Use ``archive`` (None: no archive open — the view says so)."""
        self.archive = archive
        self.table = self.table_id = None
        self._doc_titles = {d.id: d.title for d in archive.documents()} if archive else {}
        self.table_list.set_entries(table_entries(archive) if archive else [])
        self.table_panel.set_table(None)
        if archive is None:
            self.table_panel.title_label.setText(S.STATS_NO_ARCHIVE)
        self.chart.set_options([])
        self.chart.show_spec(None, S.STATS_PICK_TABLE if archive else S.STATS_NO_ARCHIVE)
        self.explorer.set_archive(archive)
        self.targets.set_archive(archive)

    # -- tables -------------------------------------------------------------------------

    def open_table(self, table_id: str) -> bool:
        """Show a table (by id or ``表11``) with its automatic chart; False if unknown."""
        if self.archive is None:
            return False
        from ...api import ArchiveError

        try:
            table = self.archive.table(table_id)
            full_id = self.archive.table_node_id(table_id)
        except ArchiveError:
            self.status_message.emit(S.STATS_TABLE_MISSING.format(table_id=table_id))
            return False
        self.tabs.setCurrentWidget(self.tables_splitter)
        self.table, self.table_id = table, full_id
        self.table_list.select_table(full_id)
        entry = self.table_list.entry(full_id)
        page = entry.page if entry is not None else None
        self.table_panel.set_table(table, full_id, full_id, page)
        self.chart.setVisible(table.kind != "list")  # a name list has nothing to chart
        self._show_options()
        self._fit_splitter()
        self.location_changed.emit(self.location())
        return True

    def _fit_splitter(self) -> None:
        """Give the table the room it needs (at most 60 %), the chart the rest."""
        total = sum(self.right_splitter.sizes())
        if total <= 0:
            return
        table = min(self.table_panel.preferred_height(), int(total * 0.6))
        self.right_splitter.setSizes([table, total - table])

    def location(self) -> str:
        """What the view shows, for the status bar."""
        if self.tabs.currentWidget() is self.targets:
            return S.STATS_LOCATION_TARGETS
        if self.tabs.currentWidget() is self.explorer:
            query = self.explorer.query_edit.text().strip()
            return S.STATS_LOCATION_FACTS.format(query=query) if query else S.STATS_TAB_INDICATORS
        if self.table is None:
            return S.STATS_TAB_TABLES
        return S.STATS_LOCATION.format(number=self.table.number, title=self.table.title)

    def _doc_title(self) -> str:
        doc = self.table_id.split("/", 1)[0] if self.table_id else ""
        return self._doc_titles.get(doc, doc)

    def _show_options(self) -> None:
        from ...charts import table_chart_options

        options = table_chart_options(self.table)
        self.chart.set_options([(o.key, o.label) for o in options])
        if not options:
            self.chart.show_spec(None, S.STATS_CHART_NONE)
            return
        self.chart_option(options[0].key)

    def chart_option(self, key: str) -> None:
        """Chart the open table with option ``key`` (``counties``, ``row:3``, ``column:0``…)."""
        if self.table is None or self.table.kind == "list":
            return
        from ...charts import ChartError, chart_for_table

        try:
            spec = chart_for_table(
                self.table, key, table_ref=f"表{self.table.number}", doc_title=self._doc_title()
            )
        except ChartError as error:
            self.chart.show_spec(None, str(error))
            return
        if key not in self.chart.option_keys():
            self.chart.add_option(key, self._picked_label(key))
        self.chart.select_option(key)
        self.chart.show_spec(spec)

    def _print_table(self, node_id: str) -> None:
        from ...extract import ExtractItem

        self.print_requested.emit(ExtractItem("node", node_id))

    def _print_chart(self) -> None:
        from ...extract import ExtractItem

        if self.table_id and self.chart.spec is not None:
            option = self.chart.current_option()
            self.print_requested.emit(ExtractItem("chart", self.table_id, option))

    def _picked_label(self, key: str) -> str:
        kind, _, number = key.partition(":")
        index = int(number)
        if kind == "row":
            return S.STATS_MENU_CHART_ROW.format(label=self.table.rows[index].label)
        column = " ".join(dict.fromkeys(self.table.columns[index]))
        return S.STATS_MENU_CHART_COLUMN.format(label=column)
