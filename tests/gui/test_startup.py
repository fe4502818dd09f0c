"""Start-up: the window becomes usable without the heavy libraries.

The start-up figure (≤ 1.2 s) is measured by ``bench/bench_startup.py``; this test pins
down its cause: pandas, matplotlib and SQLAlchemy (0.3–0.4 s each to import) must not
be loaded on the way to a usable window with the archive open.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# the libraries, and the parts of the window built only when first used
HEAVY = (
    "sqlalchemy",
    "psycopg",
    "pandas",
    "matplotlib",
    "wuwei_desktop.gui.stats",
    "PySide6.QtPrintSupport",
)


def test_window_ready_without_heavy_imports(archive_path: Path) -> None:
    code = (
        "import sys\n"
        "from wuwei_desktop.gui.app import main\n"
        f"code = main(['--db', {str(archive_path)!r}, '--quit-when-ready'])\n"
        f"print('heavy:', ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("ready ")
    assert float(lines[0].split()[1]) > 0
    assert lines[-1] == "heavy: "


def test_command_line_on_a_file_imports_no_server_driver(archive_path: Path) -> None:
    code = (
        "import sys\n"
        "from wuwei_desktop.cli import main\n"
        f"code = main(['--db', {str(archive_path)!r}, 'search', '沙'])\n"
        "print('heavy:', ','.join(m for m in ('sqlalchemy', 'psycopg') if m in sys.modules))\n"
        "sys.exit(code)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "沙" in out.stdout
    assert out.stdout.splitlines()[-1] == "heavy: "
