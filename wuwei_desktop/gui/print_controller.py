"""打印, 打印预览 and 导出PDF for the main window, through the 打印清单 dialog.

Printing runs on the GUI thread (QTextDocument and the paint devices belong there); the
progress callback of :mod:`wuwei_desktop.printing` updates a QProgressDialog and lets
the event loop run between documents and pages, so the window stays responsive and
取消 stops the work (an export then leaves no file).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import (
    QAbstractPrintDialog,
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QProgressDialog,
    QPushButton,
)

from ..extract import Extract, ExtractItem, build_extract, resolve_node
from ..render.text import page_label
from . import strings as S
from .export_notice import ExportNotice
from .plain import warn
from .print_dialog import PrintListDialog
from .print_job import PrintFailed, print_pages, selected_pages, wants_grayscale

PROGRESS_DELAY_MS = 400  # short jobs finish before a progress dialog would show


class PrintController(QObject):
    """Owns the print list of a :class:`~wuwei_desktop.gui.main_window.MainWindow`.

    ``ask_save_path`` picks the PDF file (a QFileDialog) and ``ask_print_dialog`` runs
    the print dialog; tests replace them. ``progress_started`` gives the text of each
    progress dialog as it opens.
    """

    progress_started = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog = PrintListDialog(self.describe, window, window.settings)
        self.dialog.set_list_store(window.print_lists)
        self.notice = ExportNotice(window)
        window.statusBar().addPermanentWidget(self.notice)
        self.dialog.add_current_requested.connect(self.add_current)
        self.dialog.add_search_requested.connect(self.add_search_result)
        self.dialog.add_bookmarks_requested.connect(self.add_bookmarks)
        self.dialog.preview_requested.connect(lambda: self.preview())
        self.dialog.print_requested.connect(lambda: self.print_items())
        self.dialog.export_requested.connect(lambda: self.export_pdf())
        self.ask_save_path: Callable[[str], Path | None] = self._ask_save_path
        # shows the print dialog and says whether it was accepted (tests drive it)
        self.ask_print_dialog: Callable[[QPrintDialog], bool] = lambda dialog: (
            dialog.exec() == QDialog.DialogCode.Accepted
        )
        self.progress: QProgressDialog | None = None
        self._preview_printer: QPrinter | None = None

    # -- the list -----------------------------------------------------------------------

    def describe(self, item: ExtractItem) -> str:
        """``自然地理　市情概览 · 第54—56页`` for the list."""
        archive = self.window.archive
        if archive is None:
            return item.id
        if item.kind == "chart":
            return S.PRINT_ITEM_CHART.format(title=archive.table(item.id).title)
        if item.kind == "search":
            return S.PRINT_ITEM_SEARCH.format(query=item.id)
        detail = resolve_node(archive, item.id)
        where = " › ".join(detail.path[1:])
        pages = page_label(detail.page_start, detail.page_end)
        extra = " · ".join(part for part in (where, pages) if part)
        return f"{detail.title}　{extra}" if extra else detail.title

    def add(self, item: ExtractItem) -> bool:
        """Add ``item`` to the print list and say so in the status bar."""
        from ..api import ArchiveError

        try:
            label = self.describe(item).split("　")[0]
        except ArchiveError as error:
            self.window.statusBar().showMessage(str(error), 5000)
            return False
        added = self.dialog.add_item(item)
        message = S.STATUS_PRINT_ADDED if added else S.STATUS_PRINT_ALREADY
        count = len(self.dialog.items())
        self.window.statusBar().showMessage(message.format(title=label, count=count), 4000)
        return added

    def add_current(self) -> None:
        node_id = self.window.current_node_id()
        if node_id:
            self.add(ExtractItem("node", node_id))
        else:
            self.window.statusBar().showMessage(S.STATUS_PRINT_NOTHING, 3000)

    def add_search_result(self) -> None:
        node_id = self.window.search_pane.selected_node()
        if node_id:
            self.add(ExtractItem("node", node_id))
        else:
            self.window.statusBar().showMessage(S.STATUS_PRINT_NOTHING, 3000)

    def add_bookmarks(self) -> None:
        marks = list(self.window.bookmarks_panel.store)
        for bookmark in marks:
            self.add(ExtractItem("node", bookmark.node_id))
        if not marks:
            self.window.statusBar().showMessage(S.STATUS_PRINT_NOTHING, 3000)

    def show_list(self, default: str = "print") -> PrintListDialog:
        """Show the print list (with the open node when it is empty)."""
        if not self.dialog.items() and self.window.current_node_id():
            self.dialog.add_item(ExtractItem("node", self.window.current_node_id()))
        self.dialog.buttons[default].setDefault(True)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    # -- the work -----------------------------------------------------------------------

    def _extract(self, grayscale: bool = False) -> Extract | None:
        from ..api import ArchiveError

        items = self.dialog.items()
        if self.window.archive is None or not items:
            return None
        try:
            return build_extract(
                self.window.archive,
                items,
                printed_on=date.today(),
                page_per_item=self.dialog.page_per_item.isChecked(),
                grayscale=grayscale,
            )
        except ArchiveError as error:
            self._warn(S.EXPORT_FAILED, str(error))
            return None

    def _start_progress(self, text: str) -> Callable[[int, int], bool]:
        progress = QProgressDialog(text, S.PROGRESS_CANCEL, 0, 0, self.window)
        progress.setObjectName("printProgress")
        progress.setWindowTitle(S.APP_NAME)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(PROGRESS_DELAY_MS)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self.progress = progress
        self.progress_started.emit(text)

        def step(done: int, total: int) -> bool:
            if total and progress.maximum() != total:
                progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()
            return not progress.wasCanceled()

        return step

    def _lock_cancel(self) -> None:
        """The pages now go to a printer that cannot take them back: no 取消 offered."""
        if self.progress is not None:
            self.progress.setLabelText(S.PRINT_SENDING)
            self.progress.setCancelButton(None)

    def _end_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def export_pdf(self, path: Path | None = None) -> int | None:
        """Export the print list to ``path`` (asked for when None); the page count."""
        from ..printing import ExportCancelled, ExportError
        from ..printing import export_pdf as write_pdf

        items = self.dialog.items()
        if self.window.archive is None or not items:
            return None
        if path is None:
            path = self.ask_save_path(self._suggested_name(items))
            if path is None:
                return None
        step = self._start_progress(S.EXPORT_PROGRESS)
        try:
            pages = write_pdf(
                self.window.archive,
                items,
                Path(path),
                progress=step,
                page_per_item=self.dialog.page_per_item.isChecked(),
            )
        except ExportCancelled:
            self.window.statusBar().showMessage(S.STATUS_CANCELLED, 4000)
            return None
        except ExportError as error:
            self._warn(S.EXPORT_FAILED, str(error))
            return None
        finally:
            self._end_progress()
        self.window.statusBar().showMessage(S.STATUS_EXPORTED.format(path=path, pages=pages))
        self.notice.show_for(Path(path))
        return pages

    def _suggested_name(self, items: list[ExtractItem]) -> str:
        title = self.describe(items[0]).split("　")[0] if len(items) == 1 else S.PRINT_LIST_TITLE
        safe = "".join("_" if c in '\\/:*?"<>|' else c for c in title)
        return f"{safe}.pdf"

    def _ask_save_path(self, name: str) -> Path | None:
        folder = self.window.settings.value("print/last_folder") or default_folder()
        if not isinstance(folder, str) or "\0" in folder:  # a hand-edited settings file
            folder = default_folder()
        chosen, _ = QFileDialog.getSaveFileName(
            self.window, S.EXPORT_DIALOG_TITLE, str(Path(folder) / name), S.EXPORT_FILTER
        )
        if not chosen:
            return None
        path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        self.window.settings.setValue("print/last_folder", str(path.parent))
        return path

    def printer(self, extract: Extract | None = None) -> QPrinter:
        """A high-resolution A4 printer set up like the PDF, its job named after ``extract``."""
        from ..printing import a4_layout

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(a4_layout())
        printer.setDocName(extract.title if extract is not None else S.PRINT_LIST_TITLE)
        return printer

    def preview_dialog(self) -> QPrintPreviewDialog | None:
        """The print preview of the list (not yet shown); its 打印 button prints like
        the list's (page range, progress, cancel, what happened)."""
        from ..printing import print_extract

        extract = self._extract()
        if extract is None:
            return None
        self._preview_printer = self.printer(extract)  # the dialog does not own it: keep it alive
        dialog = QPrintPreviewDialog(self._preview_printer, self.window)
        dialog.setWindowTitle(S.ACT_PRINT_PREVIEW.rstrip("…"))
        dialog.paintRequested.connect(lambda printer: print_extract(extract, printer))
        widget = dialog.findChild(QPrintPreviewWidget)
        action = preview_print_action(dialog)
        action.triggered.disconnect()  # Qt's own slot would print without progress or checks
        action.triggered.connect(lambda: self._print_from_preview(dialog, widget))
        return dialog

    def _print_from_preview(self, dialog: QPrintPreviewDialog, widget: QPrintPreviewWidget) -> None:
        if self.print_items(self._preview_printer, ask=True, current_page=widget.currentPage()):
            dialog.accept()

    def preview(self) -> None:
        dialog = self.preview_dialog()
        if dialog is not None:
            dialog.resize(900, 1000)
            dialog.exec()

    def print_dialog(self, printer: QPrinter, pages: int, current_page: int | None) -> QPrintDialog:
        """The system print dialog for a ``pages``-page extract (从 1 到 ``pages``)."""
        Option = QAbstractPrintDialog.PrintDialogOption
        dialog = QPrintDialog(printer, self.window)
        options = (
            Option.PrintToFile
            | Option.PrintPageRange
            | Option.PrintCollateCopies
            | Option.PrintShowPageSize
        )
        if current_page:
            options |= Option.PrintCurrentPage
        dialog.setOptions(options)
        dialog.setMinMax(1, pages)
        printer.setFromTo(1, pages)
        return dialog

    def _ask(self, printer: QPrinter, pages: int, current_page: int | None) -> bool:
        """Show the print dialog; the extract keeps its paper unless the user changes it.

        Qt's own dialog (Linux) sets the paper to the printer's default when it is
        accepted unless 属性 was opened; the extract's paper is put back then.
        """
        dialog = self.print_dialog(printer, pages, current_page)
        layout = printer.pageLayout()
        opened: list[bool] = []
        properties = dialog.findChild(QPushButton, "properties")
        if properties is not None:
            properties.clicked.connect(lambda: opened.append(True))
        if not self.ask_print_dialog(dialog):
            return False
        if properties is not None and not opened:
            printer.setPageLayout(layout)
        return True

    def _lay_out(self, extract: Extract, printer: QPrinter):
        """The extract laid out for ``printer``'s page, with progress (None if cancelled)."""
        from ..printing.layout import PagedExtract, PaintCancelled

        step = self._start_progress(S.PRINT_LAYOUT_PROGRESS)
        try:
            return PagedExtract(extract, printer, step)
        except PaintCancelled:
            self.window.statusBar().showMessage(S.STATUS_PRINT_CANCELLED, 4000)
            return None
        finally:
            self._end_progress()

    def print_items(
        self,
        printer: QPrinter | None = None,
        *,
        ask: bool | None = None,
        current_page: int | None = None,
    ) -> int | None:
        """Lay out the list, ask for a printer and pages (unless ``printer`` is given and
        ``ask`` is not set), print; the number of pages sent (None: nothing was sent)."""
        from ..printing.layout import PaintCancelled

        extract = self._extract()
        if extract is None:
            return None
        if ask is None:
            ask = printer is None
        if printer is None:
            printer = self.printer(extract)
        printer.setDocName(extract.title)  # the print queue shows what is printed
        paged = self._lay_out(extract, printer)
        if paged is None:
            return None
        if ask:
            if not self._ask(printer, paged.page_count, current_page):
                return None
            if wants_grayscale(printer):
                printer.setColorMode(QPrinter.ColorMode.GrayScale)  # the pages are grey too
                if extract.images:
                    extract = self._extract(grayscale=True)  # charts in grey levels, patterns
                    paged = None
            if extract is None:
                return None
            if paged is None or not paged.fits(printer):  # other paper: the contents follow
                paged = self._lay_out(extract, printer)
                if paged is None:
                    return None
        step = self._start_progress(S.PRINT_PROGRESS)
        try:
            pages = selected_pages(printer, paged.page_count, current_page)
            result = print_pages(paged, printer, pages, step, self._lock_cancel)
        except PaintCancelled:
            self.window.statusBar().showMessage(S.STATUS_PRINT_CANCELLED, 4000)
            return None
        except PrintFailed as error:
            self._warn(S.PRINT_FAILED, str(error))
            return None
        except OSError as error:
            self._warn(S.PRINT_FAILED, str(error))
            return None
        finally:
            self._end_progress()
        self.window.statusBar().showMessage(result.message)  # stays: what the printer did
        return result.pages

    def _warn(self, title: str, text: str) -> None:
        self.window.statusBar().showMessage(text)  # stays until the next message
        if self.window.modal_dialogs:
            warn(self.window, title, text)


def default_folder() -> str:
    """Where a first PDF is saved: the user's 文档 folder (the home folder without one)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents or str(Path.home())


def preview_print_action(dialog: QPrintPreviewDialog) -> QAction:
    """The 打印 button of Qt's preview dialog (by its text, translated or not)."""
    names = {"Print", QCoreApplication.translate("QPrintPreviewDialog", "Print")}
    for action in dialog.findChildren(QAction):
        if action.text().replace("&", "") in names:
            return action
    raise LookupError("QPrintPreviewDialog has no Print action")
