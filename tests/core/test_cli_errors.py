"""The command line never shows a traceback: every failure is Chinese text and exit code 1.

Each case runs the real program as a subprocess, as a script or a user would.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from wuwei_desktop.db import build
from wuwei_desktop.paths import default_sources

try:
    import resource
except ImportError:  # Windows: no limit on the size of written files
    resource = None

LONG_NAME = "长" * 300 + ".png"  # longer than any file system allows (255 bytes / units)
POSIX_ONLY = pytest.mark.skipif(
    resource is None, reason="此系统不能限制写入文件的大小，也不会把无效的字节交给程序（Windows）"
)


def run_cli(*args: str, limit_bytes: int | None = None, env=None) -> subprocess.CompletedProcess:
    """Run ``python -m wuwei_desktop ARGS``; ``limit_bytes`` caps the size of written files."""

    def cap() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the cap fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(
        [sys.executable, "-m", "wuwei_desktop", *args],
        capture_output=True,
        preexec_fn=cap if limit_bytes else None,
        env=env,
    )


def assert_clean_failure(done: subprocess.CompletedProcess, *expected: str) -> str:
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1, err
    assert "Traceback" not in err and "Error:" not in err, err
    for text in expected:
        assert text in err, err
    return err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["search", "民勤", "--limit", "99999999999999999999999"], "条数太大"),
        (["search", "民勤", "--limit", "-5"], "条数不能是负数"),
        (["facts", "--query", "人口", "--limit", "-1"], "条数不能是负数"),
        (["facts", "--limit", "1" + "0" * 40], "条数太大"),
        (["tree", "--depth", "99999999999999999999"], "层数太大"),
        (["tree", "--depth", "-2"], "层数不能是负数"),
        (["search", "民勤", "--limit", "五"], "条数应当是整数"),
        (["table", "表99999999999999999999999"], "档案中没有表格"),
        (["search", "  "], "检索词是空的"),
        (["chart", "--facts", "", "-o", "x.png"], "--facts 是空的"),
        (["export-pdf", "表" + "9" * 30, "-o", "x.pdf"], "没有编号为"),
        (["table", "表²"], "档案中没有表格"),
        (["chart", "--table", "表" + "9" * 30, "-o", "x.png"], "档案中没有表格"),
    ],
)
def test_numbers_out_of_range(archive_path: Path, args: list[str], expected: str) -> None:
    assert_clean_failure(run_cli("--db", str(archive_path), *args), expected)


@POSIX_ONLY
def test_arguments_that_are_not_utf8(archive_path: Path) -> None:
    undecodable = os.fsdecode(b"\xff\xfe")  # what Python makes of such bytes in argv
    for args in (["search", undecodable], ["show", undecodable], ["--db", undecodable, "docs"]):
        db = [] if args[0] == "--db" else ["--db", str(archive_path)]
        assert_clean_failure(run_cli(*db, *args), "不是有效的 UTF-8 文本")


@pytest.mark.parametrize(
    "args",
    [
        ["table", "表11", "--xlsx", LONG_NAME.replace(".png", ".xlsx")],
        ["chart", "--table", "表11", "-o", LONG_NAME],
        ["export-pdf", "表11", "-o", LONG_NAME.replace(".png", ".pdf")],
        ["build", "--out", LONG_NAME.replace(".png", ".db")],
    ],
)
def test_file_names_too_long(archive_path: Path, tmp_path: Path, args: list[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    args = [str(folder / a) if a.startswith("长") else a for a in args]
    assert_clean_failure(run_cli("--db", str(archive_path), *args), "文件名太长")
    assert list(folder.iterdir()) == []


@POSIX_ONLY
def test_full_disk_during_build_keeps_the_old_archive(archive_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "wuwei.db"
    out.parent.mkdir()
    shutil.copy(archive_path, out)
    before = out.read_bytes()
    done = run_cli(
        "build", "--sources", str(default_sources()), "--out", str(out), limit_bytes=2**20
    )
    assert_clean_failure(done, "无法写入档案数据库", "原有的档案未改动")
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["wuwei.db"]


@POSIX_ONLY
def test_full_disk_during_export_keeps_the_old_file(archive_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "摘录.pdf"
    out.parent.mkdir()
    out.write_bytes(b"%PDF-1.4 the previous extract")
    done = run_cli(
        "--db", str(archive_path), "export-pdf", "yearbook-2024/附录", "-o", str(out),
        limit_bytes=50_000,
    )  # fmt: skip
    assert_clean_failure(done, str(out))
    assert out.read_bytes() == b"%PDF-1.4 the previous extract"
    assert [p.name for p in out.parent.iterdir()] == ["摘录.pdf"]


def test_no_space_left_is_named(monkeypatch, tmp_path: Path) -> None:
    """ENOSPC itself (a tiny file system cannot be mounted without root): the message says so."""

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build, "_write_database", full)
    out = tmp_path / "out" / "wuwei.db"
    out.parent.mkdir()
    out.write_bytes(b"old")
    with pytest.raises(build.BuildError, match="磁盘已满"):
        build.build_archive(default_sources(), out)
    assert out.read_bytes() == b"old" and [p.name for p in out.parent.iterdir()] == ["wuwei.db"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "请给出一个命令"),
        (["nosuch"], "无效的选择：'nosuch'"),
        (["search"], "缺少必需的参数：QUERY"),
        (["--bogus", "docs"], "无法识别的参数：--bogus"),
        (["docs", "extra"], "无法识别的参数：extra"),
        (["chart", "--table", "表11"], "缺少必需的参数：-o/--output"),
        (["chart", "--table", "表11", "--facts", "人口", "-o", "x.png"], "不能与参数"),
        (["chart", "-o", "x.png"], "必须给出参数"),
        (["chart", "--table", "表11", "-o", "x.png", "--by", "month"], "无效的选择"),
        (["search", "民勤", "--limit"], "需要给出一个值"),
    ],
)
def test_usage_errors_are_chinese_with_exit_1(args: list[str], expected: str) -> None:
    err = assert_clean_failure(run_cli(*args), expected)
    assert "usage" not in err and "error:" not in err and "用法：" in err


COMMANDS = [
    "build", "docs", "tree", "show", "search", "index", "tables", "table", "facts", "chart",
    "export-pdf",
]  # fmt: skip


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_chinese(command: str | None) -> None:
    done = run_cli(*([command] if command else []), "--help")
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0
    assert out.startswith("用法：python -m wuwei_desktop")
    assert "显示此帮助并退出" in out and "选项：" in out
    for english in ("usage", "options:", "positional arguments", "show this help"):
        assert english not in out
    if command in ("show", "search", "index", "table"):
        assert "位置参数：" in out


def test_unexpected_failure_is_logged_not_shown(archive_path: Path, tmp_path: Path) -> None:
    """A bug (here: a corrupt table record) gives a short message; the log has the cause."""
    import sqlite3

    broken = tmp_path / "broken.db"
    shutil.copy(archive_path, broken)
    conn = sqlite3.connect(broken)
    conn.execute('UPDATE tables SET data = \'{"not": "a table"}\'')
    conn.commit()
    conn.close()
    home = tmp_path / "home"
    env = {**os.environ, "XDG_DATA_HOME": str(home), "LOCALAPPDATA": str(home)}
    done = run_cli("--db", str(broken), "table", "表11", env=env)
    err = assert_clean_failure(done, "命令意外失败", "cli.log")
    log = next(home.rglob("cli.log")).read_text(encoding="utf-8")
    assert "Traceback" in log and "表11" in log
    assert "Traceback" not in err
