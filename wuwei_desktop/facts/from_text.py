"""Figures from running text, by rules.

The rules, in the order they apply to one paragraph:

1. **Sentences and clauses.** A sentence ends at ``。！？``; a clause at ``，；：`` (both
   widths). A yearbook entry's ``【title】`` is not part of the sentence.
2. **Figures.** A number (``1,234``, ``-4.08``) followed by an optional ``多/余``, an
   optional magnitude ``万/亿`` and a unit from :data:`normalize.TEXT_UNITS`, or by
   ``%``/``‰``. Not a figure: a number after ``第`` (a rank), a number before
   ``个百分点`` (a difference of rates), a year (``2023年``), a date.
3. **Kind.** ``%``/``‰`` after a growth word (``增长``, ``年均增长``, ``下降`` …) is a
   ``growth`` (negative after ``下降/减少``); any other ``%``/``‰`` a ``share``. An
   amount after ``比…增加/减少`` is a ``change``; every other amount a ``value``.
4. **Indicator.** The words of the clause before the figure (from the clause start or
   the previous figure), without region words, periods, comparisons (``比2022年``,
   ``是2022年的``) and the verbs and fillers of :data:`LEAD_WORDS`/:data:`TRAIL_WORDS`. A
   term in brackets that names a known indicator wins (``（常住人口城镇化率）``). When
   nothing is left, the figure continues the figure(s) before it in the sentence: a
   growth rate ``比2022年增长126.0%`` is the growth of the amount before it, and a list
   ``分别增长98.28%、115.96%`` takes the indicators of the last two amounts, in order.
   A list of N figures under one indicator is split when the indicator is a printed
   list (``牛、羊、猪、禽饲养量``) or a paired word (``城乡居民`` → 城镇居民, 农村居民);
   otherwise each figure keeps its position in ``part``. ``占…`` becomes a share of the
   amount before it.
5. **Period.** The nearest period stated before the figure in its sentence
   (``2023年``, ``2023年末``, ``2016-2020年``, ``上半年``), not a comparison base (``比2022年``).
   Without one: the period stated earlier in the paragraph, else the section's (a
   five-year review means 2016-2020), else the document's year covered; those are
   marked ``period_inferred``. In ``由A增加到B`` an unstated A is the range's first year,
   B its last; a ``年均`` growth is the whole range.
6. **Region.** The nearest region named before the figure in its sentence (full names:
   ``民勤县``, ``天祝藏族自治县`` → ``天祝县``, ``全市``/``武威市``); ``全区``/``全县`` and
   no name at all mean the region the text is about: a county in the node path (an
   entry under 县区发展 › 民勤县), else the document's (the 凉州区 article), else 全市.
7. **Modality.** ``预计`` → estimate; ``将``, ``力争``, ``确保``, ``目标``, ``预期``, ``计划``
   → target; so is everything in a section about the coming years (its title says
   ``今后``/``任务``/``展望``/``目标``, or its first paragraph says what the region ``将``
   do); the year its title sets tasks for (``2024年工作目标和重点任务``,
   ``今后五年发展重点和2022年工作任务``) is the period, except in a paragraph about the
   coming five years (``今后五年``) and the ``——`` paragraphs continuing it (2022-2026).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ingest.model import Node, ParsedDocument
from . import normalize as nz
from .model import Fact

_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_CLAUSE_SEP = re.compile(r"[，,；;：:]")
_ENTRY_TITLE = re.compile(r"^【[^】]*】\s*")
_UNITS = "|".join(re.escape(u) for u in nz.TEXT_UNITS)
FIGURE = re.compile(
    r"(?<![\d.第A-Za-z])(?P<sign>[-−－])?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(?P<approx>多|余)?(?P<mag>万亿|亿|万)?(?:多|余)?"
    rf"(?P<unit>%|％|‰|{_UNITS})(?!百分点|级|号|届|位)"
)
_COMPARISON_BASE = re.compile(
    r"(比|较|与|同|低于|高于|超过|相比|是)(上年|去年|\d{4}\s*年)(年末|年底|末|底|同期)?"
)
_GROWTH_TAIL = re.compile(
    r"(同比|比上年|比去年|年均|平均|分别|均)*"
    r"(增长|增加|提高|上涨|上升|下降|减少|回落|降低|涨幅|增速|增幅)(了|为|达到|达|约|分别)*$"
)
_FALL = ("下降", "减少", "回落", "降低")
_CHANGE_TAIL = re.compile(r"(增加|减少|增长|下降|多|少)(了)?$")
LEAD_WORDS = (
    "预计",
    "力争",
    "其中",
    "全年",
    "当年",
    "今年",
    "年内",
    "目前",
    "累计",
    "共计",
    "总计",
    "合计",
    "共",
    "年末",
    "年底",
    "末",
    "实现",
    "完成",
    "拥有",
    "有",
    "由",
    "的",
    "和",
    "与",
    "及",
    "、",
    "已",
    "均",
    "约",
    "达",
    "新",
)
TRAIL_WORDS = (
    "由",
    "分别达到",
    "分别为",
    "分别",
    "增加到",
    "增长到",
    "提高到",
    "提升到",
    "上升到",
    "扩大到",
    "减少到",
    "下降到",
    "保持在",
    "稳定在",
    "控制在",
    "达到",
    "降至",
    "增至",
    "达",
    "为",
    "是",
    "突破",
    "超过",
    "约",
    "近",
    "逾",
    "超",
    "共",
    "总计",
    "合计",
    "累计",
    "的",
    "已",
    "全部",
    "均",
    "在",
    "了",
    "和",
    "、",
    "下辖",
    "辖",
)
_KEEP_LEAD = ("新增", "新建", "新改建", "有效")  # a lead word that is part of the name
ESTIMATE_WORDS = ("预计",)
TARGET_WORDS = ("将", "力争", "确保", "目标是", "目标为", "预期", "计划")
FORWARD_SECTION = re.compile(r"今后|任务|展望|未来|目标")
REPORT_DATE = re.compile(r"[（(](\d{4})年(\d{1,2})月(\d{1,2})日[）)]")
# the year a plan section sets targets for (2024年工作目标和重点任务,
# 今后五年发展重点和2022年工作任务)
PLAN_TITLE = re.compile(r"(\d{4})\s*年[^，,。]{0,6}?(工作任务|工作目标|重点任务|主要任务|目标任务)")
# a paragraph of a plan section about the years after the plan year, and what continues it
HORIZON = re.compile(r"今后五年|未来五年|五年内")
HORIZON_YEARS = 5
CONTINUED = "——"
FIVE_YEAR_SECTION = re.compile(r"过去五年|五年来|十三五")
FIVE_YEAR_RANGE = "2016-2020"
_PERIOD_ANY = re.compile(
    rf"{nz.PERIOD_RANGE.pattern}|{nz.PERIOD_YEAR.pattern}"
    r"|(?P<plan>十二五|十三五|十四五)|(?P<part>上半年|下半年|前三季度|一季度|第一季度)"
    r"|(?P<whole>全年|今年|当年|本年)"
)
_LIST_NUMBER = re.compile(r"^\d{1,2}[.．、]")
_PAREN = re.compile(r"[（(]([^（）()]*)[）)]")


@dataclass
class TextContext:
    """What a paragraph's figures default to: its document, node, region and period."""

    doc: str
    node_id: str
    year: str | None  # the document's year covered (or the section's range)
    region: str = nz.CITY
    modality: str = "actual"
    page: int | None = None


