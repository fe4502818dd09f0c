"""Printing through a real print system: the window's own 打印 path (the real QPrintDialog,
driven through ``ask_print_dialog``) against test-only CUPS queues, and what reached them.

The session fixture installs ``cups`` and ``printer-driver-cups-pdf`` where they are
missing (root on Debian), starts the scheduler if needed and adds ``wuwei-test-*``
queues writing into a temporary folder; everything is removed afterwards. Where no print
system can be started, these tests are skipped with the reason.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from tests.gui.cups_queue import GENERIC_PDF_PPD, PrintSystem, Unavailable, start_cups
from tests.gui.pdf_colours import hues
from wuwei_desktop.extract import ExtractItem
from wuwei_desktop.gui import print_controller
from wuwei_desktop.gui.print_controller import preview_print_action
from wuwei_desktop.printing import export_pdf

pytestmark = pytest.mark.gui

OVERVIEW = "yearbook-2024/市情概览"  # 9 pages on A4 (and on Letter, broken elsewhere)
SPECIAL = "yearbook-2024/特载"  # 34 pages
A4_POINTS = (595, 842)


@pytest.fixture(scope="session")
def cups(tmp_path_factory) -> PrintSystem:
    out = tmp_path_factory.mktemp("cups-pdf")
    out.chmod(0o777)
    try:
        system = start_cups(out)
    except Unavailable as reason:
        pytest.skip(f"没有可用的打印系统：{reason}")
    yield system
    system.close()


@pytest.fixture()
def queue(cups: PrintSystem) -> str:
    name = cups.add_queue("wuwei-test-a4")
    yield name
    cups.remove_queue(name)


def drive(
    queue: str,
    *,
    pages: tuple[int, int] | None = None,
    page_list: str = "",
    copies: int = 1,
    grayscale: bool = False,
    current: bool = False,
    seen: dict | None = None,
    before_accept=None,
):
    """An ``ask_print_dialog`` that sets the real dialog's widgets as a user would, then
    presses 打印 (accept)."""

    def step(dialog: QPrintDialog) -> bool:
        dialog.show()
        find = dialog.findChild
        printers = find(QComboBox, "printers")
        printers.setCurrentIndex(printers.findText(queue))
        assert printers.currentText() == queue
        first, last = find(QSpinBox, "from"), find(QSpinBox, "to")
        if seen is not None:
            seen.update(
                range=(first.minimum(), first.maximum(), first.value(), last.value()),
                current=not find(QRadioButton, "printCurrentPage").isHidden(),
            )
        if pages is not None:
            find(QRadioButton, "printRange").setChecked(True)
            first.setValue(pages[0])
            last.setValue(pages[1])
        if page_list:
            find(QRadioButton, "pagesRadioButton").setChecked(True)
            find(QLineEdit, "pagesLineEdit").setText(page_list)
        if current:
            find(QRadioButton, "printCurrentPage").setChecked(True)
        find(QSpinBox, "copies").setValue(copies)
        find(QCheckBox, "collate").setChecked(True)
        if grayscale:
            find(QRadioButton, "grayscale").setChecked(True)
        if before_accept is not None:
            before_accept(dialog)
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    return step


def in_properties(qtbot, dialog: QPrintDialog, change) -> None:
    """Press 属性 in the print dialog, ``change(properties)`` there, press OK."""
    done = []
    deadline = time.monotonic() + 120  # the printer's PPD can take a while on a busy machine

    def when_shown() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]
        shown = [  # the properties dialog (a child of the print dialog, which holds it too)
            w
            for w in windows
            if w is not dialog and w.isVisible() and w.findChild(QWidget, "pageSetup")
        ]
        if not shown:
            if time.monotonic() < deadline:
                QTimer.singleShot(20, when_shown)
            else:  # never hang the run: close what is open, the assert below fails
                for other in windows:
                    if other.isVisible() and other is not dialog:
                        other.reject()
            return
        try:
            change(shown[0])
            done.append(True)
        finally:
            shown[0].accept()

    QTimer.singleShot(0, when_shown)
    qtbot.mouseClick(dialog.findChild(QPushButton, "properties"), Qt.MouseButton.LeftButton)
    assert done


def footers(path: Path) -> list[str]:
    """``第2页/共8页`` of every page of a PDF."""
    texts = [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(str(path)).pages]
    return [re.search(r"第\d+页/共\d+页$", text).group(0) for text in texts]


def sizes(path: Path) -> set[tuple[int, int]]:
    pages = PdfReader(str(path)).pages
    return {(round(p.mediabox.width), round(p.mediabox.height)) for p in pages}


def last_job(cups: PrintSystem, queue: str):
    jobs = cups.jobs(queue)
    assert jobs, f"no job reached {queue}"
    return cups.wait_done(queue, jobs[-1].id)


def test_the_dialog_offers_the_extracts_pages_and_prints_only_the_range_with_copies(
    qtbot, main_window, cups, queue
):
    window = main_window
    window.add_to_print_list(ExtractItem("node", OVERVIEW))
    seen: dict = {}
    window.printing.ask_print_dialog = drive(queue, pages=(2, 3), copies=2, seen=seen)
    assert window.printing.print_items() == 2
    assert seen["range"] == (1, 9, 1, 9)  # 从 1 到 9, not 从 1 到 1
    assert not seen["current"]  # the list has no current page
    assert window.statusBar().currentMessage() == f"已发送到打印机“{queue}”：共 2 页，2 份"
    job = last_job(cups, queue)
    assert job.state == 9  # completed
    assert job.title == "《武威年鉴（2024）》摘录：市情概览"
    document = cups.document(job.id)  # what the window handed to CUPS
    assert footers(document) == ["第2页/共9页", "第3页/共9页"]
    assert sizes(document) == {A4_POINTS}
    printed = PdfReader(str(cups.output(job.id)))  # what came out of the printer
    assert len(printed.pages) == 4  # 2 pages × 2 copies
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in printed.pages} == {
        A4_POINTS
    }


def test_a_page_list_prints_those_pages_once(qtbot, main_window, cups, queue):
    window = main_window
    window.add_to_print_list(ExtractItem("node", OVERVIEW))
    window.printing.ask_print_dialog = drive(queue, page_list="1,3-4")
    assert window.printing.print_items() == 3
    assert window.statusBar().currentMessage() == f"已发送到打印机“{queue}”：共 3 页"
    job = last_job(cups, queue)
    assert footers(cups.document(job.id)) == ["第1页/共9页", "第3页/共9页", "第4页/共9页"]
    assert len(PdfReader(str(cups.output(job.id))).pages) == 3  # CUPS did not pick again


def test_cancel_while_pages_are_painted_sends_nothing(qtbot, main_window, cups, queue, monkeypatch):
    window = main_window
    monkeypatch.setattr(print_controller, "PROGRESS_DELAY_MS", 0)
    window.add_to_print_list(ExtractItem("node", SPECIAL))
    window.printing.ask_print_dialog = drive(queue)
    before = cups.jobs(queue)
    spools = set(Path(tempfile.gettempdir()).glob("wuwei-print-*"))
    pressed = []

    def press_cancel() -> None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        ]
        painting = [d for d in shown if d.labelText() == "正在打印…" and d.value() >= 2]
        if not painting:
            QTimer.singleShot(5, press_cancel)
            return
        pressed.append(painting[0].value())
        qtbot.mouseClick(painting[0].findChild(QPushButton), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press_cancel)
    assert window.printing.print_items() is None
    assert pressed and pressed[0] < 34  # cancelled part-way through the 34 pages
    assert window.statusBar().currentMessage() == "已取消打印，没有发送到打印机"
    assert cups.jobs(queue) == before  # no job reached the queue
    assert set(Path(tempfile.gettempdir()).glob("wuwei-print-*")) == spools  # no spool left


def test_a_letter_printer_prints_the_extract_on_a4_as_the_pdf(
    qtbot, main_window, cups, archive, tmp_path
):
    window = main_window
    letter = cups.add_queue("wuwei-test-letter", "PageSize=Letter")
    window.add_to_print_list(ExtractItem("node", OVERVIEW))
    window.printing.ask_print_dialog = drive(letter)
    pdf_pages = export_pdf(archive, [ExtractItem("node", OVERVIEW)], tmp_path / "x.pdf")
    assert window.printing.print_items() == pdf_pages == 9
    job = last_job(cups, letter)
    assert sizes(cups.document(job.id)) == {A4_POINTS}
    assert footers(cups.document(job.id))[-1] == "第9页/共9页"
    cups.remove_queue(letter)


def test_paper_chosen_in_the_dialog_is_used_and_the_pages_follow(
    qtbot, main_window, cups, queue, tmp_path
):
    """The user picks Letter under 属性: the extract is laid out again for Letter."""
    window = main_window
    window.add_to_print_list(ExtractItem("node", OVERVIEW))

    def choose_letter(dialog: QPrintDialog) -> None:
        def letter(properties: QDialog) -> None:
            combo = properties.findChild(QComboBox, "pageSizeCombo")
            combo.setCurrentIndex(combo.findText("US Letter"))
            assert combo.currentText() == "US Letter"

        in_properties(qtbot, dialog, letter)

    window.printing.ask_print_dialog = drive(queue, before_accept=choose_letter)
    pages = window.printing.print_items()
    document = cups.document(last_job(cups, queue).id)
    assert sizes(document) == {(612, 792)}
    # laid out again for Letter (and the margins the dialog gave it): the footers count
    # the pages that were printed, and the pages break elsewhere than on A4
    assert footers(document) == [f"第{k}页/共{pages}页" for k in range(1, pages + 1)]
    export_pdf(window.archive, [ExtractItem("node", OVERVIEW)], tmp_path / "a4.pdf")
    on_a4 = [page.extract_text() for page in PdfReader(str(tmp_path / "a4.pdf")).pages]
    on_letter = [page.extract_text() for page in PdfReader(str(document)).pages]
    assert on_letter[0] != on_a4[0]


def test_a_queue_that_rejects_jobs_is_reported_and_nothing_is_sent(qtbot, main_window, cups, queue):
    window = main_window
    window.add_to_print_list(ExtractItem("node", OVERVIEW))
    subprocess.run(["cupsreject", queue], check=True)
    window.printing.ask_print_dialog = drive(queue)
    assert window.printing.print_items() is None
    message = window.statusBar().currentMessage()
    assert message.startswith(f"打印机“{queue}”目前拒绝接受新作业。没有打印任何内容")
    assert cups.jobs(queue) == []


def test_a_stopped_printer_is_said_to_hold_the_job(qtbot, main_window, cups, queue):
    window = main_window
    window.add_to_print_list(ExtractItem("node", OVERVIEW))
    subprocess.run(["cupsdisable", queue], check=True)
    window.printing.ask_print_dialog = drive(queue, pages=(1, 1))
    assert window.printing.print_items() == 1
    message = window.statusBar().currentMessage()
    assert message.startswith(f"作业已进入打印机“{queue}”的队列（共 1 页），但这台打印机已暂停")
    (job,) = cups.jobs(queue)
    assert job.state < 7  # waiting, not printed


def test_a_queue_removed_while_the_dialog_is_open_is_reported(qtbot, main_window, cups, queue):
    window = main_window
    window.add_to_print_list(ExtractItem("node", OVERVIEW))
    gone = cups.add_queue("wuwei-test-gone")
    window.printing.ask_print_dialog = drive(
        gone, before_accept=lambda _dialog: cups.remove_queue(gone)
    )
    assert window.printing.print_items() is None
    assert window.statusBar().currentMessage() == (
        f"找不到打印机“{gone}”（可能已被删除）。没有打印任何内容。"
    )
    assert cups.jobs(queue) == []  # not sent to another printer either


def test_a_print_service_that_stopped_is_reported(qtbot, main_window, cups, queue):
    if not cups.owns_scheduler:
        pytest.skip("CUPS 调度程序不是测试启动的，测试不能停止它")
    window = main_window
    window.add_to_print_list(ExtractItem("node", OVERVIEW))
    window.printing.ask_print_dialog = drive(
        queue, before_accept=lambda _dialog: cups.stop_scheduler()
    )
    try:
        assert window.printing.print_items() is None
        assert window.statusBar().currentMessage() == (
            "打印服务没有运行，无法连接打印机。没有打印任何内容。"
        )
    finally:
        cups.start_scheduler()


def black_and_white(qtbot):
    """Choose the printer's own 黑白 (ColorModel) under 属性 › 高级, as a user does."""

    def grey(properties: QDialog) -> None:
        page = properties.findChild(QWidget, "cupsPropertiesPage")
        (combo,) = [c for c in page.findChildren(QComboBox) if c.findText("Black and White") >= 0]
        combo.setCurrentIndex(combo.findText("Black and White"))

    return lambda dialog: in_properties(qtbot, dialog, grey)


