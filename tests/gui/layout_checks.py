"""What "fits the screen" means, checked on the real window: used by test_layout.py in
this process, and run as a script under QT_SCALE_FACTOR=1.5 (1920x1080 at 150 %).

    python -m tests.gui.layout_checks ARCHIVE WIDTH HEIGHT   # prints one JSON line
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

CHART_MIN = 300


def clipped_buttons(root) -> list[str]:
    """Visible buttons narrower or lower than they ask to be, or reaching outside
    their parent."""
    from PySide6.QtWidgets import QAbstractButton

    problems = []
    for button in root.findChildren(QAbstractButton):
        if not button.isVisible() or button.parentWidget() is None:
            continue
        if button.objectName().startswith("qt_") or button.text() == "":
            continue  # scroll arrows and the like, drawn by Qt itself
        hint, rect = button.sizeHint(), button.geometry()
        if button.minimumWidth() == button.maximumWidth():  # sized on purpose (索引's letters)
            hint.setWidth(button.fontMetrics().horizontalAdvance(button.text()) + 4)
        inside = button.parentWidget().rect().contains(rect)
        if rect.width() < hint.width() or rect.height() < hint.height() or not inside:
            size = f"{rect.width()}x{rect.height()} < {hint.width()}x{hint.height()}"
            problems.append(f"{button.text()}: {size} or outside")
    return problems


def hidden_tools(toolbar) -> list[str]:
    """Actions of a toolbar that did not fit on it (moved to its » menu)."""
    return [
        a.text()
        for a in toolbar.actions()
        if not a.isSeparator() and a.isVisible() and not toolbar.widgetForAction(a).isVisible()
    ]


def check_window(window, app) -> dict:
    """Open every view of the window at its current size and report what does not fit."""
    report: dict = {"problems": []}
    problems = report["problems"]

    def settle() -> None:
        for _ in range(3):
            app.processEvents()

    window.open_node("yearbook-2024/市情概览/自然地理")
    settle()
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        settle()
        problems += [f"tab {tab}: {p}" for p in clipped_buttons(window)]
    problems += [f"main toolbar: {t}" for t in hidden_tools(window.toolbar)]
    window.tabs.setCurrentWidget(window.bookmarks_panel)
    settle()
    hint = window.bookmarks_panel.count_label
    report["bookmark_hint_lines"] = round(hint.height() / hint.fontMetrics().lineSpacing())
    window.open_find_bar()
    settle()
    problems += [f"find bar: {p}" for p in clipped_buttons(window.find_bar)]
    window.find_bar.close_bar()

    window.open_table("表11")
    settle()
    view = window.stats_view
    chart = view.chart
    report["compact"] = view.compact()
    if view.compact() and view.chart.isVisible():
        problems.append("table and chart tabs: the chart shows over the table")
    if view.compact():
        view.right_tabs.setCurrentWidget(chart)
        settle()
    report["canvas_height"] = chart.canvas.height()
    if chart.canvas.height() < CHART_MIN:
        problems.append(f"chart canvas {chart.canvas.height()} px high")
    problems += [f"chart toolbar: {t}" for t in hidden_tools(chart.toolbar)]
    zoom = [a for a in chart.toolbar.actions() if a.text() == "Zoom"]
    if not zoom or not chart.toolbar.widgetForAction(zoom[0]).isVisible():
        problems.append("chart toolbar: no zoom tool")
    problems += [f"chart: {p}" for p in clipped_buttons(chart)]
    if view.compact():
        view.right_tabs.setCurrentWidget(view.table_panel)
        settle()
    problems += [f"table: {p}" for p in clipped_buttons(view.table_panel)]
    source = view.table_panel.source_button
    report["source_button"] = [source.width(), source.sizeHint().width()]
    view.tabs.setCurrentWidget(view.explorer)
    view.explorer.set_query("生产总值")
    settle()
    report["facts_canvas_height"] = view.explorer.chart.canvas.height()
    problems += [f"indicators: {p}" for p in clipped_buttons(view.explorer)]
    problems += [f"facts toolbar: {t}" for t in hidden_tools(view.explorer.chart.toolbar)]
    return report


def main(argv: list[str]) -> int:
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from wuwei_desktop.gui.app import create_app
    from wuwei_desktop.gui.main_window import MainWindow

    archive, width, height = Path(argv[0]), int(argv[1]), int(argv[2])
    app = create_app([])
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, modal_dialogs=False)
        window.resize(width, height)
        window.show()
        window.load_archive(archive, None)
        report = check_window(window, app)
        report["size"] = [window.width(), window.height()]
        report["scale"] = window.devicePixelRatioF()
        window.archive.close()
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
