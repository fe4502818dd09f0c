"""Page furniture of the yearbook and its printed page numbering.

The text was extracted from a two-column PDF; a new page shows in it as

- a *page-start marker*: a line that begins with a single space and directly follows a
  non-empty line (the text of the page's first line follows the space); or
- the page's *side decoration*: ``武威`` ``年鉴`` ``W`` ``U`` … ``K`` ``2 0 2 4`` one per line,
  followed by the *running head* with the printed number (``7特　载``).

Markers that are blank (a single space) or preceded by an empty line are layout
artefacts around centred headings, not page starts. A few page-start lines are running
heads themselves (`` 352 附　录``). Pages are counted from 1 in book order; every printed
number the book shows (running heads) re-anchors the count, so one missed or doubled
marker cannot shift the numbering of the rest of the book; the anchors record where the
count disagreed, and the build refuses such a book (:mod:`.yearbook_checks`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .textclean import strip_all_space

_DECO_FIRST = ("武威", "年鉴")
_DECO_LETTER = re.compile(r"^[A-Z]$")
_DECO_YEAR = re.compile(r"^\d( \d){3}$")
_RUNNING_HEAD = re.compile(r"^\s?(\d{1,3})\s*(\S.*?)\s*$")


@dataclass
class PageMap:
    """Where the pages start, their printed numbers, and which lines are furniture."""

    page_of: list[int]  # printed page of every line (0-based line index)
    starts: list[int]  # line index where each page starts, in order
    numbers: list[int]  # printed number of each page
    furniture: set[int] = field(default_factory=set)
    page_start_lines: set[int] = field(default_factory=set)  # marker lines with content
    anchors: list[tuple[int, int, int]] = field(default_factory=list)  # (line, shown, counted)
    running_heads: dict[int, str] = field(default_factory=dict)  # line -> category name

    @property
    def page_count(self) -> int:
        return len(set(self.numbers))


def is_marker(lines: list[str], i: int) -> bool:
    """A page-start marker: a non-blank line starting with one space after a non-empty line."""
    line = lines[i]
    return line.startswith(" ") and bool(line.strip()) and (i == 0 or lines[i - 1] != "")


def is_blank_marker(lines: list[str], i: int) -> bool:
    """A line of spaces only: an artefact of the extraction, never text."""
    return lines[i] != "" and not lines[i].strip()


def decoration_end(lines: list[str], i: int) -> int | None:
    """If a side decoration starts at line ``i``, the index of its last line (``2 0 2 4``)."""
    if lines[i].strip() != _DECO_FIRST[0]:
        return None
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j >= len(lines) or lines[j].strip() != _DECO_FIRST[1]:
        return None
    for k in range(j + 1, min(len(lines), j + 40)):
        text = lines[k].strip()
        if not text or _DECO_LETTER.match(text):
            continue
        return k if _DECO_YEAR.match(text) else None
    return None


def running_head(text: str, category_names: set[str]) -> tuple[int | None, str] | None:
    """``(printed number, category)`` if ``text`` is a running head such as ``49大事记``."""
    match = _RUNNING_HEAD.match(text)
    if match:
        name = strip_all_space(match.group(2))
        if name in category_names:
            return int(match.group(1)), name
    name = strip_all_space(text)
    if name in category_names:
        return None, name
    return None


def decoration_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """``(first, last)`` line of every side decoration."""
    blocks = []
    i = 0
    while i < len(lines):
        end = decoration_end(lines, i)
        if end is not None:
            blocks.append((i, end))
            i = end + 1
        else:
            i += 1
    return blocks


def build_page_map(lines: list[str], category_names: set[str]) -> PageMap:
    """Locate every page, its printed number and the furniture lines."""
    furniture: set[int] = set()
    starts: dict[int, int | None] = {}  # line -> printed number shown there (if any)
    running_heads: dict[int, str] = {}
    for first, last in decoration_blocks(lines):
        furniture.update(range(first, last + 1))
        starts[first] = None
        k = last + 1
        while k < len(lines) and not lines[k].strip():
            k += 1
        if k < len(lines):
            head = running_head(lines[k], category_names)
            if head is not None:
                furniture.add(k)
                starts[first] = head[0]
                running_heads[k] = head[1]
    page_start_lines = set()
    for i in range(len(lines)):
        if is_blank_marker(lines, i):
            furniture.add(i)
        elif is_marker(lines, i) and i not in furniture:
            starts[i] = None
            head = running_head(lines[i], category_names)
            if head is not None and head[0] is not None:
                furniture.add(i)
                starts[i] = head[0]
                running_heads[i] = head[1]
            else:
                page_start_lines.add(i)
    if 0 not in starts:
        starts[0] = None
    order = sorted(starts)
    numbers = []
    anchors = []
    count = 0
    for line in order:
        count += 1
        shown = starts[line]
        if shown is not None:
            anchors.append((line, shown, count))
            count = shown
        numbers.append(count)
    page_of = [0] * len(lines)
    for k, line in enumerate(order):
        end = order[k + 1] if k + 1 < len(order) else len(lines)
        for i in range(line, end):
            page_of[i] = numbers[k]
    return PageMap(
        page_of=page_of,
        starts=order,
        numbers=numbers,
        furniture=furniture,
        page_start_lines=page_start_lines,
        anchors=anchors,
        running_heads=running_heads,
    )


def first_start_of_page(pages: PageMap, number: int) -> int | None:
    """The line where printed page ``number`` starts."""
    for line, shown in zip(pages.starts, pages.numbers, strict=True):
        if shown == number:
            return line
    return None