@dataclass
class _Figure:
    start: int
    end: int
    value: float
    text: str  # the number as printed (sign and thousands separators kept)
    unit: str
    kind: str
    clause: int
    prefix: str  # the clause's words between the previous figure and this one
    list_prev: bool  # joined to the previous figure by 、/和 only


# --------------------------------------------------------------------------- documents


def facts_from_document(parsed: ParsedDocument) -> list[Fact]:
    """Every figure of the running text of a parsed document, in book order."""
    meta = parsed.meta
    doc_region = _doc_region(meta.title)
    facts: list[Fact] = []
    _walk(parsed.root, [], meta, doc_region, "actual", None, facts)
    return facts


def _doc_region(title: str) -> str:
    """The 凉州区 article is about 凉州区; the others are about the city."""
    return (
        nz.region_in(title.replace("武威市", "")) or nz.CITY if "武威市" not in title else nz.CITY
    )


def _walk(node: Node, path, meta, region, modality, year, facts) -> None:
    titles = [*path, node.title]
    node_region = region
    for title in titles[1:]:
        node_region = nz.region_of(title) or node_region
    node_year = year or meta.year_covered
    if node.kind == "section":
        first = next((p.text for p in node.paragraphs if p.role == "body"), "")
        if FORWARD_SECTION.search(node.title) or "将" in first[:40]:
            modality = "target"
            plan_year = PLAN_TITLE.search(node.title)
            node_year = plan_year.group(1) if plan_year else node_year
        if FIVE_YEAR_SECTION.search(node.title):
            node_year = FIVE_YEAR_RANGE
        node_year = _year_so_far(node, node_year)
    body = [p for p in node.paragraphs if p.role == "body"]
    plan = modality == "target" and re.fullmatch(r"\d{4}", node_year or "")
    years = horizon_years([p.text for p in body], node_year) if plan else [node_year] * len(body)
    for paragraph, paragraph_year in zip(body, years, strict=True):
        ctx = TextContext(
            doc=meta.id,
            node_id=node.id,
            year=paragraph_year,
            region=node_region,
            modality=modality,
            page=paragraph.page,
        )
        text = paragraph.text
        if (
            node.kind == "section"
            and FIVE_YEAR_SECTION.search(node.title)
            and not text.startswith("——")
            and node_year == FIVE_YEAR_RANGE
        ):
            ctx.year = meta.year_covered  # the five-year summary leads with ——
        facts.extend(facts_from_text(text, ctx))
    for child in node.children:
        _walk(child, titles, meta, node_region, modality, node_year, facts)


