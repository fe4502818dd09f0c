"""Static resources: the icon files and the stylesheet."""

from __future__ import annotations

import pytest

from wuwei_desktop.resources import icon_path, stylesheet_path

pytestmark = pytest.mark.gui


def test_icons_exist_in_all_windows_sizes():
    from PIL import Image

    with Image.open(icon_path("png")) as png:
        assert png.size == (256, 256)
    with Image.open(icon_path("ico")) as ico:
        sizes = ico.info["sizes"]
    assert {(n, n) for n in (16, 24, 32, 48, 64, 128, 256)} <= set(sizes)


def test_icon_loads_in_qt(qapp):
    from PySide6.QtGui import QIcon

    icon = QIcon(str(icon_path("png")))
    assert not icon.isNull()
    assert not icon.pixmap(32, 32).isNull()


def _stylesheet_warnings(qapp, qss: str) -> list[str]:
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QLineEdit, QTabWidget, QTreeWidget, QWidget

    messages: list[str] = []
    previous = qInstallMessageHandler(lambda _mode, _ctx, msg: messages.append(msg))
    try:
        qapp.setStyleSheet(qss)
        window = QWidget()
        for cls in (QLineEdit, QTreeWidget, QTabWidget):
            cls(window)
        window.ensurePolished()
        for child in window.findChildren(QWidget):
            child.ensurePolished()
        qapp.processEvents()
    finally:
        qapp.setStyleSheet("")
        qInstallMessageHandler(previous)
    return [m for m in messages if "style" in m.lower()]


def test_stylesheet_parses(qapp):
    qss = stylesheet_path().read_text(encoding="utf-8")
    assert "#searchBox" in qss
    assert _stylesheet_warnings(qapp, qss) == []
    # The check itself works: a broken sheet is reported.
    assert _stylesheet_warnings(qapp, "QWidget { color: red; ") != []
