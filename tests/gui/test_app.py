"""The application object: Qt's own dialogs in Chinese; the rebuild action needs sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from wuwei_desktop.paths import default_sources

pytestmark = pytest.mark.gui


def test_qt_standard_buttons_are_chinese(qapp) -> None:
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from wuwei_desktop.gui.app import create_app

    create_app([])
    create_app([])  # tests (and the self-test) call it again: one translator, not two
    assert len(qapp.findChildren(QTranslator)) == 1
    Button = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(Button.Ok | Button.Cancel | Button.Save)
    assert box.button(Button.Cancel).text() == "取消"
    assert box.button(Button.Ok).text() == "确定"
    assert box.button(Button.Save).text() == "保存"
    message = QMessageBox(QMessageBox.Icon.Question, "武威档案", "继续？")
    message.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    texts = {b.text().replace("&", "") for b in message.buttons()}
    assert texts == {"是(Y)", "否(N)"}


def test_rebuild_is_offered_only_where_the_sources_are(
    qtbot, qsettings, archive_path: Path, tmp_path
):
    from wuwei_desktop.gui.app import create_app
    from wuwei_desktop.gui.main_window import MainWindow

    create_app([])
    window = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(window)
    window.load_archive(archive_path, tmp_path / "installed" / "data" / "sources")
    assert window.archive is not None and window.problem is None
    assert not window.act_rebuild.isEnabled()  # an installed copy: nothing to rebuild from
    window.load_archive(archive_path, default_sources())
    assert window.act_rebuild.isEnabled()
    window.archive.close()
