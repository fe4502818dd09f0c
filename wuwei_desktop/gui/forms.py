"""Qt Designer forms from the top-level ``ui/`` folder, loaded when first needed.

A dialog whose layout is static is drawn in Qt Designer (``pyside6-designer ui/NAME.ui``)
and saved as ``ui/NAME.ui`` with a plain ``QWidget`` as its top level. The dialog class in
code builds itself around it by composition (as Anki does with its generated forms)::

    self.form = load_form("bookmark_note", self)
    self.note = form_child(self.form, QPlainTextEdit, "noteEdit")

``QUiLoader`` reads the file when the dialog is first opened, so start-up pays nothing.
The bundle carries the forms compiled by pyside6-uic instead (the package
``wuwei_forms``, made by installer/compile_forms.py at bundle time), so the frozen
program needs no QtUiTools; ``ui/`` ships beside ``resources/`` as the list of forms.
"""

from __future__ import annotations

import importlib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..resources import app_root

W = TypeVar("W", bound=QWidget)
COMPILED_PACKAGE = "wuwei_forms"
"""The forms compiled by pyside6-uic (installer/compile_forms.py), in the bundle only."""


class FormError(RuntimeError):
    """A form file is missing or unreadable, or lacks a widget the code names."""


def form_path(name: str) -> Path:
    """The Designer file ``ui/NAME.ui``."""
    return app_root() / "ui" / f"{name}.ui"


def declared_texts(name: str) -> dict[str, str]:
    """objectName → the text ``ui/NAME.ui`` gives a widget (labels, buttons, check boxes):
    what a loaded form must show (the self-test and the tests compare)."""
    texts = {}
    for widget in ET.parse(form_path(name)).iter("widget"):
        text = widget.find("./property[@name='text']/string")
        if text is not None and text.text:
            texts[widget.get("name")] = text.text
    return texts


def load_form(name: str, host: QWidget) -> QWidget:
    """Load ``ui/NAME.ui`` (compiled in the bundle) and lay it out as the whole content
    of ``host``."""
    form = _compiled_form(name, host) or _read_form(name, host)
    layout = host.layout() or QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    host.setWindowTitle(host.windowTitle() or form.windowTitle())
    return form


def _compiled_form(name: str, host: QWidget) -> QWidget | None:
    """The form built by its compiled module; None where there is none (from source)."""
    try:
        module = importlib.import_module(f"{COMPILED_PACKAGE}.ui_{name}")
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith(COMPILED_PACKAGE):
            raise
        return None
    builder = next(value for key, value in vars(module).items() if key.startswith("Ui_"))
    form = QWidget(host)
    builder().setupUi(form)
    return form


def _read_form(name: str, host: QWidget) -> QWidget:
    """The form read from ``ui/NAME.ui`` by QUiLoader."""
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
    return form


def form_child(form: QWidget, kind: type[W], name: str) -> W:
    """The widget called ``name`` in ``form``; FormError when the form lacks it."""
    child = form.findChild(kind, name)
    if child is None:
        raise FormError(f"界面文件缺少 {kind.__name__} {name}")
    return child
