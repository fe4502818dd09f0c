"""Indicator names made comparable, and how alike two of them are.

:func:`stem` turns a printed name or a user's words into one spelling: punctuation and
的 removed, abbreviations written out (规上 → 规模以上, GDP → 生产总值, 占比 → 比重, the
printed forms of :data:`normalize.INDICATORS` → their group), and a measure-word suffix
dropped (数, 人数, 面积, 总量 …: 人工造林面积 and 人工造林 are one indicator).
:func:`similarity` then compares two stems by containment and by shared characters and
character pairs, so that another word order or one wrong character still matches.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import normalize as nz

# abbreviations and synonyms as people write them → the spelling the stems use
ABBREVIATIONS: dict[str, str] = {
    "规上": "规模以上",
    "限上": "限额以上",
    "粮播": "粮食播种",
    "GDP": "生产总值",
    "地区生产总值": "生产总值",
    "国内生产总值": "生产总值",
    "经济总量": "生产总值",
    "一产": "第一产业",
    "二产": "第二产业",
    "三产": "第三产业",
    "社零": "社会消费品零售",
    "社消零": "社会消费品零售",
    "固投": "固定资产投资",
    "占比": "比重",
    "比例": "比重",
    "农民": "农村居民",
    "城市居民": "城镇居民",
    "财政收入": "一般公共预算收入",
    "财政支出": "一般公共预算支出",
    "招商": "招商引资",
    # everyday words for the people a figure is about
    "老百姓": "居民",
    "群众": "居民",
    "城里人": "城镇居民",
    "城里": "城镇",
    "乡下人": "农村居民",
    "乡下": "农村",
    "农村人": "农村居民",
    "人均收入": "人均可支配收入",
    # the names a village or a neighbourhood goes by, and its committee's name in tables
    "行政村": "村民委员会",
    "村委会": "村民委员会",
    "社区": "居民委员会",
    "居委会": "居民委员会",
    "及以上": "以上",
}
# a measure word or a generic noun at the end of a name, which adds nothing to it
SUFFIXES = (
    "总数",
    "数量",
    "人数",
    "个数",
    "户数",
    "总量",
    "总额",
    "面积",
    "规模",
    "数",
)
_SUFFIX = re.compile(f"(?:{'|'.join(SUFFIXES)})$")
# what a narrowing word before the query's words leaves of the fit
NARROWED = 0.7
# what another word before the query's words leaves of the fit: it names a kind of the
# query's thing (特教学校 is a kind of 学校, 中医类医疗机构床位 of 医疗机构床位), unless it
# is a word that means all of it
KIND_OF = 0.85
# a rate or a share of a thing is another indicator than the thing (65岁以上老年人
# 健康管理率 is not 65岁以上老年人)
RATE_ENDINGS = ("率", "比重", "比例", "指数")
# 总用水量 is 用水总量: a leading 总 of a name ending in 量 moves to the end
_LEADING_TOTAL = re.compile(r"^总(.{2,})量$")
_PUNCT = re.compile(r"[\s·•…:：、，,。；;（）()“”\"'‘’《》<>\[\]【】\-—_/]|的")


def _alternation(pairs: dict[str, str]) -> tuple[re.Pattern, dict[str, str]]:
    """A pattern for the words to replace; a written-out form already in the text matches
    as itself, so its parts are not replaced again (第一产业 holds 一产)."""
    pairs = {**{v: v for v in pairs.values()}, **pairs}
    words = sorted(pairs, key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in words)), pairs


def _write_out(text: str) -> str:
    return _ABBREVIATED.sub(lambda m: _ABBREVIATIONS[m.group()], text)


_ABBREVIATED, _ABBREVIATIONS = _alternation({k.lower(): v for k, v in ABBREVIATIONS.items()})
# the printed forms of the indicator groups → the group (abbreviations written out on both
# sides; long enough forms only, to be unambiguous inside a longer name)
_GROUPED, _GROUPS = _alternation(
    {
        _write_out(name.lower()): _write_out(group.lower())
        for group, names in nz.INDICATORS.items()
        for name in names
        if len(name) >= 4 and _write_out(name.lower()) != _write_out(group.lower())
    }
)


# a user's short word for a whole group (人口 → 常住人口, 游客 → 游客接待人次)
_QUERY_WORDS = {
    word.lower(): group for group, words in nz.INDICATOR_QUERY_WORDS.items() for word in words
}


@lru_cache(maxsize=65536)
def stem(text: str) -> str:
    """The comparable spelling of an indicator name or a question's topic."""
    text = _write_out(_PUNCT.sub("", text.lower()))
    text = _GROUPED.sub(lambda m: _GROUPS[m.group()], text)
    text = _LEADING_TOTAL.sub(r"\1总量", text)
    suffix = _SUFFIX.search(text)
    if suffix and suffix.start() >= 2:
        text = text[: suffix.start()]
    return text


