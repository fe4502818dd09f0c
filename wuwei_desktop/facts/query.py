"""Rank facts for a user's words (``常住人口``, ``民勤 粮食``, ``旅游收入``, ``GDP 2020``).

A query is read into three parts: region words (``民勤`` → 民勤县), years (``2023``) and
the rest, the indicator words. Score, highest first:

- indicator: the words name the fact's group (a printed form or a query word of
  :data:`normalize.INDICATORS`) 100; the printed indicator contains them 60; the sentence
  or cell label contains them 15; no match in either drops the fact.
- region: the asked region 50, another region -60; with no region asked, 全市 +15.
- period: the asked year 50, another year -40; with none asked, later years first
  (+ up to 10) and a stated period before an inferred one (+8).
- source: a yearbook statistics table +20 (附录, and any table +12), an entry titled
  with the words +10, an amount before its growth rate (+10 for ``value``), and
  estimates -15, targets -45, an unsplit list position -5.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from . import normalize as nz

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)(?:年)?")
_GROWTH_WORDS = ("增长", "增速", "增幅")


def parse_query(text: str) -> tuple[list[str], list[str], list[str]]:
    """(regions, years, indicator words) of a query."""
    text = " ".join((text or "").split())
    regions = []
    for word, region in nz.query_regions(text):
        regions.append(region)
        text = text.replace(word, " ")
    years = _YEAR.findall(text)
    text = _YEAR.sub(" ", text)
    words = [w for w in re.split(r"[\s,，、;；]+", text) if w]
    return regions, years, words


def _get(fact: Any, name: str):
    return fact[name] if isinstance(fact, dict) else getattr(fact, name)


def score(fact: Any, regions: list[str], years: list[str], words: list[str]) -> float | None:
    """The fact's score for a parsed query, or None when it does not match."""
    total = 0.0
    indicator = _get(fact, "indicator")
    printed = _get(fact, "indicator_text")
    source = _get(fact, "source_text")
    node_id = _get(fact, "node_id")
    kind = _get(fact, "kind")
    for word in words:
        groups = nz.query_indicator_groups(word)
        if indicator in groups and word in nz.indicator_words(indicator):
            total += 100
        elif indicator in groups or word in printed:
            total += 60 if word in printed or word in indicator else 50
        elif word in source:
            total += 15
        elif word in _GROWTH_WORDS and kind == "growth":
            total += 30
        else:
            return None
        if word in node_id.rsplit("/", 1)[-1]:
            total += 10
    region = _get(fact, "region")
    if regions:
        total += 50 if region in regions else -60
    elif region == nz.CITY:
        total += 15
    period = _get(fact, "period")
    if years:
        total += 50 if any(period.startswith(y) or y in period for y in years) else -40
    else:
        year = nz.period_year(period) or 0
        total += max(0, min(10, year - 2013))
    if not _get(fact, "period_inferred"):
        total += 8
    if _get(fact, "source_kind") == "table":
        total += 20 if "/附录/" in node_id else 12
    if kind == "value" and not any(w in _GROWTH_WORDS for w in words):
        total += 10
    modality = _get(fact, "modality")
    total += {"estimate": -15, "target": -45}.get(modality, 0)
    if _get(fact, "part") is not None:
        total -= 5
    if _get(fact, "region_inferred") and _get(fact, "source_kind") == "text":
        total -= 3
    return total


def rank(facts: Iterable[Any], query: str | None) -> list[Any]:
    """The facts matching a query, best first (all of them, in order, without a query)."""
    facts = list(facts)
    if not query or not query.strip():
        return facts
    regions, years, words = parse_query(query)
    scored = []
    for order, fact in enumerate(facts):
        s = score(fact, regions, years, words)
        if s is not None:
            scored.append((-s, order, fact))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [fact for _, _, fact in scored]
