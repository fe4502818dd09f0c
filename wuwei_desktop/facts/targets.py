"""Targets the government work reports set: where they are, what they are, their bounds.

Rules:

1. **Where targets are.** A work report's plan section: a node of a 政府工作报告 (the
   document's kind, or a node titled ``政府工作报告``, as the yearbook's 特载 reprints it)
   whose title names a year and its tasks or goals (``今后五年发展重点和2022年工作任务``,
   ``2024年工作目标和重点任务``). That year is the target year; the region is the one the
   figure's clause names, else the one the section's path names, else 全市 (a county named
   in another clause of the sentence is what that clause is about).
2. **What a target is.** Every figure of the section's text (read by
   :mod:`~wuwei_desktop.facts.from_text`) that is about the target year, an amount, a growth
   rate or a share with a name, and not an existing stock (``提升现有55个园区``). A
   paragraph about the coming five years (``今后五年``) and the ``——`` paragraphs that
   continue it set no target for the year (see :func:`from_text.horizon_years`); nor does
   a sentence about another year (``到2025年``). A name ending in a product or a range
   (``2×``, ``2至``) is part of another figure, not a name; a figure followed in its
   clause by the thing it sizes (``新希望33万吨、和生源20万吨饲料等项目``) is no target of
   its own, and a count is named by what it counts (``打造4个产业集群`` → ``产业集群``).
   A count announcing a list (``重点做好9个方面的工作：``) is none either.
   A rate named as such (``居民消费价格指数涨幅3%``) is the growth of what it names.
   A name drops target verbs
   (``确保``, ``力争``) and qualifiers (``同口径``); a bare measure (``产量``) after a named
   figure of the same sentence takes its subject (``粮食种植面积…、产量`` → ``粮食产量``)
   when the archive knows that name.
3. **Bound.** The words around the figure: ``左右`` (about), ``以上``/``不低于``/``超过``/
   ``稳定在``/``保持在`` (at least), ``以内``/``以下``/``控制在``/``不超过``/``降至``
   (at most). Without them, more is better, and for a fall (``下降3%``) a larger fall.

Outcomes and whether a target was met: :mod:`wuwei_desktop.facts.outcomes`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from . import normalize as nz
from . import regions
from .from_text import FIGURE, PLAN_TITLE, TextContext, facts_from_text, horizon_years

REPORT_WORDS = "政府工作报告"
EXISTING = ("现有",)
NOT_A_NAME = re.compile(r"×|\d\s*[至到]$")
LEFTOVER_BOUNDS = ("以上", "以下", "以内", "左右", "、")
TARGET_LEADS = ("确保", "力争", "争取", "努力", "全力", "全年", "实现", "完成")
RATE_WORDS = ("涨幅", "增幅", "增速", "增长率")
QUALIFIERS = ("同口径", "可比口径", "按可比价格计算")
BARE_MEASURES = ("产量", "面积", "总量", "总额", "规模", "人数", "收入", "产值")
AT_LEAST_BEFORE = ("不低于", "不少于", "超过", "突破", "高于", "稳定在", "保持在")
AT_MOST_BEFORE = ("控制在", "不超过", "不高于", "低于", "降至", "降到", "压减到", "压缩到")
AT_LEAST_AFTER = ("以上",)
AT_MOST_AFTER = ("以内", "以下")
ABOUT_AFTER = ("左右",)
LEAD_BOUNDS = sorted((*AT_MOST_BEFORE, *AT_LEAST_BEFORE), key=len, reverse=True)  # 不低于 ≠ 低于
CLAUSE_END = re.compile(r"[，,；;：:。！？!?]")
_UNIT_NOTE = re.compile(r"^[（(][^（）()]{1,4}[）)]")


@dataclass
class Source:
    """Where a figure stands: document, printed page, node and the sentence or cell."""

    doc: str
    page: int | None
    node_id: str
    text: str
    table_id: str | None = None


@dataclass
class Target:
    """One figure a report sets for a year."""

    indicator: str
    indicator_text: str
    region: str
    year: str
    value: float
    value_text: str
    unit: str
    kind: str
    bound: str  # the printed words: 左右, 以上, 控制在…以内, or ""
    direction: str  # "≥" or "≤"
    approximate: bool
    source: Source
    base_value: float | None = None
    base_unit: str | None = None


def cite(source: Source | dict, title: str) -> str:
    """Where a figure stands, as a reader cites it: ``《武威年鉴（2024）》表18，第352页``."""
    data = asdict(source) if isinstance(source, Source) else source
    parts = []
    if data.get("table_id"):
        parts.append(data["table_id"].rsplit("/", 1)[-1])
    if data.get("page"):
        parts.append(f"第{data['page']}页")
    return f"《{title}》" + "，".join(parts)


# ------------------------------------------------------------------------------ targets


def plan_year(title: str) -> str | None:
    """The year a plan section sets targets for (``2024年工作目标和重点任务`` → 2024)."""
    found = PLAN_TITLE.search(title)
    return found.group(1) if found else None


def is_report(doc_kind: str, path: Iterable[str]) -> bool:
    """A node is in a government work report: by its document's kind or an ancestor's title."""
    return REPORT_WORDS in doc_kind or any(title.endswith(REPORT_WORDS) for title in path)


def targets_from_section(
    paragraphs: Iterable[tuple[str, str, int | None]],
    *,
    year: str,
    doc: str,
    region: str = regions.CITY,
    known: Callable[[str], bool] = lambda _name: False,
) -> list[Target]:
    """The targets for ``year`` in a plan section's body paragraphs, given in book order
    as (node id, text, printed page); paragraphs about a longer horizon are left out."""
    out: list[Target] = []
    seen: set[tuple] = set()
    paragraphs = list(paragraphs)
    spans = horizon_years([text for _, text, _ in paragraphs], year)
    for (node_id, text, page), span in zip(paragraphs, spans, strict=True):
        if span != year:
            continue
        for target in targets_from_text(
            text, year=year, doc=doc, node_id=node_id, page=page, region=region, known=known
        ):
            key = (target.indicator, target.region, target.kind, target.value, target.unit)
            if key not in seen:  # a task repeating a main target (固定资产投资增长12%)
                seen.add(key)
                out.append(target)
    return out


def targets_from_text(
    text: str,
    *,
    year: str,
    doc: str,
    node_id: str,
    page: int | None = None,
    region: str = regions.CITY,
    known: Callable[[str], bool] = lambda _name: False,
) -> list[Target]:
    """The targets for ``year`` in one paragraph of a plan section.

    ``known`` says whether the archive prints an indicator name elsewhere (to complete a
    bare ``产量``)."""
    ctx = TextContext(doc=doc, node_id=node_id, year=year, region=region, modality="target")
    out: list[Target] = []
    by_sentence: dict[str, int] = {}  # the search position of each sentence's figures
    names: dict[str, list[str]] = {}
    for fact in facts_from_text(text, ctx):
        if fact.kind not in ("value", "growth", "share") or fact.part is not None:
            continue
        if nz.period_year(fact.period) != int(year) or fact.period not in (year, f"{year}年末"):
            continue
        sentence = fact.source_text
        match = _locate(sentence, fact.value_text, fact.unit, by_sentence.get(sentence, 0))
        if match is None:
            continue
        by_sentence[sentence] = match.end()
        before = sentence[: match.start()]
        if before.rstrip().endswith(EXISTING) or _clause(before).startswith(EXISTING):
            continue
        if _announces_list(sentence, match):
            continue
        name = _name(fact.indicator_text, names.get(sentence, []), known)
        counted = fact.unit in nz.COUNT_UNITS
        sized = _sized(sentence, match, name, counted)
        if sized and counted:
            name = sized  # 打造4个产业集群: a count of what follows it
        elif sized:
            continue
        if not name or NOT_A_NAME.search(name):
            continue
        kind, group = fact.kind, nz.indicator_group(name)
        rate = _rate_word(name)
        if kind == "share" and rate:  # 居民消费价格指数涨幅3%: the index's growth
            kind, group = "growth", nz.indicator_group(name[: -len(rate)])
        names.setdefault(sentence, []).append(name)
        bound, direction, approximate = _bound(before, sentence[match.end() :], fact.value)
        named = regions.region_in(_clause(before))
        out.append(
            Target(
                indicator=group,
                indicator_text=name,
                region=named or region,
                year=year,
                value=fact.value,
                value_text=fact.value_text,
                unit=fact.unit,
                kind=kind,
                bound=bound,
                direction=direction,
                approximate=approximate,
                source=Source(doc, page, node_id, sentence),
                base_value=fact.base_value,
                base_unit=fact.base_unit,
            )
        )
    return out


def _rate_word(name: str) -> str:
    """The rate word a name ends with (``居民消费价格指数涨幅`` → ``涨幅``), else ''."""
    return next((w for w in RATE_WORDS if name.endswith(w) and len(name) > len(w) + 1), "")


def value_phrase(target: Target) -> str:
    """The target's figure as a reader says it: ``增长7%``, ``下降3%``, ``105万吨``, and
    ``3%`` where the name already says it is a rate (居民消费价格指数涨幅)."""
    number = f"{target.value_text.lstrip('-')}{target.unit}"
    if target.kind != "growth" or _rate_word(target.indicator_text):
        return number
    return f"{'下降' if target.value < 0 else '增长'}{number}"


def target_phrase(target: Target) -> str:
    """The figure with its bound in the report's words: ``增长6.5%左右``, ``105万吨以上``,
    ``控制在3%以内``, ``稳定在240万亩``."""
    if "…" in target.bound:
        lead, trail = target.bound.split("…", 1)
    else:
        lead, trail = (target.bound, "") if target.bound in LEAD_BOUNDS else ("", target.bound)
    return f"{lead}{value_phrase(target)}{trail}"


def _locate(sentence: str, value_text: str, unit: str, start: int) -> re.Match | None:
    number = value_text.lstrip("-")
    for match in FIGURE.finditer(sentence, start):
        printed = (match.group("mag") or "") + match.group("unit").replace("％", "%")
        if match.group("num") == number and printed == unit:
            return match
    return None


def _announces_list(sentence: str, match: re.Match) -> bool:
    """The figure's clause ends in a colon: it counts the items that follow
    (``重点做好9个方面的工作：``, ``要办好10件实事：1.…``), not a target of its own."""
    end = CLAUSE_END.search(sentence, match.end())
    return bool(end) and end.group() in "：:"


def _sized(sentence: str, match: re.Match, name: str, counted: bool) -> str:
    """What the figure counts or sizes when the clause names it after the figure, else ''.

    A count names what follows it up to the next figure (``打造4个产业集群``,
    ``9条重点产业链和4个…``); an amount sizes what the clause names after the last figure
    listed with it (``建成新希望33万吨、和生源20万吨饲料等项目``)."""
    end = CLAUSE_END.search(sentence, match.end())
    clause = sentence[match.end() : end.start() if end else len(sentence)]
    later = list(FIGURE.finditer(clause))
    if counted:
        tail = clause[: later[0].start()] if later else clause
    else:
        tail = clause[later[-1].end() :] if later else clause
    tail = _UNIT_NOTE.sub("", tail.strip())  # 3300万头(只)以上, 2000户（套）以上
    for word in (*ABOUT_AFTER, *AT_LEAST_AFTER, *AT_MOST_AFTER, "多", "余"):
        tail = tail.removeprefix(word)
    if tail.startswith(("、", "和", "及")):  # the next item of a list (、库容1361万方)
        return ""
    tail = tail.rstrip("、和及与")  # 9条重点产业链和4个…
    return tail if tail and tail not in name and name not in tail else ""


def _clause(before: str) -> str:
    return re.split(r"[，,；;：:。]", before)[-1]


def _name(printed: str, earlier: list[str], known: Callable[[str], bool]) -> str:
    """A target's indicator name without target verbs and qualifiers, completed from the
    figure before it when it is a bare measure."""
    name = printed
    changed = True
    while changed:
        changed = False
        for lead in (*TARGET_LEADS, *LEFTOVER_BOUNDS):
            if name.startswith(lead) and len(name) > len(lead) + 1:
                name, changed = name[len(lead) :], True
    for word in QUALIFIERS:
        if word in name and len(name) > len(word) + 1:
            name = name.replace(word, "")
    for word in LEAD_BOUNDS:  # 森林覆盖率不低于21%: the bound is no part of the name
        if name.endswith(word) and len(name) > len(word) + 1:
            name = name[: -len(word)]
            break
    if name in BARE_MEASURES and earlier:
        previous = earlier[-1]
        for cut in range(len(previous) - 1, 0, -1):
            candidate = previous[:cut] + name
            if nz.indicator_group(candidate) in nz.INDICATORS or known(candidate):
                return candidate
    return name


def _bound(before: str, after: str, value: float) -> tuple[str, str, bool]:
    """(printed words, direction, approximate) of a target figure."""
    after = _UNIT_NOTE.sub("", after)  # 3300万头(只)以上
    clause = _clause(before)
    lead = next((w for w in LEAD_BOUNDS if clause.endswith(w)), "")
    trail = next(
        (w for w in (*ABOUT_AFTER, *AT_LEAST_AFTER, *AT_MOST_AFTER) if after.startswith(w)), ""
    )
    if trail in AT_MOST_AFTER or lead in AT_MOST_BEFORE:
        direction = "≤"
    elif trail in AT_LEAST_AFTER or lead in AT_LEAST_BEFORE:
        direction = "≥"
    else:
        direction = "≤" if value < 0 else "≥"
    words = f"{lead}…{trail}" if lead and trail else lead or trail
    return words, direction, trail in ABOUT_AFTER
