"""The fact record: one figure with its indicator, region, period, unit and source."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

KINDS = ("value", "growth", "share", "rate", "change")
MODALITIES = ("actual", "estimate", "target")


@dataclass
class Fact:
    """One figure.

    ``indicator`` is the group name (``生产总值`` for ``地区生产总值``/``GDP``…),
    ``indicator_text`` the words as printed. ``value``/``unit`` are as printed (``708.08``
    ``亿元``), ``value_text`` the number exactly as printed (``21.00``, ``-4.8``,
    ``1,234``); ``base_value``/``base_unit`` the same figure in a base unit where one
    exists (``70808000000.0`` ``元``), so figures compare across documents.

    ``kind``: ``value`` (an amount), ``growth`` (a growth rate in %, negative for a
    fall), ``share`` (a percentage or per-mille that is not a growth rate: shares,
    ratios, rates), ``change`` (a difference: ``比上年末减少1.78万人`` → -1.78).
    ``modality``: ``actual``, ``estimate`` (预计) or ``target`` (目标, 力争, 将 …).
    ``period_inferred`` / ``region_inferred``: the sentence does not state them; they
    come from the paragraph, the section or the document.

    Source: ``source_kind`` ``text`` (``source_text`` is the sentence) or ``table``
    (``source_text`` like ``表11 生产总值 2023年``, with ``table_id``/``row``/``col``).
    """

    indicator: str
    indicator_text: str
    region: str
    period: str
    value: float
    unit: str
    base_value: float | None
    base_unit: str | None
    kind: str
    doc: str
    node_id: str
    source_text: str
    source_kind: str
    modality: str = "actual"
    value_text: str = ""
    period_inferred: bool = False
    region_inferred: bool = False
    page: int | None = None
    table_id: str | None = None
    row: int | None = None
    col: int | None = None
    part: int | None = None  # position in an unsplit list (``存贷款余额分别达到A、B``)
    id: int = 0
    conflict_group: str | None = None
    disagrees: bool = False
    others: list[dict] = field(default_factory=list)

    def key(self) -> tuple[str, str, str, str]:
        """What two facts must share to be about the same figure."""
        return (self.indicator, self.region, self.period, self.kind)

    def as_dict(self) -> dict:
        return asdict(self)
