"""``main.py --self-test`` from source, in a fresh process (as the bundle runs it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
CHECKS = [
    "主窗口", "Qt 中文界面", "界面表单", "许可证", "档案数据库", "检索", "图表", "PDF",
    "共享档案驱动",
]  # fmt: skip


def self_test(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "main.py"), "--self-test", *args]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env,
                          cwd=ROOT, timeout=180)  # fmt: skip


def test_self_test_passes_every_check(archive_path: Path, tmp_path: Path) -> None:
    report = tmp_path / "selftest.txt"
    done = self_test("--db", str(archive_path), "--report", str(report))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line.split("：")[0] for line in lines[:-1]] == [f"通过  {name}" for name in CHECKS]
    assert lines[1] == "通过  Qt 中文界面：标准按钮显示“取消”"
    forms = sorted(p.stem for p in (ROOT / "ui").glob("*.ui"))
    assert lines[2] == f"通过  界面表单：{len(forms)} 个表单（{'、'.join(forms)}）"
    assert lines[3].startswith("通过  许可证：") and lines[3].endswith("个组件（读自当前环境）")
    assert lines[5].startswith("通过  检索：“民勤”") and lines[5].endswith("条结果")
    assert int(lines[5].removeprefix("通过  检索：“民勤”").removesuffix(" 条结果")) > 0
    assert lines[6].startswith("通过  图表：表11 → chart.png")
    assert "extract.pdf" in lines[7] and lines[7].endswith(" 页")
    assert lines[-1].startswith("自检通过：9 项全部通过，窗口 ")
    assert report.read_text(encoding="utf-8").splitlines() == lines


def test_self_test_fails_in_chinese_without_an_archive(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "wuwei.db"
    report = tmp_path / "selftest.txt"
    done = self_test("--db", str(missing), "--report", str(report))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("失败  主窗口：窗口打开了，但档案不可用：找不到档案数据库。")
    assert lines[1] == "通过  Qt 中文界面：标准按钮显示“取消”"
    assert lines[2].startswith("通过  界面表单：")
    assert lines[4] == f"失败  档案数据库：找不到档案数据库。（{missing}）"
    assert lines[5] == "失败  检索：档案没有打开"
    assert "自检失败：5 项未通过（主窗口、档案数据库、检索、图表、PDF）" in done.stderr
    assert report.read_text(encoding="utf-8").splitlines()[-1].startswith("自检失败：5 项未通过")
