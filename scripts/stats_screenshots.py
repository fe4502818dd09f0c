"""Render the 统计 view offscreen for the README: 表11 with its chart, and the 指标
explorer answering a question (the answer line, one row a figure, the series).

    python scripts/stats_screenshots.py [--db data/wuwei.db] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1366, 768)  # an office laptop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "wuwei.db")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from wuwei_desktop.gui.app import create_app
    from wuwei_desktop.gui.main_window import MainWindow

    app = create_app([])
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, modal_dialogs=False)
        window.resize(*SIZE)
        window.show()
        window.load_archive(args.db, None)
        args.out.mkdir(parents=True, exist_ok=True)

        window.open_table("表11")
        QApplication.processEvents()
        window.grab().save(str(args.out / "stats-table.png"), "PNG")

        view = window.stats_view
        view.tabs.setCurrentWidget(view.explorer)
        view.explorer.set_query("全市GDP是多少")
        QApplication.processEvents()
        window.grab().save(str(args.out / "stats-indicator.png"), "PNG")
        window.archive.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
