"""A Qt GUI application for headless printing (the CLI, the self-test)."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QGuiApplication

from .fonts import register_fonts


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication, or a new one; the bundled font is registered.

    A new application on Linux uses the ``offscreen`` platform unless
    ``QT_QPA_PLATFORM`` says otherwise: printing needs no display.
    """
    app = QGuiApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication([sys.argv[0] if sys.argv else "wuwei"])
    register_fonts()
    return app
