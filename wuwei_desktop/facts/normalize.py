"""The rule tables that make figures comparable: regions, periods, units, indicators.

Everything here is a table a reader can check against the documents; the functions
only look things up in them.
"""

from __future__ import annotations

import re

# the region names live in regions.py; the extractors use them through this module
from .regions import (  # noqa: F401
    CITY,
    REGION_PATTERN,
    WHOLE_OF_CONTEXT,
    query_regions,
    region_in,
    region_of,
)

# ------------------------------------------------------------------------------ periods

# a range: 2016—2020年, 2016-2020年, 2016年至2020年
PERIOD_RANGE = re.compile(r"(\d{4})\s*年?\s*[-—–~～至到]\s*(\d{4})\s*年")
# a year and what part of it: 2023年末, 2023年上半年, 2021年前三季度
PERIOD_YEAR = re.compile(
    r"(\d{4})\s*年\s*度?\s*(年末|年底|末|底|上半年|下半年|前三季度|一季度|第一季度|二季度|三季度|四季度)?"
)
PLAN_PERIODS = {"十二五": "2011-2015", "十三五": "2016-2020", "十四五": "2021-2025"}
PART_OF_YEAR = ("上半年", "下半年", "前三季度", "一季度", "二季度", "三季度", "四季度")
_PART_CANON = {
    "年末": "年末",
    "年底": "年末",
    "末": "年末",
    "底": "年末",
    "第一季度": "一季度",
}


def period_label(year: str, part: str | None = None) -> str:
    """``2023`` + ``底`` → ``2023年末``; ``2021`` + ``前三季度`` → ``2021前三季度``."""
    if not part:
        return year
    part = _PART_CANON.get(part, part)
    return f"{year}年末" if part == "年末" else f"{year}{part}"


def period_year(period: str) -> int | None:
    """The (last) year a period label is about, for ordering."""
    years = re.findall(r"\d{4}", period)
    return int(years[-1]) if years else None


# --------------------------------------------------------------------------------- units

# unit as printed → (base unit, factor). Magnitude prefixes 万/亿 combine with any unit.
BASE_UNITS: dict[str, tuple[str, float]] = {
    "元": ("元", 1),
    "人": ("人", 1),
    "人次": ("人次", 1),
    "名": ("人", 1),
    "户": ("户", 1),
    "吨": ("吨", 1),
    "千克": ("吨", 0.001),
    "公斤": ("吨", 0.001),
    "亩": ("亩", 1),
    "公顷": ("亩", 15),
    "平方千米": ("平方千米", 1),
    "平方公里": ("平方千米", 1),
    "平方米": ("平方米", 1),
    "立方米": ("立方米", 1),
    "千米": ("千米", 1),
    "公里": ("千米", 1),
    "千瓦": ("千瓦", 1),
    "千瓦时": ("千瓦时", 1),
    "%": ("%", 1),
    "％": ("%", 1),
    "‰": ("‰", 1),
}
MAGNITUDES = {"万": 1e4, "亿": 1e8, "万亿": 1e12}
# counted things: the unit is its own base (个, 家, 项 …)
COUNT_UNITS = (
    "个",
    "家",
    "所",
    "座",
    "项",
    "件",
    "张",
    "头",
    "只",
    "次",
    "场次",
    "场",
    "条",
    "辆",
    "套",
    "台",
    "部",
    "期",
    "批",
    "处",
    "列",
    "株",
    "间",
    "天",
    "篇",
    "册",
    "种",
)
# the units a figure in running text may carry, longest first (so 万人次 beats 万人)
TEXT_UNITS = sorted(
    {u for u in BASE_UNITS if u not in ("%", "％", "‰")} | set(COUNT_UNITS),
    key=len,
    reverse=True,
)


def to_base(value: float, unit: str) -> tuple[float | None, str | None]:
    """``526.4 亿元`` → ``(52640000000.0, '元')``; counted units are their own base."""
    unit = unit.strip()
    for prefix in ("万亿", "亿", "万"):
        if unit.startswith(prefix) and unit != prefix:
            rest = unit[len(prefix) :]
            base, factor = _base_of(rest)
            return round(value * MAGNITUDES[prefix] * factor, 6), base
    base, factor = _base_of(unit)
    if base is None:
        return None, None
    return round(value * factor, 6), base


def _base_of(unit: str) -> tuple[str | None, float]:
    if unit in BASE_UNITS:
        return BASE_UNITS[unit]
    if unit in COUNT_UNITS:
        return unit, 1
    return None, 1


def same_figure(a: float, b: float) -> bool:
    """Two base values are the same figure up to the rounding of print (≤ 0.5 %, or
    the last printed digit)."""
    if a == b:
        return True
    scale = max(abs(a), abs(b))
    return abs(a - b) <= max(scale * 0.005, 1e-9)


# ---------------------------------------------------------------------------- indicators

