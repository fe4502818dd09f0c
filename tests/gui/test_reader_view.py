"""The reader on its own: zoom scales the headings with the text."""

from __future__ import annotations

import pytest

from wuwei_desktop.render.html import HEADING_SCALE, render_nodes

pytestmark = pytest.mark.gui

NATURE = "yearbook-2024/市情概览/自然地理"


def sizes_by_heading_level(reader) -> dict[int, set[int]]:
    """Pixel sizes of the characters of every block, by heading level (0: text)."""
    sizes: dict[int, set[int]] = {}
    block = reader.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            font = it.fragment().charFormat().font()
            px = font.pixelSize() if font.pixelSize() > 0 else round(font.pointSizeF() * 96 / 72)
            sizes.setdefault(block.blockFormat().headingLevel(), set()).add(px)
            it += 1
        block = block.next()
    return sizes


@pytest.mark.parametrize("px", [12, 17, 24, 34])
def test_headings_grow_with_the_reading_size(qtbot, archive, px):
    from wuwei_desktop.gui.reader import ReaderView

    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.show_rendered(render_nodes(archive.chapter(NATURE), 17))
    reader.set_font_px(px)
    sizes = sizes_by_heading_level(reader)
    assert max(sizes[0]) == px  # the body text
    for level in (1, 2):
        assert sizes[level] == {round(px * HEADING_SCALE[level])}
        assert min(sizes[level]) > px


def select_text(reader, text: str) -> None:
    from PySide6.QtGui import QTextCursor

    cursor = reader.find_text(text)
    assert not cursor.isNull(), text
    reader.setTextCursor(QTextCursor(cursor))


def menu_texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_the_reader_menu_offers_copy_cite_bookmark_print_find_and_search(qtbot, main_window):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QGuiApplication

    window = main_window
    window.open_node(NATURE)
    select_text(window.reader, "河西走廊东端")
    menu = window.reader_menu(QPoint(200, 10))
    assert menu_texts(menu) == [
        "复制",
        "复制并附出处",
        "加入书签…",
        "加入打印清单",
        "在本条中查找…",
        "检索选中文字",
    ]
    assert all(a.isEnabled() for a in menu.actions())
    window.act_copy_cited.trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied == "河西走廊东端\n——《武威年鉴（2024）》第54页"

    window.act_search_selection.trigger()
    assert window.tabs.currentWidget() is window.search_pane
    assert window.search_pane.query == "河西走廊东端"

    # 加入打印清单 adds the entry under the mouse, not only the chapter
    window.reader.scroll_to(0)
    y = window.reader.cursorRect(window.reader.find_text("地形地貌")).center().y()
    window.reader_menu(QPoint(100, y))
    added = []
    window._on_print_requested = added.append
    window.act_add_node_to_print.trigger()
    assert added == [f"{NATURE}/地形地貌"]

    window.reader.setTextCursor(window.reader.textCursor())
    cursor = window.reader.textCursor()
    cursor.clearSelection()
    window.reader.setTextCursor(cursor)
    menu = window.reader_menu(QPoint(200, 10))
    enabled = {a.text(): a.isEnabled() for a in menu.actions() if not a.isSeparator()}
    assert not enabled["复制"] and not enabled["检索选中文字"] and enabled["在本条中查找…"]


def test_the_find_bar_counts_steps_and_closes_with_esc(qtbot, main_window):
    from PySide6.QtCore import Qt

    window = main_window
    window.open_node(NATURE)
    reader, bar = window.reader, window.find_bar
    assert not bar.isVisible()
    reader.setFocus()  # the user clicked into the text
    qtbot.waitUntil(reader.hasFocus)
    qtbot.keyClick(reader, Qt.Key.Key_Slash)  # "/" as in a browser
    assert bar.isVisible()
    qtbot.waitUntil(lambda: bar.edit.hasFocus())
    type_text(bar.edit, "海拔")
    total = reader.plain_text().count("海拔")
    assert total >= 3 and reader.hit_count() == total
    assert bar.count_label.text() == f"第 1/{total} 处"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count_label.text() == f"第 2/{total} 处"
    qtbot.mouseClick(bar.prev_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.prev_button, Qt.MouseButton.LeftButton)
    assert bar.count_label.text() == f"第 {total}/{total} 处"  # wraps around
    window.open_node(f"{NATURE}/气候")  # another page: the bar finds there too
    assert bar.isVisible()
    climate = reader.plain_text()
    assert reader.hit_count() == climate.count("海拔")
    assert bar.count_label.text() == (
        f"第 1/{reader.hit_count()} 处" if "海拔" in climate else "没有找到"
    )
    window.open_node(NATURE)
    type_text(bar.edit, "企鹅", replace=True)
    assert bar.count_label.text() == "没有找到"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert reader.hit_count() == 0 and reader.extraSelections() == []
    # Ctrl+F is still 检索; Ctrl+Shift+F opens the bar again, with the selection
    select_text(reader, "河西走廊")
    qtbot.keyClick(
        reader,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert bar.isVisible() and bar.edit.text() == "河西走廊"
    assert reader.hit_count() == reader.plain_text().count("河西走廊")
    qtbot.keyClick(window.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.search_pane


def type_text(edit, text: str, replace: bool = False) -> None:
    from PySide6.QtGui import QGuiApplication, QInputMethodEvent

    if replace:
        edit.clear()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QGuiApplication.sendEvent(edit, event)


def test_every_toolbar_action_has_an_icon_of_the_set(qtbot, main_window):
    from wuwei_desktop.gui.icons import icon, icon_names

    ours = {icon(name).cacheKey(): name for name in icon_names()}
    actions = [a for a in main_window.toolbar.actions() if not a.isSeparator()]
    assert len(actions) >= 9
    names = []
    for action in actions:
        assert action.icon().cacheKey() in ours, action.text()
        names.append(ours[action.icon().cacheKey()])
        assert not action.icon().pixmap(48, 48).isNull()
    assert len(set(names)) == len(names)  # one icon per action
