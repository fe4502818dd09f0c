"""What the bundle leaves out (``MODULE_EXCLUDES``) is never needed: the program's work runs
here with those modules made unimportable and with docstrings and asserts stripped
(``python -OO``), as in the frozen program."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCENARIO = """
import importlib.abc, sys
from installer.bundle_files import MODULE_EXCLUDES

class LeftOut(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if any(name == e or name.startswith(e + ".") for e in MODULE_EXCLUDES):
            raise ModuleNotFoundError(f"not bundled: {name}", name=name)
        return None

sys.meta_path.insert(0, LeftOut())


def check(condition, what):  # not assert: -OO strips asserts
    if not condition:
        raise SystemExit(f"failed: {what}")


import tempfile
import time
from pathlib import Path
from wuwei_desktop.api import Archive
from wuwei_desktop.charts import chart_for_table, save_chart
from wuwei_desktop.extract import ExtractItem
from wuwei_desktop.printing import ensure_gui_application, export_pdf
from wuwei_desktop.table_export import write_csv, write_xlsx

from PySide6.QtWidgets import QApplication
from wuwei_desktop.charts.draw import chart_svg_bytes
from wuwei_desktop.gui.stats.chart_panel import ChartPanel

app = QApplication([])
out = Path(tempfile.mkdtemp())
with Archive.open(Path(sys.argv[1])) as archive:
    table = archive.table("表11")
    spec = chart_for_table(table, table_ref="表11")
    save_chart(spec, out / "chart.png")
    save_chart(spec, out / "chart.svg")
    check(chart_svg_bytes(spec, (6, 4), grayscale=True).startswith(b"<?xml"), "svg")
    panel = ChartPanel()  # the 统计 view's chart: matplotlib's Qt canvas and toolbar
    panel.resize(900, 600)
    panel.show()
    panel.show_spec(spec)
    app.processEvents()
    check(panel.canvas is not None, "chart panel")
    write_csv(table, out / "t.csv")
    write_xlsx(table, out / "t.xlsx")
    check(archive.search("民勤", limit=3).hits, "search")
    check(archive.ask("民勤县常住人口").figures, "ask")
    ensure_gui_application()
    items = [ExtractItem("chart", "表11"), ExtractItem("node", "yearbook-2024/市情概览")]
    check(export_pdf(archive, items, out / "x.pdf") > 1, "pdf")

# building an archive from the sources (the command line's build)
from wuwei_desktop import cli
check(cli.main(["build", "--out", str(out / "built.db")]) == 0, "build")

# the shared archive's driver (without Python's ssl) and the window's modules import
from wuwei_desktop.server_userdata import make_engine
make_engine("postgresql+psycopg://wuwei@localhost/wuwei").dispose()
import psycopg
check(psycopg.pq.__impl__ == "binary" and "ssl" not in sys.modules, "psycopg without ssl")
check(not __debug__ and make_engine.__doc__ is None, "-OO")  # as the bundle runs

import wuwei_desktop.gui.main_window, wuwei_desktop.gui.app

# one program per user: a second launch hands over to the first (no QtNetwork)
from wuwei_desktop.gui.single_instance import SingleInstance
first = SingleInstance(out)
check(not first.hand_over_or_listen({"open": None, "search": None}), "first listens")
received = []
first.message_received.connect(received.append)
check(SingleInstance(out).hand_over_or_listen({"open": None, "search": "民勤"}), "hand-over")
for _ in range(1000):
    app.processEvents()
    if received:
        break
    time.sleep(0.01)
check(received == [{"open": None, "search": "民勤"}], "hand-over received")
first.close()
check("PySide6.QtNetwork" not in sys.modules, "no QtNetwork")

print("ok")
"""


def test_the_programs_work_needs_nothing_the_bundle_leaves_out(archive_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-OO", "-c", SCENARIO, str(archive_path)],
        capture_output=True, encoding="utf-8", env=env, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "ok"


def test_the_command_line_says_nothing_of_what_is_left_out(archive_path: Path, tmp_path) -> None:
    # main.py as the bundle runs it, matplotlib's 3-D axes (mpl_toolkits) unimportable
    run_cli = (
        "import importlib.abc, runpy, sys\n"
        "class LeftOut(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'mpl_toolkits':\n"
        "            raise ModuleNotFoundError(name, name=name)\n"
        "sys.meta_path.insert(0, LeftOut())\n"
        "runpy.run_path('main.py', run_name='__main__')\n"
    )
    chart = tmp_path / "chart.png"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WUWEI_CLI": "wuwei-cli"}
    done = subprocess.run(
        [sys.executable, "-OO", "-c", run_cli, "--db", str(archive_path),
         "chart", "--table", "表11", "-o", str(chart)],
        capture_output=True, encoding="utf-8", env=env,
        cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert chart.stat().st_size > 0
    assert done.stderr == ""  # no "Unable to import Axes3D" warning
