"""The bundle's two programs come from main.py: the window, and under the name wuwei-cli
the command line (build.spec: a second console executable on Windows, a link on Linux)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(script: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(script), *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=60)  # fmt: skip


def test_main_py_started_as_wuwei_cli_runs_the_command_line(tmp_path: Path) -> None:
    shutil.copy(ROOT / "main.py", tmp_path / "wuwei-cli.py")
    done = run(tmp_path / "wuwei-cli.py", "--help")
    assert done.returncode == 0, done.stderr
    assert "export-pdf" in done.stdout and "search" in done.stdout  # the CLI's commands
    assert "--screenshot" not in done.stdout  # not the window's options


def test_main_py_is_the_window_under_its_own_name() -> None:
    done = run(ROOT / "main.py", "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: main.py")
    assert "--screenshot" in done.stdout and "--self-test" in done.stdout
