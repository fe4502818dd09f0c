"""A chart of facts: one indicator over the years, or across the counties (no matplotlib).

From the facts a query found (best first), one indicator is charted: the indicator, unit
and kind (amount, growth …) most facts share. Years stand on a time axis (2016, 2020,
2022, 2023 keep their spacing), each value is labelled as its source prints it (21.00,
7.0), and regions go by their one canonical name (天祝县, see :mod:`facts.regions`).
Only actual figures count (not estimates or targets), one value per year or county: a
table cell before a sentence, the yearbook before the report before the newspapers, the
newer edition before the older (next year's yearbook for a year both print), a year the
source states before one inferred from the document, and otherwise the better-ranked fact.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from wuwei_desktop.facts.regions import CITY, COUNTIES, canonical

from .spec import ChartError, ChartSpec, Series

_YEAR = re.compile(r"^(\d{4})年?(?:末|底|全年)?$")
_TABLE_NUMBER = re.compile(r"/表(\d+)$")
_DOC_ORDER = ("yearbook", "gov-report")
_COUNTY_ORDER = list(COUNTIES)
_KIND_NAMES = {"growth": "增速", "change": "增减"}


def chart_for_facts(
    facts: Iterable,
    by: str | None = None,
    *,
    doc_titles: dict[str, str] | None = None,
    newest_first: list[str] | None = None,
    follow=None,
) -> ChartSpec:
    """A chart of ``facts`` (:class:`~wuwei_desktop.api.FactInfo`, best first).

    ``by`` is ``"period"`` (the series over the years, for one region: 全市 when present)
    or ``"region"`` (the counties in one year: the latest with the most counties);
    ``None`` chooses: the years when three or more are known or the question names a
    county, else the counties.
    ``doc_titles`` maps document ids to titles for the source line; ``newest_first`` lists
    document ids newest edition first (:meth:`Archive.editions`): a series spans editions
    and the newer one's figure stands for a year two of them print. ``follow`` is the
    figure that answers the question (its best row's fact): the chart shows its
    indicator, unit and kind, over the years its region (民勤 粮食 charts 民勤县's
    grain, 古浪县GDP增速 古浪县's growth) and across the counties its year (2022年哪个县
    粮食产量最高: 2022), wherever there are two points to draw.

    Raises:
        ChartError: no actual figures, fewer than two points, or an unknown ``by``.
    """
    if by not in (None, "period", "region"):
        raise ChartError(f"不认识的作图方式“{by}”：可用 period（按年份）或 region（按县区）")
    actual = [
        (rank, f)
        for rank, f in enumerate(facts)
        if f.modality == "actual" and _year(f.period) is not None
    ]
    if not actual:
        raise ChartError("没有可作图的数字（只有预计数、目标数或没有年份）")
    counts = Counter((f.indicator, f.unit, f.kind) for _, f in actual)
    indicator, unit, kind = max(counts, key=lambda key: (counts[key], -_first(actual, key)))
    followed = _key(follow) if follow is not None else None
    if followed in counts and counts[followed] >= 2:
        indicator, unit, kind = followed
    chosen = [(r, f) for r, f in actual if (f.indicator, f.unit, f.kind) == (indicator, unit, kind)]
    newness = {doc: k for k, doc in enumerate(newest_first or [])}
    region = follow.region if followed == (indicator, unit, kind) else None
    by_period = _by_period(chosen, newness, region)
    by_region = _by_region(chosen, newness, _year(follow.period) if region else None)
    if by is None:
        named = region not in (None, CITY) and by_period[0] == region  # a county asked for
        by = "period" if named or len(by_period[1]) >= 3 or len(by_region[1]) < 2 else "region"
    where, picked = by_period if by == "period" else by_region
    if len(picked) < 2:
        what = "年份" if by == "period" else "县区"
        raise ChartError(f"“{indicator}”只有一个{what}的数字，无法作图")
    name = indicator + (_KIND_NAMES.get(kind, "") if kind != "value" else "")
    where = canonical(where) or where if by == "period" else where
    years = None
    if by == "period":
        categories = [f"{year}年" for year in picked]
        title = f"{'' if where == CITY else where}{name}（{categories[0]}—{categories[-1]}）"
        series_name = where
        years = [int(year) for year in picked]
    else:
        categories = [canonical(region) or region for region in picked]
        title = f"{where}年各县区{name}"
        series_name = f"{where}年"
    used = list(picked.values())
    return ChartSpec(
        "bar" if len(used) <= 8 else "line",
        title,
        categories,
        [Series(series_name, [f.value for f in used], [_printed(f) for f in used])],
        unit or None,
        _source(used, doc_titles or {}),
        years=years,
    )


def _printed(fact) -> str | None:
    """The value as the source prints it (``21.00``), when the archive has it."""
    return getattr(fact, "value_text", None) or None


def _key(fact) -> tuple:
    return (fact.indicator, fact.unit, fact.kind)


def _by_period(chosen: list, newness: dict[str, int], wanted: str | None) -> tuple[str, dict]:
    """(region, {year: fact}) for the wanted region when it has two years or more, else
    for the region with the most years (全市 on a tie)."""
    regions = Counter(f.region for _, f in chosen)
    if not regions:
        return CITY, {}
    years = {r: {_year(f.period) for _, f in chosen if f.region == r} for r in regions}
    region = max(years, key=lambda r: (len(years[r]), r == CITY))
    if wanted in years and len(years[wanted]) >= 2:
        region = wanted
    best = _best(((_year(f.period), r, f) for r, f in chosen if f.region == region), newness)
    return region, dict(sorted(best.items()))


def _by_region(chosen: list, newness: dict[str, int], wanted: str | None) -> tuple[str, dict]:
    """(year, {county: fact}) for the wanted year when two counties or more have it, else
    for the year with the most counties (the latest on a tie)."""
    counties = [(r, f) for r, f in chosen if f.region != CITY]
    if not counties:
        return "", {}
    per_year = Counter()
    for year in {_year(f.period) for _, f in counties}:
        per_year[year] = len({f.region for _, f in counties if _year(f.period) == year})
    year = max(per_year, key=lambda y: (per_year[y], y))
    if per_year.get(wanted, 0) >= 2:
        year = wanted
    best = _best(((f.region, r, f) for r, f in counties if _year(f.period) == year), newness)
    order = {region: k for k, region in enumerate(_COUNTY_ORDER)}
    return year, dict(sorted(best.items(), key=lambda item: order.get(item[0], len(order))))


def _best(candidates: Iterable, newness: dict[str, int]) -> dict:
    """One fact per key: stated period, table, yearbook, newer edition first, then the
    query's ranking."""
    best: dict = {}
    for key, rank, fact in candidates:
        score = (
            fact.period_inferred,
            fact.source_kind != "table",
            _doc_rank(fact.doc),
            newness.get(fact.doc, len(newness)),
            rank,
        )
        if key not in best or score < best[key][0]:
            best[key] = (score, fact)
    return {key: fact for key, (_, fact) in best.items()}


def _doc_rank(doc: str) -> int:
    return next((k for k, prefix in enumerate(_DOC_ORDER) if doc.startswith(prefix)), 2)


def _year(period: str) -> str | None:
    found = _YEAR.match(period.strip())
    return found.group(1) if found else None


def _first(actual: list, key: tuple) -> int:
    return next(r for r, f in actual if (f.indicator, f.unit, f.kind) == key)


def _source(facts: list, titles: dict[str, str]) -> str:
    """``数据来源：《武威年鉴（2024）》表16、《2022年武威市政府工作报告》``."""
    parts: dict[str, list[str]] = {}
    for fact in facts:
        tables = parts.setdefault(fact.doc, [])
        number = _TABLE_NUMBER.search(fact.table_id or "")
        if number and f"表{number.group(1)}" not in tables:
            tables.append(f"表{number.group(1)}")
    order = sorted(parts, key=lambda doc: (_doc_rank(doc), doc))
    named = [f"《{titles.get(doc, doc)}》{'、'.join(parts[doc])}" for doc in order]
    return "数据来源：" + "；".join(named)