def horizon_years(texts: list[str], year: str) -> list[str]:
    """The period each paragraph of a plan section for ``year`` speaks of: ``year``, or for
    a paragraph about the coming five years (``今后五年`` in a 2022 plan: 2022-2026) and the
    ``——`` paragraphs that continue it, that span."""
    out: list[str] = []
    span = None
    for text in texts:
        text = text.strip()
        if not (span and text.startswith(CONTINUED)):
            ahead = HORIZON.search(text) and not text.startswith(f"{year}年")
            span = f"{year}-{int(year) + HORIZON_YEARS - 1}" if ahead else None
        out.append(span or year)
    return out


def _year_so_far(node: Node, year: str) -> str:
    """A report dated within the year it reviews (``（2023年8月4日）``, "今年以来") speaks of
    the months before its date: ``2023年1-7月``, not the whole of 2023."""
    for paragraph in node.paragraphs[:3]:
        dated = REPORT_DATE.fullmatch(paragraph.text.strip())
        if dated and paragraph.role == "byline" and dated.group(1) == year:
            month, day = int(dated.group(2)), int(dated.group(3))
            last = month - 1 if day <= 15 else month
            if 1 <= last < 12:
                return f"{year}年1-{last}月"
    return year


# --------------------------------------------------------------------------- paragraphs


def facts_from_text(text: str, ctx: TextContext) -> list[Fact]:
    """The figures of one paragraph's clean text."""
    text = _ENTRY_TITLE.sub("", text)
    facts: list[Fact] = []
    carried: str | None = None  # the period of the sentence before, if it had one
    for sentence in _SENTENCE_END.split(text):
        if not sentence:
            continue
        found = _sentence_facts(sentence, ctx, carried) if FIGURE.search(sentence) else []
        facts.extend(found)
        stated = [label for _, label, inferred in _periods(sentence, ctx) if not inferred]
        carried = found[-1].period if found else (stated[-1] if stated else None)
    return facts


