"""Pieces of the 统计 view on their own: header spans, sort order, lazy chart imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wuwei_desktop.gui.stats.header_view import HeaderCell, header_cells

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def test_header_cells_merge_across_and_down():
    levels = [
        ["指标", "2023年", "2023年", "2022年", "2022年", "合计"],
        ["指标", "人口", "比重", "人口", "比重", "合计"],
    ]
    assert header_cells(levels) == [
        HeaderCell("指标", 0, 2, 0, 0),
        HeaderCell("2023年", 0, 1, 1, 2),
        HeaderCell("2022年", 0, 1, 3, 4),
        HeaderCell("合计", 0, 2, 5, 5),
        HeaderCell("人口", 1, 1, 1, 1),
        HeaderCell("比重", 1, 1, 2, 2),
        HeaderCell("人口", 1, 1, 3, 3),
        HeaderCell("比重", 1, 1, 4, 4),
    ]


def test_header_cells_do_not_merge_across_different_parents():
    levels = [["甲", "乙"], ["当月", "当月"]]
    assert [(c.text, c.first, c.last) for c in header_cells(levels)] == [
        ("甲", 0, 0),
        ("乙", 1, 1),
        ("当月", 0, 0),
        ("当月", 1, 1),
    ]
    assert header_cells([]) == []


def test_sorting_puts_numbers_first_then_text_then_missing_cells(qtbot, archive):
    from wuwei_desktop.gui.stats.table_model import TableModel

    model = TableModel()
    model.set_table(archive.table("表10"))
    row = next(i for i, r in enumerate(model.table.rows) if r.label == "街道办事处")
    assert model.cell_text(row, 3) == "9"
    assert model.sort_key(row, 3) < model.sort_key(row, 4)  # 9 before —
    assert model.cell_value(row, 4) is None
    assert model.sort_key(row, 1) == (1, 0.0, "个")  # the unit column is text


def test_start_up_imports_neither_matplotlib_nor_pandas_until_the_stats_view(archive_path):
    code = f"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QSettings
from wuwei_desktop.gui.app import create_app
from wuwei_desktop.gui.main_window import MainWindow
app = create_app([])
window = MainWindow(QSettings(os.devnull, QSettings.Format.IniFormat), modal_dialogs=False)
window.show()
window.load_archive(Path({str(archive_path)!r}), None)
app.processEvents()
print("before", sorted(m for m in ("matplotlib", "pandas") if m in sys.modules))
window.open_table("表16")
app.processEvents()
print("after", "matplotlib" in sys.modules, window.stats_view.chart.canvas is not None)
window.archive.close()
"""
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "before []" in lines
    assert "after True True" in lines
