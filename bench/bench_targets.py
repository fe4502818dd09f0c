"""Targets against outcomes: the time of ``Archive.targets()`` on the real archive.

Run by hand::

    .venv/bin/python -m bench.bench_targets [--db data/wuwei.db] [--runs 7]

First use (a freshly opened archive: read the plan sections, find their targets, read the
figures that can be outcomes, match) and later calls (cached, filtered by year), as
medians, each with the ratio to a baseline measured in the same run: reading every
paragraph of the archive with a plain ``SELECT`` on the same read-only connection.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.machine import describe  # noqa: E402
from wuwei_desktop.api import Archive  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "wuwei.db")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    first, later, baseline = [], [], []
    for _ in range(args.runs):
        with Archive.open(args.db) as archive:
            started = time.perf_counter()
            archive._rows("SELECT * FROM paragraphs")
            baseline.append(time.perf_counter() - started)
        with Archive.open(args.db) as archive:
            started = time.perf_counter()
            checks = archive.targets()
            first.append(time.perf_counter() - started)
            for year in ("2022", "2024", None):
                started = time.perf_counter()
                archive.targets(year=year)
                later.append(time.perf_counter() - started)
    base = statistics.median(baseline)
    matched = sum(c.outcome is not None for c in checks)
    print(describe())
    print(f"targets: {len(checks)}, with an outcome: {matched}")
    print(f"baseline (SELECT every paragraph): {base * 1000:.1f} ms")
    for name, times in (("first targets()", first), ("later targets()", later)):
        median = statistics.median(times)
        print(f"{name}: median {median * 1000:.2f} ms ({median / base:.2f}× baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
