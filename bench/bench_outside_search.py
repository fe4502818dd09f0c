"""What the outside-tools search index (FTS5 trigram, ``text_trigram``) costs the build:
time and size with and without it, in the same run. Run by hand:

.venv/bin/python -m bench.bench_outside_search [--runs 5]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

from bench.machine import describe
from wuwei_desktop.db.build import build_archive
from wuwei_desktop.paths import default_sources


def _build(out: Path, with_trigram: bool) -> float:
    started = time.perf_counter()
    if with_trigram:
        build_archive(default_sources(), out)
    else:
        with mock.patch("wuwei_desktop.db.build.create_outside_index"):
            build_archive(default_sources(), out)
    return time.perf_counter() - started


def _index_bytes(out: Path) -> int:
    with sqlite3.connect(out) as conn:
        found = conn.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'text_trigram%'"
        ).fetchone()[0]
    return found or 0


def _match_ms(out: Path, phrase: str) -> tuple[float, int]:
    with sqlite3.connect(f"file:{out}?mode=ro", uri=True) as conn:
        timings, found = [], 0
        for _ in range(20):
            started = time.perf_counter()
            found = conn.execute(
                "SELECT count(*) FROM text_trigram WHERE text_trigram MATCH ?", (f'"{phrase}"',)
            ).fetchone()[0]
            timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        with_out, without_out = Path(folder) / "with.db", Path(folder) / "without.db"
        timed: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(runs):  # alternate, so load on the machine hits both alike
            timed[False].append(_build(without_out, False))
            timed[True].append(_build(with_out, True))
        with_size, without_size = with_out.stat().st_size, without_out.stat().st_size
        index = _index_bytes(with_out)
        matches = {phrase: _match_ms(with_out, phrase) for phrase in ("民勤县", "防沙治沙")}
    base, full = statistics.median(timed[False]), statistics.median(timed[True])
    print(f"machine: {describe()}")
    print(f"build without trigram: median {base:.2f} s; with: {full:.2f} s ({full / base:.2f}×)")
    print(
        f"archive without: {without_size / 1e6:.1f} MB; with: {with_size / 1e6:.1f} MB"
        f" (+{(with_size - without_size) / 1e6:.1f} MB, index pages {index / 1e6:.1f} MB)"
    )
    for phrase, (ms, found) in matches.items():
        print(f"MATCH '\"{phrase}\"': {found} paragraphs, median {ms:.2f} ms")


if __name__ == "__main__":
    main()
