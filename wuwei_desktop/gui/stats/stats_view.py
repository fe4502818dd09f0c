"""The 统计 view: tab 统计表 (the table list, the open table, its chart), tab 指标查询
(the indicator explorer) and tab 目标与完成 (targets of the work reports against outcomes).

Public API for the main window: ``set_archive(archive | None)``, ``open_table(table_id)``,
``location()``; signals ``node_requested(str)`` (出处 of a table or a figure),
``location_changed(str)`` (for the status bar) and ``status_message(str)``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from .. import strings as S
from .chart_panel import ChartPanel
from .file_io import SaveDialogs
from .indicator_explorer import IndicatorExplorer
from .table_list import TableList, table_entries
from .table_view import TablePanel
from .targets_view import TargetsView

TABLE_MIN_HEIGHT = 200  # buttons, title, header and a few rows of the table


def keep_chart_room(splitter: QSplitter, chart) -> None:
    """Move ``splitter`` (table above, ``chart`` below) so the chart keeps its
    CHART_MIN_HEIGHT where there is room for it."""
    first, second = splitter.sizes()
    need = chart.height_for_chart(splitter.width())
    if second < need and first + second >= need + TABLE_MIN_HEIGHT // 2:
        splitter.setSizes([first + second - need, need])


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
        self.explorer.splitter.splitterMoved.connect(lambda _p, _i: self._keep_facts_chart())
        self.explorer.splitter.installEventFilter(self)
        for source in (self.table_panel, self.chart, self.explorer):
            source.status_message.connect(self.status_message)
        self.targets = TargetsView(self)
        for source in (self.table_panel, self.explorer, self.targets):
            source.node_requested.connect(self.node_requested)

        self.table_panel.row_picked.connect(lambda _row: self._show_chart_tab())
        self.table_panel.column_picked.connect(lambda _col: self._show_chart_tab())

        # the table above its chart; where the height leaves the chart under
        # CHART_MIN_HEIGHT, the two become tabs (see _arrange)
        self.table_panel.setMinimumHeight(TABLE_MIN_HEIGHT)  # the title may wrap, not grow
        self.right_splitter = right = QSplitter(Qt.Orientation.Vertical, self)
        right.setObjectName("statsTableSplitter")
        right.addWidget(self.table_panel)
        right.addWidget(self.chart)
        right.setChildrenCollapsible(False)
        right.setSizes([330, 400])
        right.splitterMoved.connect(self._on_split_moved)
        self.right_tabs = QTabWidget(self)
        self.right_tabs.setObjectName("statsTableTabs")
        self.right_tabs.setDocumentMode(True)
        self.right_stack = QStackedWidget(self)
        self.right_stack.addWidget(right)
        self.right_stack.addWidget(self.right_tabs)
        self.right_stack.installEventFilter(self)
        self._table_share: float | None = None  # set when the user drags the split
        self.tables_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.tables_splitter.setObjectName("statsSplitter")
        self.tables_splitter.addWidget(self.table_list)
        self.tables_splitter.addWidget(self.right_stack)
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
        self.explorer.query_changed.connect(lambda _q: QTimer.singleShot(0, self._keep_facts_chart))
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
        from ...api import ArchiveError, ArchiveReadError

        try:
            table = self.archive.table(table_id)
            full_id = self.archive.table_node_id(table_id)
        except ArchiveReadError as error:  # a damaged archive, not a missing table
            self.status_message.emit(str(error))
            return False
        except ArchiveError:
            self.status_message.emit(S.STATS_TABLE_MISSING.format(table_id=table_id))
            return False
        self.tabs.setCurrentWidget(self.tables_splitter)
        self.table, self.table_id = table, full_id
        self.table_list.select_table(full_id)
        entry = self.table_list.entry(full_id)
        page = entry.page if entry is not None else None
        self.table_panel.set_table(table, full_id, full_id, page)
        self._show_chart_visibility()  # a name list has nothing to chart
        self._show_options()
        self._fit_splitter()
        QTimer.singleShot(0, self._fit_splitter)  # again once the chart is laid out
        self.location_changed.emit(self.location())
        return True

    def _fit_splitter(self) -> None:
        """Give the table the share the user chose, or the room it needs, and the chart
        the rest (never less than its minimum)."""
        self._arrange(self.right_stack.height())  # the chart's controls may have grown
        total = sum(self.right_splitter.sizes())
        if total <= 0 or self.compact():
            return
        if self._table_share is not None:
            table = round(total * self._table_share)
        else:
            table = self.table_panel.preferred_height()
        chart_min = (
            self.chart.height_for_chart(self.right_stack.width())
            if self.chart.isVisibleTo(self)
            else 0
        )
        table = max(min(table, total - chart_min), TABLE_MIN_HEIGHT)
        self.right_splitter.setSizes([table, total - table])

    def _on_split_moved(self, _pos: int, _index: int) -> None:
        sizes = self.right_splitter.sizes()
        if sum(sizes) > 0:
            self._table_share = sizes[0] / sum(sizes)
            keep_chart_room(self.right_splitter, self.chart)

    # -- the table and its chart: one above the other, or tabs -------------------------

    def compact(self) -> bool:
        """Whether the table and its chart are tabs (too little height for both)."""
        return self.right_stack.currentWidget() is self.right_tabs

    def eventFilter(self, watched, event) -> bool:
        if watched is self.right_stack and event.type() == QEvent.Type.Resize:
            self._arrange(event.size().height())
            QTimer.singleShot(0, self._fit_splitter)
        elif watched is self.explorer.splitter and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._keep_facts_chart)
        return super().eventFilter(watched, event)

    def _arrange(self, height: int) -> None:
        """Table above chart when both fit (chart canvas >= CHART_MIN_HEIGHT), else tabs."""
        handle = self.right_splitter.handleWidth()
        need = TABLE_MIN_HEIGHT + handle + self.chart.height_for_chart(self.right_stack.width())
        compact = height < need
        if compact == self.compact():
            return
        if compact:
            self.right_tabs.addTab(self.table_panel, S.STATS_TAB_TABLE)
            self.right_tabs.addTab(self.chart, S.STATS_TAB_CHART)
            self.right_stack.setCurrentWidget(self.right_tabs)
        else:
            self.right_tabs.clear()
            self.right_splitter.addWidget(self.table_panel)
            self.right_splitter.addWidget(self.chart)
            self.table_panel.show()  # the tab widget hid the page it did not show
            self.right_stack.setCurrentWidget(self.right_splitter)
        self._show_chart_visibility()

    def _keep_facts_chart(self) -> None:
        keep_chart_room(self.explorer.splitter, self.explorer.chart)

    def _show_chart_visibility(self) -> None:
        has_chart = self.table is None or self.table.kind != "list"
        if self.compact():  # the tab widget shows one page at a time
            self.right_tabs.setTabVisible(1, has_chart)
        else:
            self.chart.setVisible(has_chart)

    def _show_chart_tab(self) -> None:
        if self.compact():
            self.right_tabs.setCurrentWidget(self.chart)

    # -- remembered sizes ---------------------------------------------------------------

    def save_state(self, settings) -> None:
        """Keep the splitters' sizes in ``settings`` (a QSettings)."""
        settings.setValue("stats/list_splitter", self.tables_splitter.saveState())
        settings.setValue("stats/facts_splitter", self.explorer.splitter.saveState())
        if self._table_share is not None:
            settings.setValue("stats/table_share", round(self._table_share, 4))

    def restore_state(self, settings) -> None:
        """Sizes kept by :meth:`save_state` (nothing happens where none were kept)."""
        for key, splitter in (
            ("stats/list_splitter", self.tables_splitter),
            ("stats/facts_splitter", self.explorer.splitter),
        ):
            state = settings.value(key)
            if state is not None:
                splitter.restoreState(state)
        try:
            share = float(settings.value("stats/table_share", ""))
        except (TypeError, ValueError):
            share = None
        self._table_share = share if share is not None and 0.05 < share < 0.95 else None

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
