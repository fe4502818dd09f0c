"""Time from ``python main.py`` starting to the window being usable (target ≤ 1.2 s;
the frozen program's ≤ 1.5 s).

Each run starts a fresh interpreter with ``main.py --quit-when-ready``: the app shows
its window, opens the archive, fills the tree, restores the last node, and once the
event loop is idle again prints ``ready <seconds since main.py started>`` and exits.
The figure reported is the wall time from spawning the process to reading that line
(interpreter start included); the app's own figure is shown beside it. With
``--frozen``, the same for the PyInstaller bundle's executable (``dist/wuwei/wuwei``,
built by ``python3 dev.py bundle``), whose own archive is used. Run by hand:

.venv/bin/python -m bench.bench_startup [--runs 7] [--db PATH] [--frozen [EXE]]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.machine import describe

ROOT = Path(__file__).resolve().parent.parent


FROZEN_EXE = ROOT / "dist" / "wuwei" / ("wuwei.exe" if os.name == "nt" else "wuwei")


def one_run(program: list[str], db: Path | None, env: dict[str, str]) -> tuple[float, float]:
    command = [*program, "--quit-when-ready"]
    if db is not None:
        command += ["--db", str(db)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    own = float("nan")
    wall = float("nan")
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("ready "):
            wall = time.perf_counter() - started
            own = float(line.split()[1])
            break
    process.wait(timeout=60)
    if process.returncode != 0 or wall != wall:
        raise SystemExit(f"{program[-1]} failed (exit {process.returncode})")
    return wall, own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, help="archive (default: data/wuwei.db or $WUWEI_DB)")
    parser.add_argument(
        "--frozen",
        type=Path,
        nargs="?",
        const=FROZEN_EXE,
        metavar="EXE",
        help=f"time the bundled executable instead (default {FROZEN_EXE.relative_to(ROOT)})",
    )
    args = parser.parse_args()
    if args.frozen is not None and not args.frozen.is_file():
        raise SystemExit(f"{args.frozen} not found: build it with python3 dev.py bundle")
    program = [str(args.frozen)] if args.frozen else [sys.executable, str(ROOT / "main.py")]
    target = 1.5 if args.frozen else 1.2
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "APPDATA", "LOCALAPPDATA"):
            env[name] = home  # fresh settings: no last node, default geometry
        one_run(program, args.db, env)  # warm the OS file cache once, not counted
        runs = [one_run(program, args.db, env) for _ in range(args.runs)]
    walls = [wall for wall, _ in runs]
    print(f"machine: {describe()}")
    print(f"program: {' '.join(program)}")
    print(f"start-up runs: {', '.join(f'{w:.2f}' for w in walls)} s")
    print(
        f"start-up median: {statistics.median(walls):.2f} s from spawn to window ready "
        f"(main.py's own clock: {statistics.median(own for _, own in runs):.2f} s; "
        f"target ≤ {target} s)"
    )


if __name__ == "__main__":
    main()
