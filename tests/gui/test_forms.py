"""Every Designer form in ui/ loads, and every widget it names can be found."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

from wuwei_desktop.gui.forms import FormError, declared_texts, form_child, load_form
from wuwei_desktop.gui.note_dialog import NoteDialog

UI = Path(__file__).resolve().parents[2] / "ui"
FORMS = sorted(UI.glob("*.ui"))


def named_widgets(path: Path) -> list[tuple[str, str]]:
    """(class, objectName) of every widget the form file declares."""
    return [(w.get("class"), w.get("name")) for w in ET.parse(path).iter("widget")]


def test_untranslated_texts_stay_as_written_under_the_programs_translator(qapp) -> None:
    from PySide6.QtCore import QCoreApplication

    from wuwei_desktop.gui.qt_gaps import ChineseQtTranslator

    translator = ChineseQtTranslator()
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("PrintList", "每项另起一页") == "每项另起一页"
        assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    finally:
        QCoreApplication.removeTranslator(translator)


def test_the_forms_folder_holds_forms() -> None:
    assert "bookmark_note.ui" in [p.name for p in FORMS]


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.stem)
def test_every_form_loads_with_its_named_widgets(qtbot, path: Path) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    form = load_form(path.stem, host)
    declared = named_widgets(path)
    assert declared, "a form declares widgets"
    for class_name, name in declared:
        found = form if form.objectName() == name else form.findChild(QWidget, name)
        assert found is not None, name
        assert found.metaObject().className() == class_name


def test_the_compiled_forms_of_the_bundle_load_the_same_widgets_and_texts(
    qtbot, tmp_path, monkeypatch
) -> None:
    """The bundle loads the forms compiled by pyside6-uic (no QtUiTools there), with the
    program's Chinese Qt translator installed as the program installs it."""
    import sys

    from PySide6.QtCore import QCoreApplication

    from installer.compile_forms import compile_forms
    from wuwei_desktop.gui.qt_gaps import ChineseQtTranslator

    modules = compile_forms(UI, tmp_path)
    assert modules == [f"wuwei_forms.ui_{path.stem}" for path in FORMS]
    monkeypatch.syspath_prepend(str(tmp_path))
    translator = ChineseQtTranslator()
    QCoreApplication.installTranslator(translator)
    try:
        for path in FORMS:
            host = QWidget()
            qtbot.addWidget(host)
            form = load_form(path.stem, host)
            assert f"wuwei_forms.ui_{path.stem}" in sys.modules  # not read by QUiLoader
            for class_name, name in named_widgets(path):
                found = form if form.objectName() == name else form.findChild(QWidget, name)
                assert found is not None and found.metaObject().className() == class_name, name
            for name, text in declared_texts(path.stem).items():
                assert form.findChild(QWidget, name).text() == text, (path.stem, name)
    finally:
        QCoreApplication.removeTranslator(translator)
        for name in [m for m in sys.modules if m.startswith("wuwei_forms")]:
            del sys.modules[name]  # the next tests read the forms from ui/ again


def test_a_missing_form_or_widget_is_a_chinese_error(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    with pytest.raises(FormError, match="界面文件缺失"):
        load_form("没有这个表单", host)
    form = load_form("bookmark_note", host)
    with pytest.raises(FormError, match="缺少 QLabel nothere"):
        form_child(form, QLabel, "nothere")


def test_note_dialog_shows_title_as_text_and_returns_the_note(qtbot) -> None:
    dialog = NoteDialog(None, "编辑备注", "“<b>民勤</b>”的备注：", "旧备注")
    qtbot.addWidget(dialog)
    label = form_child(dialog.form, QLabel, "titleLabel")
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "“<b>民勤</b>”的备注："
    assert dialog.note_edit.toPlainText() == "旧备注"
    dialog.note_edit.setPlainText("  开会引用  \n")
    buttons = form_child(dialog.form, QDialogButtonBox, "buttons")
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.note() == "开会引用"
