"""The window with two editions: the same 条目 linked in the reader, 表N per edition."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from tests.core.editions_helpers import NEW_ID, two_yearbooks
from wuwei_desktop.db.build import build_archive

OLD_NODE = "yearbook-2024/市情概览/自然地理/气候"
NEW_NODE = f"{NEW_ID}/市情概览/自然地理/气候"


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("editions-window")
    sources = two_yearbooks(folder)
    out = folder / "wuwei.db"
    build_archive(sources, out)
    return out, sources


@pytest.fixture()
def window(qtbot, qsettings, two_editions):
    from wuwei_desktop.gui.app import create_app
    from wuwei_desktop.gui.main_window import MainWindow

    create_app([])
    shown = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    shown.load_archive(*two_editions)
    yield shown
    if shown.archive is not None:
        shown.archive.close()


def test_the_reader_links_the_same_entry_of_the_other_edition(qtbot, window, tmp_path) -> None:
    assert window.open_node(OLD_NODE)
    text = window.reader.document().toPlainText()
    assert "其他年份的同一条目" in text and "《武威年鉴（2025）》气候" in text
    window.grab().save(str(tmp_path / "same-entry.png"))
    k = window.reader._rendered.links.index(NEW_NODE)
    window.reader.anchorClicked.emit(QUrl(f"node:{k}"))
    qtbot.waitUntil(lambda: window.current_node_id() == NEW_NODE)
    back = window.reader.document().toPlainText()
    assert "《武威年鉴（2024）》气候" in back and "《武威年鉴（2025）》" not in back


def test_table_numbers_open_per_edition_in_the_statistics_view(window) -> None:
    assert window.open_table("表11")
    assert window.stats_view.table_id == f"{NEW_ID}/附录/统计资料/表11"
    assert window.open_table("yearbook-2024:表11")
    assert window.stats_view.table_id == "yearbook-2024/附录/统计资料/表11"
    assert window.stats_view.table_panel.title_label.text().startswith("表11　2023年")


def test_the_index_panel_shows_one_book_at_a_time(qtbot, window) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from wuwei_desktop.gui.index_panel import ROLE_NODE

    panel = window.index_panel
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.loaded)
    box = panel.book_box
    assert box.isVisible()
    assert [box.itemText(i) for i in range(box.count())] == ["武威年鉴（2025）", "武威年鉴（2024）"]

    def books() -> set[str]:
        nodes = set()
        for letter in panel._letter_items.values():
            for i in range(letter.childCount()):
                node = letter.child(i).data(0, ROLE_NODE)
                if node:
                    nodes.add(node.split("/")[0])
        return nodes

    assert books() == {NEW_ID}
    newest_count = panel.count_label.text()
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Down)  # the user picks the 2024 book
    qtbot.waitUntil(lambda: books() == {"yearbook-2024"})
    assert panel.count_label.text() == newest_count  # the same index, one year earlier
