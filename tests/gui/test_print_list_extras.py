"""The 打印清单's options and what follows an export, as a user meets them in the real
window: 每项另起一页 (remembered), 打印检索结果 from the search pane, 打开文件 /
打开所在文件夹 after 导出PDF, and the folder a first PDF is saved in."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QStandardPaths, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from tests.gui.test_main_window import type_chinese
from tests.gui.test_main_window_panels import hit_items
from wuwei_desktop.extract import ExtractItem
from wuwei_desktop.gui.print_dialog import PAGE_PER_ITEM_KEY

pytestmark = pytest.mark.gui

SHORT = [ExtractItem("node", "表16"), ExtractItem("node", "表11"), ExtractItem("chart", "表11")]


def pdf_pages(path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(str(path)).pages]


def test_short_items_share_pages_unless_page_per_item_is_ticked_and_it_is_kept(
    qtbot, main_window, tmp_path
):
    window = main_window
    for item in SHORT:
        window.add_to_print_list(item)
    dialog = window.show_print_list("export")
    box = dialog.page_per_item
    assert box.text() == "每项另起一页" and not box.isChecked()
    together = window.printing.export_pdf(tmp_path / "紧接.pdf")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() and window.settings.value(PAGE_PER_ITEM_KEY, type=bool)
    apart = window.printing.export_pdf(tmp_path / "分页.pdf")
    assert together == 2 and apart == 4  # contents, two tables and a chart
    first, second = pdf_pages(tmp_path / "紧接.pdf")
    assert first.index("目录") < first.index("全市142.73")  # contents, then 表16
    assert second.index("生产总值亿元708.08") < second.index("2023年生产总值构成")
    # a new window (the next start) opens the list with the box as the user left it
    window.printing.dialog.close()
    from wuwei_desktop.gui.print_dialog import PrintListDialog

    again = PrintListDialog(str, None, window.settings)
    qtbot.addWidget(again)
    assert again.page_per_item.isChecked()


def test_after_export_the_file_and_its_folder_can_be_opened(
    qtbot, main_window, tmp_path, monkeypatch
):
    window = main_window
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.add_to_print_list(ExtractItem("node", "表16"))
    notice = window.printing.notice
    assert not notice.isVisible()
    out = tmp_path / "表16.pdf"
    assert window.printing.export_pdf(out) == 1
    assert notice.isVisible()
    assert notice.open_file.text() == "打开文件" and notice.open_folder.text() == "打开所在文件夹"
    qtbot.mouseClick(notice.open_file, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(notice.open_folder, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(out), str(tmp_path)]
    qtbot.mouseClick(notice.dismiss, Qt.MouseButton.LeftButton)
    assert not notice.isVisible()


def test_the_first_pdf_goes_to_documents_then_to_the_folder_last_used(
    qtbot, main_window, tmp_path, monkeypatch
):
    window = main_window
    window.add_to_print_list(ExtractItem("node", "表16"))
    offered = []
    chosen = tmp_path / "会议材料" / "人口.pdf"
    chosen.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda _parent, _title, start, _filter: offered.append(start) or (str(chosen), ""),
    )
    window.printing.export_pdf()
    window.printing.export_pdf()
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert documents and offered[0].startswith(documents)
    assert offered[1].startswith(str(chosen.parent))
    assert chosen.is_file()


def test_search_results_print_as_a_list_with_path_page_and_snippet(qtbot, main_window, tmp_path):
    window = main_window
    pane = window.search_pane
    window.tabs.setCurrentWidget(pane)
    assert not pane.print_button.isEnabled()
    type_chinese(qtbot, pane.search_box, "防沙治沙")
    qtbot.waitUntil(lambda: len(hit_items(pane)) > 0 and pane.print_button.isEnabled())
    assert pane.print_button.text() == "打印检索结果"
    qtbot.mouseClick(pane.print_button, Qt.MouseButton.LeftButton)
    dialog = window.printing.dialog
    assert dialog.isVisible()
    assert ExtractItem("search", "防沙治沙", None) in dialog.items()
    assert "检索结果：“防沙治沙”" in dialog.labels()
    for item in list(dialog.items()):  # only the results
        if item.kind != "search":
            dialog.list.takeItem(dialog.items().index(item))
    out = tmp_path / "检索.pdf"
    window.printing.export_pdf(out)
    text = "".join(pdf_pages(out))
    results = window.archive.search("防沙治沙", limit=200)
    assert f"共{results.total}条结果" in text
    first = results.hits[0]
    assert f"1．{first.title}" in text
    assert f"第{first.page}页" in text
    assert re.sub(r"[«»\s]", "", first.snippet)[:20] in text
