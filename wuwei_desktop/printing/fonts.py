"""Register the bundled Chinese font with Qt and make it the application font."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from ..resources import FONT_FAMILY, font_files

log = logging.getLogger(__name__)

_font_ids: list[int] = []


def register_fonts() -> list[str]:
    """Add the bundled font files to Qt's font database (once); return the families."""
    families: list[str] = []
    if not _font_ids:
        for path in font_files():
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:
                log.warning("font not loaded: %s", path)
                continue
            _font_ids.append(font_id)
    for font_id in _font_ids:
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def app_font(point_size: float | None = None, bold: bool = False) -> QFont:
    """A QFont of the bundled family (use it for PDF/print painters too)."""
    font = QFont(FONT_FAMILY)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    if point_size is not None:
        font.setPointSizeF(point_size)
    if bold:
        font.setWeight(QFont.Weight.Bold)
    return font


def install_app_font(app: QGuiApplication, point_size: float | None = None) -> str:
    """Register both weights, set the application font; return the family in use.

    Call after creating the QApplication and before building windows. If the font
    files are missing, the app keeps Qt's default font and this returns its family.
    """
    families = register_fonts()
    if FONT_FAMILY not in families:
        log.warning("bundled font %r missing; using %s", FONT_FAMILY, app.font().family())
        return app.font().family()
    size = point_size if point_size is not None else max(app.font().pointSizeF(), 10.0)
    app.setFont(app_font(size))
    return FONT_FAMILY
