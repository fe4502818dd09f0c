"""Disagreements: the same figure printed differently in different places.

Two facts are about the same figure when indicator, region, period and kind agree (and
their base units: 万人 and 人 compare, 万人 and 亿元 do not). They disagree when their
base values differ beyond the rounding of print (:func:`normalize.same_figure`).

Only facts that can be compared take part: actual figures (not targets or estimates),
with a base unit, not an unsplit list position, and whose region is certain (stated in
the sentence, a table cell, or an overview section: 综述, 概况, 市情概览, 特载); and only
for known indicators (:data:`normalize.INDICATORS`) or where a table figure is one of them,
so loosely named text figures (``总投资``) are not set against each other.
"""

from __future__ import annotations

from collections import defaultdict

from . import normalize as nz
from .model import Fact

OVERVIEW_NODES = ("综述", "概况", "市情概览", "特载", "经济社会发展")


def comparable(fact: Fact) -> bool:
    if fact.modality != "actual" or fact.base_value is None or fact.part is not None:
        return False
    if fact.kind not in ("value", "growth", "share"):
        return False
    if fact.source_kind == "table" or not fact.region_inferred:
        return True
    return any(word in fact.node_id for word in OVERVIEW_NODES)


def same_as_printed(a: Fact, b: Fact) -> bool:
    """The same figure up to the rounding of print: within half a unit of the last printed
    digit when both sources print decimals (661.45 and 663.35 differ), else within 0.5 %
    (:func:`normalize.same_figure`: 708亿元 said in a speech is 708.08 in a table)."""
    steps = [_print_step(a), _print_step(b)]
    if None in steps:
        return nz.same_figure(a.base_value, b.base_value)
    return abs(a.base_value - b.base_value) <= max(steps) * (1 + 1e-9)


def _print_step(fact: Fact) -> float | None:
    """Half a unit of the last decimal the source printed, in base units; None for a
    number printed without decimals (its rounding is unknown: 708 may stand for 708.08)."""
    text = fact.value_text or ""
    if "." not in text or not fact.value:
        return None
    decimals = len(text.rsplit(".", 1)[1].rstrip("%"))
    return 0.5 * 10**-decimals * abs(fact.base_value / fact.value)


def mark_disagreements(facts: list[Fact]) -> int:
    """Flag every fact whose figure another source prints differently; list the others.

    Returns the number of disagreeing groups.
    """
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for fact in facts:
        if comparable(fact):
            groups[(*fact.key(), fact.base_unit)].append(fact)
    count = 0
    for key, members in groups.items():
        if len(members) < 2:
            continue
        known = key[0] in nz.INDICATORS or any(f.source_kind == "table" for f in members)
        if not known:
            continue
        if all(same_as_printed(members[0], other) for other in members[1:]):
            continue
        count += 1
        label = f"{key[0]}|{key[1]}|{key[2]}|{key[3]}"
        for fact in members:
            others = [o for o in members if not same_as_printed(o, fact)]
            if not others:
                continue
            fact.disagrees = True
            fact.conflict_group = label
            fact.others = [
                {
                    "value": o.value,
                    "value_text": o.value_text,
                    "unit": o.unit,
                    "doc": o.doc,
                    "node_id": o.node_id,
                    "source_text": o.source_text,
                    "source_kind": o.source_kind,
                }
                for o in others
            ]
    return count
