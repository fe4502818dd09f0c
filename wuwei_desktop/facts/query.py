"""Rank figures for a question (``2023年凉州区粮食产量是多少？``, ``民勤 粮食``, ``GDP``).

:class:`FactIndex` holds every figure once, indexed by the stems of its indicator names
(the name it is filed under, the name as printed, and the printed forms of its group
in :data:`normalize.INDICATORS`; a user's short words for a group, 人口 for 常住人口,
count only as the whole topic: :func:`names.topic_stem`), with a posting list from each
character to the stems that hold it. A question (:func:`question.parse_question`) is
answered from the stems that share enough characters with its topic, never by scoring
every figure; a question without indicator words (凉州区, 2023年) from the figures of the
main indicators (:data:`normalize.INDICATORS`).

Score of a figure, the best over the question's readings (highest first):

- indicator: 100 × :func:`names.similarity` of the topic and the best of its names;
  below :data:`MIN_SIMILARITY` it is no answer;
- region: the asked region +40, another -50; the counties compared (各县区, 哪个县) a
  county +40, 全市 -20; none asked, 全市 +12;
- period: +40 × how well it fits (1 the same period, 0.9 the year of a year-end figure,
  down to -1 another year); none asked, later years first (up to +8);
- what is asked: the figure's kind (a level, a growth rate, a share) +10 … +30 when it is
  what is asked, -12 … -25 when it is not;
- source: a statistical table +16 (another table +12), a stated period +6, a newer
  document +1 a year after the oldest (at most +4), estimates -15 (+10 when an
  estimate is asked), targets -45 (+20 when a target is asked), an unsplit list
  position -5, a region not stated -3 (-15 in an entry about one organisation, a
  company or an industrial park: :data:`ORGANISATION_ENDINGS`);
- unit: when the question says one (多少所, 多少人, 多少钱) or its words end in a rate
  (录取率), a figure measured in it +5, in another -20 (:func:`unit_family`).

A topic no name fits is read by its head, the longest end of it that is a name
(打粮食 → 粮食), at :data:`HEAD_WEIGHT`.

Ties go to the newer document, then to a table cell, then to book order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import normalize as nz
from .names import RATE_ENDINGS, similarity, stem, topic_stem
from .question import PeriodAsk, Question, parse_question
from .regions import CITY, COUNTIES

MIN_SIMILARITY = 0.5
# a topic no name fits is read by its head, the longest end of it that names an
# indicator (打粮食 → 粮食: a Chinese noun phrase ends in its noun), and what the head
# finds counts this much
HEAD_WEIGHT = 0.85
# the share of a topic's characters a name must hold to be scored at all
_MIN_SHARED = 0.4
_STATISTICS_TABLE = "/附录/"
NEWER_MAX = 4


@dataclass(frozen=True)
class DocRef:
    """What ranking needs to know of a document: its title and its date's year."""

    title: str
    year: int | None


# each indicator as filed and as printed, with the ids of its facts (the index is built
# from these ~5,000 rows; whole facts are read only for the candidates of a question)
NAMES_SQL = (
    "SELECT indicator, indicator_text, group_concat(id) FROM facts"
    " GROUP BY indicator, indicator_text"
)
Loader = Callable[[list[int]], dict[int, Any]]


def _group_forms(indicator: str) -> list[str]:
    """The printed forms of an indicator's group long enough to name it inside a longer
    question (粮食 alone is read as the group by :func:`names.topic_stem`, but inside
    粮食播种面积 it is not 粮食总产量)."""
    return [form for form in nz.INDICATORS.get(indicator, ()) if len(form) >= 3]