def test_black_and_white_reaches_the_printer_with_grey_charts(qtbot, main_window, cups):
    window = main_window
    colour = cups.add_queue("wuwei-test-colour", ppd=GENERIC_PDF_PPD)
    window.add_to_print_list(ExtractItem("node", "表16"))
    window.add_to_print_list(ExtractItem("chart", "表16"))
    printed = {}
    for grey in (False, True):
        choose = black_and_white(qtbot) if grey else None
        window.printing.ask_print_dialog = drive(colour, before_accept=choose)
        assert window.printing.print_items() == 2
        job = last_job(cups, colour)
        printed[grey] = PdfReader(str(cups.document(job.id))).pages[1]  # the chart's page
    assert hues(printed[False]) == {(0.23, 0.43, 0.65)}  # the bars' blue (#3A6EA5)
    assert hues(printed[True]) == set()  # grey levels and patterns only
    assert cups.job_option(job.id, "ColorModel") == "grayscale"  # the printer prints grey
    cups.remove_queue(colour)


def test_printing_from_the_preview_shows_progress_and_says_what_was_sent(
    qtbot, main_window, cups, queue
):
    window = main_window
    window.add_to_print_list(ExtractItem("node", OVERVIEW))
    preview = window.printing.preview_dialog()
    qtbot.addWidget(preview)
    widget = preview.findChild(QPrintPreviewWidget)
    widget.updatePreview()
    widget.setCurrentPage(5)
    seen: dict = {}
    window.printing.ask_print_dialog = drive(queue, current=True, seen=seen)
    progress_shown = []
    window.printing.progress_started.connect(progress_shown.append)
    preview.show()
    preview_print_action(preview).trigger()
    assert seen["range"] == (1, 9, 1, 9) and seen["current"]
    assert "正在打印…" in progress_shown
    assert window.statusBar().currentMessage() == f"已发送到打印机“{queue}”：共 1 页"
    assert footers(cups.document(last_job(cups, queue).id)) == ["第5页/共9页"]
    assert preview.result() == QDialog.DialogCode.Accepted


def test_where_a_job_cannot_be_taken_back_no_cancel_is_offered_while_sending(
    qtbot, main_window, cups, queue, monkeypatch
):
    """Painting straight onto the printer (as on Windows, where Qt cannot abort a job):
    the progress dialog says the pages are going out and has no 取消 then."""
    from wuwei_desktop.gui import print_job

    window = main_window
    monkeypatch.setattr(print_job, "uses_spool_file", lambda _printer: False)
    monkeypatch.setattr(print_controller, "PROGRESS_DELAY_MS", 0)
    window.add_to_print_list(ExtractItem("node", SPECIAL))
    window.printing.ask_print_dialog = drive(queue, pages=(1, 20))
    seen = []

    def watch() -> None:
        progress = window.printing.progress
        if progress is not None and progress.labelText().startswith("正在把各页送到打印机"):
            seen.append(progress.findChild(QPushButton))
            return
        QTimer.singleShot(2, watch)

    QTimer.singleShot(0, watch)
    assert window.printing.print_items() == 20
    assert seen == [None]  # the sending phase has no 取消 button
    assert footers(cups.document(last_job(cups, queue).id))[-1] == "第20页/共34页"
