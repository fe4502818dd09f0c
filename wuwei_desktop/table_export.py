"""A table taken away: clipboard text, CSV and Excel, shaped the way the book prints it.

Header levels stay rows (a spanning cell repeated in text, merged in Excel), row labels
keep their indent (ideographic spaces in text, the cell indent in Excel), values are
written as printed (``107.70``, ``—``) and in Excel as numbers with that many decimals.
No Qt; openpyxl is imported only by :func:`write_xlsx`. Files are written atomically.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .atomic_write import write_atomically
from .ingest.tables import IDEO_SPACE, ParsedTable

HEADER_FILL = "EEF2F7"
BORDER = "BFC7D1"


class ExportError(Exception):
    """The export could not be written; the message is Chinese."""


def table_heading(table: ParsedTable) -> str:
    """``表11 2023年武威市地区生产总值一览表`` (with the unit the title prints, if any)."""
    unit = f"（{table.unit}）" if table.unit else ""
    return f"表{table.number} {table.title}{unit}"


def table_rows(table: ParsedTable) -> list[list[str]]:
    """Header levels then body rows, as printed: the grid a spreadsheet gets."""
    stub = [table.stub or ""] if table.kind == "grid" else []
    rows = [[*stub, *level] for level in table.header]
    for row in table.rows:
        if table.kind == "grid":
            rows.append([IDEO_SPACE * row.level + row.label, *row.texts])
        else:
            rows.append(list(row.texts))
    return rows


def _footer(table: ParsedTable) -> list[list[str]]:
    return [[text] for text in (table.source_note, *table.notes) if text]


def table_tsv(table: ParsedTable) -> str:
    """Tab-separated text for the clipboard: a ``单位：`` line when the title has a unit,
    the header levels and rows, then the source note and notes."""
    lines = [[f"单位：{table.unit}"]] if table.unit else []
    lines += table_rows(table) + _footer(table)
    return "\n".join("\t".join(_one_line(cell) for cell in line) for line in lines) + "\n"


def table_csv(table: ParsedTable, newline: str = "\r\n") -> str:
    """The table as CSV text: the heading line (with the unit), the header levels and
    rows as printed, the source note and notes. The one CSV of the window's 导出CSV and
    the command line's ``table --csv``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerows([[table_heading(table)], *table_rows(table), *_footer(table)])
    return buffer.getvalue()


def write_csv(table: ParsedTable, path: Path) -> None:
    """:func:`table_csv` in UTF-8 with a BOM (so Excel on Windows reads the Chinese).

    Raises:
        ExportError: the file cannot be written (message in Chinese); nothing is left.
    """
    data = table_csv(table).encode("utf-8-sig")
    write_atomically(Path(path), lambda out: out.write(data), ExportError)


def write_xlsx(table: ParsedTable, path: Path) -> None:
    """An Excel workbook of the table: title row, header levels with merged spanning
    cells in bold, the unit column and the title's unit kept, numbers as numbers (with
    the printed decimals), indented row labels, the source note under the table.

    Raises:
        ExportError: the file cannot be written (message in Chinese); nothing is left.
    """
    workbook = _workbook(table)
    write_atomically(Path(path), workbook.save, ExportError)


# ----------------------------------------------------------------------------- xlsx


