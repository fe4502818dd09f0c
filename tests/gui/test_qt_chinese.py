"""Qt's own file dialog, where no native one is used, speaks Chinese throughout."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.gui


def test_qts_file_dialog_labels_are_chinese(qtbot, qapp):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

    from wuwei_desktop.gui.app import create_app

    create_app([])
    dialog = QFileDialog(None, "导出PDF", "", "PDF 文件 (*.pdf)")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton)]
    texts = [t for t in texts if t]
    assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts
    for text in texts:  # no English word left (mnemonics like (&N) aside)
        assert not re.search(r"[A-Za-z]{2,}", re.sub(r"\(&\w\)", "", text)), text
    assert QCoreApplication.translate("QAbstractFileIconProvider", "Folder") == "文件夹"
    assert QCoreApplication.translate("QFileDialog", "Save As") == "另存为"  # Qt's own, kept
