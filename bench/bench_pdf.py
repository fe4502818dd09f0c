"""Time exporting printable extracts as PDF (targets: ≤ 1.5 s for a 30-page extract,
≤ 10 s for the whole yearbook). Run by hand:

.venv/bin/python -m bench.bench_pdf [--runs 3]

Each figure is the whole export_pdf call: reading the nodes, laying the pages out,
painting them and writing the file. "longest pause" is the longest time between two
progress callbacks, i.e. how long the window goes without processing events while the
GUI exports (it repaints and can cancel at each callback).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.machine import describe
from wuwei_desktop.api import Archive
from wuwei_desktop.extract import ExtractItem
from wuwei_desktop.paths import default_db
from wuwei_desktop.printing import ensure_gui_application, export_pdf

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    ensure_gui_application()
    print(f"machine: {describe()}")
    with Archive.open(args.db or default_db()) as archive, tempfile.TemporaryDirectory() as tmp:
        for name, ids in EXTRACTS.items():
            items = [ExtractItem("node", node_id) for node_id in ids]
            timings, pages, clock = [], 0, PauseClock()
            for run in range(args.runs):
                out = Path(tmp) / f"{run}.pdf"
                started = clock.last = time.perf_counter()
                pages = export_pdf(archive, items, out, printed_on=date.today(), progress=clock)
                timings.append(time.perf_counter() - started)
            runs = ", ".join(f"{t:.2f}" for t in timings)
            size = out.stat().st_size / 1e6
            print(
                f"{name}: {pages} pages, {size:.1f} MB, median {statistics.median(timings):.2f} s"
                f" (runs {runs} s), longest pause {clock.longest * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
