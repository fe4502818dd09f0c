"""帮助 › 关于: version, the archive's date in local time, the bundled licences."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from PySide6.QtWidgets import QLabel

from wuwei_desktop import __version__
from wuwei_desktop.gui.about_dialog import local_time
from wuwei_desktop.gui.forms import form_child

pytestmark = pytest.mark.gui


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="time.tzset 只在 Unix 上有")
def test_local_time_is_the_local_date_not_the_utc_stamp(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert local_time("2026-12-01T17:30:00+00:00") == "2026年12月2日 01:30"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert local_time("不是时间") == "不是时间"


def test_about_dialog_shows_version_archive_and_licences(qtbot, main_window) -> None:
    dialog = main_window.show_about()
    qtbot.addWidget(dialog)
    assert form_child(dialog.form, QLabel, "titleLabel").text() == f"武威档案 {__version__}"
    info = dialog.info.toPlainText()
    built = datetime.fromisoformat(main_window.archive.meta()["built_at"]).astimezone()
    assert f"档案数据库生成于：{built.year}年{built.month}月{built.day}日" in info
    assert "武威年鉴（2024）" in info
    assert "日志文件夹：" in info and "logs" in info
    assert dialog.licence_list.count() == 0  # read when the tab is first opened
    dialog.tabs.setCurrentWidget(dialog.form.findChild(type(dialog.tabs.widget(1)), "licencesTab"))
    names = [dialog.licence_list.item(i).text() for i in range(dialog.licence_list.count())]
    assert any(name.startswith("PySide6") and "LGPL-3.0" in name for name in names)
    assert any(name.startswith("numpy ") for name in names)
    assert "从源代码运行" in form_child(dialog.form, QLabel, "licencesLabel").text()
    row = next(i for i, name in enumerate(names) if name.startswith("PySide6"))
    dialog.licence_list.setCurrentRow(row)
    text = dialog.licence_text.toPlainText()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "download.qt.io" in text
