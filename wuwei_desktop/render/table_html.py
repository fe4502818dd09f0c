"""A :class:`~wuwei_desktop.ingest.tables.ParsedTable` as a real HTML table, set the way
the book prints it: number and title, unit, the header levels as ``<thead>`` rows with
spanning labels (Qt repeats ``<thead>`` rows on every page when a table is paginated),
the row labels indented by their printed level (``其中：`` for of-which rows), the values
as printed and right-aligned, then the source note and the notes.
"""

from __future__ import annotations

from ..ingest.tables import ParsedTable, TableRow
from . import strings as S
from .text import esc

INDENT_PX = {False: 15, True: 12}  # one printed indent step (an ideographic space): ~1 em
OF_WHICH = "其中："


def table_html(table: ParsedTable, *, for_print: bool = False, anchor: str = "") -> str:
    """HTML for a table: caption paragraphs, the ``<table>``, source note and notes.

    In print the table fills the text width; ``anchor`` (trusted markup, e.g.
    ``<a name="m3"></a>``) is put at the start of the caption."""
    parts = [f'<h4 class="tabletitle" align="center">{anchor}{esc(caption(table))}</h4>']
    if table.unit:
        parts.append(
            f'<p class="tableunit" align="right">{esc(S.TABLE_UNIT.format(unit=table.unit))}</p>'
        )
    width = ' width="100%"' if for_print else ""
    parts.append(
        f'<table class="data" border="1" cellspacing="0" cellpadding="{4 if for_print else 5}"'
        f'{width} align="center" style="border-collapse: collapse; border-color: #8c8c8c;">'
    )
    parts.append(_head(table))
    parts.append("<tbody>")
    parts.extend(_row(table, row, INDENT_PX[for_print]) for row in table.rows)
    parts.append("</tbody></table>")
    if table.source_note:
        parts.append(f'<p class="source" align="right">{esc(table.source_note)}</p>')
    parts.extend(f'<p class="note">{esc(note)}</p>' for note in table.notes)
    return "".join(parts)


def caption(table: ParsedTable) -> str:
    """``表11　2023年武威市地区生产总值一览表``"""
    return f"表{table.number}　{table.title}"


def _head(table: ParsedTable) -> str:
    levels = table.header or [[]]
    depth = len(levels)
    rows: list[list[str]] = [[] for _ in range(depth)]
    if table.kind != "list":
        rows[0].append(_cell("th", table.stub or "", rowspan=depth))
    width = len(levels[-1])
    for i, level in enumerate(levels):
        j = 0
        while j < width:
            label = level[j]
            if i > 0 and _covered_from_above(levels, i, j):
                j += 1
                continue
            span = 1
            while (
                j + span < width
                and level[j + span] == label
                and _same_parents(levels, i, j, j + span)
            ):
                span += 1
            down = 1
            while i + down < depth and levels[i + down][j] in ("", label):
                down += 1
            rows[i].append(_cell("th", label, colspan=span, rowspan=down))
            j += span
    return "<thead>" + "".join(f"<tr>{''.join(cells)}</tr>" for cells in rows) + "</thead>"


def _covered_from_above(levels: list[list[str]], i: int, j: int) -> bool:
    """Column ``j`` at level ``i`` belongs to a label above that spans down into it."""
    above = levels[i - 1][j]
    return levels[i][j] in ("", above) and (i == 1 or not _covered_from_above(levels, i - 1, j))


def _same_parents(levels: list[list[str]], i: int, a: int, b: int) -> bool:
    return all(levels[k][a] == levels[k][b] for k in range(i))


def _cell(tag: str, text: str, colspan: int = 1, rowspan: int = 1, attrs: str = "") -> str:
    spans = (f' colspan="{colspan}"' if colspan > 1 else "") + (
        f' rowspan="{rowspan}"' if rowspan > 1 else ""
    )
    return f"<{tag}{spans}{attrs}>{esc(text)}</{tag}>"


def _row(table: ParsedTable, row: TableRow, indent_px: int) -> str:
    if table.kind == "list":
        cells = [
            _cell("td", text, attrs=' align="center"' if j == 0 else "")
            for j, text in enumerate(row.texts)
        ]
        return f"<tr>{''.join(cells)}</tr>"
    label = (OF_WHICH if row.of_which else "") + row.label
    indent = f' style="padding-left: {4 + row.indent * indent_px}px;"' if row.indent else ""
    cells = [_cell("td", label, attrs=indent)]
    for j, text in enumerate(row.texts):
        value = row.cells[j] if j < len(row.cells) else None
        align = "right" if isinstance(value, float) else "center"
        cells.append(_cell("td", text, attrs=f' align="{align}"'))
    return f"<tr>{''.join(cells)}</tr>"