class FactIndex:
    """Figures indexed by the stems of their names (see the module docstring).

    ``names`` holds (indicator, printed name, fact ids) rows; ``load`` reads facts by id
    (anything with the attributes of :class:`~wuwei_desktop.api.FactInfo`).
    """

    def __init__(
        self,
        names: Iterable[tuple[str, str, Sequence[int]]],
        load: Loader,
        docs: dict[str, DocRef] | None = None,
    ) -> None:
        self.load = load
        self.docs = docs or {}
        self._oldest = min((d.year for d in self.docs.values() if d.year), default=None)
        members: dict[str, set[int]] = {}
        every: list[int] = []
        main: list[int] = []
        for indicator, printed, ids in names:
            every.extend(ids)
            if indicator in nz.INDICATORS:
                main.extend(ids)
            for name in {indicator, printed, *_group_forms(indicator)}:
                key = stem(name)
                if key:
                    members.setdefault(key, set()).update(ids)
        self.ids = sorted(every)
        self._stem_set = set(members)
        self.main_ids = sorted(set(main))  # the main indicators' figures (GDP, 人口 …)
        self.stems = list(members)
        self.members = [members[s] for s in self.stems]
        self._distinct = [len(set(s)) for s in self.stems]
        self._postings: dict[str, list[int]] = {}
        for sid, key in enumerate(self.stems):
            for char in set(key):
                self._postings.setdefault(char, []).append(sid)

    def similar(self, topic: str) -> dict[int, float]:
        """Figure → the similarity of its best name to a topic stem (only ≥ the minimum)."""
        if not topic:
            return {}
        chars = set(topic)
        need = max(1, math.ceil(_MIN_SHARED * len(chars)))
        counts: Counter[int] = Counter()
        for char in chars:
            counts.update(self._postings.get(char, ()))
        best: dict[int, float] = {}
        for sid, shared in counts.items():
            if shared < need and shared < self._distinct[sid]:
                continue
            value = similarity(topic, self.stems[sid])
            if value < MIN_SIMILARITY:
                continue
            for i in self.members[sid]:
                if value > best.get(i, 0.0):
                    best[i] = value
        return best

    def head(self, topic: str) -> str:
        """The longest end of a topic (two characters or more, shorter than the topic) that
        is an indicator's name or a user's word for one, else ''."""
        for start in range(1, len(topic) - 1):
            if topic_stem(topic[start:]) in self._stem_set:
                return topic[start:]
        return ""

    def rank(self, question: Question | str) -> list[tuple[float, Any]]:
        """(score, figure) for every figure that answers a question, best first."""
        if isinstance(question, str):
            question = parse_question(question)
        fits: dict[int, list[tuple[float, str | None]]] = {}
        for reading in question.readings:
            if not reading.topic:
                # only a region or a year (凉州区, 2023年): its main figures
                if question.regions or question.period:
                    for i in self.main_ids:
                        fits.setdefault(i, []).append((1.0, reading.asks))
                continue
            found = self.similar(topic_stem(reading.topic))
            head = "" if found else self.head(reading.topic)
            if head:
                found = {i: v * HEAD_WEIGHT for i, v in self.similar(topic_stem(head)).items()}
            for i, value in found.items():
                fits.setdefault(i, []).append((value * reading.weight, reading.asks))
        facts = self.load(list(fits))
        scored = []
        for i, readings in fits.items():
            fact = facts[i]
            base = _context_score(fact, question, self.docs, self._oldest)
            total = max(100 * value + _kind_score(fact, asks) for value, asks in readings)
            scored.append((total + base, self._tie(fact), i))
        scored.sort(key=lambda item: (-item[0], item[1], item[2]))
        return [(score, facts[i]) for score, _tie, i in scored]

    def _tie(self, fact: Any) -> tuple:
        doc = self.docs.get(fact.doc)
        year = doc.year if doc and doc.year else 0
        return (-year, fact.source_kind != "table")


def _kind_score(fact: Any, asks: str | None) -> float:
    kind = fact.kind
    return _KIND_FIT.get(asks, _KIND_FIT[None]).get(kind, 0.0)


_KIND_FIT: dict[str | None, dict[str, float]] = {
    "growth": {"growth": 30, "change": 10, "value": -25, "share": -15},
    "change": {"change": 30, "growth": 20, "value": -25, "share": -15},
    "share": {"share": 30, "value": -10, "growth": -25, "change": -20},
    "value": {"value": 12, "share": 6, "growth": -25, "change": -20},
    None: {"value": 10, "share": 4, "growth": -12, "change": -12},
}


def _context_score(
    fact: Any, question: Question, docs: dict[str, DocRef], oldest: int | None
) -> float:
    total = 0.0
    region = fact.region
    if question.regions:
        total += 40 if region in question.regions else -50
    elif question.counties:
        total += 40 if region in COUNTIES else -20
    elif region == CITY:
        total += 12
    period = fact.period
    doc = docs.get(fact.doc)
    doc_year = doc.year if doc else None
    if doc_year and oldest:  # the newer document first: +1 a year, at most +4
        total += max(0, min(NEWER_MAX, doc_year - oldest))
    if question.period is not None:
        total += 40 * period_fit(question.period, period, doc_year)
    else:
        year = nz.period_year(period) or 0
        total += max(0, min(8, year - 2015))
    if not fact.period_inferred:
        total += 6
    if fact.source_kind == "table":
        total += 16 if _STATISTICS_TABLE in fact.node_id else 12
    modality = fact.modality
    if modality == "target":
        total += 20 if question.wants_target else -45
    elif modality == "estimate":
        total += 10 if question.wants_estimate else -15
    elif question.wants_target:
        total -= 20
    asked_unit = _asked_family(question)
    if asked_unit:
        total += UNIT_FIT if unit_family(fact.unit) == asked_unit else UNIT_MISFIT
    if fact.part is not None:
        total -= 5
    if fact.region_inferred and fact.source_kind == "text":
        total -= 3
        if about_organisation(fact):
            total += ORGANISATION
    return total


