"""The charts a table offers, and the :class:`ChartSpec` of each (no matplotlib, no Qt).

A table is read the way a reader compares its figures:

- **columns** carry a year (``2023年``), a measure (``常住人口``), a unit (``（万人）``) or a
  growth rate (``增速（%）``); in a county table such as 表10 the columns are regions;
- **groups** of rows are the parts of a whole: the counties under ``生产总值`` (表12), the
  three industries under ``生产总值`` (表11), the counties beside the ``全市`` row (表16).

From a group and a measure come the charts: the counties side by side (``counties``),
the years against each other with the growth rate (``years``), the shares of the whole
(``shares``, only when the parts add up to the whole within 3 %), the items of a whole
(``items``). Any row (``row:<i>``) or column (``column:<j>``) can be picked as well. A
chart never mixes units: rows or columns of another unit are left out. A county goes by
its one canonical name (:mod:`wuwei_desktop.facts.regions`) in every chart.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from wuwei_desktop.facts.normalize import CITY, region_of
from wuwei_desktop.facts.regions import REGIONS
from wuwei_desktop.ingest.tables import ParsedTable

from .spec import ChartError, ChartOption, ChartSpec, Series

NOTHING_TO_CHART = "此表没有可作图的数值"
SHARE_TOLERANCE = 0.03
_YEAR = re.compile(r"^(\d{4})年?$")
_TITLE_YEAR = re.compile(r"(\d{4})年")
_WITH_UNIT = re.compile(r"^(.*?)[（(]([^（）()]+)[）)]$")
_GROWTH_WORDS = ("增速", "增长", "比上年", "同比")
_TOTAL_LABELS = ("合计", "总计")
_RATE_UNITS = ("%", "‰")


@dataclass(frozen=True)
class _Column:
    index: int
    label: str  # the header path as printed, levels joined: "2023年 常住人口（万人）"
    year: str | None  # "2023年"
    measure: str  # header text without year and unit: "常住人口", "" for a plain year column
    unit: str | None
    growth: bool
    region: str | None  # canonical region when the column is one (表10)


@dataclass(frozen=True)
class _Group:
    whole: int | None  # row index of the total (生产总值, 全市), None when there is none
    parts: tuple[int, ...]
    regions: bool  # the parts are counties

    @property
    def key(self) -> str:
        """The group in option keys: its whole's row, ``top`` for the top-level rows."""
        return "top" if self.whole is None else str(self.whole)


@dataclass(frozen=True)
class _Choice:
    option: ChartOption
    spec: ChartSpec


# ----------------------------------------------------------------------------- public


def table_chart_options(table: ParsedTable) -> list[ChartOption]:
    """The charts that fit ``table``, best first; ``[]`` for lists and tables without numbers."""
    return [choice.option for choice in _choices(table, "", "")]


def chart_for_table(
    table: ParsedTable,
    option: str | None = None,
    *,
    table_ref: str = "",
    doc_title: str = "武威年鉴（2024）",
) -> ChartSpec:
    """The chart ``option`` (a key of :func:`table_chart_options`, or ``row:<i>`` /
    ``column:<j>`` for any row or column) of ``table``; ``None`` is the automatic choice.

    ``table_ref`` names the table in the source line (default ``表<number>``).
    Raises :class:`ChartError` (Chinese) when there is nothing to chart.
    """
    source = f"数据来源：《{doc_title}》{table_ref or f'表{table.number}'}"
    choices = _choices(table, source, doc_title)
    if not choices:
        raise ChartError(NOTHING_TO_CHART)
    if option is None:
        return _region_names(choices[0].spec)
    key = option.strip()
    for choice in choices:
        if choice.option.key == key:
            return _region_names(choice.spec)
    picked = _picked(table, key, source)
    if picked is None:
        raise ChartError(f"此表没有“{option}”这种图，可选：{'、'.join(_keys(choices))}")
    return _region_names(picked)


def _region_names(spec: ChartSpec) -> ChartSpec:
    """The chart with one name per county (``天祝藏族自治县`` in 表15, ``天祝县`` in 表12:
    both ``天祝县``), whatever the table prints, so every chart names a county alike: in
    its categories, its series and its title."""
    categories = [
        "·".join(region_of(part) or part for part in label.split("·")) for label in spec.categories
    ]
    series = [replace(s, name=_county_names(s.name)) for s in spec.series]
    return replace(spec, title=_county_names(spec.title), categories=categories, series=series)


