"""Read a figure question the way a clerk types it (``2023年凉州区粮食产量是多少？``).

A question is read into four parts:

- **regions**: 全市 / 武威市 / 武威, the counties and their short forms (:mod:`.regions`);
- **period**: a year (``2023年``, ``23年``), a part of it (``年末``, ``上半年``, ``1-7月``),
  a range (``2016—2020年``), a plan (``十三五``) or words read against each document's
  date (``去年``, ``今年``, ``过去五年``);
- **asks**: what is asked: a level (``多少``), a growth rate (``增速``, ``增长多少``), a share
  (``比重``, ``占比``), a change (``增加了多少``, ``减少了多少``: an amount, else a rate), a
  target (``目标``), an estimate (``预计``), and the unit the answer comes in when the
  question says it (``多少所``, ``多少万人``, ``多少钱``);
- **topic**: the rest, the indicator words, with question particles removed.

Growth and share words can also be part of an indicator's name (``人口自然增长率``), so a
question keeps every reading: the words taken as what is asked, and the words kept in the
topic. The ranker scores each figure under the reading that fits it best.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import PAIRED_WORDS
from .regions import CITY, query_regions, region_short_name

_DASH = r"\s*[-—–~～至到]\s*"
_RANGE = re.compile(rf"(?<!\d)((?:19|20)\d\d){_DASH}((?:19|20)\d\d)年?")
_MONTHS = re.compile(rf"(?<!\d)(\d{{1,2}})月?{_DASH}(\d{{1,2}})月")
_FIRST_MONTHS = re.compile(r"前(\d{1,2}|[一二三四五六七八九十]{1,2})个?月")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)\s*年?\s*度?")
_SHORT_YEAR = re.compile(r"(?<![\d年])(\d\d)年(?!\d)")
_PLANS = {"十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025)}
_PLAN = re.compile(r"[“\"'‘]?(十二五|十三五|十四五)[”\"'’]?(?:时期|期间|以来)?")
_PARTS = {
    "年末": "年末",
    "年底": "年末",
    "末": "年末",
    "底": "年末",
    "上半年": "上半年",
    "下半年": "下半年",
    "前三季度": "前三季度",
    "一季度": "一季度",
    "第一季度": "一季度",
    "二季度": "二季度",
    "三季度": "三季度",
    "四季度": "四季度",
}
_PART = re.compile("|".join(sorted(_PARTS, key=len, reverse=True)))
# words read against the document's date: (offset of the first year, number of years)
_RELATIVE = {
    "今年": (0, 1),
    "本年": (0, 1),
    "当年": (0, 1),
    "去年": (-1, 1),
    "上年": (-1, 1),
    "上一年": (-1, 1),
    "前年": (-2, 1),
}
_PAST_YEARS = re.compile(r"(?:过去|近|最近|这|前)([两二三四五六七八九十\d]{1,2})年(?:来|间|里)?")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")} | {"两": 2}

# what is asked, from the most specific words to the least
_GROWTH = re.compile(
    r"(?:同比|比上年|较上年|年均|平均)?(?:增长|增加|提高|上升|下降|减少)(?!值)"
    r"(?:速度|幅度|率|了?多少个?百分点|了?百分之几|了?多少|了?几成)?"
    r"|增速|增幅|涨幅|涨了多少|同比"
)
# 增加了多少 / 减少了多少: by how much, an amount before a rate (常住人口比上年减少了多少)
_CHANGE = re.compile(r"(?:同比|比上年|较上年)?(?:增加|减少|多了|少了)了?多少(?!个?百分点)")
_SHARE = re.compile(r"占比|比重|所占比例|比例|占[^，,。？?]{0,12}?(?:的)?(?:多少|百分之几|几成)")
_TARGET = re.compile(r"目标|预期|计划|力争")
_ESTIMATE = re.compile(r"预计|估计|预估")
_UNIT_WORDS = {"钱": "元"}  # a unit a question says in words (多少钱)
# the counties compared: 各县区 / 哪个县 …, and which end of them is asked (最高, 最少 …)
_COUNTIES = re.compile(
    r"(?:各|每个|四个?|哪个|哪一个|哪)(?:县区|区县|县|区)|哪个地方|哪里|哪儿"
    r"|(?:的|是)?(?:县区|区县|县)(?:是哪个|是哪里|是哪)?\s*$"
)
_EXTREMES = {
    "max": re.compile(r"最高|最多|最大|最快|最好"),
    "min": re.compile(r"最低|最少|最小|最慢"),
}
# 多少 / 几 and the measure word or unit after them (有多少个, 多少万人, 几家)
_LEVEL = re.compile(
    r"(?:是|有|为|达到|共有)?(?:(?:多少|几)"
    r"[十百千万亿]*(?P<unit>个|家|所|项|人次|人|户|名|座|条|件|次|张|亩|吨|元|钱|公里|平方公里|千米|平方千米)?"
    r"|多(?:大|高|长|远|重|深|宽))"
)
# question particles and filler around the indicator words
_FILLER = re.compile(
    r"请问|请|查询|查一下|查查|帮我|告诉我|一下|我想知道|想知道|知道"
    r"|是不是|是什么|什么|怎么样|情况|数据|数字|统计"
    r"|吗|呢|呀|啊|吧|了|的|全年|全部|一年|每年"
    r"|[？?！!。，,、；;：:“”\"'‘’（）()\[\]【】《》<>·\s]"
)
# verbs and measure words that lead or end a question, not an indicator name
_EDGE = re.compile(
    r"^(?:是|有|共有|共|一共|总共|实现|达到|完成|能够|能|可以|和|与|及|以及|、|，|,)+"
    r"|(?:是|有|为|达到|和|与|及|、|，|,)+$"
)
_TOPIC_SPLIT = re.compile(r"\s+")
PAIR_WEIGHT = 0.9


@dataclass(frozen=True)
class PeriodAsk:
    """The period a question names: years ``first``…``last`` (None: relative), an optional
    part of a year (``年末``, ``上半年``, ``1-7月``), or words relative to a document's date
    (``relative`` = (offset of the first year, number of years))."""

    first: int | None = None
    last: int | None = None
    part: str | None = None
    relative: tuple[int, int] | None = None

    def years(self, doc_year: int | None) -> tuple[int, int] | None:
        """The years asked for, for a document dated ``doc_year`` (None: cannot tell)."""
        if self.relative is None:
            if self.first is None or self.last is None:
                return None
            return self.first, self.last
        if doc_year is None:
            return None
        offset, count = self.relative
        if count == 1:
            return doc_year + offset, doc_year + offset
        return doc_year - count, doc_year - 1


@dataclass(frozen=True)
class Reading:
    """One way to read a question: the topic words, what is asked (None: not said), and
    how much a figure found this way counts (less for a reading the text does not spell
    out, like 城镇居民 read out of 城乡居民)."""

    topic: str
    asks: str | None
    weight: float = 1.0


@dataclass(frozen=True)
class Question:
    """A figure question, read: see the module docstring."""

    text: str
    regions: tuple[str, ...]
    period: PeriodAsk | None
    readings: tuple[Reading, ...]
    wants_target: bool
    wants_estimate: bool = False
    unit: str | None = None
    counties: bool = False  # the counties compared (各县区, 哪个县)
    extreme: str | None = None  # ``max`` / ``min``: the county at that end (最高, 最少)

    @property
    def topic(self) -> str:
        """The indicator words of the first reading."""
        return self.readings[0].topic

    @property
    def asks(self) -> str | None:
        """What the first reading asks: ``value``, ``change``, ``growth``, ``share`` or
        None."""
        return self.readings[0].asks

    @property
    def is_question(self) -> bool:
        """The text asks for a figure (a question word, a period, or a rate/share word)."""
        return (
            any(r.asks for r in self.readings)
            or self.period is not None
            or self.counties
            or self.extreme is not None
        )


def parse_question(text: str) -> Question:
    """Read a question or a few words typed by a user (see the module docstring)."""
    text = _clean(text)
    rest = text
    regions = []
    for word, region in query_regions(rest):
        regions.append(region)
        rest = rest.replace(word, " ")
    period, rest = _read_period(rest)
    wants_target = bool(_TARGET.search(rest))
    rest = _TARGET.sub(" ", rest)
    wants_estimate = bool(_ESTIMATE.search(rest))
    rest = _ESTIMATE.sub(" ", rest)
    extreme = next((end for end, words in _EXTREMES.items() if words.search(rest)), None)
    counties = len(regions) != 1 and (
        bool(_COUNTIES.search(rest)) or (extreme is not None and not regions)
    )
    if counties:  # 最高 of 最高气温 in one region is part of the name
        rest = _COUNTIES.sub(" ", _EXTREMES[extreme].sub(" ", rest) if extreme else rest)
    else:
        extreme = None
    level = _LEVEL.search(rest)
    unit = level.group("unit") if level else None
    readings = _readings(rest)
    return Question(
        text,
        tuple(regions),
        period,
        readings,
        wants_target,
        wants_estimate,
        _UNIT_WORDS.get(unit, unit),
        counties,
        extreme,
    )


def search_words(text: str) -> list[str]:
    """Full-text queries for a figure question whose own words find nothing (a whole
    sentence rarely stands in the text): the region's shortest name with the topic, then
    the topic alone. Empty when the text does not read as a question."""
    question = parse_question(text)
    if not question.is_question or not question.topic:
        return []
    short = [region_short_name(name) for name in question.regions if name != CITY]
    queries = [f"{name} {question.topic}" for name in short if name]
    queries.append(question.topic)
    return [q for q in dict.fromkeys(queries) if q != text.strip()]


def _clean(text: str) -> str:
    """Full-width letters and digits to ASCII, one space between words."""
    text = (text or "").translate(_FULL_WIDTH)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:200]


_FULL_WIDTH = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}


def _read_period(text: str) -> tuple[PeriodAsk | None, str]:
    """The period a text names and the text without it."""
    part, text = _take_months(text)
    years, relative, year_part, text = _take_years(text)
    part = part or year_part
    if part is None:
        part, text = _take_part(text)
    if years is None and relative is None and part is None:
        return None, text
    first, last = years or (None, None)
    return PeriodAsk(first, last, part, relative), text


def _cut(text: str, match: re.Match) -> str:
    return text[: match.start()] + " " + text[match.end() :]


def _take_months(text: str) -> tuple[str | None, str]:
    """``1-7月`` / ``前7个月`` → ``1-7月``."""
    months = _MONTHS.search(text)
    if months:
        return f"{int(months.group(1))}-{int(months.group(2))}月", _cut(text, months)
    first = _FIRST_MONTHS.search(text)
    count = _number(first.group(1)) if first else None
    if first and count:
        return f"1-{count}月", _cut(text, first)
    return None, text


def _take_years(
    text: str,
) -> tuple[tuple[int, int] | None, tuple[int, int] | None, str | None, str]:
    """(years, relative, part of the year written right after it, the rest)."""
    span = _RANGE.search(text)
    if span:
        return (int(span.group(1)), int(span.group(2))), None, None, _cut(text, span)
    plan = _PLAN.search(text)
    if plan:
        return _PLANS[plan.group(1)], None, None, _cut(text, plan)
    year = _YEAR.search(text) or _SHORT_YEAR.search(text)
    if year:
        value = int(year.group(1))
        value = value + 2000 if value < 100 else value
        after = text[year.end() :]
        part = _PART.match(after)
        rest = text[: year.start()] + " " + (after[part.end() :] if part else after)
        return (value, value), None, _PARTS[part.group()] if part else None, rest
    past = _PAST_YEARS.search(text)
    count = _number(past.group(1)) if past else None
    if past and count:
        return None, (0, count), None, _cut(text, past)
    relative = next((w for w in _RELATIVE if w in text), None)
    if relative:
        return None, _RELATIVE[relative], None, text.replace(relative, " ", 1)
    return None, None, None, text


def _take_part(text: str) -> tuple[str | None, str]:
    """A part of a year written without one (上半年, 年末); 末 / 底 alone are not."""
    alone = next((m for m in _PART.finditer(text) if len(m.group()) > 1), None)
    if alone:
        return _PARTS[alone.group()], _cut(text, alone)
    return None, text


def _number(word: str) -> int | None:
    """``5`` / ``五`` / ``十`` / ``两`` → int."""
    if word.isdigit():
        return int(word)
    if word == "十":
        return 10
    if len(word) == 2 and word[0] == "十":
        return 10 + _CN_DIGITS.get(word[1], 0)
    return _CN_DIGITS.get(word)


def _readings(text: str) -> tuple[Reading, ...]:
    """The ways to read the rest of a question: what is asked, and the topic words."""
    asks = None
    stripped = text
    for kind, pattern in (
        ("change", _CHANGE),
        ("growth", _GROWTH),
        ("share", _SHARE),
        ("value", _LEVEL),
    ):
        if pattern.search(stripped):
            asks = asks or kind
            stripped = pattern.sub(" ", stripped)
    first = Reading(_topic(stripped), asks)
    readings = [first]
    if asks in ("change", "growth", "share"):
        # the words may name the indicator (人口自然增长率, 城镇化率 …)
        kept = _LEVEL.sub(" ", text)
        if _topic(kept) != first.topic:
            readings.append(Reading(_topic(kept), "value" if _LEVEL.search(text) else None))
    # a pair printed as one word asks for both (城乡居民收入: 城镇居民…, 农村居民…)
    for reading in list(readings):
        for pair, members in PAIRED_WORDS.items():
            if pair in reading.topic:
                readings.extend(
                    Reading(reading.topic.replace(pair, member, 1), reading.asks, PAIR_WEIGHT)
                    for member in members
                )
                break
    return tuple(readings)


def _topic(text: str) -> str:
    return _EDGE.sub("", "".join(_TOPIC_SPLIT.split(_FILLER.sub(" ", text))))
