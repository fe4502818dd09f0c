"""统计 › 目标与完成: the targets the work reports set, each against the archive's outcome.

One row a :class:`~wuwei_desktop.facts.outcomes.TargetCheck`: indicator, region, year,
target (with its bound as printed), outcome, 完成 / 未完成 / 无结果, and both sources.
Double-click opens the target's paragraph, or, on the 结果出处 column, the outcome's
table or paragraph. The targets are read when the tab is first shown.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...facts.outcomes import STATUS_MET, STATUS_NONE, STATUS_NOT_MET
from ...facts.targets import cite, target_phrase
from .. import strings as S

(
    COL_INDICATOR,
    COL_REGION,
    COL_YEAR,
    COL_TARGET,
    COL_OUTCOME,
    COL_STATUS,
    COL_TARGET_SOURCE,
    COL_OUTCOME_SOURCE,
) = range(8)
STATUS_COLORS = {STATUS_MET: "#2e7d32", STATUS_NOT_MET: "#9e2620", STATUS_NONE: "#6b6b6b"}
ALL = ""


def outcome_text(check) -> str:
    if check.outcome is None:
        return "—"
    o = check.outcome
    return f"{o.value_text}{o.unit}"


class TargetsModel(QAbstractTableModel):
    """Read-only rows of target checks; ``doc_titles`` maps a document id to its title."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.checks: list = []
        self.doc_titles: dict[str, str] = {}

    def set_checks(self, checks: list) -> None:
        self.beginResetModel()
        self.checks = list(checks)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.checks)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(S.STATS_TARGETS_HEADERS)

    def text(self, row: int, column: int) -> str:
        check = self.checks[row]
        t = check.target
        if column == COL_INDICATOR:
            return t.indicator_text
        if column == COL_REGION:
            return t.region
        if column == COL_YEAR:
            return t.year
        if column == COL_TARGET:
            return target_phrase(check.target)
        if column == COL_OUTCOME:
            return outcome_text(check)
        if column == COL_STATUS:
            return S.STATS_TARGETS_STATUS[check.status]
        if column == COL_TARGET_SOURCE:
            return cite(t.source, self._title(t.source.doc))
        if check.outcome is None:
            return S.STATS_TARGETS_NO_OUTCOME.format(year=t.year)
        return cite(check.outcome.source, self._title(check.outcome.source.doc))

    def _title(self, doc: str) -> str:
        return self.doc_titles.get(doc, doc)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        check = self.checks[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_TARGET, COL_OUTCOME):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS:
            return QColor(STATUS_COLORS[check.status])
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_OUTCOME_SOURCE and check.outcome is not None:
                tip = S.STATS_TARGETS_TIP_OUTCOME.format(text=check.outcome.source.text)
                if check.outcome.others:
                    tip += S.STATS_TARGETS_TIP_OTHERS.format(count=check.outcome.others)
                return tip
            return S.STATS_TARGETS_TIP_TARGET.format(text=check.target.source.text)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return S.STATS_TARGETS_HEADERS[section]
        return str(section + 1)


