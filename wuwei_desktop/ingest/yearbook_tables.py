"""Tables of the yearbook: a title line, ``　表 N`` (maybe ``单位：…``), header, rows.

A table that runs over a page continues after the break as ``　续表 N`` with its header
repeated; it ends with its source line (``（市统计局）``), or where the text goes on (an
entry ``【…】``, a sentence, the next table, a heading at the top of a page).
"""

from __future__ import annotations

import re

from .model import TableBlock
from .textclean import squeeze_spaces

TABLE_LINE = re.compile(r"^[\s\u3000]*(续)?表\s*(\d+)(.*)$")
# the contributing office: ``（市统计局）``, or in square brackets, where the name holds
# parentheses of its own: ``[ 市发改委、甘肃（武威）国际陆港管委会 ]``
SOURCE_NOTE = re.compile(r"^(?:（[^（）]{3,40}）|[\[［][^\[\]［］]{3,60}[\]］])$")
_NUMBER = re.compile(r"(?:^|\s)[-+]?\d[\d.,]*%?(?=\s|$)")


def norm(text: str) -> str:
    """The yearbook's odd spaces (en and em space) as ordinary ones."""
    return text.replace("\u2002", " ").replace("\u2003", " ")


def table_marker(text: str) -> tuple[bool, int, str] | None:
    """``(is_continuation, number, rest)`` for a ``表 N`` / ``续表 N`` line."""
    match = TABLE_LINE.match(norm(text))
    if not match:
        return None
    rest = match.group(3)
    if rest and not re.match(r"^[\s\ufffd]*(单位：.*)?$", rest):
        return None
    return bool(match.group(1)), int(match.group(2)), rest


def is_data_row(text: str) -> bool:
    """A row with figures: two numbers or more, a leading number, or a dash cell."""
    tokens = norm(text).replace("\u3000", " ").split()
    if not tokens:
        return False
    numbers = len(_NUMBER.findall(" " + " ".join(tokens) + " "))
    return numbers >= 2 or bool(re.match(r"^\d+$", tokens[0])) or "—" in tokens


def scan_table(
    texts: list[str],
    items: list[int],
    k: int,
    page_of: list[int],
    page_start_lines: set[int],
    is_blocking,
) -> tuple[TableBlock, int, list[int]]:
    """Read the table whose title is ``items[k]`` and whose ``表 N`` line is ``items[k+1]``.

    ``texts[j]`` is the raw text of ``items[j]`` (a 0-based source line). Returns the
    table, the position after it in ``items``, and the source lines it used.
    ``is_blocking(j)`` tells whether ``items[j]`` starts something else (entry, caption).
    """
    title_line = items[k]
    marker_line = items[k + 1]
    _, number, rest = table_marker(texts[k + 1])
    unit = None
    if "单位：" in rest:
        unit = squeeze_spaces(rest.split("单位：", 1)[1]) or None
    used = [title_line, marker_line]
    body: list[str] = []
    source_note = None
    j = k + 2
    if j < len(items) and norm(texts[j]).strip().startswith("单位："):
        unit = squeeze_spaces(norm(texts[j]).strip()[3:]) or unit
        used.append(items[j])
        j += 1
    seen_data = False
    while j < len(items):
        index = items[j]
        raw = texts[j]
        text = norm(raw).strip()
        marker = table_marker(raw)
        if marker is not None:
            if marker[0] and marker[1] == number:
                body.append(raw)
                used.append(index)
                seen_data = False
                j += 1
                continue
            break
        if is_blocking(j) or text.startswith("【"):
            break
        if j + 1 < len(items) and starts_table(texts[j + 1]):
            break
        note = SOURCE_NOTE.match(squeeze_spaces(text))
        if seen_data and note:
            source_note = squeeze_spaces(text)
            used.append(index)
            j += 1
            break
        if ("。" in text or "，" in text) and not text.startswith("注"):
            break
        if seen_data and index in page_start_lines and not re.search(r"\d", text):
            break
        body.append(raw)
        used.append(index)
        seen_data = seen_data or is_data_row(text)
        j += 1
    pages = sorted({page_of[i] for i in used})
    table = TableBlock(
        number=number,
        title=squeeze_spaces(norm(texts[k])),
        unit=unit,
        lines=body,
        source_note=source_note,
        pages=pages,
        line=title_line + 1,
    )
    return table, j, used


def starts_table(text: str) -> bool:
    """A ``表 N`` line that starts a table (not a ``续表``)."""
    marker = table_marker(text)
    return marker is not None and not marker[0]
