"""The figures of the 指标 explorer as a Qt table model: one figure a row (its best-placed
:class:`FactInfo`), with every source that prints the same value (备注 says 2 处出处; the
tooltip lists them)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from .. import strings as S
from ..figure_answer import sources_tip

(
    COL_INDICATOR,
    COL_REGION,
    COL_PERIOD,
    COL_VALUE,
    COL_UNIT,
    COL_DOC,
    COL_PAGE,
    COL_SOURCE,
    COL_REMARK,
) = range(9)
DISAGREE_COLOR = "#9e2620"  # the app's accent


def value_text(value: float) -> str:
    """A figure without float noise: ``708.08``, ``17.11``, ``1962.3``."""
    return f"{value:.10g}"


def remark(fact, sources: int = 1) -> str:
    """预计 / 目标, how many places print the figure, and the disagreement mark."""
    parts = []
    if fact.modality in S.STATS_FACTS_MODALITY:
        parts.append(S.STATS_FACTS_MODALITY[fact.modality])
    if sources > 1:
        parts.append(S.STATS_FACTS_SOURCES.format(count=sources))
    if fact.disagrees:
        parts.append(S.STATS_FACTS_DISAGREES)
    return "　".join(parts)


class FactsModel(QAbstractTableModel):
    """Read-only rows of facts; ``doc_titles`` maps a document id to its title."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.facts: list = []  # the best-placed fact of each row
        self.sources: list[list] = []  # every fact of each row, best first
        self.doc_titles: dict[str, str] = {}

    def set_rows(self, rows: list) -> None:
        """Show figures (:class:`~wuwei_desktop.api.FigureInfo`), one a row."""
        self.beginResetModel()
        self.facts = [row.fact for row in rows]
        self.sources = [list(row.sources) for row in rows]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.facts)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(S.STATS_FACTS_HEADERS)

    def text(self, row: int, column: int) -> str:
        fact = self.facts[row]
        if column == COL_INDICATOR:
            return fact.indicator + S.STATS_FACTS_KIND.get(fact.kind, "")
        if column == COL_REGION:
            return fact.region
        if column == COL_PERIOD:
            return fact.period
        if column == COL_VALUE:
            return fact.value_text or value_text(fact.value)  # as printed: 21.00, 7.0
        if column == COL_UNIT:
            return fact.unit or ""
        if column == COL_DOC:
            return self.doc_titles.get(fact.doc, fact.doc)
        if column == COL_PAGE:
            return S.STATS_PAGE.format(page=fact.page) if fact.page is not None else ""
        if column == COL_SOURCE:
            return " ".join(fact.source_text.split())
        return remark(fact, len(self.sources[row]))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_VALUE:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            fact = self.facts[row]
            if column == COL_REMARK and fact.disagrees:
                others = "；".join(
                    f"{o.get('value_text') or value_text(o['value'])}{o.get('unit') or ''}"
                    for o in fact.others
                )
                return S.STATS_FACTS_TIP_DISAGREES.format(others=others)
            if column in (COL_SOURCE, COL_REMARK):
                return sources_tip(self.sources[row], self.doc_titles)
            if column == COL_DOC:
                return self.text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_REMARK:
            fact = self.facts[row]
            if fact.disagrees:
                return QColor(DISAGREE_COLOR)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return S.STATS_FACTS_HEADERS[section]
        return str(section + 1)
