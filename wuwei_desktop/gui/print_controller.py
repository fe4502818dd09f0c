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

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog

from ..extract import Extract, ExtractItem, build_extract, resolve_node
from ..render.text import page_label
from . import strings as S
from .export_notice import ExportNotice
from .plain import warn
from .print_dialog import PrintListDialog

PROGRESS_DELAY_MS = 400  # short jobs finish before a progress dialog would show


class PrintController(QObject):
    """Owns the print list of a :class:`~wuwei_desktop.gui.main_window.MainWindow`.

    ``ask_save_path`` picks the PDF file (a QFileDialog; tests replace it).
    """

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

    def _extract(self) -> Extract | None:
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

        def step(done: int, total: int) -> bool:
            if total and progress.maximum() != total:
                progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()
            return not progress.wasCanceled()

        return step

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

    def printer(self) -> QPrinter:
        """A high-resolution A4 printer set up like the PDF."""
        from ..printing import a4_layout

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(a4_layout())
        printer.setDocName(S.PRINT_LIST_TITLE)
        return printer

    def preview_dialog(self) -> QPrintPreviewDialog | None:
        """The print preview of the list (not yet shown)."""
        from ..printing import print_extract

        extract = self._extract()
        if extract is None:
            return None
        self._preview_printer = self.printer()  # the dialog does not own it: keep it alive
        dialog = QPrintPreviewDialog(self._preview_printer, self.window)
        dialog.setWindowTitle(S.ACT_PRINT_PREVIEW.rstrip("…"))
        dialog.paintRequested.connect(lambda printer: print_extract(extract, printer))
        return dialog

    def preview(self) -> None:
        dialog = self.preview_dialog()
        if dialog is not None:
            dialog.resize(900, 1000)
            dialog.exec()

    def print_items(self, printer: QPrinter | None = None) -> int | None:
        """Ask for a printer (unless given) and print the list; the page count."""
        from ..printing import ExportCancelled, print_extract
        from ..printing.layout import PaintCancelled

        extract = self._extract()
        if extract is None:
            return None
        if printer is None:
            printer = self.printer()
            dialog = QPrintDialog(printer, self.window)
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return None
        step = self._start_progress(S.PRINT_PROGRESS)
        try:
            pages = print_extract(extract, printer, step)
        except (PaintCancelled, ExportCancelled):
            self.window.statusBar().showMessage(S.STATUS_CANCELLED, 4000)
            return None
        except OSError as error:
            self._warn(S.PRINT_FAILED, str(error))
            return None
        finally:
            self._end_progress()
        self.window.statusBar().showMessage(S.STATUS_PRINTED.format(pages=pages), 5000)
        return pages

    def _warn(self, title: str, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)
        if self.window.modal_dialogs:
            warn(self.window, title, text)


def default_folder() -> str:
    """Where a first PDF is saved: the user's 文档 folder (the home folder without one)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents or str(Path.home())