class TargetsView(QWidget):
    """The 目标与完成 tab: filters (year, status), the table, buttons to both sources."""

    node_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("targetsView")
        self.archive = None
        self.checks: list | None = None  # every target, read on first show
        intro = QLabel(S.STATS_TARGETS_INTRO, self)
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.year_combo = self._combo("targetYear")
        self.status_combo = self._combo("targetStatus")
        filters = QHBoxLayout()
        filters.setSpacing(6)
        for caption, combo in (
            (S.STATS_TARGETS_YEAR, self.year_combo),
            (S.STATS_TARGETS_STATUS_FILTER, self.status_combo),
        ):
            filters.addWidget(QLabel(caption, self))
            filters.addWidget(combo)
            filters.addSpacing(10)
        filters.addStretch(1)

        self.model = TargetsModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("targetsTable")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_INDICATOR, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_INDICATOR, 220)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._enable_buttons()
        )

        self.count_label = QLabel(self)
        self.count_label.setProperty("role", "muted")
        self.target_button = QPushButton(S.STATS_TARGETS_OPEN_TARGET, self)
        self.target_button.setToolTip(S.STATS_TARGETS_TIP_OPEN_TARGET)
        self.target_button.clicked.connect(lambda: self.open_source(outcome=False))
        self.outcome_button = QPushButton(S.STATS_TARGETS_OPEN_OUTCOME, self)
        self.outcome_button.setToolTip(S.STATS_TARGETS_TIP_OPEN_OUTCOME)
        self.outcome_button.clicked.connect(lambda: self.open_source(outcome=True))
        below = QHBoxLayout()
        below.addWidget(self.count_label, 1)
        below.addWidget(self.target_button)
        below.addWidget(self.outcome_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(6)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(below)
        self._enable_buttons()

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.activated.connect(lambda _i: self._apply_filters())
        return combo

    # -- data ---------------------------------------------------------------------------

    def set_archive(self, archive) -> None:
        """Use ``archive``; its targets are read when the tab is shown (:meth:`load`)."""
        self.archive = archive
        self.checks = None
        self.model.doc_titles = {d.id: d.title for d in archive.documents()} if archive else {}
        self.model.set_checks([])
        self.count_label.setText("" if archive else S.STATS_NO_ARCHIVE)
        if self.isVisible():
            self.load()

    def load(self) -> None:
        """Read the targets now, if not yet read."""
        if self.checks is not None or self.archive is None:
            return
        self.checks = self.archive.targets()
        years = sorted({c.target.year for c in self.checks})
        self._fill(self.year_combo, S.STATS_TARGETS_ALL_YEARS, years)
        statuses = [STATUS_MET, STATUS_NOT_MET, STATUS_NONE]
        self._fill(self.status_combo, S.STATS_TARGETS_ALL_STATUS, statuses)
        self._apply_filters()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.load()

    @staticmethod
    def _fill(combo: QComboBox, everything: str, values: list[str]) -> None:
        combo.clear()
        combo.addItem(everything, ALL)
        for value in values:
            combo.addItem(S.STATS_TARGETS_STATUS.get(value, value), value)

    def _apply_filters(self) -> None:
        checks = self.checks or []
        year, status = self.year_combo.currentData(), self.status_combo.currentData()
        shown = [
            c
            for c in checks
            if (not year or c.target.year == year) and (not status or c.status == status)
        ]
        self.model.set_checks(shown)
        self._enable_buttons()
        if self.archive is not None and not checks:
            self.count_label.setText(S.STATS_TARGETS_NONE)
            return
        counts = {s: sum(c.status == s for c in shown) for s in STATUS_COLORS}
        self.count_label.setText(
            S.STATS_TARGETS_COUNT.format(
                count=len(shown),
                met=counts[STATUS_MET],
                not_met=counts[STATUS_NOT_MET],
                none=counts[STATUS_NONE],
            )
        )

    # -- sources ------------------------------------------------------------------------

    def _enable_buttons(self) -> None:
        index = self.view.currentIndex()
        self.target_button.setEnabled(index.isValid())
        self.outcome_button.setEnabled(
            index.isValid() and self.model.checks[index.row()].outcome is not None
        )

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._open(index.row(), outcome=index.column() == COL_OUTCOME_SOURCE)

    def open_source(self, outcome: bool) -> None:
        """Open the selected row's target (or outcome) source in the reader."""
        index = self.view.currentIndex()
        if index.isValid():
            self._open(index.row(), outcome)

    def _open(self, row: int, outcome: bool) -> None:
        check = self.model.checks[row]
        if outcome and check.outcome is not None:
            self.node_requested.emit(check.outcome.source.node_id)
        else:
            self.node_requested.emit(check.target.source.node_id)
