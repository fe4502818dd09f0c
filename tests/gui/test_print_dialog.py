"""打印, 打印预览, 导出PDF through the 打印清单 dialog, and tables in the reader, driven as
a user would in the real window (no real file or printer dialogs: the path is injected)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QTextCursor
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from tests.gui.test_main_window import LOCATION, NATURE, click_tree_node
from tests.gui.test_main_window_panels import click_item, hit_items
from wuwei_desktop.extract import ExtractItem
from wuwei_desktop.gui import print_controller

pytestmark = pytest.mark.gui

TABLE11 = "yearbook-2024/附录/统计资料/表11"


def click(qtbot, dialog, key: str) -> None:
    button = dialog.buttons[key]
    assert button.isEnabled(), key
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def select_rows(dialog, *rows: int) -> None:
    dialog.list.clearSelection()
    for row in rows:
        dialog.list.item(row).setSelected(True)


def pdf_text(path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(path)).pages))


def test_print_actions_are_enabled_and_open_the_list_with_the_open_node(qtbot, main_window):
    window = main_window
    for action in (window.act_print, window.act_print_preview, window.act_export_pdf):
        assert action.isEnabled()
        assert "后续版本" not in action.toolTip()
    click_tree_node(qtbot, window, LOCATION)
    window.act_export_pdf.trigger()
    dialog = window.printing.dialog
    assert dialog.isVisible()
    assert dialog.items() == [ExtractItem("node", LOCATION)]
    assert dialog.labels() == ["地理位置　市情概览 › 自然地理 · 第54页"]
    assert dialog.buttons["export"].isDefault()
    assert not dialog.empty_label.isVisible()


def test_add_from_tree_search_and_bookmarks_then_reorder_and_remove(qtbot, main_window):
    window = main_window
    click_tree_node(qtbot, window, LOCATION)
    window.add_bookmark()
    dialog = window.show_print_list()
    # the tree's context menu: 加入打印清单 on a whole subcategory
    menu = window.tree_panel.context_menu(window.tree_panel.index_of(NATURE))
    assert [a.text() for a in menu.actions()] == ["打开", "加入打印清单"]
    menu.actions()[1].trigger()
    # a search result the user selected
    window.run_search("民勤")
    window.search_pane.wait_for_results()
    hit = hit_items(window.search_pane)[0]
    click_item(qtbot, window.search_pane.results, hit)
    hit_node = hit.data(0, 3 + Qt.ItemDataRole.UserRole)
    click(qtbot, dialog, "add_search")
    click(qtbot, dialog, "add_bookmarks")  # 地理位置 is already there: not twice
    assert [i.id for i in dialog.items()] == [LOCATION, NATURE, hit_node]
    assert "已在打印清单中" in window.statusBar().currentMessage()

    select_rows(dialog, 2)
    click(qtbot, dialog, "up")
    click(qtbot, dialog, "up")
    assert [i.id for i in dialog.items()] == [hit_node, LOCATION, NATURE]
    assert [dialog.list.row(i) for i in dialog.list.selectedItems()] == [0]
    assert not dialog.buttons["up"].isEnabled() or dialog.list.currentRow() == 0
    click(qtbot, dialog, "down")
    assert [i.id for i in dialog.items()] == [LOCATION, hit_node, NATURE]
    select_rows(dialog, 0)
    click(qtbot, dialog, "remove")
    assert [i.id for i in dialog.items()] == [hit_node, NATURE]
    click(qtbot, dialog, "clear")
    assert dialog.items() == [] and dialog.empty_label.isVisible()
    assert not dialog.buttons["export"].isEnabled()


def test_export_writes_the_list_in_its_order_and_says_where(qtbot, main_window, tmp_path):
    window = main_window
    click_tree_node(qtbot, window, LOCATION)
    dialog = window.show_print_list("export")
    window.add_to_print_list(ExtractItem("node", TABLE11))
    out = tmp_path / "摘录.pdf"
    asked = []
    window.printing.ask_save_path = lambda name: asked.append(name) or out
    click(qtbot, dialog, "export")
    assert asked == ["打印清单.pdf"]
    pages = len(PdfReader(str(out)).pages)
    assert window.statusBar().currentMessage() == f"已导出 {out}，共 {pages} 页"
    text = pdf_text(out)
    assert text.index("目录") < text.index("武威市地处甘肃省中部") < text.index("708.08")
    assert window.printing.progress is None  # the progress dialog is gone


def test_cancelling_the_progress_dialog_leaves_no_file(qtbot, main_window, tmp_path, monkeypatch):
    window = main_window
    monkeypatch.setattr(print_controller, "PROGRESS_DELAY_MS", 0)
    window.add_to_print_list(ExtractItem("node", "yearbook-2024/附录"))
    out = tmp_path / "附录.pdf"
    window.printing.ask_save_path = lambda _name: out
    seen = []

    def press_cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        visible = [d for d in dialogs if d.isVisible()]
        if not visible:
            QTimer.singleShot(5, press_cancel)
            return
        seen.append(visible[0].labelText())
        button = visible[0].findChild(QPushButton)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press_cancel)
    assert window.printing.export_pdf() is None
    assert seen == ["正在排版并导出 PDF…"]
    assert window.statusBar().currentMessage() == "已取消"
    assert [p.name for p in tmp_path.iterdir() if p.name != "user-home"] == []


def test_an_unwritable_path_is_reported_in_the_status_bar(qtbot, main_window, tmp_path):
    window = main_window
    window.add_to_print_list(ExtractItem("node", TABLE11))
    assert window.printing.export_pdf(tmp_path / "无此文件夹" / "x.pdf") is None
    assert "无法写入" in window.statusBar().currentMessage()


def test_preview_and_print_paint_the_same_pages(qtbot, main_window, tmp_path):
    window = main_window
    window.add_to_print_list(ExtractItem("node", NATURE))
    window.add_to_print_list(ExtractItem("node", TABLE11))
    preview = window.printing.preview_dialog()
    qtbot.addWidget(preview)
    widget = preview.findChild(QPrintPreviewWidget)
    widget.updatePreview()
    printer = window.printing.printer()  # A4 and margins as for the PDF
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    pages = window.printing.print_items(printer)
    assert pages == widget.pageCount() == len(PdfReader(str(out)).pages) >= 3
    assert window.statusBar().currentMessage() == f"已打印到文件 {out}，共 {pages} 页"
    text = pdf_text(out)
    assert "武威年鉴（2024）·市情概览" in text and "第1页/共" in text


def test_a_table_node_reads_as_a_table_with_a_link_to_the_statistics(qtbot, main_window):
    window = main_window
    assert window.open_node(TABLE11)
    doc = window.reader.document()
    cursor = window.reader.find_text("708.08")
    assert not cursor.isNull()
    table = cursor.currentTable()
    assert table is not None
    assert (table.rows(), table.columns()) == (8, 5)  # header + 7 rows; label + 4 columns
    assert table.format().headerRowCount() == 1
    cell = table.cellAt(0, 2)
    assert QTextCursor(cell.firstCursorPosition()).block().text() == "2023年"
    assert "在统计视图中查看 / 作图" in doc.toPlainText()
    with qtbot.waitSignal(window.reader.table_link_activated) as signal:
        window.reader.anchorClicked.emit(QUrl("table:0"))
    assert signal.args == [TABLE11]


def test_the_stats_view_adds_a_table_and_the_chart_as_shown_to_the_print_list(qtbot, main_window):
    from tests.gui.test_stats_view import click_table, show_stats

    window = main_window
    view = show_stats(qtbot, window)
    click_table(qtbot, view, TABLE11)
    view.chart_option("row:1")  # the user picked 第一产业增加值's row
    qtbot.mouseClick(view.table_panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.chart.print_button, Qt.MouseButton.LeftButton)
    dialog = window.printing.dialog
    assert dialog.items() == [
        ExtractItem("node", TABLE11),
        ExtractItem("chart", TABLE11, "row:1"),
    ]
    assert dialog.labels()[1] == "图表：2023年武威市地区生产总值一览表"
    assert "已加入打印清单" in window.statusBar().currentMessage()


def test_nodes_ticked_in_the_tree_go_to_the_print_list_in_book_order(qtbot, main_window):
    window = main_window
    tree = window.tree_panel
    assert not tree.print_checked_button.isVisible()
    qtbot.mouseClick(tree.check_button, Qt.MouseButton.LeftButton)
    assert tree.check_button.isChecked() and tree.print_checked_button.isVisible()
    index = tree.index_of(TABLE11)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    # ticked as the view does it: through the proxy model, in any order
    tree.view.model().setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    tree.set_checked(LOCATION)  # under 自然地理, ticked next: printed with it, not twice
    tree.set_checked(NATURE)
    assert tree.index_of(NATURE).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert tree.print_checked_button.text() == "把勾选的 2 项加入打印清单"
    qtbot.mouseClick(tree.print_checked_button, Qt.MouseButton.LeftButton)
    dialog = window.printing.dialog
    assert dialog.isVisible()
    assert dialog.items() == [ExtractItem("node", NATURE), ExtractItem("node", TABLE11)]
    assert not tree.check_button.isChecked() and not tree.print_checked_button.isVisible()
    assert tree.index_of(NATURE).data(Qt.ItemDataRole.CheckStateRole) is None
