"""No freeze without feedback: the busy cursor while the GUI thread builds a chart or a
chapter, and matplotlib warmed up in the background once the window is shown (the
time it saves is measured by bench/bench_first_chart.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def test_the_busy_cursor_shows_while_a_chart_is_drawn_and_a_chapter_laid_out(
    qtbot, main_window, monkeypatch
):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    import wuwei_desktop.charts as charts
    from wuwei_desktop.render import html

    seen = []

    def cursor_now() -> object:
        cursor = QGuiApplication.overrideCursor()
        return cursor.shape() if cursor is not None else None

    real_draw, real_render = charts.draw_chart, html.render_nodes
    monkeypatch.setattr(charts, "draw_chart", lambda *a: seen.append(cursor_now()) or real_draw(*a))
    window = main_window
    window.resize(1366, 768)
    window.open_table("表11")
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0] == Qt.CursorShape.WaitCursor
    assert QGuiApplication.overrideCursor() is None  # and gone afterwards

    import wuwei_desktop.gui.main_window as mw

    monkeypatch.setattr(
        mw, "render_nodes", lambda *a, **k: seen.append(cursor_now()) or real_render(*a, **k)
    )
    window.open_node("yearbook-2024/市情概览")
    assert seen[-1] == Qt.CursorShape.WaitCursor
    assert QGuiApplication.overrideCursor() is None


def test_the_window_warms_matplotlib_up_in_the_background(archive_path):
    code = (
        "import sys, threading\n"
        "from wuwei_desktop.gui.app import create_app\n"
        "from wuwei_desktop.gui.warmup import start_warmup\n"
        "from wuwei_desktop import mpl_font\n"
        "app = create_app([])\n"
        "assert 'matplotlib' not in sys.modules\n"
        "thread = start_warmup()\n"
        "assert start_warmup() is thread and thread.daemon\n"
        "assert thread is not threading.main_thread()\n"
        "thread.join(60)\n"
        "names = ('matplotlib.backends.backend_qtagg', 'wuwei_desktop.gui.stats')\n"
        "print(all(n in sys.modules for n in names), mpl_font._configured)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]
