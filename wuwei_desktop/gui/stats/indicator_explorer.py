"""The 指标 explorer: type an indicator or a whole question, see the answer in one line
with its source, every figure found (across documents, regions and years; a figure that
several places print is one row, 2 处出处), and chart the series over years or across
counties; the chart follows the answer (民勤 粮食 charts 民勤县's grain). Words without an
indicator (凉州区, 2023年) list that region's or year's main figures, one a row; choosing
one of them in 指标 asks for it.

Signals:
    node_requested(str node_id): open a figure's source in the reader.
    status_message(str): a short message for the status bar.
    query_changed(str): the figures for another query are shown.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...facts.regions import region_order
from .. import strings as S
from ..figure_answer import FigureAnswer
from .chart_panel import ChartPanel
from .facts_model import COL_DOC, COL_SOURCE, FactsModel
from .file_io import SaveDialogs

QUERY_DELAY_MS = 250
COMBO_MAX_WIDTH = 240
DOC_COLUMN_WIDTH = 150
CHART_BY = (("period", S.STATS_FACTS_BY_PERIOD), ("region", S.STATS_FACTS_BY_REGION))
ALL = ""  # the "everything" entry of a filter box


class IndicatorExplorer(QWidget):
    """Query box, filters (指标, 地区, 年份), the figures, their chart."""

    node_requested = Signal(str)
    status_message = Signal(str)
    query_changed = Signal(str)

    def __init__(self, dialogs: SaveDialogs | None = None, parent=None) -> None:
        super().__init__(parent)
        self.archive = None
        self.newest_first: list[str] = []
        self.found: list = []  # every figure for the query (FigureInfo rows), best first
        self.best = None  # the fact that answers the query, which the chart follows
        self.overview = ""  # a query without indicator words: what its main figures are
        self._compared = False  # the chart was switched to the counties for a comparison
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(QUERY_DELAY_MS)
        self._timer.timeout.connect(self.run_query)
        self._build(dialogs or SaveDialogs())
        self._show_hint(S.STATS_FACTS_HINT)

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMaximumWidth(COMBO_MAX_WIDTH)  # long indicator names are elided
        combo.activated.connect(lambda _i: self._on_filter_chosen(combo))
        return combo

    def _on_filter_chosen(self, combo: QComboBox) -> None:
        indicator = self.indicator_combo.currentData()
        if combo is self.indicator_combo and self.overview and indicator:
            # one of a region's main figures: ask for it, with its years and counties
            self.set_query(f"{self.query_edit.text().strip()} {indicator}")
            return
        self._apply_filters()

    def _build(self, dialogs: SaveDialogs) -> None:
        self.query_edit = QLineEdit(self)
        self.query_edit.setProperty("role", "search")
        self.query_edit.setPlaceholderText(S.STATS_FACTS_PLACEHOLDER)
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.textChanged.connect(lambda _t: self._timer.start())
        self.query_edit.returnPressed.connect(self.run_query)
        self.indicator_combo = self._combo("factIndicator")
        self.region_combo = self._combo("factRegion")
        self.period_combo = self._combo("factPeriod")
        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(self.query_edit, 1)
        for caption, combo in (
            (S.STATS_FACTS_INDICATOR, self.indicator_combo),
            (S.STATS_FACTS_REGION, self.region_combo),
            (S.STATS_FACTS_PERIOD, self.period_combo),
        ):
            filters.addSpacing(6)
            label = QLabel(caption, self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            filters.addWidget(label)
            filters.addWidget(combo)

        self.answer = FigureAnswer(self)  # the best figure in one line, with its source
        self.answer.node_requested.connect(self.node_requested)
        self.model = FactsModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("factsTable")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_DOC, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_DOC, DOC_COLUMN_WIDTH)
        header.setSectionResizeMode(COL_SOURCE, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self.source_button.setEnabled(current.isValid())
        )

        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setProperty("role", "muted")
        self.source_button = QPushButton(S.STATS_SOURCE, self)
        self.source_button.setToolTip(S.STATS_TIP_FACT_SOURCE)
        self.source_button.setEnabled(False)
        self.source_button.clicked.connect(self.open_source)
        below = QHBoxLayout()
        below.addWidget(self.count_label, 1)
        below.addWidget(self.source_button)

        table_box = QWidget(self)
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.setSpacing(4)
        table_layout.addWidget(self.view, 1)
        table_layout.addLayout(below)

        self.chart = ChartPanel(dialogs, self)
        self.chart.set_options(list(CHART_BY), "period")
        self.chart.option_changed.connect(lambda _key: self._update_chart())
        self.chart.status_message.connect(self.status_message)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("factsSplitter")
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(self.chart)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([300, 360])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(6)
        layout.addLayout(filters)
        layout.addWidget(self.answer)
        layout.addWidget(self.splitter, 1)

    # -- the archive and the query ------------------------------------------------------

    def set_archive(self, archive) -> None:
        self.archive = archive
        self.model.doc_titles = {d.id: d.title for d in archive.documents()} if archive else {}
        self.answer.doc_titles = self.model.doc_titles
        self.newest_first = [d.id for d in archive.editions()] if archive else []
        self.run_query()

    def set_query(self, text: str) -> None:
        """Put ``text`` in the box and show its figures now."""
        self.query_edit.setText(text)
        self.run_query()

    def run_query(self) -> None:
        self._timer.stop()
        query = self.query_edit.text().strip()
        answer = self.archive.ask(query, limit=None) if self.archive and query else None
        self.found = answer.figures if answer else []
        self.best = answer.followed if answer else None
        self.overview = answer.overview if answer else ""
        if answer and answer.chart_by == "region":  # 各县区 / 哪个县…最高: side by side
            self.chart.choose_option("region")
            self._compared = True
        elif self._compared:  # back to the years once the question compares no more
            self.chart.choose_option("period")
            self._compared = False
        self.answer.show_figure(answer.best if answer and answer.sure else None)
        indicators = list(dict.fromkeys(row.fact.indicator for row in self.found))
        self._fill(self.indicator_combo, S.STATS_FACTS_ALL_INDICATORS, indicators)
        if indicators:
            # the best match, not all related ones; a region's main figures all together
            self.indicator_combo.setCurrentIndex(0 if self.overview else 1)
        self._apply_filters()
        if not query:
            self._show_hint(S.STATS_FACTS_HINT)
        elif not self.found:
            self._show_hint(S.STATS_FACTS_NONE.format(query=query))
        self.query_changed.emit(query)

    def _show_hint(self, text: str) -> None:
        self.count_label.setText(text)
        self.chart.show_spec(None, text)

    @staticmethod
    def _fill(combo: QComboBox, everything: str, values: list[str]) -> None:
        """Refill a filter box, keeping its choice where it still exists."""
        kept = combo.currentData()
        combo.clear()
        combo.addItem(everything, ALL)
        for value in values:
            combo.addItem(value, value)
        index = combo.findData(kept) if kept else 0
        combo.setCurrentIndex(max(index, 0))

    def _apply_filters(self) -> None:
        indicator = self.indicator_combo.currentData()
        rows = [r for r in self.found if not indicator or r.fact.indicator == indicator]
        regions = sorted({r.fact.region for r in rows}, key=region_order)
        periods = sorted({r.fact.period for r in rows})
        self._fill(self.region_combo, S.STATS_FACTS_ALL_REGIONS, regions)
        self._fill(self.period_combo, S.STATS_FACTS_ALL_PERIODS, periods)
        region, period = self.region_combo.currentData(), self.period_combo.currentData()
        rows = [r for r in rows if (not region or r.fact.region == region)]
        rows = [r for r in rows if (not period or r.fact.period == period)]
        self.model.set_rows(rows)
        self.source_button.setEnabled(False)
        if rows:
            count = S.STATS_FACTS_COUNT.format(count=len(rows))
            self.count_label.setText(f"{self.overview}{count}" if self.overview else count)
        self._update_chart()

    def shown_facts(self) -> list:
        """Every fact behind the figures in the table (each row's sources), in its order."""
        return [fact for sources in self.model.sources for fact in sources]

    # -- chart and sources --------------------------------------------------------------

    def _update_chart(self) -> None:
        facts = self.shown_facts()
        if not facts:
            self.chart.show_spec(None, self.count_label.text())
            return
        if self.overview:  # one row an indicator: nothing to draw on one chart
            self.chart.show_spec(None, S.STATS_FACTS_PICK_INDICATOR)
            return
        from ...charts import ChartError, chart_for_facts

        try:
            spec = chart_for_facts(
                facts,
                by=self.chart.current_option(),
                doc_titles=self.model.doc_titles,
                newest_first=self.newest_first,
                follow=self.best,
            )
        except ChartError as error:
            self.chart.show_spec(None, str(error))
            return
        self.chart.show_spec(spec)

    def set_chart_by(self, by: str) -> None:
        """Chart over years (``period``) or across counties (``region``)."""
        self.chart.choose_option(by)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.node_requested.emit(self.model.facts[index.row()].node_id)

    def open_source(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.node_requested.emit(self.model.facts[index.row()].node_id)
