"""Targets against outcomes: each target of :mod:`wuwei_desktop.facts.targets` with the
archive's actual figure for it, and whether it was met.

Rules:

1. **Outcome.** An actual figure of the archive for the same indicator (its group, or the
   same stem: 城镇新增就业人数 = 城镇新增就业), region, year (the whole year or its end)
   and kind, in a comparable unit, from a document that covers that year and not from a
   plan section; one whose region is certain (a table, or stated). Best first: a table
   cell, a stated period, the yearbook, the newer document.
2. **Met.** The outcome reaches the target in the bound's direction; ``左右`` allows half
   the target's last printed digit (``7%左右`` is met from 6.5%). No outcome: ``met`` is
   None — the archive has none, which is said, not guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from . import normalize as nz
from . import regions
from .names import stem
from .targets import Source, Target, value_phrase

STATUS_MET, STATUS_NOT_MET, STATUS_NONE = "完成", "未完成", "无结果"


@dataclass
class Outcome:
    """The archive's figure for a target's indicator, region and year."""

    value: float
    value_text: str
    unit: str
    source: Source
    others: int = 0  # further sources of an outcome for the same target


@dataclass
class TargetCheck:
    """A target, its outcome (None when the archive has none) and whether it was met."""

    target: Target
    outcome: Outcome | None
    met: bool | None
    status: str = field(init=False)

    def __post_init__(self) -> None:
        self.status = {True: STATUS_MET, False: STATUS_NOT_MET}.get(self.met, STATUS_NONE)

    def as_dict(self) -> dict:
        """The row the CLI prints with ``--json``."""
        t, o = self.target, self.outcome
        return {
            "indicator": t.indicator,
            "indicator_text": t.indicator_text,
            "region": t.region,
            "year": t.year,
            "target": t.value_text,
            "unit": t.unit,
            "target_text": value_phrase(t),
            "kind": t.kind,
            "bound": t.bound,
            "direction": t.direction,
            "outcome": o.value_text if o else None,
            "outcome_unit": o.unit if o else None,
            "met": self.met,
            "status": self.status,
            "target_source": asdict(t.source),
            "outcome_source": asdict(o.source) if o else None,
        }


def check_targets(
    targets: Iterable[Target],
    facts: Iterable,
    *,
    doc_years: dict[str, int],
    plan_nodes: Iterable[str] = (),
    doc_order: dict[str, int] | None = None,
) -> list[TargetCheck]:
    """Each target with its best outcome among ``facts`` and whether it was met.

    ``facts`` are the archive's figures (:class:`~wuwei_desktop.api.FactInfo` or
    :class:`~wuwei_desktop.facts.model.Fact`); ``doc_years`` the last year each document
    covers; ``plan_nodes`` the ids of plan sections (their figures are no outcomes);
    ``doc_order`` ranks documents, newest first, where two sources tie.
    """
    plans = tuple(plan_nodes)
    candidates: dict[tuple, dict[int, object]] = {}
    for fact in facts:
        if not _usable(fact, doc_years, plans):
            continue
        year = str(nz.period_year(fact.period))
        for name in _names(fact.indicator, fact.indicator_text):
            candidates.setdefault((name, fact.region, year, fact.kind), {})[id(fact)] = fact
    order = doc_order or {}
    checks = []
    for target in targets:
        pooled: dict[int, object] = {}
        for name in _names(target.indicator, target.indicator_text):
            pooled |= candidates.get((name, target.region, target.year, target.kind), {})
        found = [f for f in pooled.values() if _comparable_units(target, f)]
        found.sort(
            key=lambda f: (
                f.source_kind != "table",
                f.period_inferred,
                order.get(f.doc, len(order)),
                f.indicator_text != target.indicator_text,
                f.id,
            )
        )
        if not found:
            checks.append(TargetCheck(target, None, None))
            continue
        best = found[0]
        outcome = Outcome(
            value=best.value,
            value_text=best.value_text or f"{best.value:g}",
            unit=best.unit,
            source=Source(best.doc, best.page, best.node_id, best.source_text, best.table_id),
            others=len(found) - 1,
        )
        checks.append(TargetCheck(target, outcome, met(target, best)))
    return checks


def _names(group: str, printed: str) -> set[str]:
    """The names a figure goes by for matching: its group, and the stems of its group and
    of its printed name (城镇新增就业人数 and 城镇新增就业 are one: :func:`names.stem`)."""
    return {group, stem(group), stem(printed)}


def _usable(fact, doc_years: dict[str, int], plans: tuple[str, ...]) -> bool:
    if fact.modality != "actual" or fact.part is not None:
        return False
    if fact.kind not in ("value", "growth", "share"):
        return False
    year = nz.period_year(fact.period)
    if year is None or fact.period not in (str(year), f"{year}年末"):
        return False
    if year > doc_years.get(fact.doc, 0):  # a document cannot report a year it predates
        return False
    if any(fact.node_id == p or fact.node_id.startswith(f"{p}/") for p in plans):
        return False
    if fact.source_kind == "table":
        return True
    if fact.region_inferred and fact.region != regions.CITY:
        return False
    return not fact.period_inferred or doc_years.get(fact.doc) == year


def _comparable_units(target: Target, fact) -> bool:
    if target.kind in ("growth", "share"):
        return fact.unit == target.unit
    if target.base_unit is None or fact.base_unit is None:
        return fact.unit == target.unit
    return fact.base_unit == target.base_unit


def met(target: Target, outcome) -> bool:
    """Whether an outcome reaches a target (see rule 5 of the module)."""
    if target.kind == "value" and target.base_value is not None and outcome.base_value is not None:
        goal, got = target.base_value, outcome.base_value
        scale = goal / target.value if target.value else 1
    else:
        goal, got, scale = target.value, outcome.value, 1
    slack = _half_last_digit(target.value_text) * abs(scale) if target.approximate else 0
    if target.direction == "≤":
        return got <= goal + slack + 1e-9
    return got >= goal - slack - 1e-9


def _half_last_digit(printed: str) -> float:
    """``7`` → 0.5, ``6.5`` → 0.05, ``2.25`` → 0.005."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return 0.5 * 10**-decimals
