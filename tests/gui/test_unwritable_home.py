"""An unwritable home folder: the window still opens, with a Chinese message, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wuwei_desktop import paths
from wuwei_desktop.gui.app import DATA_DIR_UNWRITABLE

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.gui


def test_the_program_starts_when_the_data_folder_cannot_be_made(tmp_path, archive_path) -> None:
    blocker = tmp_path / "home-is-a-file"
    blocker.write_text("x")
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(blocker / "data"),  # cannot be created, even by root
        "XDG_CACHE_HOME": str(blocker / "cache"),
        "WIN_PD_OVERRIDE_LOCAL_APPDATA": str(blocker / "local"),  # platformdirs on Windows
        "QT_QPA_PLATFORM": "offscreen",
    }
    shot = tmp_path / "shot.png"
    command = [sys.executable, str(ROOT / "main.py"), "--db", str(archive_path)]
    done = subprocess.run(
        [*command, "--screenshot", str(shot)], env=env, capture_output=True, timeout=120
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert shot.read_bytes()[:4] == b"\x89PNG"
    assert "无法写入您的用户数据文件夹" in stderr  # logged (to a temporary folder's log too)


def test_the_fallback_keeps_data_in_a_temporary_folder(monkeypatch) -> None:
    monkeypatch.setattr(paths, "_temporary_data_dir", None)
    folder = paths.use_temporary_data_dir()
    assert folder.is_dir()
    assert paths.user_data_dir() == folder
    assert paths.log_dir() == folder / "logs"
    assert "书签、设置和日志只保存在临时文件夹中" in DATA_DIR_UNWRITABLE
