"""Dialogs of the main window: archive problems, rebuilding the archive, 关于."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressDialog,
    QPushButton,
    QStyle,
    QWidget,
)

from . import strings as S
from .forms import form_child, load_form


def problem_lines(message: str, db: Path | str, can_rebuild: bool) -> list[str]:
    """What is wrong and what to do, as the lines shown to the user."""
    from ..db.location import display_location, is_server_url

    todo = S.DLG_WHAT_TO_DO_REBUILD if can_rebuild else S.DLG_WHAT_TO_DO_NO_SOURCES
    if is_server_url(db):
        return [message, f"共享档案：{display_location(db)}", S.CHECK_SERVER]
    return [message, f"数据库文件：{db}", todo]


class ArchiveProblemDialog(QDialog):
    """What is wrong with the archive and what to do, drawn in ``ui/archive_problem.ui``;
    every text is plain (a path or an error may hold ``<``, ``&``)."""

    def __init__(self, parent: QWidget | None, lines: list[str], can_rebuild: bool) -> None:
        super().__init__(parent)
        self.form = load_form("archive_problem", self)
        self.setWindowTitle(S.DLG_TITLE)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        form_child(self.form, QLabel, "iconLabel").setPixmap(icon.pixmap(48, 48))
        texts = [*lines, "", ""]
        for name, text in zip(("messageLabel", "fileLabel", "adviceLabel"), texts, strict=False):
            form_child(self.form, QLabel, name).setText(text)
        buttons = form_child(self.form, QDialogButtonBox, "buttons")
        self.rebuild_button: QPushButton | None = None
        if can_rebuild:
            self.rebuild_button = buttons.addButton(
                S.DLG_REBUILD, QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.rebuild_button.setDefault(True)
        buttons.addButton(S.DLG_CLOSE, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.resize(self.sizeHint().expandedTo(self.form.size()))


def ask_rebuild(parent: QWidget, lines: list[str], can_rebuild: bool) -> bool:
    """The archive-problem dialog; True when the user chose 重新生成."""
    dialog = ArchiveProblemDialog(parent, lines, can_rebuild)
    return dialog.exec() == QDialog.DialogCode.Accepted and can_rebuild


class BuildWorker(QObject):
    """Builds the archive in a worker thread; reports back on the GUI thread.

    Signals:
        succeeded(object summary), failed(str message)
    """

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, sources: Path, out: Path) -> None:
        super().__init__()
        self.sources = sources
        self.out = out

    def run(self) -> None:
        from ..db.build import BuildError, build_archive
        from ..ingest.model import SourceError

        try:
            summary = build_archive(self.sources, self.out)
        except (SourceError, BuildError) as error:
            self.failed.emit(str(error))
        except Exception as error:  # the user sees a message, never a traceback
            self.failed.emit(f"{type(error).__name__}: {error}")
        else:
            self.succeeded.emit(summary)


class Rebuild(QObject):
    """Run a :class:`BuildWorker` in a thread with a busy indicator.

    Signals:
        done(bool ok, str error)
    """

    done = Signal(bool, str)

    def __init__(self, parent: QWidget, sources: Path, out: Path, show_busy: bool = True):
        super().__init__(parent)
        self.thread = QThread(self)
        self.worker = BuildWorker(sources, out)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.succeeded.connect(self._on_succeeded)
        self.worker.failed.connect(self._on_failed)
        self.busy: QProgressDialog | None = None
        if show_busy:
            self.busy = QProgressDialog(S.DLG_BUILDING, "", 0, 0, parent)
            self.busy.setCancelButton(None)
            self.busy.setWindowTitle(S.APP_NAME)
            self.busy.setWindowModality(Qt.WindowModality.WindowModal)
            self.busy.setMinimumDuration(0)

    def start(self) -> None:
        if self.busy:
            self.busy.show()
        self.thread.start()

    def _finish(self) -> None:
        self.thread.quit()
        self.thread.wait()
        if self.busy:
            self.busy.close()

    def _on_succeeded(self, _summary: object) -> None:
        self._finish()
        self.done.emit(True, "")

    def _on_failed(self, message: str) -> None:
        self._finish()
        self.done.emit(False, message)