def _periods(sentence: str, ctx: TextContext) -> list[tuple[int, str, bool]]:
    """(end position, label, inferred) of each period the sentence names; comparison
    bases (比2022年) are left out; 全年/今年 is the context's year (inferred)."""
    bases = [m.span() for m in _COMPARISON_BASE.finditer(sentence)]
    out = []
    years = re.findall(r"\d{4}", ctx.year or "")
    year = years[-1] if years else ""
    this_year = ctx.year if ctx.year and "月" in ctx.year else year  # 今年 in a mid-year report
    for m in _PERIOD_ANY.finditer(sentence):
        if any(a <= m.start() < b for a, b in bases):
            continue
        inferred = False
        if m.group("plan"):
            label = nz.PLAN_PERIODS[m.group("plan")]
        elif m.group("part"):
            label = nz.period_label(year, m.group("part")) if year else m.group("part")
            inferred = True
        elif m.group("whole"):
            if not year:
                continue
            label, inferred = (year if m.group("whole") == "全年" else this_year), True
        elif m.group(1):
            label = f"{m.group(1)}-{m.group(2)}"
        else:  # the year pattern's groups follow the range's two
            label = nz.period_label(m.group(3), m.group(4))
        out.append((m.end(), label, inferred))
    return out


def _figures(sentence: str) -> list[_Figure]:
    clauses = [m.end() for m in _CLAUSE_SEP.finditer(sentence)]
    figures: list[_Figure] = []
    for m in FIGURE.finditer(sentence):
        value = float(m.group("num").replace(",", ""))
        if m.group("sign"):
            value = -value
        unit = (m.group("mag") or "") + m.group("unit")
        if unit == "％":
            unit = "%"
        clause = sum(1 for c in clauses if c <= m.start())
        clause_start = max([0, *[c for c in clauses if c <= m.start()]])
        prev = figures[-1] if figures else None
        start = clause_start
        if prev and prev.clause == clause:
            start = max(start, prev.end)
        prefix = sentence[start : m.start()]
        list_prev = bool(prev) and prev.clause == clause and prefix.strip() in ("、", "和", "及")
        printed = ("-" if m.group("sign") else "") + m.group("num")
        figures.append(
            _Figure(m.start(), m.end(), value, printed, unit, "", clause, prefix, list_prev)
        )
    for i, fig in enumerate(figures):
        if fig.list_prev:
            fig.kind = figures[i - 1].kind
            if fig.kind == "growth" and figures[i - 1].value < 0:
                fig.value = -fig.value
        elif fig.unit in ("%", "‰"):
            tail = _GROWTH_TAIL.search(_COMPARISON_BASE.sub("", fig.prefix))
            fig.kind = "growth" if tail else "share"
            if tail and tail.group(2) in _FALL:
                fig.value = -abs(fig.value)
        else:
            bare = fig.prefix.strip()
            if _COMPARISON_BASE.search(bare) and _CHANGE_TAIL.search(bare):
                fig.kind = "change"
                if _CHANGE_TAIL.search(bare).group(1) in ("减少", "下降", "少"):
                    fig.value = -abs(fig.value)
            else:
                fig.kind = "value"
    return figures


