"""What a chart shows, as plain data: the table and facts modules make it, ``draw`` draws it.

No matplotlib and no Qt here, so a :class:`ChartSpec` can be built, tested and sent as
JSON without loading either.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("bar", "grouped_bar", "barh", "pie", "line")


class ChartError(Exception):
    """Nothing to chart, or the chart cannot be written; the message is Chinese."""


@dataclass
class Series:
    name: str
    values: list[float | None]


@dataclass
class ChartSpec:
    """One chart: ``categories`` along the category axis, one value per category in each
    of ``series``. ``growth`` (per category, in %) is written above grouped bars;
    ``decimals`` is how many decimals the value labels show (``None``: as short as exact).
    """

    kind: str  # "bar" | "grouped_bar" | "barh" | "pie" | "line"
    title: str
    categories: list[str]
    series: list[Series]
    unit: str | None
    source: str
    growth: list[float | None] | None = None
    decimals: int | None = None

    def as_dict(self) -> dict:
        """The parts the CLI prints with ``--json``."""
        return {
            "kind": self.kind,
            "title": self.title,
            "categories": list(self.categories),
            "series": [{"name": s.name, "values": list(s.values)} for s in self.series],
            "unit": self.unit,
            "source": self.source,
            "growth": None if self.growth is None else list(self.growth),
        }


@dataclass
class ChartOption:
    """One chart a table offers: ``key`` is stable (``counties``, ``row:3``), ``label`` is
    what the user reads (``各县区对比（柱状图）``)."""

    key: str
    label: str
    kind: str


def format_value(value: float, decimals: int | None) -> str:
    """A value as a label: ``decimals`` places, or the shortest exact form."""
    if decimals is None:
        return f"{value:.10g}"
    return f"{value:.{decimals}f}"
