"""The first table with its chart, once the program has been open 3 s (target ≤ 300 ms).

Each run is a fresh interpreter (offscreen) that starts the window as ``main.py`` does,
opens the archive, lets the event loop run for 3 s, then times ``open_table("表11")``
up to the chart being drawn on its canvas. ``warm``: the window warms matplotlib up in
the background as the program does; ``cold``: without the warm-up (how it was).
Baseline, in the same process afterwards: drawing a plain two-bar matplotlib figure
on an Agg canvas (the machine's speed at this kind of work, to compare runs made
under different load). Run by hand:

.venv/bin/python -m bench.bench_first_chart [--runs 5] [--db PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.machine import describe

ROOT = Path(__file__).resolve().parent.parent
WAIT_S = 3.0


def child(db: Path, warm: bool) -> dict:
    """One measurement in this process; returns the times in seconds."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from wuwei_desktop.gui.app import create_app
    from wuwei_desktop.gui.main_window import MainWindow

    app = create_app([])
    folder = tempfile.mkdtemp()
    settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, modal_dialogs=False)
    window.resize(1366, 768)
    window.show()
    window.load_archive(db, None)
    if warm:
        from wuwei_desktop.gui.warmup import start_warmup

        start_warmup()
    until = time.perf_counter() + WAIT_S
    while time.perf_counter() < until:  # the user reads for 3 s
        app.processEvents()
        time.sleep(0.01)
    started = time.perf_counter()
    window.open_table("表11")
    chart = window.stats_view.chart
    while chart._drawn is None or chart._drawn is not chart.spec:
        QApplication.processEvents()
    first = time.perf_counter() - started

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    times = []
    for _ in range(5):
        started = time.perf_counter()
        figure = Figure(figsize=(6, 3))
        figure.add_subplot().bar(["a", "b"], [1, 2])
        FigureCanvasAgg(figure).draw()
        times.append(time.perf_counter() - started)
    baseline = statistics.median(times)
    window.archive.close()
    return {"first": first, "baseline": baseline}


def one_run(db: Path, warm: bool) -> dict:
    command = [sys.executable, "-m", "bench.bench_first_chart", "--child", "--db", str(db)]
    if not warm:
        command.append("--cold")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "wuwei.db")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.db, warm=not args.cold)))
        return
    print(f"machine: {describe()}")
    for warm in (True, False):
        runs = [one_run(args.db, warm) for _ in range(args.runs)]
        first = statistics.median(r["first"] for r in runs)
        base = statistics.median(r["baseline"] for r in runs)
        label = "warm (as the program runs)" if warm else "cold (no warm-up)"
        each = ", ".join(f"{r['first'] * 1000:.0f}" for r in runs)
        print(
            f"{label}: first table and chart median {first * 1000:.0f} ms "
            f"(runs {each}); "
            f"baseline {base * 1000:.1f} ms, ratio {first / base:.1f}"
            + ("  (target ≤ 300 ms)" if warm else "")
        )


if __name__ == "__main__":
    main()