def _county_names(text: str) -> str:
    """``天祝藏族自治县`` → ``天祝县`` in a title (the city keeps its printed name there)."""
    for region in REGIONS:
        if region.name != CITY and region.full != region.name:
            text = text.replace(region.full, region.name)
    return text


# ----------------------------------------------------------------------------- columns


def _columns(table: ParsedTable) -> list[_Column]:
    """The data columns holding numbers (the 单位 column and text columns left out)."""
    columns = []
    for j in range(table.width):
        if j == table.unit_column or not any(
            _number(row.cells, j) is not None for row in table.rows
        ):
            continue
        year = unit = None
        growth = False
        measure: list[str] = []
        printed: list[str] = []
        for level in table.header:
            text = level[j]
            if printed and printed[-1] == text:
                continue
            printed.append(text)
            with_unit = _WITH_UNIT.match(text)
            if with_unit:
                text, unit = with_unit.group(1), with_unit.group(2)
            is_year = _YEAR.match(text)
            if is_year:
                year = f"{is_year.group(1)}年"
                continue
            growth = growth or any(word in text for word in _GROWTH_WORDS)
            if text:
                measure.append(text)
        label = " ".join(printed)
        region = region_of(label)
        columns.append(
            _Column(j, label, year, " ".join(measure), unit, growth, region if not year else None)
        )
    return columns


def _growth_for(columns: list[_Column], value: _Column) -> _Column | None:
    """The growth column that goes with ``value``'s measure (``增速（%）`` for 2023年/2022年)."""
    growths = [c for c in columns if c.growth]
    found = []
    for g in growths:
        stem = " ".join(w for w in g.measure.split() if not any(x in w for x in _GROWTH_WORDS))
        if value.measure.startswith(stem):
            found.append(g)
    return found[0] if len(found) == 1 else None


def _measures(columns: list[_Column]) -> dict[str, list[_Column]]:
    """Value columns by measure, latest year first within each measure."""
    measures: dict[str, list[_Column]] = defaultdict(list)
    for column in columns:
        if not column.growth and column.region is None:
            measures[column.measure].append(column)
    for found in measures.values():
        found.sort(key=lambda c: c.year or "", reverse=True)
    return dict(measures)


# ----------------------------------------------------------------------------- cells


def _number(cells: list, j: int) -> float | None:
    value = cells[j] if j < len(cells) else None
    return value if isinstance(value, float) else None


def _row_unit(table: ParsedTable, i: int) -> str | None:
    if table.unit_column is None:
        return None
    unit = table.rows[i].cells[table.unit_column]
    return unit if isinstance(unit, str) and unit else None


def _unit(table: ParsedTable, i: int, column: _Column) -> str | None:
    if column.growth and column.unit is None:
        return "%"
    table_unit = table.unit if table.unit and "、" not in table.unit else None
    return column.unit or _row_unit(table, i) or table_unit


def _decimals(texts: list[str]) -> int | None:
    places = [len(t.split(".", 1)[1]) if "." in t else 0 for t in texts if t]
    return max(places) if places else None


def _text(table: ParsedTable, i: int, j: int) -> str:
    texts = table.rows[i].texts
    return texts[j].rstrip("%‰") if j < len(texts) else ""


def _bare_title(table: ParsedTable) -> str:
    """The table's title without its leading year (``2023年武威市…`` → ``武威市…``)."""
    return re.sub(r"^\d{4}年", "", table.title)


def _is_total(label: str) -> bool:
    return region_of(label) == CITY or label in _TOTAL_LABELS


def _is_county(label: str) -> bool:
    region = region_of(label)
    return region is not None and region != CITY


def _has_numbers(table: ParsedTable, i: int) -> bool:
    return any(isinstance(v, float) for v in table.rows[i].cells)


def _year_of(table: ParsedTable) -> str:
    found = _TITLE_YEAR.search(table.title)
    return f"{found.group(1)}年" if found else ""


# ----------------------------------------------------------------------------- groups