# group name → the ways the documents print it (after region and period words are
# removed). Matching is exact, or by suffix for the longer names (…地区生产总值).
INDICATORS: dict[str, tuple[str, ...]] = {
    "生产总值": ("生产总值", "地区生产总值", "GDP", "国内生产总值", "经济总量"),
    "人均生产总值": ("人均生产总值", "人均地区生产总值", "人均GDP"),
    "第一产业增加值": ("第一产业增加值", "一产增加值"),
    "第二产业增加值": ("第二产业增加值", "二产增加值"),
    "第三产业增加值": ("第三产业增加值", "三产增加值"),
    "工业增加值": ("工业增加值", "全部工业增加值"),
    "规上工业增加值": ("规上工业增加值", "规模以上工业增加值"),
    "建筑业增加值": ("建筑业增加值",),
    "农业增加值": ("农业增加值",),
    "常住人口": ("常住人口", "年末常住人口", "全市常住人口"),
    "城镇化率": ("城镇化率", "常住人口城镇化率"),
    "人口自然增长率": ("人口自然增长率", "自然增长率", "自增率"),
    "游客接待人次": (
        "接待游客",
        "游客",
        "累计接待游客",
        "接待国内游客",
        "游客接待量",
        "接待游客人次",
        "接待旅游人数",
        "旅游人数",
        "接待旅游人次",
    ),
    "旅游综合收入": ("旅游综合收入", "旅游收入", "实现旅游综合收入", "旅游总收入"),
    "粮食总产量": ("粮食总产量", "粮食产量", "粮食"),
    "猪牛羊禽肉产量": ("猪牛羊禽肉产量", "肉类总产量", "肉类产量"),
    "城镇居民人均可支配收入": ("城镇居民人均可支配收入", "城镇居民收入", "城镇居民可支配收入"),
    "农村居民人均可支配收入": (
        "农村居民人均可支配收入",
        "农村居民收入",
        "农民人均可支配收入",
        "农村居民可支配收入",
    ),
    "固定资产投资": ("固定资产投资",),
    "社会消费品零售总额": ("社会消费品零售总额", "社会消费品零售额"),
    "一般公共预算收入": ("一般公共预算收入",),
    "一般公共预算支出": ("一般公共预算支出",),
    "招商引资到位资金": ("招商引资到位资金", "到位资金", "落实到位资金"),
    "城镇新增就业": ("城镇新增就业",),
    "森林覆盖率": ("森林覆盖率",),
    "耕地面积": ("耕地面积",),
    "土地面积": ("土地面积", "总面积", "国土面积", "国土总面积"),
}
# words a user may type for an indicator group, beyond its printed forms
INDICATOR_QUERY_WORDS: dict[str, tuple[str, ...]] = {
    "生产总值": ("GDP", "gdp", "经济总量"),
    "游客接待人次": ("游客", "旅游人数", "接待游客", "游客人次"),
    "旅游综合收入": ("旅游收入",),
    "粮食总产量": ("粮食", "粮食产量"),
    "常住人口": ("人口",),
    "城镇居民人均可支配收入": ("城镇居民收入", "城镇收入"),
    "农村居民人均可支配收入": ("农民收入", "农村收入", "农村居民收入"),
    "猪牛羊禽肉产量": ("肉产量", "肉类"),
    "土地面积": ("面积", "国土面积"),
}
_SYNONYM = {name: group for group, names in INDICATORS.items() for name in names}
# a list printed as one word, and what it is a list of (城乡居民 → 城镇居民, 农村居民)
PAIRED_WORDS: dict[str, tuple[str, ...]] = {
    "城乡居民": ("城镇居民", "农村居民"),
    "城乡": ("城镇", "农村"),
    "存贷款": ("存款", "贷款"),
    "进出口": ("进口", "出口"),
}


def indicator_group(text: str) -> str:
    """The group an indicator as printed belongs to (itself when it is in no group)."""
    text = text.strip()
    if text in _SYNONYM:
        return _SYNONYM[text]
    best = ""
    for name in _SYNONYM:
        if len(name) >= 5 and text.endswith(name) and len(name) > len(best):
            best = name
    if best and not _changes_meaning(text[: -len(best)]):
        return _SYNONYM[best]
    return text


def _changes_meaning(prefix: str) -> bool:
    """Any prefix but words meaning all of it makes a different indicator of a known name
    (工业固定资产投资, 交通运输固定资产投资 are not 固定资产投资; 全部工业增加值 is)."""
    for word in WHOLE_WORDS:
        prefix = prefix.replace(word, "")
    return bool(prefix)


# words before an indicator's name that mean all of it (全部工业增加值, 各级各类学校)
WHOLE_WORDS = ("各级各类", "各类", "各项", "全部", "累计", "年末", "全年", "全", "总")


NARROWING_PREFIXES = (
    "人均",
    "新增",
    "占",
    "规上",
    "规模以上",
    "单位",
    "万元",
    "限额以上",
    "工业",
    "省外",
    "民间",
    "农村",
    "城镇",
    "乡村",
)


def indicator_words(group: str) -> tuple[str, ...]:
    """Every word that names a group: its printed forms and its query words."""
    return (group, *INDICATORS.get(group, ()), *INDICATOR_QUERY_WORDS.get(group, ()))


def query_indicator_groups(text: str) -> list[str]:
    """Groups whose names a query word is, or is contained in (旅游收入 → 旅游综合收入)."""
    text = text.strip()
    if not text:
        return []
    exact = [g for g in INDICATORS if text in indicator_words(g)]
    if exact:
        return exact
    return [g for g in INDICATORS if any(text in w for w in indicator_words(g) if len(text) >= 2)]
