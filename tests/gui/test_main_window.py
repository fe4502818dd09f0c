"""The main window driven as a user would: tree, reader, status bar, history, search."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QTextCursor

from wuwei_desktop.paths import default_sources
from wuwei_desktop.render.html import DEFAULT_FONT_PX

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
LOCATION = "yearbook-2024/市情概览/自然地理/地理位置"
NATURE = "yearbook-2024/市情概览/自然地理"


def type_chinese(qtbot, widget, text: str) -> None:
    """Type as an input method does (qtbot.keyClicks aborts on Chinese)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QGuiApplication.sendEvent(widget, event)


def click_tree_node(qtbot, window, node_id: str) -> None:
    panel = window.tree_panel
    index = panel.index_of(node_id)
    assert index.isValid(), node_id
    parent = index.parent()
    while parent.isValid():
        panel.view.expand(parent)
        parent = parent.parent()
    panel.view.scrollTo(index)
    rect = panel.view.visualRect(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def status(window) -> str:
    return window.location_label.text()


def test_clicking_an_entry_in_the_tree_shows_it_with_path_and_page(qtbot, main_window):
    click_tree_node(qtbot, main_window, LOCATION)

    text = main_window.reader.plain_text()
    assert text.startswith("地理位置")
    assert "武威年鉴（2024） › 市情概览 › 自然地理" in text
    assert "第54页" in text
    assert "武威市地处甘肃省中部" in text
    assert status(main_window) == "武威年鉴（2024） › 市情概览 › 自然地理 › 地理位置 · 第54页"


def test_a_subcategory_reads_as_one_chapter_and_scrolling_moves_the_page(qtbot, main_window):
    click_tree_node(qtbot, main_window, NATURE)
    text = main_window.reader.plain_text()
    positions = [text.index(title) for title in ("地理位置", "地形地貌", "气候")]
    assert positions == sorted(positions)
    assert status(main_window).startswith("武威年鉴（2024） › 市情概览 › 自然地理")

    bar = main_window.reader.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: "第54页" not in status(main_window))
    last_page = main_window.archive.node(NATURE).page_end
    assert status(main_window).endswith(f"第{last_page}页")
    assert " › 自然地理 › " in status(main_window)  # an entry of the chapter, not the chapter


def test_the_filter_box_narrows_the_tree_as_the_user_types(qtbot, main_window):
    panel = main_window.tree_panel
    everything = len(panel.visible_titles())
    assert everything > 1000

    type_chinese(qtbot, panel.filter_edit, "民勤")
    qtbot.waitUntil(lambda: len(panel.visible_titles()) < everything)
    titles = panel.visible_titles()
    assert any("民勤" in t for t in titles)
    leaves = [
        panel.proxy.index(0, 0)  # the tree still starts with a document
    ]
    assert leaves[0].isValid()
    # every shown row matches, or leads to one that does
    assert sum("民勤" in t for t in titles) > len(titles) / 3

    type_chinese(qtbot, panel.filter_edit, "不存在的词语")
    qtbot.waitUntil(lambda: panel.visible_titles() == [])
    assert panel.empty_label.isVisible()
    assert "不存在的词语" in panel.empty_label.text()

    panel.filter_edit.clear()
    qtbot.waitUntil(lambda: len(panel.visible_titles()) == everything)


def test_back_and_forward_go_through_what_was_opened(qtbot, main_window):
    window = main_window
    assert not window.act_back.isEnabled()
    for node_id in (LOCATION, NATURE, "gov-report-2022"):
        click_tree_node(qtbot, window, node_id)
    assert window.reader.plain_text().startswith("2022年武威市政府工作报告")

    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.reader.plain_text().startswith("自然地理")
    window.act_back.trigger()
    assert window.reader.plain_text().startswith("地理位置")
    assert not window.act_back.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.reader.plain_text().startswith("自然地理")
    assert window.act_forward.isEnabled()

    click_tree_node(qtbot, window, LOCATION)  # a new visit drops the forward part
    assert not window.act_forward.isEnabled()


