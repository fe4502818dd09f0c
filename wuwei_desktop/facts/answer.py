"""Ranked figures as answers: agreeing figures in one row, the best one in one line.

A row (:class:`FigureRow`) is one figure (indicator, region, period, kind, value, unit)
with every place that prints it, best source first: a statistical table before a sentence,
the newer document first. Where two editions of a book (next year's yearbook and this
year's) print one figure differently, the newer edition's row stands first.
:func:`answer_line` writes a row the way a clerk quotes it:
``2023年 凉州区 粮食总产量 91.66万吨 —《武威年鉴（2024）》表18，第352页``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import normalize as nz
from .query import DocRef, about_organisation, period_fit, period_parts
from .question import Question
from .regions import CITY, COUNTIES, region_order

_TABLE_NUMBER = re.compile(r"表(\d+)$")
_TITLE_YEAR = re.compile(r"(?:19|20)\d\d")
# a best row scoring this much answers a question with confidence (a fair name match with
# the asked region, period and kind: see query.py's score)
CONFIDENT_SCORE = 90.0
# a figure printed in several places is the one the documents stand by: + per place
AGREEMENT_BONUS = 2.0
AGREEMENT_MAX = 3
KIND_WORDS = {"growth": "增速", "change": "增减", "share": ""}
MODALITY_WORDS = {"estimate": "（预计）", "target": "（目标）"}


@dataclass
class FigureRow:
    """One figure and every source that prints it (``sources[0]`` is ``fact``)."""

    fact: Any
    score: float
    sources: list[Any] = field(default_factory=list)


def figure_key(fact: Any) -> tuple:
    """What makes two facts the same figure: indicator, region, period, kind, modality,
    and the value in its base unit (708.08 亿元 = 7080800 万元)."""
    if fact.base_value is not None:
        value, unit = round(fact.base_value, 4), fact.base_unit
    else:
        value, unit = round(fact.value, 6), fact.unit
    return (fact.indicator, fact.region, fact.period, fact.kind, fact.modality, value, unit)


def group_figures(ranked: list[tuple[float, Any]], docs: dict[str, DocRef]) -> list[FigureRow]:
    """Rows of agreeing figures, in the order of their best-ranked member."""
    rows: dict[tuple, FigureRow] = {}
    for score, fact in ranked:
        row = rows.get(figure_key(fact))
        if row is None:
            rows[figure_key(fact)] = FigureRow(fact, score, [fact])
        else:
            row.sources.append(fact)
    for row in rows.values():
        row.sources.sort(key=lambda f: _source_order(f, docs))
        row.fact = row.sources[0]
        places = len({f.node_id for f in row.sources})
        row.score += AGREEMENT_BONUS * min(places - 1, AGREEMENT_MAX)
    _newer_editions_first(list(rows.values()), docs)
    return sorted(rows.values(), key=lambda row: -row.score)


def main_figures(rows: list[FigureRow], question: Question, docs: dict[str, DocRef]) -> list:
    """For a question without indicator words (凉州区, 2023年): the best figure of each main
    indicator (:data:`normalize.INDICATORS`) for the region and period asked (全市 when no
    region is), actual amounts only, none an organisation's (an industrial park's 规上工业
    增加值 is not the city's), in the order of that list."""
    wanted = question.regions or (CITY,)
    order = {name: k for k, name in enumerate(nz.INDICATORS)}
    chosen: dict[tuple[str, str], FigureRow] = {}
    for row in rows:
        fact = row.fact
        if fact.kind != "value" or fact.modality != "actual" or fact.region not in wanted:
            continue
        if about_organisation(fact):
            continue
        doc = docs.get(fact.doc)
        if question.period and period_fit(question.period, fact.period, doc and doc.year) < 0.5:
            continue
        chosen.setdefault((fact.indicator, fact.region), row)
    return sorted(
        chosen.values(),
        key=lambda r: (order.get(r.fact.indicator, len(order)), region_order(r.fact.region)),
    )


def across_regions(rows: list[FigureRow], question: Question) -> list[FigureRow]:
    """For a question comparing regions, the counties (各县区农民收入, 哪个县粮食产量最高)
    or those it names (凉州区和民勤县的粮食产量): the best row's figure for each of them
    (same indicator, kind, period and modality), one row a region, in the order named or
    the book's or, for 最高 / 最少, from that end; then the other rows."""
    wanted = question.regions if len(question.regions) > 1 else COUNTIES
    first = next((r.fact for r in rows if r.fact.region in wanted), None)
    if first is None:
        return rows
    key = (first.indicator, first.kind, first.period, first.modality)
    chosen: dict[str, FigureRow] = {}
    for row in rows:
        fact = row.fact
        if fact.region in wanted and (fact.indicator, fact.kind, fact.period, fact.modality) == key:
            chosen.setdefault(fact.region, row)
    ordered = sorted(chosen.values(), key=lambda r: wanted.index(r.fact.region))
    if question.extreme:
        ordered.sort(key=_amount, reverse=question.extreme == "max")
    picked = {id(r) for r in ordered}
    return ordered + [r for r in rows if id(r) not in picked]


