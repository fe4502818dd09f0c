"""Figures from the typed tables: one fact per numeric cell.

Rules, for the cell in row *r*, column *j* of a grid table:

- **column**: its header path (``2023年``; ``2023年`` › ``常住人口（万人）``; ``全市``).
  A year in it is the period, except a comparison base (``比2022年末增长``: the growth of
  the table's year over 2022); a region name is the region; ``增速``/``增长`` makes the
  cell a growth rate in % (its period is the table's year: the latest year of the header,
  else the year in the title); a unit in brackets (``（万人）``, ``（%）``) is the unit;
  any other words (``常住人口``) name the measure.
- **row**: its label; a row that is a region (``凉州区`` under ``生产总值``) takes the
  indicator of its parent row; a sub-row with a short label (``城镇`` under 常住人口),
  or with a label the table repeats (``财产险`` under 保费收入 and under 赔款), is
  qualified by its parent: ``常住人口：城镇``. Without a region in row or column the region is 全市.
- **unit**: bracket in the header, else the row's ``单位`` cell, else the table's unit.
- **period** without a year in the header: the year in the table's title, else the
  document's year covered (marked inferred).
- ``source_text`` reads like ``表11 生产总值 2023年`` / ``表12 生产总值·凉州区 增速（%）``.
"""

from __future__ import annotations

import re

from ..ingest.tables import ParsedTable
from . import normalize as nz
from .model import Fact

_YEAR = re.compile(r"(\d{4})\s*年?")
# a comparison base (比2022年末增长): the year it is compared with, not the cell's period
_BASE_YEAR = re.compile(r"(?:比|较|与)\s*\d{4}\s*年?\s*(?:末|底|同期)?")
_BRACKET = re.compile(r"[（(]([^（）()]*)[）)]")
GROWTH_WORDS = ("增速", "增长", "增幅")
# header words that say nothing about what is measured
GENERIC_HEADER = ("年末数", "绝对数", "数值", "总量", "本年", "上年", "金额", "合计", "单位")


def facts_from_table(
    table: ParsedTable, *, doc: str, node_id: str, year: str | None, page: int | None = None
) -> list[Fact]:
    """One fact per numeric cell of a grid table (lists have none)."""
    if table.kind != "grid":
        return []
    title_year = _YEAR.search(table.title or "")
    default_year = title_year.group(1) if title_year else (year or "")
    header_years = [
        m.group(1)
        for level in table.header
        for c in level
        for m in _YEAR.finditer(_BASE_YEAR.sub("", c))
    ]
    table_year = max(header_years) if header_years else default_year
    facts: list[Fact] = []
    labels = [row.label for row in table.rows]
    for r, row in enumerate(table.rows):
        row_region = nz.region_of(row.label)
        parent = table.rows[row.parent] if row.parent is not None else None
        if row_region and parent is not None:
            row_name = parent.label
        elif row_region:
            row_name = ""
        elif parent is not None and (len(row.label) <= 2 or labels.count(row.label) > 1):
            row_name = f"{parent.label}：{row.label}"
        else:
            row_name = row.label
        row_unit = None
        if table.unit_column is not None and isinstance(row.cells[table.unit_column], str):
            row_unit = row.cells[table.unit_column]
        for j, cell in enumerate(row.cells):
            if j == table.unit_column or not isinstance(cell, float):
                continue
            column = [level[j] for level in table.header if j < len(level)]
            fact = _cell_fact(table, row_name, row_region, row_unit, column, cell)
            if fact is None:
                continue
            fact["value_text"] = _printed(row.texts[j] if j < len(row.texts) else "", cell)
            period, inferred = fact.pop("period"), False
            if period is None:
                period = table_year if fact["kind"] == "growth" else default_year
                inferred = not title_year and fact["kind"] != "growth" and not header_years
            path = "·".join(table.path(r))
            head = " ".join(c for c in column if c)
            facts.append(
                Fact(
                    **fact,
                    period=period,
                    period_inferred=inferred,
                    doc=doc,
                    node_id=node_id,
                    source_text=f"表{table.number} {path} {head}".strip(),
                    source_kind="table",
                    page=page,
                    table_id=node_id,
                    row=r,
                    col=j,
                )
            )
    return facts


def _printed(text: str, value: float) -> str:
    """A cell's number as printed (``21.00``, ``-4.8``), without ``%`` or separators'
    spaces; the value's shortest form when the cell text is not a plain number."""
    text = "".join(text.split()).rstrip("%‰％").replace("−", "-").replace("－", "-")
    try:
        float(text.replace(",", ""))
    except ValueError:
        return f"{value:g}"
    return text


def _cell_fact(table, row_name, row_region, row_unit, column, value) -> dict | None:
    period = None
    region = row_region
    unit = None
    kind = "value"
    measure = ""
    for cell in column:
        text = "".join(cell.split())
        bracket = _BRACKET.search(text)
        if bracket:
            unit = bracket.group(1).replace("％", "%")
            text = _BRACKET.sub("", text)
        text = _BASE_YEAR.sub("", text)
        year = _YEAR.search(text)
        if year:
            period = year.group(1)
            text = _YEAR.sub("", text)
        if any(w in text for w in GROWTH_WORDS):
            kind = "growth"
            unit = "%"
            continue
        if nz.region_of(text):
            region = nz.region_of(text)
            continue
        # 比重 is the kind (a share, from the % unit), not part of the name; 比 alone
        # is left of 比上年 and the like
        text = text.replace("比重", "").replace("比", "").strip()
        if text and not any(w in text for w in GENERIC_HEADER):
            measure = text if not measure else measure + text
    if kind == "value" and unit in ("%", "‰"):  # 比重, 城镇化率, 自增率 …
        kind = "share"
    if unit is None:
        unit = row_unit or table.unit or ""
    if measure and row_name:
        name = measure + row_name if measure in ("城镇居民", "农村居民") else f"{row_name}{measure}"
    else:
        name = row_name or measure
    if not name:
        return None
    base_value, base_unit = nz.to_base(value, unit) if unit else (None, None)
    return {
        "indicator": nz.indicator_group(name),
        "indicator_text": name,
        "region": region or nz.CITY,
        "region_inferred": region is None,
        "period": period,
        "value": value,
        "unit": unit,
        "base_value": base_value,
        "base_unit": base_unit,
        "kind": kind,
    }