def test_font_size_keys_change_and_remember_the_reading_size(qtbot, main_window, qsettings):
    window = main_window
    click_tree_node(qtbot, window, LOCATION)
    height = window.reader.document().size().height()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.font_px == DEFAULT_FONT_PX + 2
    body = window.reader.find_text("武威市地处甘肃省中部").charFormat().font()
    assert body.pixelSize() == DEFAULT_FONT_PX + 2
    assert window.reader.document().size().height() > height
    assert "地理位置" in window.reader.plain_text()  # same page, larger
    assert int(qsettings.value("reader/font_px")) == DEFAULT_FONT_PX + 2

    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.font_px == DEFAULT_FONT_PX + 1
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.font_px == DEFAULT_FONT_PX


def test_settings_bring_back_the_last_node_and_font_size(qtbot, main_window, qsettings):
    from wuwei_desktop.gui.main_window import MainWindow

    click_tree_node(qtbot, main_window, LOCATION)
    main_window.set_font_px(20)
    main_window.close()

    again = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(again)
    again.show()
    again.load_archive(main_window.db_path, default_sources())
    assert again.reader.font_px == 20
    assert again.reader.plain_text().startswith("地理位置")
    assert status(again).endswith("第54页")
    again.archive.close()


def test_document_text_is_shown_as_text_never_as_markup(qtbot):
    from wuwei_desktop.api import NodeDetail, ParagraphInfo
    from wuwei_desktop.gui.reader import ReaderView
    from wuwei_desktop.render.html import render_nodes

    nasty = '<b>粗体</b> & <a href="x">链接</a> &amp; <script>'
    detail = NodeDetail(
        id="t/1",
        doc="t",
        kind="entry",
        title="<i>标题</i>",
        path=["文档 & <附录>"],
        page_start=7,
        page_end=7,
        depth=1,
        paragraphs=[
            ParagraphInfo(1, nasty, 7, "body"),
            ParagraphInfo(2, "来源：<统计局>", 7, "source"),
        ],
        children=[],
        parent=None,
    )
    rendered = render_nodes([detail])
    assert "<b>粗体" not in rendered.html
    assert "&lt;b&gt;粗体&lt;/b&gt; &amp; " in rendered.html

    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.show_rendered(rendered)
    text = reader.plain_text()
    assert nasty in text
    assert "<i>标题</i>" in text
    assert "文档 & <附录>" in text
    assert "来源：<统计局>" in text


def body_text(reader) -> str:
    """The reader's text under the page's title block (heading, path, pages)."""
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader._body_position())
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selection().toPlainText()


def test_opening_from_search_counts_the_hits_in_the_text_and_f3_steps(qtbot, main_window):
    window = main_window
    assert window.run_search("防沙治沙")
    reader = window.reader
    total = reader.hit_count()
    assert total == body_text(reader).count("防沙治沙") >= 1
    # the title block repeats the term: marked as well, but not counted
    assert reader.plain_text().count("防沙治沙") > total
    assert len(reader.extraSelections()) == reader.plain_text().count("防沙治沙")
    assert reader.current_hit() == 0
    assert window.hit_label.text() == f"第 1/{total} 处“防沙治沙”"

    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert reader.current_hit() == 1 % total
    assert window.hit_label.text() == f"第 {1 % total + 1}/{total} 处“防沙治沙”"
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert reader.current_hit() == total - 1  # wraps around
    assert "防沙治沙" in window.recent_searches()


def test_a_search_without_the_printed_space_marks_the_place_in_the_text(qtbot, main_window):
    # 王丽　戴声桥 in a photo credit (p254), searched as one word
    window = main_window
    assert window.run_search("王丽戴声桥")
    reader = window.reader
    assert reader.hit_count() == 1
    selections = reader.extraSelections()  # kept: each owns its cursor
    marked = selections[0].cursor.selectedText()
    assert marked[:2] == "王丽" and marked[3:] == "戴声桥" and marked[2].isspace()
    assert window.hit_label.text() == "第 1/1 处“王丽戴声桥”"