def about_organisation(fact: Any) -> bool:
    """A sentence's figure with no region of its own, in an entry about one organisation
    (:data:`ORGANISATION_ENDINGS`): the organisation's figure, not its region's."""
    return (
        fact.source_kind == "text"
        and fact.region_inferred
        and fact.node_id.endswith(ORGANISATION_ENDINGS)
    )


# an entry about one organisation (a company, a bank's branch, a school, an industrial
# park) speaks of it, not of the region its figures default to
ORGANISATION_ENDINGS = (
    "公司",
    "集团",
    "银行",
    "分行",
    "支行",
    "医院",
    "学院",
    "学校",
    "中学",
    "小学",
    "园区",
    "工业园",
    "集中区",
    "开发区",
    "合作社",
    "林场",
    "农场",
)
ORGANISATION = -12
UNIT_FIT = 5
UNIT_MISFIT = -20
# people counted as heads or as visits answer one 多少人
_PEOPLE = ("人", "人次")
_RATES = ("%", "‰")


def unit_family(unit: str) -> str:
    """What a unit measures, for comparing a question's 多少所 / 多少人 / 多少钱 with a
    figure's unit: every counted thing (个, 所, 家 …) is ``count``, 人 / 人次 / 名
    ``people``, % and ‰ ``rate``, any other unit its base unit (万亩 → 亩, 公里 → 千米)."""
    _value, base = nz.to_base(1.0, unit)
    base = base or unit
    if base in nz.COUNT_UNITS:
        return "count"
    if base in _RATES:
        return "rate"
    return "people" if base in _PEOPLE else base


def _asked_family(question: Question) -> str | None:
    """The unit family a question asks for: the unit it names, or a rate when its
    indicator words end in one (录取率, 城镇化率), else None."""
    if question.unit:
        return unit_family(question.unit)
    if question.asks in (None, "value") and question.topic.endswith(RATE_ENDINGS):
        return "rate"
    return None


_LABEL = re.compile(r"^(\d{4})(?:\s*[-—–]\s*(\d{4}))?年?(.*)$")


@lru_cache(maxsize=4096)
def period_parts(label: str) -> tuple[int | None, int | None, str | None]:
    """``2023`` → (2023, 2023, None); ``2023年末`` → (…, ``年末``); ``2023年1-7月`` →
    (…, ``1-7月``); ``2016-2020`` → (2016, 2020, None)."""
    match = _LABEL.match(label.strip())
    if not match:
        return None, None, None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    part = match.group(3).strip() or None
    if part in ("末", "底", "年底"):
        part = "年末"
    return first, last, part


def period_fit(ask: PeriodAsk, label: str, doc_year: int | None) -> float:
    """How well a figure's period answers the asked one: 1 the same … -1 another."""
    first, last, part = period_parts(label)
    years = ask.years(doc_year)
    if years is None:
        if ask.relative is not None:
            return -0.5  # a relative period and a document of unknown date
        return _part_fit(ask.part, part, -0.5)
    if first is None or last is None:
        return -1.0
    a, b = years
    if (
        ask.relative is not None
        and a != b
        and abs(last - b) <= 1
        and abs((last - first) - (b - a)) <= 1
    ):
        return 1.0  # 过去五年: the documents count five years one way or the other
    if (first, last) == (a, b):
        return _part_fit(ask.part, part, 0.2)
    overlap = min(b, last) - max(a, first) + 1
    if overlap <= 0:
        return -1.0
    union = max(b, last) - min(a, first) + 1
    return 2 * overlap / union - 1


def _part_fit(asked: str | None, part: str | None, otherwise: float) -> float:
    """The same part of a year 1; the year asked, a year-end figure 0.9 or a part 0.3;
    年末 asked, the year's figure 0.85 (the yearbook's stock figures are the year's)."""
    if part == asked:
        return 1.0
    if asked is None:
        return 0.9 if part == "年末" else 0.3
    if asked == "年末" and part is None:
        return 0.85
    return otherwise
