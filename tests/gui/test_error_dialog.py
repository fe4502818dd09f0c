"""An uncaught exception shows a Chinese error report instead of the program vanishing."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLabel

from wuwei_desktop import applog
from wuwei_desktop.gui import error_dialog
from wuwei_desktop.gui.forms import form_child

pytestmark = pytest.mark.gui


@pytest.fixture()
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    setup = applog.start(tmp_path / "logs")
    yield setup
    setup.stop()


@pytest.fixture()
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True
    )
    return urls


def test_an_exception_in_a_worker_thread_opens_the_report_in_the_gui(qtbot, qapp, logs, opened):
    reporter = error_dialog.install(logs)
    worker = threading.Thread(target=lambda: [][1], name="检索线程")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "武威档案：出现错误"
    headline = form_child(dialog.form, QLabel, "headlineLabel").text()
    assert headline == "武威档案遇到了一个没有预料到的错误。"
    assert "复制错误报告" in form_child(dialog.form, QLabel, "adviceLabel").text()
    assert "IndexError: list index out of range" in dialog.report()
    assert "线程：检索线程" in dialog.report()
    assert str(logs.log_file) in form_child(dialog.form, QLabel, "logLabel").text()
    dialog.copy_button.click()
    assert "IndexError" in QGuiApplication.clipboard().text()
    assert dialog.copy_button.text() == "已复制"
    dialog.open_log_button.click()
    assert opened == [str(logs.folder)]
    # a second error while the dialog is open goes into the same dialog
    try:
        raise RuntimeError("第二个错误")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: "第二个错误" in dialog.report())
    assert reporter.dialog is dialog


def test_the_crash_of_the_last_run_is_shown_at_start(qtbot, qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "crash.log").write_text("Fatal Python error: Segmentation fault\n", "utf-8")
    setup = applog.start(folder)
    try:
        reporter = error_dialog.install(setup)
        dialog = reporter.dialog
        qtbot.addWidget(dialog)
        assert form_child(dialog.form, QLabel, "headlineLabel").text() == (
            "武威档案上次运行时意外关闭了。"
        )
        assert "Segmentation fault" in dialog.report()
    finally:
        setup.stop()


def test_help_menu_opens_the_log_folder(main_window, opened):
    from wuwei_desktop.paths import log_dir

    help_menu = main_window.menuBar().actions()[-1].menu()
    texts = [action.text() for action in help_menu.actions()]
    assert "打开日志文件夹" in texts
    main_window.act_open_logs.trigger()
    assert opened == [str(log_dir())]
    assert log_dir().is_dir()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_qt_slot_opens_the_report(qtbot, qapp, logs):
    from PySide6.QtCore import QTimer

    reporter = error_dialog.install(logs)

    def broken_slot() -> None:
        raise ValueError("槽函数里的错误")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    qtbot.addWidget(reporter.dialog)
    assert "ValueError: 槽函数里的错误" in reporter.dialog.report()
    logs.handler.flush()
    assert "槽函数里的错误" in logs.log_file.read_text(encoding="utf-8")