def _amount(row: FigureRow) -> float:
    """A row's value in its base unit (万吨 and 吨 compare)."""
    fact = row.fact
    return fact.base_value if fact.base_value is not None else fact.value


def overview_note(question: Question) -> str:
    """What a list of main figures is, and how to ask for another one (Chinese)."""
    where = "、".join(question.regions) if question.regions else CITY
    years = question.period.years(None) if question.period else None
    when = ""
    if years:
        when = period_text(str(years[0]) if years[0] == years[1] else f"{years[0]}-{years[1]}")
    example = f"{question.regions[0] if question.regions else ''}粮食产量"
    return OVERVIEW_NOTE.format(what=f"{where}{when}", example=example)


OVERVIEW_NOTE = (
    "没有写指标名，以下是{what}的主要指标；要查其他数字，请加上指标名，例如“{example}”。"
)


def book_of(title: str) -> str:
    """The book a document is an edition of: its title without years (《武威年鉴（2024）》
    and 《武威年鉴（2025）》 are editions of 《武威年鉴（）》)."""
    return _TITLE_YEAR.sub("", title)


def _newer_editions_first(rows: list[FigureRow], docs: dict[str, DocRef]) -> None:
    """Lower below the newer edition's row every row of the same figure (indicator,
    region, period, kind, modality) printed only by older editions of a book (same title
    but for its years) that a newer edition prints differently: a yearbook revises the
    year before's figures."""
    slots: dict[tuple, list[FigureRow]] = {}
    for row in rows:
        slots.setdefault(figure_key(row.fact)[:5], []).append(row)

    def edition(fact: Any) -> tuple[str, int]:
        doc = docs.get(fact.doc)
        return (book_of(doc.title), doc.year or 0) if doc is not None else ("", 0)

    for group in slots.values():
        if len(group) < 2:
            continue
        newest: dict[str, int] = {}
        for row in group:
            for book, year in map(edition, row.sources):
                newest[book] = max(newest.get(book, 0), year)
        current = [
            row
            for row in group
            if any(year == newest[book] for book, year in map(edition, row.sources))
        ]
        if not current:
            continue
        floor = max(row.score for row in current)
        for row in group:
            if row not in current and row.score >= floor:
                row.score = floor - 0.001


def _source_order(fact: Any, docs: dict[str, DocRef]) -> tuple:
    doc = docs.get(fact.doc)
    return (
        fact.source_kind != "table",
        "/附录/" not in fact.node_id,
        -(doc.year or 0) if doc else 0,
        fact.id,
    )


def period_text(period: str) -> str:
    """``2023`` → ``2023年``; ``2023上半年`` → ``2023年上半年``; ``2016-2020`` →
    ``2016—2020年``; ``2023年末`` stays."""
    first, last, part = period_parts(period)
    if first is None:
        return period
    years = f"{first}" if first == last else f"{first}—{last}"
    return f"{years}年{part.removeprefix('年') if part else ''}"


def value_text(value: float) -> str:
    """A figure without float noise: ``708.08``, ``17.11``, ``1962.3``."""
    return f"{value:.10g}"


def source_text(fact: Any, doc_title: str) -> str:
    """Where a figure stands: ``《武威年鉴（2024）》表18，第352页`` or the sentence's
    ``《…》第296页「特色产业」``."""
    where = f"《{doc_title}》"
    if fact.source_kind == "table" and fact.table_id:
        number = _TABLE_NUMBER.search(fact.table_id)
        if number:
            where += f"表{number.group(1)}"
            if fact.page is not None:
                where += "，"
    if fact.page is not None:
        where += f"第{fact.page}页"
    if fact.source_kind != "table":
        where += f"「{fact.node_id.rsplit('/', 1)[-1]}」"
    return where


def answer_line(row: FigureRow, docs: dict[str, DocRef]) -> str:
    """A row in one line with its best source, and ⚠ with the other values where
    sources disagree."""
    fact = row.fact
    doc = docs.get(fact.doc)
    name = fact.indicator + KIND_WORDS.get(fact.kind, "")
    line = f"{period_text(fact.period)} {fact.region} {name} {value_text(fact.value)}{fact.unit}"
    line += MODALITY_WORDS.get(fact.modality, "")
    line += " —" + source_text(fact, doc.title if doc else fact.doc)
    warning = disagreement(row)
    return f"{line}　{warning}" if warning else line


def disagreement(row: FigureRow) -> str:
    """``⚠ 其他出处为 123.1亿元`` where other sources give other values, else empty."""
    others = _other_values(row)
    return f"⚠ 其他出处为 {'、'.join(others)}" if others else ""


def _other_values(row: FigureRow, most: int = 3) -> list[str]:
    """The different values other sources give (⚠), as printed, at most ``most``."""
    mine = {(value_text(s.value), s.unit) for s in row.sources}
    found: dict[tuple[str, str], None] = {}
    for source in row.sources:
        if not source.disagrees:
            continue
        for other in source.others:
            key = (value_text(other["value"]), other.get("unit") or "")
            if key not in mine:
                found.setdefault(key)
    texts = [value + unit for value, unit in found]
    return texts[:most] + (["…"] if len(texts) > most else [])
