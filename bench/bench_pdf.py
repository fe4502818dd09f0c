"""Time exporting printable extracts as PDF (targets: ≤ 0.4 s for a 30-page chapter,
≤ 3 s for the whole yearbook, ≤ 1.5× a plain-text PDF of the same text). Run by hand:

.venv/bin/python -m bench.bench_pdf [--runs 5]

Each figure is the whole export_pdf call: reading the nodes, laying the pages out,
painting them, adding the bookmarks and writing the file. "longest pause" is the
longest time between two progress callbacks, i.e. how long the window goes without
processing events while the GUI exports (it repaints and can cancel at each callback).

The baseline, measured in the same run (the machine is shared, its load varies): the
same nodes' titles and paragraphs, and the tables the export prints (unit, header, rows,
source and notes, one line each), as plain text in a QTextDocument with the same font
and page size, printed by ``QTextDocument.print_`` to a QPdfWriter in memory.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from PySide6.QtGui import QTextDocument

from bench.machine import describe
from wuwei_desktop.api import Archive, ArchiveError
from wuwei_desktop.extract import ExtractItem
from wuwei_desktop.paths import default_db
from wuwei_desktop.printing import ensure_gui_application, export_pdf
from wuwei_desktop.printing.fonts import app_font
from wuwei_desktop.printing.pdf import memory_pdf_writer
from wuwei_desktop.render.html import PRINT_FONT_PT
from wuwei_desktop.table_export import table_tsv

EXTRACTS = {
    "a 30-page chapter (中国共产党武威市委员会)": ["yearbook-2024/中国共产党武威市委员会"],
    "the whole 市情概览 category": ["yearbook-2024/市情概览"],
    "the whole 附录": ["yearbook-2024/附录"],
    "the whole yearbook": ["yearbook-2024"],
}


class PauseClock:
    """A progress callback that keeps the longest time between two of its calls."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0

    def __call__(self, _done: int, _total: int) -> bool:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now
        return True


def plain_text_pdf(archive: Archive, node_ids: list[str]) -> int:
    """The baseline: the nodes' text and their tables' text (as the export prints them),
    plain, printed to a PDF in memory; its size."""
    lines = []
    for node_id in node_ids:
        for detail in archive.chapter(node_id):
            lines.append(detail.title)
            lines.extend(paragraph.text for paragraph in detail.paragraphs)
            if detail.kind == "table":
                lines.extend(_table_lines(archive, detail.id))
    writer, buffer = memory_pdf_writer()
    doc = QTextDocument()
    doc.setDefaultFont(app_font(PRINT_FONT_PT))
    doc.setPlainText("\n".join(lines))
    doc.print_(writer)
    del writer
    return buffer.size()


def _table_lines(archive: Archive, node_id: str) -> list[str]:
    """The lines of the table a table node prints as (none if it has no parsed table)."""
    try:
        return table_tsv(archive.table(node_id)).splitlines()
    except ArchiveError:
        return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    ensure_gui_application()
    print(f"machine: {describe()}")
    with Archive.open(args.db or default_db()) as archive, tempfile.TemporaryDirectory() as tmp:
        for name, ids in EXTRACTS.items():
            items = [ExtractItem("node", node_id) for node_id in ids]
            timings, base, pages, clock = [], [], 0, PauseClock()
            for run in range(args.runs):  # export and baseline in turn: the same load
                out = Path(tmp) / f"{run}.pdf"
                started = clock.last = time.perf_counter()
                pages = export_pdf(archive, items, out, printed_on=date.today(), progress=clock)
                timings.append(time.perf_counter() - started)
                started = time.perf_counter()
                plain_text_pdf(archive, ids)
                base.append(time.perf_counter() - started)
            runs = ", ".join(f"{t:.2f}" for t in timings)
            size = out.stat().st_size / 1e6
            median, baseline = statistics.median(timings), statistics.median(base)
            print(
                f"{name}: {pages} pages, {size:.1f} MB, median {median:.3f} s"
                f" (runs {runs} s), longest pause {clock.longest * 1000:.0f} ms;"
                f" plain-text baseline {baseline:.3f} s, ratio {median / baseline:.2f}x"
            )


if __name__ == "__main__":
    main()