def test_copy_with_citation_names_the_book_and_page(qtbot, main_window):
    window = main_window
    click_tree_node(qtbot, window, LOCATION)
    reader = window.reader
    found = reader.find_text("武威市地处甘肃省中部")
    assert not found.isNull()
    reader.setTextCursor(found)
    copied = window.copy_with_citation()
    assert copied == "武威市地处甘肃省中部\n——《武威年鉴（2024）》第54页"
    assert QGuiApplication.clipboard().text() == copied


def test_about_names_version_build_date_and_documents(main_window):
    from wuwei_desktop import __version__
    from wuwei_desktop.gui.about_dialog import local_time

    about = main_window.about_text()
    built_at = main_window.archive.meta()["built_at"]  # UTC, ISO 8601
    assert built_at not in about
    assert f"档案数据库生成于：{local_time(built_at)}" in about
    assert f"版本：{__version__}" in about
    assert "武威年鉴（2024）" in about
    assert "2022年武威市政府工作报告" in about


def test_a_missing_database_opens_the_window_with_a_clear_message(qtbot, qsettings, tmp_path):
    from wuwei_desktop.gui.main_window import MainWindow

    window = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(window)
    window.show()
    window.load_archive(tmp_path / "nowhere.db", default_sources())
    assert window.isVisible()
    text = window.reader.plain_text()
    assert "找不到档案数据库" in text
    assert "重新生成" in text
    assert status(window) == "未打开档案"


def test_a_corrupt_database_says_so(qtbot, qsettings, tmp_path):
    from wuwei_desktop.gui.main_window import MainWindow

    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not sqlite" * 100)
    window = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(window)
    window.show()
    window.load_archive(broken, default_sources())
    assert "档案数据库已损坏" in window.reader.plain_text()


def test_rebuild_from_the_dialog_builds_in_the_background_then_opens(
    qtbot, qsettings, tmp_path, monkeypatch
):
    from wuwei_desktop.gui import dialogs
    from wuwei_desktop.gui.main_window import MainWindow

    asked = []
    monkeypatch.setattr(dialogs, "ask_rebuild", lambda _p, lines, can: asked.append(lines) or can)
    window = MainWindow(qsettings, modal_dialogs=True)
    qtbot.addWidget(window)
    window.show()
    db = tmp_path / "new.db"
    window.load_archive(db, default_sources())
    assert asked and "找不到档案数据库" in asked[0][0]
    qtbot.waitUntil(lambda: window.archive is not None, timeout=60000)
    assert db.is_file()
    assert window.tree_panel.node_count() > 1000
    window.archive.close()


def test_screenshot_renders_the_requested_state_and_exits(archive_path, tmp_path):
    from wuwei_desktop.paths import user_data_dir

    out = tmp_path / "shot.png"
    env = dict(__import__("os").environ)  # the test's own user folders
    user_settings = user_data_dir() / "settings.ini"
    user_settings.write_text(f"[reader]\nlast_node={NATURE}\nfont_px=22\n", encoding="utf-8")
    before = user_settings.read_bytes()
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--db",
            str(archive_path),
            "--open",
            LOCATION,
            "--screenshot",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)
    assert user_settings.read_bytes() == before  # the user's last place is untouched


def test_reader_cursor_helpers_do_not_break_on_empty_pages(qtbot):
    from wuwei_desktop.gui.reader import ReaderView
    from wuwei_desktop.render.html import render_message

    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.show_rendered(render_message("标题", ["正文"]))
    assert reader.highlight(["不存在"]) == 0
    reader.next_hit()
    reader.setTextCursor(QTextCursor(reader.document()))
    assert reader.selected_text_with_citation() == ""
