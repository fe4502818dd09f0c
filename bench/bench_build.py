"""Time building the archive from data/sources (target ≤ 10 s). Run by hand:

.venv/bin/python -m bench.bench_build [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.machine import describe
from wuwei_desktop.db.build import build_archive
from wuwei_desktop.paths import default_sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    timings = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "wuwei.db"
        for _ in range(runs):
            started = time.perf_counter()
            summary = build_archive(default_sources(), out)
            timings.append(time.perf_counter() - started)
        size_mb = out.stat().st_size / 1e6
    print(f"machine: {describe()}")
    print(f"build runs: {', '.join(f'{t:.2f}' for t in timings)} s")
    print(f"build median: {statistics.median(timings):.2f} s (target ≤ 10 s)")
    print(f"archive: {size_mb:.1f} MB, {summary.nodes} nodes, {summary.paragraphs} paragraphs")


if __name__ == "__main__":
    main()