def topic_stem(topic: str) -> str:
    """A question topic's stem; a user's short word for a group stands for the group."""
    key = _PUNCT.sub("", topic.lower())
    return stem(_QUERY_WORDS.get(key, topic))


def bigrams(text: str) -> set[str]:
    """The overlapping character pairs of a text (the text itself when shorter)."""
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def similarity(query: str, name: str) -> float:
    """How well a name fits a query (both stems), 0…1.

    Equal 1; the query inside the name 0.8–1 (粮食 in 粮食总产量; × 0.7 after a word
    that narrows it, 人均 生产总值, :data:`normalize.NARROWING_PREFIXES`, or before words
    that make a rate of it, 老年人…健康管理率; × 0.85 after any other word but one meaning
    all of it, 特教 学校); the name inside the query 0.5–0.9 (× 0.7 when the query's own
    narrowing word or rate is left over, 人均 GDP); the query's characters in order
    within a short stretch of the name 0.6–0.9; otherwise half the Dice coefficient of
    the character pairs and half the F-measure of the characters (other word orders,
    one wrong character).
    """
    if not query or not name:
        return 0.0
    if query == name:
        return 1.0
    if query in name:
        fit = 0.8 + 0.2 * len(query) / len(name)
        # 人均生产总值, 新增就业 …: a word before it makes another indicator of the query
        at = name.index(query)
        if _narrows(name[:at]) or _rates(name[at + len(query) :], query):
            return fit * NARROWED
        return fit * KIND_OF if _kind_of(name[:at]) else fit
    if len(name) >= 2 and name in query:
        fit = 0.5 + 0.4 * len(name) / len(query)
        # the query's own narrowing word (人均 GDP) asks for another indicator than the name
        at = query.index(name)
        if _narrows(query[:at]) or _rates(query[at + len(name) :], name):
            return fit * NARROWED
        return fit
    window = _window(query, name)
    if len(query) >= 3 and window and window <= 2 * len(query):
        # the words in order with others between (粮食…播种 in 指导完成粮食作物播种)
        return 0.6 + 0.3 * len(query) / len(name)
    q_pairs, n_pairs = bigrams(query), bigrams(name)
    dice = 2 * len(q_pairs & n_pairs) / (len(q_pairs) + len(n_pairs))
    q_chars, n_chars = set(query), set(name)
    shared = len(q_chars & n_chars)
    if not shared:
        return 0.0
    recall, precision = shared / len(q_chars), shared / len(n_chars)
    chars = 2 * recall * precision / (recall + precision)
    return 0.5 * dice + 0.5 * chars


def _narrows(words: str) -> bool:
    """Words before a name that make another indicator of it (人均, 新增, 规模以上 …)."""
    return any(w in words for w in nz.NARROWING_PREFIXES)


def _kind_of(words: str) -> bool:
    """Words before a name that make a kind of it: two characters or more but words
    meaning all of it (a single 原 or 新 is part of the name more often than a kind)."""
    for word in nz.WHOLE_WORDS:
        words = words.replace(word, "")
    return len(words) >= 2


def _rates(words: str, thing: str) -> bool:
    """Words after a thing that make a measure of it a rate or a share (…健康管理率),
    where the thing is not itself a rate; a bare ending completes the name instead
    (城镇化 → 城镇化率)."""
    ending = next((e for e in RATE_ENDINGS if words.endswith(e)), None)
    return ending is not None and len(words) > len(ending) and not thing.endswith(RATE_ENDINGS)


def _window(query: str, name: str) -> int | None:
    """The length of the shortest stretch of ``name`` that holds ``query``'s characters
    in order, or None."""
    best = None
    for start, char in enumerate(name):
        if char != query[0]:
            continue
        k, end = 1, start + 1
        while k < len(query) and end < len(name):
            if name[end] == query[k]:
                k += 1
            end += 1
        if k == len(query) and (best is None or end - start < best):
            best = end - start
    return best