def _sentence_facts(sentence: str, ctx: TextContext, carried) -> list[Fact]:
    figures = _figures(sentence)
    if not figures:
        return []
    periods = _periods(sentence, ctx)
    # a region in an enumeration (凉州区、民勤县、古浪县和天祝藏族自治县) names no one region
    regions = [
        (m.start(), nz.region_of(m.group()))
        for m in re.finditer(f"{nz.REGION_PATTERN.pattern}|全区|全县", sentence)
        if sentence[m.end() : m.end() + 1] not in ("、", "和", "及")
        and sentence[max(m.start() - 1, 0) : m.start()] not in ("、", "和", "及")
    ]
    modality = ctx.modality
    if any(w in sentence for w in ESTIMATE_WORDS):
        modality = "estimate"
    if any(w in sentence for w in TARGET_WORDS):
        modality = "target"
    names = _names(sentence, figures)
    # group figures into lists: runs joined by 、/和
    lists: list[list[int]] = []
    for i, fig in enumerate(figures):
        if fig.list_prev and lists:
            lists[-1].append(i)
        else:
            lists.append([i])
    resolved: list[tuple[str, int | None]] = [("", None)] * len(figures)
    done: list[int] = []  # indexes of figures with an indicator, in order
    for run in lists:
        head = names[run[0]]
        kind = figures[run[0]].kind
        if head and head.startswith("占") and done:
            head = resolved[done[-1]][0] + head
        if head:
            split = _split_list(head, len(run)) if len(run) > 1 else [head]
            for n, i in enumerate(run):
                if split:
                    resolved[i] = (split[n], None)
                else:
                    resolved[i] = (head, n + 1)
        else:
            # continue the last len(run) figures that are amounts (or any, for a change)
            pool = [j for j in done if figures[j].kind in ("value",)] or done
            if kind == "value":
                pool = done
            source = pool[-len(run) :] if len(pool) >= len(run) else []
            if not source and pool:
                source = [pool[-1]] * len(run)
            if not source:
                continue  # a figure with no name: nothing to say what it is
            for i, j in zip(run, source, strict=True):
                resolved[i] = resolved[j]
        done.extend(i for i in run if resolved[i][0])
    facts = []
    range_period = _range(periods, ctx, carried)
    for i, fig in enumerate(figures):
        name, part = resolved[i]
        if not name:
            continue
        period, inferred = _period_for(fig, i, figures, periods, ctx, carried, range_period)
        region, region_inferred = _region_for(fig, regions, ctx)
        if fig.kind in ("growth", "change") and i and not fig.list_prev:
            # a growth/change continues its amount: same region and period
            src = next((j for j in range(i - 1, -1, -1) if resolved[j][0] == name), None)
            yearly = "年均" in fig.prefix or "平均" in fig.prefix
            if (
                src is not None
                and not yearly
                and not any(figures[src].end < p < fig.start for p, _, _ in periods)
            ):
                period, inferred = _period_for(
                    figures[src], src, figures, periods, ctx, carried, range_period
                )
        base_value, base_unit = nz.to_base(fig.value, fig.unit)
        facts.append(
            Fact(
                indicator=nz.indicator_group(name),
                indicator_text=name,
                region=region,
                period=period,
                value=fig.value,
                value_text=_printed(fig),
                unit=fig.unit,
                base_value=base_value,
                base_unit=base_unit,
                kind=fig.kind,
                doc=ctx.doc,
                node_id=ctx.node_id,
                source_text=sentence.strip(),
                source_kind="text",
                modality=modality,
                period_inferred=inferred,
                region_inferred=region_inferred,
                page=ctx.page,
                part=part,
            )
        )
    return facts


def _printed(fig: _Figure) -> str:
    """The number as printed, with the sign the value got from its context (下降4.8% →
    ``-4.8``)."""
    text = fig.text.lstrip("-")
    return f"-{text}" if fig.value < 0 else text


def _range(periods, ctx: TextContext, carried) -> tuple[str, str] | None:
    """The first and last year of the time span the sentence is about, if it has one."""
    years = [p for _, p, _ in periods if re.fullmatch(r"\d{4}", p)]
    if len(years) >= 2:
        return years[0], years[-1]
    for label in [p for _, p, _ in periods] + [ctx.year or ""]:
        m = re.fullmatch(r"(\d{4})-(\d{4})", label)
        if m:
            return m.group(1), m.group(2)
    return None


def _period_for(fig, i, figures, periods, ctx, carried, range_period) -> tuple[str, bool]:
    before = [(end, label, inferred) for end, label, inferred in periods if end <= fig.start]
    head = i
    while head and figures[head].list_prev:
        head -= 1
    prefix = figures[head].prefix
    # 由A增加到B: B without a year of its own is the range's last year
    opener = next(
        (
            j
            for j in range(head - 1, -1, -1)
            if figures[j].clause == fig.clause and "由" in figures[j].prefix
        ),
        None,
    )
    if (
        opener is not None
        and range_period
        and not any(e > figures[opener].end for e, _, _ in before)
    ):
        return range_period[1], True
    yearly = fig.kind == "growth" and ("年均" in prefix or "平均" in prefix)
    if yearly and range_period and (not before or before[-1][2]):
        return f"{range_period[0]}-{range_period[1]}", True
    if before:
        return before[-1][1], before[-1][2]
    if range_period and "由" in prefix:
        return range_period[0], True
    if carried:
        return carried, True
    return (ctx.year or ""), True


