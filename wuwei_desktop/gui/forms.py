"""Qt Designer forms from the top-level ``ui/`` folder, loaded when first needed.

A dialog whose layout is static is drawn in Qt Designer (``pyside6-designer ui/NAME.ui``)
and saved as ``ui/NAME.ui`` with a plain ``QWidget`` as its top level. The dialog class in
code builds itself around it by composition (as Anki does with its generated forms)::

    self.form = load_form("bookmark_note", self)
    self.note = form_child(self.form, QPlainTextEdit, "noteEdit")

``QUiLoader`` reads the file when the dialog is first opened, so start-up pays nothing.
Frozen builds ship ``ui/`` beside ``resources/`` (see build.spec).
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..resources import app_root

W = TypeVar("W", bound=QWidget)


class FormError(RuntimeError):
    """A form file is missing or unreadable, or lacks a widget the code names."""


def form_path(name: str) -> Path:
    """The Designer file ``ui/NAME.ui``."""
    return app_root() / "ui" / f"{name}.ui"


def load_form(name: str, host: QWidget) -> QWidget:
    """Load ``ui/NAME.ui`` and lay it out as the whole content of ``host``."""
    from PySide6.QtUiTools import QUiLoader  # only when a form is first opened

    path = form_path(name)
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FormError(f"界面文件缺失或无法读取：{path}")
    try:
        loader = QUiLoader()
        form = loader.load(file, host)
    finally:
        file.close()
    if form is None:
        raise FormError(f"界面文件无法载入：{path}（{loader.errorString()}）")
    layout = host.layout() or QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    host.setWindowTitle(host.windowTitle() or form.windowTitle())
    return form


def form_child(form: QWidget, kind: type[W], name: str) -> W:
    """The widget called ``name`` in ``form``; FormError when the form lacks it."""
    child = form.findChild(kind, name)
    if child is None:
        raise FormError(f"界面文件缺少 {kind.__name__} {name}")
    return child
