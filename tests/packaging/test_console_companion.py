"""wuwei-cli.exe, the console companion: it runs the windowed program as the command line
and passes its output, errors and exit code through (installer/console_companion.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import main
from installer import console_companion
from installer.console_companion import CLI_ENV, program_beside, run

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import os, sys
sys.stdout.reconfigure(encoding="utf-8")
sys.stderr.reconfigure(encoding="utf-8")
print("名称", os.environ["WUWEI_CLI"], "参数", sys.argv[1:])
print("民勤县 " * 20000)  # more than a pipe holds: read while the child writes
print("错误：找不到表99", file=sys.stderr)
sys.exit(3)
"""


def test_main_py_and_the_companion_agree_on_the_variable() -> None:
    assert main.CLI_ENV == CLI_ENV


def test_the_program_is_found_beside_the_companion() -> None:
    folder = Path("C:/Users/张三/AppData/Local/Programs/武威档案")
    assert program_beside(folder / "wuwei-cli.exe") == folder / "wuwei.exe"
    assert program_beside(Path("/opt/wuwei/wuwei-cli")) == Path("/opt/wuwei/wuwei")


def test_output_errors_and_exit_code_pass_through(capsys) -> None:
    code = run([sys.executable, "-c", CHILD, "facts", "--query", "民勤 人口"], "wuwei-cli.exe")
    out, err = capsys.readouterr()
    assert code == 3
    assert out.startswith("名称 wuwei-cli.exe 参数 ['facts', '--query', '民勤 人口']\n")
    assert out.count("民勤县") == 20000  # nothing lost or cut inside a character
    assert err == "错误：找不到表99\n"


def test_a_program_that_cannot_start_gives_a_chinese_message(capsys, tmp_path) -> None:
    code = run([str(tmp_path / "wuwei.exe")], "wuwei-cli.exe")
    assert code == 1
    assert capsys.readouterr().err.startswith(f"无法启动 {tmp_path / 'wuwei.exe'}：")


def companion_in(folder: Path) -> list[str]:
    """The companion's command, as a copy in ``folder`` (it looks for ``wuwei`` there)."""
    script = folder / "wuwei-cli"
    script.write_text(Path(console_companion.__file__).read_text(encoding="utf-8"), "utf-8")
    return [sys.executable, str(script)]


def test_a_missing_program_is_named(tmp_path) -> None:
    done = subprocess.run(companion_in(tmp_path), capture_output=True, encoding="utf-8")
    assert done.returncode == 1
    assert done.stderr.startswith("找不到 wuwei：它应与 wuwei-cli 在同一个文件夹")


@pytest.mark.skipif(
    os.name == "nt", reason="Linux 的程序文件夹用符号链接；此处用脚本代替 wuwei.exe"
)
def test_the_companion_runs_main_py_as_the_command_line(tmp_path, archive_path) -> None:
    """The whole chain from source: companion → ``wuwei`` (here a script starting main.py)
    → main.py sees WUWEI_CLI → the command line's output comes back through the pipe."""
    program = tmp_path / "wuwei"
    program.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{ROOT / "main.py"}" "$@"\n')
    program.chmod(0o755)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [*companion_in(tmp_path), "--db", str(archive_path), "search", "民勤", "--limit", "2"],
        capture_output=True, encoding="utf-8", env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "民勤" in done.stdout and "条" in done.stdout
    wrong = subprocess.run(
        [*companion_in(tmp_path), "--db", str(archive_path), "table", "--no-such-option"],
        capture_output=True, encoding="utf-8", env=env, timeout=120,
    )  # fmt: skip
    assert wrong.returncode == 1
    assert "错误" in wrong.stderr and "Traceback" not in wrong.stderr
