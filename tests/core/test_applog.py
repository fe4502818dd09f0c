"""The log file, the crash record and the exception hook (no Qt)."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from wuwei_desktop import __version__, applog


@pytest.fixture()
def started(tmp_path: Path):
    setup = applog.start(tmp_path / "logs")
    yield setup
    setup.stop()


def test_the_log_records_start_version_and_errors_with_tracebacks(started) -> None:
    assert started.problem is None
    assert started.log_file == started.folder / "wuwei.log"
    try:
        {}["没有这一项"]
    except KeyError:
        logging.getLogger("wuwei_desktop.test").exception("archive query failed")
    started.handler.flush()
    text = started.log_file.read_text(encoding="utf-8")
    assert f"武威档案 {__version__}" in text
    assert "Python 3." in text
    assert "ERROR wuwei_desktop.test: archive query failed" in text
    assert "Traceback (most recent call last)" in text
    assert "KeyError: '没有这一项'" in text


def test_the_log_rotates_and_keeps_three_old_files(started) -> None:
    assert isinstance(started.handler, logging.handlers.RotatingFileHandler)
    assert started.handler.maxBytes == 1_000_000
    assert started.handler.backupCount == 3


def test_an_unwritable_folder_is_a_chinese_message_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    setup = applog.start(blocker / "logs")  # a folder under a file: cannot be made
    try:
        assert setup.log_file is None
        assert setup.problem.startswith("无法写入日志文件夹")
        assert str(blocker / "logs") in setup.problem
    finally:
        setup.stop()


def test_a_hard_crash_is_recorded_and_reported_at_the_next_start(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    crash = textwrap.dedent(
        f"""
        import ctypes, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
        from pathlib import Path
        from wuwei_desktop import applog
        applog.start(Path({str(folder)!r}))
        ctypes.string_at(0)  # a segmentation fault
        """
    )
    done = subprocess.run([sys.executable, "-c", crash], capture_output=True, timeout=60)
    assert done.returncode != 0
    record = (folder / "crash.log").read_text(encoding="utf-8")
    # Linux: "Fatal Python error: Segmentation fault"; Windows: "... access violation"
    assert "Segmentation fault" in record or "access violation" in record
    setup = applog.start(folder)
    try:
        assert setup.previous_crash == record.strip()
        setup.handler.flush()
        assert "the previous run crashed" in (folder / "wuwei.log").read_text(encoding="utf-8")
    finally:
        setup.stop()
    assert (folder / "crash.log").read_text(encoding="utf-8") == ""  # a clean end empties it


def test_a_clean_run_leaves_no_crash_record(tmp_path: Path) -> None:
    clean = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
        from pathlib import Path
        from wuwei_desktop import applog
        applog.start(Path({str(tmp_path)!r}))
        """
    )
    subprocess.run([sys.executable, "-c", clean], check=True, timeout=60)
    assert (tmp_path / "crash.log").read_text(encoding="utf-8") == ""
    setup = applog.start(tmp_path)
    setup.stop()
    assert setup.previous_crash == ""


def test_uncaught_exceptions_in_any_thread_are_logged_and_reported(
    started, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    reports: list[str] = []
    applog.install_excepthook(reports.append)
    try:
        raise ValueError("坏的输入")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    worker = threading.Thread(target=lambda: 1 / 0, name="导出线程")
    worker.start()
    worker.join()
    assert len(reports) == 2
    assert "ValueError: 坏的输入" in reports[0]
    assert f"武威档案 {__version__}" in reports[0] and "时间：" in reports[0]
    assert "线程：导出线程" in reports[1] and "ZeroDivisionError" in reports[1]
    started.handler.flush()
    text = started.log_file.read_text(encoding="utf-8")
    assert "CRITICAL wuwei_desktop.applog: uncaught exception\n" in text
    assert "uncaught exception in 导出线程" in text