def _groups(table: ParsedTable) -> list[_Group]:
    """Wholes and their parts in table order; the top-level rows without a total last."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for i, row in enumerate(table.rows):
        if _has_numbers(table, i):
            children[row.parent].append(i)
    groups = []
    for parent, kids in children.items():
        whole = parent
        if parent is None:
            totals = [k for k in kids if _is_total(table.rows[k].label)]
            whole = totals[0] if len(totals) == 1 else None
            kids = [k for k in kids if k != whole]
        if len(kids) >= 2:
            regions = all(_is_county(table.rows[k].label) for k in kids)
            groups.append(_Group(whole, tuple(kids), regions))
    groups.sort(key=lambda g: (g.whole is None, g.whole or 0))
    return groups


# ----------------------------------------------------------------------------- choices


def _choices(table: ParsedTable, source: str, doc_title: str) -> list[_Choice]:
    if table.kind != "grid":
        return []
    columns = _columns(table)
    if not columns:
        return []
    regions = [c for c in columns if c.region is not None]
    if len(regions) >= 2:
        found = _region_column_choices(table, columns, source)
    else:
        found = _group_choices(table, columns, source)
    found += _pick_choices(table, columns, source)
    return found


def _keyed(name: str, first: set[str], *rest: int | str) -> str:
    """``name`` for the first chart of its kind, ``name:row[:column]`` for the others."""
    if name not in first:
        first.add(name)
        return name
    return ":".join([name, *map(str, rest)])


def _group_choices(table: ParsedTable, columns: list[_Column], source: str) -> list[_Choice]:
    found: list[_Choice] = []
    first: set[str] = set()
    year = _year_of(table)
    for group in _groups(table):
        for measure, values in _measures(columns).items():
            latest = values[0]
            name = _indicator(table, group, measure)
            growth = _growth_for(columns, latest)
            shares = _shares_spec(table, group, latest, name, year, source)
            years = (
                _years_spec(table, group, values, growth, name, source)
                if len(values) >= 2
                else None
            )
            if group.regions:
                bar = _counties_spec(table, group, latest, name, year, source)
                order = [("years", years), ("counties", bar), ("shares", shares)]
                if growth is None:
                    order[:2] = order[1::-1]
            else:
                bar = _items_spec(table, group, latest, name, year, source)
                order = [("shares", shares), ("years", years), ("items", bar)]
            for key, spec in order:
                if spec is not None:
                    full = _keyed(key, first, group.key, latest.index)
                    found.append(_Choice(_option(full, key, name, spec), spec))
    return found


def _region_column_choices(
    table: ParsedTable, columns: list[_Column], source: str
) -> list[_Choice]:
    """表10: one row per indicator, one column per county."""
    found: list[_Choice] = []
    first: set[str] = set()
    parts = [c for c in columns if c.region not in (None, CITY)]
    totals = [c for c in columns if c.region == CITY]
    year = _year_of(table)
    for i, row in enumerate(table.rows):
        values = [_number(row.cells, c.index) for c in parts]
        if sum(v is not None for v in values) < 2:
            continue
        unit = _row_unit(table, i) or parts[0].unit
        decimals = _decimals([_text(table, i, c.index) for c in parts])
        categories = [c.label for c in parts]
        bar = ChartSpec(
            _bar_kind(categories),
            f"{year}各县区{row.label}",
            categories,
            [Series(row.label, values, [_text(table, i, c.index) for c in parts])],
            unit,
            source,
            decimals=decimals,
        )
        found.append(
            _Choice(_option(_keyed("counties", first, i), "counties", row.label, bar), bar)
        )
        whole = _number(row.cells, totals[0].index) if totals else None
        if _adds_up(values, whole) and unit not in _RATE_UNITS:
            pie = replace(bar, kind="pie", title=f"{year}{row.label}各县区构成")
            found.append(
                _Choice(_option(_keyed("shares", first, i), "shares", row.label, pie), pie)
            )
    return found


def _pick_choices(table: ParsedTable, columns: list[_Column], source: str) -> list[_Choice]:
    """A chart of every row and every column with at least two figures of one unit."""
    found = []
    for i, row in enumerate(table.rows):
        spec = _row_spec(table, columns, i, source)
        if spec is not None:
            label = f"第{i + 1}行：{row.label}"
            found.append(_Choice(ChartOption(f"row:{i}", label, spec.kind), spec))
    for column in columns:
        spec = _column_spec(table, column, source)
        if spec is not None:
            label = f"第{column.index + 1}列：{column.label}"
            found.append(_Choice(ChartOption(f"column:{column.index}", label, spec.kind), spec))
    return found


def _picked(table: ParsedTable, key: str, source: str) -> ChartSpec | None:
    """``row:<i>`` / ``column:<j>`` given by the user (even if not offered)."""
    name, _, number = key.partition(":")
    if name not in ("row", "column") or not number.strip().isdigit():
        return None
    index = int(number)
    columns = _columns(table) if table.kind == "grid" else []
    if name == "row":
        if index >= len(table.rows):
            raise ChartError(f"此表只有 {len(table.rows)} 行，没有第 {index + 1} 行")
        spec = _row_spec(table, columns, index, source)
        if spec is None:
            raise ChartError(f"第 {index + 1} 行没有两个以上同一单位的数值，无法作图")
        return spec
    column = next((c for c in columns if c.index == index), None)
    spec = _column_spec(table, column, source) if column else None
    if spec is None:
        raise ChartError(f"第 {index + 1} 列没有两个以上同一单位的数值，无法作图")
    return spec


# ----------------------------------------------------------------------------- specs


def _indicator(table: ParsedTable, group: _Group, measure: str) -> str:
    whole = table.rows[group.whole].label if group.whole is not None else ""
    if whole and _is_total(whole):
        whole = ""
    measure = measure.replace(" ", "·")
    if whole and measure:
        return f"{whole}（{measure}）"
    return whole or measure or _bare_title(table)


def _parts_of_unit(table: ParsedTable, group: _Group, column: _Column) -> list[int]:
    """The group's parts with a number in ``column``, in the unit of the whole (or the most
    common unit of the parts)."""
    parts = [i for i in group.parts if _number(table.rows[i].cells, column.index) is not None]
    if not parts:
        return []
    if group.whole is not None:
        unit = _unit(table, group.whole, column)
    else:
        unit = Counter(_unit(table, i, column) for i in parts).most_common(1)[0][0]
    return [i for i in parts if _unit(table, i, column) == unit]


def _counties_spec(table, group, column, name, year, source) -> ChartSpec | None:
    parts = _parts_of_unit(table, group, column)
    if len(parts) < 2:
        return None
    categories = [table.rows[i].label for i in parts]
    when = column.year or year
    return ChartSpec(
        _bar_kind(categories),
        f"{when}各县区{name}",
        categories,
        [
            Series(
                when or name,
                [_number(table.rows[i].cells, column.index) for i in parts],
                [_text(table, i, column.index) for i in parts],
            )
        ],
        _unit(table, parts[0], column),
        source,
        decimals=_decimals([_text(table, i, column.index) for i in parts]),
    )


def _items_spec(table, group, column, name, year, source) -> ChartSpec | None:
    spec = _counties_spec(table, group, column, name, year, source)
    if spec is not None:
        spec.title = f"{column.year or year}{name}"
    return spec


def _years_spec(table, group, values, growth, name, source) -> ChartSpec | None:
    parts = _parts_of_unit(table, group, values[0])
    if len(parts) < 2:
        return None
    chronological = sorted(values, key=lambda c: c.year or "")
    series = [
        Series(
            c.year or c.label,
            [_number(table.rows[i].cells, c.index) for i in parts],
            [_text(table, i, c.index) for i in parts],
        )
        for c in chronological
    ]
    rates = [_number(table.rows[i].cells, growth.index) for i in parts] if growth else None
    texts = [_text(table, i, c.index) for i in parts for c in chronological]
    categories = [table.rows[i].label for i in parts]
    return ChartSpec(
        "grouped_bar",
        f"{name}：{'与'.join(s.name for s in series)}对比",
        categories,
        series,
        _unit(table, parts[0], values[0]),
        source,
        growth=rates if rates and any(r is not None for r in rates) else None,
        decimals=_decimals(texts),
    )


def _shares_spec(table, group, column, name, year, source) -> ChartSpec | None:
    if group.whole is None:
        return None
    parts = _parts_of_unit(table, group, column)
    unit = _unit(table, group.whole, column)
    values = [_number(table.rows[i].cells, column.index) for i in parts]
    whole = _number(table.rows[group.whole].cells, column.index)
    if len(parts) < 2 or unit in _RATE_UNITS or column.growth or not _adds_up(values, whole):
        return None
    when = column.year or year
    return ChartSpec(
        "pie",
        f"{when}{name}构成",
        [table.rows[i].label for i in parts],
        [Series(when or name, values, [_text(table, i, column.index) for i in parts])],
        unit,
        source,
        decimals=_decimals([_text(table, i, column.index) for i in parts]),
    )


def _adds_up(values: list[float | None], whole: float | None) -> bool:
    if whole is None or whole <= 0 or any(v is None or v <= 0 for v in values):
        return False
    return abs(sum(v for v in values if v is not None) - whole) <= SHARE_TOLERANCE * whole


def _row_spec(table: ParsedTable, columns: list[_Column], i: int, source: str) -> ChartSpec | None:
    row = table.rows[i]
    usable = [c for c in columns if not c.growth and _number(row.cells, c.index) is not None]
    if len(usable) < 2:
        return None
    unit = Counter(_unit(table, i, c) for c in usable).most_common(1)[0][0]
    usable = [c for c in usable if _unit(table, i, c) == unit]
    if len(usable) < 2:
        return None
    if all(c.year for c in usable) and len({c.measure for c in usable}) == 1:
        usable.sort(key=lambda c: c.year or "")
    growth = next(
        (c for c in columns if c.growth and _number(row.cells, c.index) is not None), None
    )
    title = " · ".join(table.path(i))
    if growth is not None and len(usable) == 2 and all(c.year for c in usable):
        title += f"（增速{_text(table, i, growth.index)}%）"
    categories = [c.label for c in usable]
    return ChartSpec(
        _bar_kind(categories),
        title,
        categories,
        [
            Series(
                row.label,
                [_number(row.cells, c.index) for c in usable],
                [_text(table, i, c.index) for c in usable],
            )
        ],
        unit,
        source,
        decimals=_decimals([_text(table, i, c.index) for c in usable]),
    )


def _column_spec(table: ParsedTable, column: _Column, source: str) -> ChartSpec | None:
    rows = [
        i for i in range(len(table.rows)) if _number(table.rows[i].cells, column.index) is not None
    ]
    if len(rows) < 2:
        return None
    unit = Counter(_unit(table, i, column) for i in rows).most_common(1)[0][0]
    rows = [i for i in rows if _unit(table, i, column) == unit]
    if len(rows) < 2:
        return None
    labels = [table.rows[i].label for i in rows]
    repeated = len(set(labels)) < len(labels)
    categories = ["·".join(table.path(i)[-2:]) if repeated else table.rows[i].label for i in rows]
    return ChartSpec(
        _bar_kind(categories),
        f"{_bare_title(table)}：{column.label}",
        categories,
        [
            Series(
                column.label,
                [_number(table.rows[i].cells, column.index) for i in rows],
                [_text(table, i, column.index) for i in rows],
            )
        ],
        unit,
        source,
        decimals=_decimals([_text(table, i, column.index) for i in rows]),
    )


def _bar_kind(categories: list[str]) -> str:
    """Vertical bars unless the labels are too many or too long to stand side by side."""
    longest = max((len(c) for c in categories), default=0)
    if len(categories) > 8 or (len(categories) > 5 and longest > 6) or longest > 12:
        return "barh"
    return "bar"


# ----------------------------------------------------------------------------- helpers

_KIND_LABELS = {
    "counties": "各县区对比（柱状图）",
    "years": "对比（分组柱状图，含增速）",
    "shares": "构成（饼图）",
    "items": "各项对比（柱状图）",
}


def _option(key: str, name: str, indicator: str, spec: ChartSpec) -> ChartOption:
    label = _KIND_LABELS[name]
    if name == "years":
        years = "与".join(s.name for s in spec.series)
        label = f"{years}对比（分组柱状图{'，含增速' if spec.growth else ''}）"
    return ChartOption(key, f"{indicator}：{label}", spec.kind)


def _keys(choices: list[_Choice]) -> list[str]:
    return [c.option.key for c in choices]
