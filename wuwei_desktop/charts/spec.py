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
    """One series: a value per category and, where known, each value as printed
    (``texts``: ``21.00``, ``7.0``), which the value labels then show unchanged."""

    name: str
    values: list[float | None]
    texts: list[str | None] | None = None


@dataclass
class ChartSpec:
    """One chart: ``categories`` along the category axis, one value per category in each
    of ``series``. ``growth`` (per category, in %) is written above grouped bars;
    ``decimals`` is how many decimals the value labels show (``None``: as short as exact)
    where a series has no printed ``texts``. ``years`` puts the categories on a time axis
    (one year each, spaced by the years between them: 2016, 2020, 2022, 2023).
    """

    kind: str  # "bar" | "grouped_bar" | "barh" | "pie" | "line"
    title: str
    categories: list[str]
    series: list[Series]
    unit: str | None
    source: str
    growth: list[float | None] | None = None
    decimals: int | None = None
    years: list[int] | None = None

    def as_dict(self) -> dict:
        """The parts the CLI prints with ``--json``."""
        return {
            "kind": self.kind,
            "title": self.title,
            "categories": list(self.categories),
            "series": [_series_dict(s) for s in self.series],
            "unit": self.unit,
            "source": self.source,
            "growth": None if self.growth is None else list(self.growth),
            **({"years": list(self.years)} if self.years else {}),
        }


def _series_dict(series: Series) -> dict:
    """A series for JSON; ``texts`` (the values as printed) only where they are known."""
    data: dict = {"name": series.name, "values": list(series.values)}
    if series.texts is not None:
        data["texts"] = list(series.texts)
    return data


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


def value_labels(series: Series, decimals: int | None) -> list[str | None]:
    """The label of each value of a series: its printed text where known, else formatted."""
    texts = series.texts or [None] * len(series.values)
    return [
        None if v is None else (t if t else format_value(v, decimals))
        for v, t in zip(series.values, texts, strict=True)
    ]
