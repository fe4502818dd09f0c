"""Qt's own Chinese translation (qtbase_zh_CN) with the few strings it lacks, which Qt's
file dialog shows where no native one is used ("Look in:", "Files of type:", "Folder")."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

MISSING_ZH = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
}


class ChineseQtTranslator(QTranslator):
    """qtbase_zh_CN, falling back to :data:`MISSING_ZH` for what it does not translate."""

    def translate(self, context, source, disambiguation=None, n=-1):
        """The translation, or None when there is none: Qt then shows the source text. An
        empty string would count as a translation and blank every text the program's own
        forms pass through ``QCoreApplication.translate`` (the compiled forms do)."""
        text = super().translate(context, source, disambiguation, n)
        return text or MISSING_ZH.get((context, source))
