"""The error report dialog (``ui/error_report.ui``) and the hook that shows it.

An uncaught exception anywhere in the program, or a crash record left by the last run,
opens this dialog instead of the program vanishing: what happened, what to do, the
report (复制错误报告 puts it on the clipboard), where the log is, 打开日志文件夹.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from .. import applog
from .forms import form_child, load_form

log = logging.getLogger(__name__)

HEADLINE_ERROR = "武威档案遇到了一个没有预料到的错误。"
HEADLINE_CRASH = "武威档案上次运行时意外关闭了。"
ADVICE_ERROR = (
    "您可以继续使用；如果程序表现异常，请关闭后重新打开。您的书签和设置不受影响。\n"
    "请点“复制错误报告”，把报告粘贴到邮件或微信中发给技术支持，并说明当时正在做什么。"
)
ADVICE_CRASH = "下面是程序关闭前留下的记录。请点“复制错误报告”发给技术支持，并说明当时正在做什么。"
LOG_AT = "日志文件：{path}"
NO_LOG = "本次运行没有日志文件：{problem}"
COPIED = "已复制"
CANNOT_OPEN = "无法打开文件夹 {folder}"


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the file manager (Explorer on Windows); created if missing."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        log.warning("cannot create %s: %s", folder, error)
    ok = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
    if not ok:
        log.warning("cannot open %s", folder)
    return ok


class ErrorReportDialog(QDialog):
    """Shows one report; later reports of the same session are added to it."""

    def __init__(self, parent: QWidget | None, report: str, setup: applog.LogSetup,
                 crash: bool = False) -> None:  # fmt: skip
        super().__init__(parent)
        self.setup = setup
        self.form = load_form("error_report", self)
        self.setWindowTitle(self.form.windowTitle())
        headline = HEADLINE_CRASH if crash else HEADLINE_ERROR
        form_child(self.form, QLabel, "headlineLabel").setText(headline)
        advice = ADVICE_CRASH if crash else ADVICE_ERROR
        form_child(self.form, QLabel, "adviceLabel").setText(advice)
        self.report_edit = form_child(self.form, QPlainTextEdit, "reportEdit")
        self.report_edit.setPlainText(report)
        where = (
            LOG_AT.format(path=setup.log_file)
            if setup.log_file is not None
            else NO_LOG.format(problem=setup.problem or "")
        )
        form_child(self.form, QLabel, "logLabel").setText(where)
        self.copy_button = form_child(self.form, QPushButton, "copyButton")
        self.copy_button.clicked.connect(self.copy_report)
        self.open_log_button = form_child(self.form, QPushButton, "openLogButton")
        self.open_log_button.clicked.connect(lambda: open_folder(setup.folder))
        form_child(self.form, QPushButton, "closeButton").clicked.connect(self.accept)
        self.resize(640, 440)

    def add_report(self, report: str) -> None:
        self.report_edit.appendPlainText("\n" + report)

    def report(self) -> str:
        return self.report_edit.toPlainText()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report())
        self.copy_button.setText(COPIED)


class ErrorReporter(QObject):
    """Receives reports from any thread and shows them in the GUI thread, one dialog at
    a time (a repeating error adds to the open dialog instead of opening more)."""

    reported = Signal(str)

    def __init__(self, setup: applog.LogSetup, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setup = setup
        self.dialog: ErrorReportDialog | None = None
        self.reported.connect(self.show_report, Qt.ConnectionType.QueuedConnection)

    def show_report(self, report: str, crash: bool = False) -> ErrorReportDialog:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_report(report)
            return self.dialog
        parent = QApplication.activeWindow()
        self.dialog = ErrorReportDialog(parent, report, self.setup, crash)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _forget(self) -> None:
        self.dialog = None


def install(setup: applog.LogSetup) -> ErrorReporter:
    """Route uncaught exceptions to the error dialog; show a crash left by the last run."""
    reporter = ErrorReporter(setup, QGuiApplication.instance())
    applog.install_excepthook(reporter.reported.emit)
    if setup.previous_crash:
        reporter.show_report(setup.previous_crash, crash=True)
    return reporter
