"""Which pages a print job sends, its name, and the real print dialog's page range and
black and white when printing to a file (no print system needed)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageRanges
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QComboBox, QDialog, QRadioButton, QSpinBox

from tests.gui.pdf_colours import hues
from wuwei_desktop.extract import ExtractItem
from wuwei_desktop.gui.print_job import PrintFailed, selected_pages

pytestmark = pytest.mark.gui

Range = QPrinter.PrintRange


def printer_with(print_range, first=0, last=0, reverse=False, ranges="") -> QPrinter:
    printer = QPrinter()
    printer.setPrintRange(print_range)
    printer.setFromTo(first, last)
    if ranges:
        printer.setPageRanges(QPageRanges.fromString(ranges))
    if reverse:
        printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    return printer


def test_the_pages_the_dialog_asked_for(qapp):
    assert selected_pages(printer_with(Range.AllPages), 4) == [0, 1, 2, 3]
    assert selected_pages(printer_with(Range.PageRange, 2, 3), 11) == [1, 2]
    assert selected_pages(printer_with(Range.PageRange, 9, 99), 11) == [8, 9, 10]
    assert selected_pages(printer_with(Range.CurrentPage), 11, current=5) == [4]
    assert selected_pages(printer_with(Range.PageRange, ranges="1,3-4,10-12"), 11) == [
        0,
        2,
        3,
        9,
        10,
    ]
    assert selected_pages(printer_with(Range.PageRange, 2, 4, reverse=True), 11) == [3, 2, 1]
    with pytest.raises(PrintFailed, match="所选的页码不在摘录之内：摘录共 11 页"):
        selected_pages(printer_with(Range.PageRange, 12, 13), 11)


def test_the_job_is_named_after_what_is_printed(qtbot, main_window):
    printing = main_window.printing
    main_window.add_to_print_list(ExtractItem("node", "yearbook-2024/市情概览"))
    one = printing.printer(printing._extract())
    assert one.docName() == "《武威年鉴（2024）》摘录：市情概览"
    main_window.add_to_print_list(ExtractItem("node", "表16"))
    several = printing.printer(printing._extract())
    assert several.docName() == "《武威年鉴（2024）》摘录：市情概览等 2 项"


def to_file(pages=None, grayscale=False, seen=None):
    """Drive the real dialog: print to the file already chosen, with these settings."""

    def step(dialog: QPrintDialog) -> bool:
        dialog.show()
        find = dialog.findChild
        printers = find(QComboBox, "printers")
        assert printers.currentIndex() == printers.count() - 1  # 打印到文件 (PDF)
        first, last = find(QSpinBox, "from"), find(QSpinBox, "to")
        if seen is not None:
            seen["range"] = (first.minimum(), first.maximum(), first.value(), last.value())
        if pages:
            find(QRadioButton, "printRange").setChecked(True)
            first.setValue(pages[0])
            last.setValue(pages[1])
        if grayscale:
            find(QRadioButton, "grayscale").setChecked(True)
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    return step


def test_the_dialogs_range_and_black_and_white_reach_the_printed_file(qtbot, main_window, tmp_path):
    window = main_window
    window.add_to_print_list(ExtractItem("node", "表16"))
    window.add_to_print_list(ExtractItem("chart", "表16"))
    printed = {}
    for grey in (False, True):
        out = tmp_path / f"打印{grey}.pdf"
        printer = window.printing.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        seen: dict = {}
        window.printing.ask_print_dialog = to_file(pages=(2, 2), grayscale=grey, seen=seen)
        assert window.printing.print_items(printer, ask=True) == 1
        assert seen["range"] == (1, 2, 1, 2)  # the chart follows the table: 2 pages
        assert window.statusBar().currentMessage() == f"已打印到文件 {out}，共 1 页"
        (printed[grey],) = PdfReader(str(out)).pages
    for page in printed.values():
        text = re.sub(r"\s+", "", page.extract_text())
        assert text.endswith("第2页/共2页") and "2023年各县区常住人口" in text
        assert not page.images  # the chart is drawn as vectors, not as a picture
    assert hues(printed[False]) == {(0.23, 0.43, 0.65)}  # the bars' blue (#3A6EA5)
    assert hues(printed[True]) == set()  # grey levels and patterns only
