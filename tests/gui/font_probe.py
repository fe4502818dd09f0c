"""Run alone (``python -m tests.gui.font_probe``) with system fonts hidden from
fontconfig: render each Chinese character of a sample before and after the bundled font
is installed, compare each glyph with the box Qt draws for a character no font has, and
print the findings as JSON. ``tests/gui/test_fonts.py`` runs it in a child process,
because fontconfig reads ``FONTCONFIG_FILE`` only once, when Qt starts."""

from __future__ import annotations

import json
import os
import sys

NO_GLYPH = "\U0010fffd"  # a private-use code point no font draws: Qt's box


def main(sample: str) -> dict:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication, QLabel

    from wuwei_desktop.printing.fonts import install_app_font

    app = QApplication.instance() or QApplication([])

    def glyph(text: str) -> bytes:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        font = app.font()
        font.setPixelSize(40)
        label.setFont(font)
        label.setStyleSheet("background: white; color: black")
        label.setFixedSize(56, 56)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        image = label.grab().toImage()
        return bytes(image.constBits())

    chars = sorted({c for c in sample if "\u4e00" <= c <= "\u9fff"})
    chinese_families = [
        family
        for family in QFontDatabase.families()
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
    ]
    box = glyph(NO_GLYPH)
    boxes_before = [c for c in chars if glyph(c) == box]
    family = install_app_font(app)
    box = glyph(NO_GLYPH)
    images = {c: glyph(c) for c in chars}
    blank = glyph(" ")
    return {
        "environment": os.environ.get("FONTCONFIG_FILE", ""),
        "system_chinese_families": chinese_families,
        "family": family,
        "chars": chars,
        "boxes_before": boxes_before,
        "boxes_after": [c for c, image in images.items() if image == box],
        "blank_after": [c for c, image in images.items() if image == blank],
        "distinct_after": len(set(images.values())),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1]), ensure_ascii=False))