def _region_for(fig, regions, ctx: TextContext) -> tuple[str, bool]:
    before = [region for start, region in regions if start < fig.start]
    if before and before[-1]:
        return before[-1], False
    if before:  # 全区 / 全县: the region the text is about
        return ctx.region, False
    return ctx.region, True


# --------------------------------------------------------------------------- indicators

# a count names what it counts after it (4个百亿级产业集群, 引进15家大型央企): used when
# the words before it are none or only a verb
COUNT_VERBS = (
    "引进",
    "建成",
    "围绕",
    "聚焦",
    "办好",
    "用",
    "为",
    "实施",
    "开展",
    "举办",
    "新建",
    "建设",
)
_AFTER_END = re.compile(r"[，,；;：:。！？!?、和及与的（(]|\d")
# a count of households or firms names them after it too (114户规上工业企业)
NAMED_AFTER_UNITS = (*nz.COUNT_UNITS, "户")
# the words after a count end at a verb: they are the subject of what follows, which the
# next figure's words keep (114户规上工业企业完成产值225.8亿元)
_SUBJECT_END = re.compile(r"完成|实现|达到|共计|累计")


def _names(sentence: str, figures: list[_Figure]) -> list[str]:
    """The indicator words of each figure ('' when it continues the figures before)."""
    names = []
    consumed = -1  # end of words a count took from after it
    for fig in figures:
        prefix = fig.prefix
        if consumed > fig.start - len(prefix):
            prefix = sentence[min(consumed, fig.start) : fig.start]
        name = _indicator(prefix)
        verb = bool(name) and name.endswith(COUNT_VERBS)
        if fig.unit in NAMED_AFTER_UNITS and fig.kind == "value" and (not name or verb):
            stop = _AFTER_END.search(sentence, fig.end)
            after = sentence[fig.end : stop.start() if stop else len(sentence)]
            subject = _SUBJECT_END.search(after)
            after = _clean(after[: subject.start()] if subject else after)[:12]
            if after:
                name = (name if verb else "") + after
                consumed = fig.end if subject else fig.end + len(after)
        names.append(name)
    return names


def _indicator(prefix: str) -> str:
    """The indicator words of a figure's clause prefix ('' when there are none)."""
    text = prefix
    for inner in _PAREN.findall(text):
        name = _clean(inner)
        if nz.indicator_group(name) in nz.INDICATORS:
            return name
    text = _PAREN.sub("", text)
    text = _COMPARISON_BASE.sub("", text)
    text = _GROWTH_TAIL.sub("", text)
    return _clean(text)


def _clean(text: str) -> str:
    text = nz.PERIOD_RANGE.sub("", text)
    text = nz.PERIOD_YEAR.sub("", text)
    text = nz.REGION_PATTERN.sub("", text)
    for word in (
        *nz.WHOLE_OF_CONTEXT,
        *nz.PLAN_PERIODS,
        "上半年",
        "下半年",
        "前三季度",
        "一季度",
        "二季度",
        "三季度",
    ):
        text = text.replace(word, "")
    text = re.sub(r"[\s“”\"'《》…]", "", text)  # … : where the extraction cut a line
    text = _LIST_NUMBER.sub("", text)  # 2.发放创业担保贷款 → 发放创业担保贷款
    changed = True
    while changed and text:
        changed = False
        for word in LEAD_WORDS:
            if text.startswith(word) and not text.startswith(_KEEP_LEAD) and len(text) > len(word):
                text = text[len(word) :]
                changed = True
        for word in TRAIL_WORDS:
            if text.endswith(word):
                text = text[: -len(word)]
                changed = True
    if text in LEAD_WORDS or text in TRAIL_WORDS:
        return ""
    if text.startswith("占") and not text.endswith(("比重", "比例")):
        text += "比重"
    return text


def _split_list(name: str, count: int) -> list[str] | None:
    """A list's indicator split into one per figure, or None when it cannot be."""
    if "、" in name:
        items = name.split("、")
        if len(items) == count:
            first, last = items[0], items[-1]
            suffix = last[len(first) :] if len(last) > len(first) else ""
            return [item + suffix for item in items[:-1]] + [last]
    for word, parts in nz.PAIRED_WORDS.items():
        if word in name and len(parts) == count:
            return [name.replace(word, part, 1) for part in parts]
    return None