def _workbook(table: ParsedTable):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = f"表{table.number}"
    grid = table.kind == "grid"
    first = 2 if grid else 1  # first data column (the row labels take column 1)
    width = max(table.width, max((len(r.texts) for r in table.rows), default=0)) + first - 1
    side = Side(style="thin", color=BORDER)
    box = Border(left=side, right=side, top=side, bottom=side)
    fill = PatternFill("solid", fgColor=HEADER_FILL)

    sheet.cell(1, 1, table_heading(table)).font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 1))
    top = 2

    levels = len(table.header)
    for k, level in enumerate(table.header):
        for j, text in enumerate(level):
            cell = sheet.cell(top + k, first + j, text)
            cell.font, cell.fill, cell.border = Font(bold=True), fill, box
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if grid and levels:
        stub = sheet.cell(top, 1, table.stub or "")
        stub.font, stub.fill, stub.border = Font(bold=True), fill, box
        stub.alignment = Alignment(horizontal="center", vertical="center")
        for k in range(1, levels):
            sheet.cell(top + k, 1).border = box
        if levels > 1:
            sheet.merge_cells(start_row=top, start_column=1, end_row=top + levels - 1, end_column=1)
    for start_row, start_col, end_row, end_col in _header_spans(table.header):
        sheet.merge_cells(
            start_row=top + start_row,
            start_column=first + start_col,
            end_row=top + end_row,
            end_column=first + end_col,
        )

    body = top + levels
    for i, row in enumerate(table.rows):
        r = body + i
        if grid:
            label = sheet.cell(r, 1, row.label)
            label.alignment = Alignment(indent=row.level)
            label.border = box
        for j, text in enumerate(row.texts):
            value = row.cells[j] if j < len(row.cells) else None
            cell = sheet.cell(r, first + j)
            cell.border = box
            if isinstance(value, float):
                cell.value = value
                cell.number_format = _number_format(text)
                cell.alignment = Alignment(horizontal="right")
            else:
                cell.value = text
                cell.alignment = Alignment(horizontal="center" if grid else "left")

    note_row = body + len(table.rows)
    for k, (text,) in enumerate(_footer(table)):
        note = sheet.cell(note_row + k, 1, text)
        note.font = Font(italic=True, color="666666", size=9)

    for j, chars in enumerate(_column_widths(table, first), start=1):
        sheet.column_dimensions[get_column_letter(j)].width = chars
    sheet.freeze_panes = sheet.cell(body, first)
    return book


def _header_spans(header: list[list[str]]) -> list[tuple[int, int, int, int]]:
    """(first row, first col, last row, last col) of every header block to merge: a label
    repeated along a level under the same parent labels, or one column's label repeated
    straight down the levels."""
    spans = []
    covered: set[tuple[int, int]] = set()
    for k, level in enumerate(header):
        j = 0
        while j < len(level):
            end = j
            while end + 1 < len(level) and all(
                header[u][end + 1] == header[u][j] for u in range(k + 1)
            ):
                end += 1
            down = k
            if end == j:
                while down + 1 < len(header) and header[down + 1][j] == level[j]:
                    down += 1
            if (k, j) not in covered and (end > j or down > k):
                spans.append((k, j, down, end))
                covered.update((u, j) for u in range(k, down + 1))
            j = end + 1
    return spans


def _number_format(printed: str) -> str:
    """Excel's format for a number printed as ``printed`` (``107.70`` → ``0.00``)."""
    digits = printed.strip().rstrip("%‰")
    places = len(digits.split(".", 1)[1]) if "." in digits else 0
    base = "0." + "0" * places if places else "0"
    suffix = printed.strip()[-1:] if printed.strip()[-1:] in ("%", "‰") else ""
    return f'{base}"{suffix}"' if suffix else base


def _column_widths(table: ParsedTable, first: int) -> list[float]:
    """Excel widths (in characters; a Chinese character counts two) of every column."""
    columns: dict[int, int] = {}

    def see(j: int, text: str) -> None:
        columns[j] = max(columns.get(j, 0), _display_width(text))

    for row in table.rows:
        if first == 2:
            see(0, IDEO_SPACE * row.level + row.label)
        for j, text in enumerate(row.texts):
            see(first - 1 + j, text)
    for level in table.header:
        for j, text in enumerate(level):
            see(first - 1 + j, text)
    if first == 2:
        see(0, table.stub or "")
    return [min(max(columns.get(j, 0) + 2, 8), 60) for j in range(max(columns, default=-1) + 1)]


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _one_line(text: str) -> str:
    return " ".join(str(text).replace("\t", " ").split("\n"))
