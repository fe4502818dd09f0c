"""The regions of 武威市: one canonical name per region, and every way it is written.

The canonical ``name`` is what the facts table stores and what lists and charts show:
``全市``, ``凉州区``, ``民勤县``, ``古浪县``, ``天祝县`` (the short form 表12 prints).
``full`` is the official name (``武威市``, ``天祝藏族自治县``) for a title or a source line.
``printed`` are the names documents print for it (full names only: a bare 民勤 or 凉州
in running text is usually part of a proper name, 民勤生态示范区, 凉州文化); ``typed``
adds what a user may type in a question (凉州, 天祝, 武威).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    """One region: canonical name, official name, printed and typed names."""

    name: str
    full: str
    printed: tuple[str, ...]
    typed: tuple[str, ...]


CITY = "全市"
CITY_FULL = "武威市"
# in the order the yearbook's county tables print them
REGIONS: tuple[Region, ...] = (
    Region(CITY, CITY_FULL, ("全市", "武威市", "我市"), ("全市", "武威市", "武威", "市级")),
    Region("凉州区", "凉州区", ("凉州区",), ("凉州区", "凉州")),
    Region("民勤县", "民勤县", ("民勤县",), ("民勤县", "民勤")),
    Region("古浪县", "古浪县", ("古浪县",), ("古浪县", "古浪")),
    Region(
        "天祝县",
        "天祝藏族自治县",
        ("天祝藏族自治县", "天祝县"),
        ("天祝藏族自治县", "天祝自治县", "天祝县", "天祝"),
    ),
)
REGION_NAMES: tuple[str, ...] = tuple(r.name for r in REGIONS)
COUNTIES: tuple[str, ...] = tuple(r.name for r in REGIONS if r.name != CITY)
# words meaning "the whole of the region this text is about" (全区 in a 凉州区 text)
WHOLE_OF_CONTEXT = ("全区", "全县")

_BY_NAME = {r.name: r for r in REGIONS}
_PRINTED = sorted(
    ((word, r.name) for r in REGIONS for word in r.printed), key=lambda pair: -len(pair[0])
)
_TYPED = sorted(
    ((word, r.name) for r in REGIONS for word in {*r.printed, *r.typed}),
    key=lambda pair: -len(pair[0]),
)
_PRINTED_TO_NAME = dict(_PRINTED)
_ANY_TO_NAME = dict(_TYPED)
REGION_PATTERN = re.compile("|".join(re.escape(word) for word, _ in _PRINTED))
TYPED_PATTERN = re.compile("|".join(re.escape(word) for word, _ in _TYPED))


def region_of(name: str) -> str | None:
    """The canonical region a printed name stands for (``天祝藏族自治县`` → ``天祝县``)."""
    return _PRINTED_TO_NAME.get("".join(name.split()))


def canonical(name: str) -> str | None:
    """The canonical region of any printed or typed name (``天祝`` / ``武威市`` → ``天祝县`` /
    ``全市``), else None."""
    return _ANY_TO_NAME.get("".join(name.split()))


def full_name(name: str) -> str:
    """The official name of a region (``天祝县`` → ``天祝藏族自治县``, ``全市`` → ``武威市``);
    a name that is no region comes back as it is."""
    region = _BY_NAME.get(canonical(name) or "")
    return region.full if region else name


def region_in(text: str) -> str | None:
    """The first region a text prints (a node title, a document title), else None."""
    match = REGION_PATTERN.search(text)
    return _PRINTED_TO_NAME[match.group()] if match else None


def query_regions(text: str) -> list[tuple[str, str]]:
    """(word, region) for each region a user's text names, in the order written
    (the longest word at each place: 天祝藏族自治县 before 天祝)."""
    found: list[tuple[str, str]] = []
    for match in TYPED_PATTERN.finditer(text):
        region = _ANY_TO_NAME[match.group()]
        if all(region != r for _, r in found):
            found.append((match.group(), region))
    return found


def region_short_name(name: str) -> str:
    """The shortest name a user types for a region (凉州 for 凉州区, 天祝 for 天祝县)."""
    region = _BY_NAME.get(name)
    return min(region.typed, key=len) if region else name


def region_order(name: str) -> tuple[int, str]:
    """A sort key: 全市 first, then the counties in the book's order, then others."""
    if name in _BY_NAME:
        return (REGION_NAMES.index(name), "")
    return (len(REGION_NAMES), name)
