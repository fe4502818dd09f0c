"""One print job on a QPrinter: the pages the print dialog asked for reach the printer,
a cancelled job never does, and the window is told what really happened.

- Pages: the dialog's range (all, 从…到…, the current page) and page order; copies,
  collation and colour are the printer's (CUPS or the Windows driver does them).
- Cancel: ``QPrinter.abort()`` does nothing in Qt's CUPS and Windows engines, and a
  painter that ends submits what it painted. On CUPS Qt spools to a file and submits it
  when the painter ends; so the pages are painted into a spool file of our own (the same
  Qt engine, output file set) and handed to CUPS only when complete. Elsewhere (Windows)
  取消 works while the extract is laid out; once pages go to the printer's driver the
  progress dialog says so and offers no 取消 (``lock_cancel``): it could not stop them.
- State: the printer is looked up (``QPrinterInfo``) before painting and after the job
  is handed over; CUPS' answer to the submission says whether the queue took it.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageRanges
from PySide6.QtPrintSupport import QPrintEngine, QPrinter, QPrinterInfo

from ..printing import cups
from ..printing.layout import PagedExtract, Progress, paint_pages
from . import strings as S

log = logging.getLogger(__name__)

Range = QPrinter.PrintRange
# QCUPSSupport's PPK_CupsOptions: the printer's own options chosen under 属性 › 高级
CUPS_OPTIONS = QPrintEngine.PrintEnginePropertyKey(0xFE00)
GRAY_WORDS = ("gray", "grey", "mono", "black")
PAGE_LIST = "page-ranges"  # left to CUPS by Qt's dialog; the window selects the pages itself


class PrintFailed(Exception):
    """Nothing (or not everything) was printed; the message says why, in Chinese."""


@dataclass
class PrintResult:
    """What was sent: pages per copy, copies, the queue's job id (CUPS) and the message."""

    pages: int
    copies: int
    job_id: int | None
    message: str


def selected_pages(printer: QPrinter, count: int, current: int | None = None) -> list[int]:
    """The 0-based pages of a ``count``-page extract the dialog asked for, in print order
    (pages past the end are left out).

    ``current`` is the 1-based page shown in a preview (for 当前页).
    """
    chosen = printer.printRange()
    ranges = printer.pageRanges()  # 从 2 到 5
    listed = chosen_options(printer).get(PAGE_LIST)  # 页数 "1,3-5" (Qt's dialog, CUPS)
    if listed:
        chosen, ranges = Range.PageRange, QPageRanges.fromString(listed)
    if chosen == Range.PageRange and not ranges.isEmpty():
        pages = [page - 1 for page in range(1, count + 1) if ranges.contains(page)]
    elif chosen == Range.CurrentPage and current:
        pages = [current - 1] if 1 <= current <= count else []
    else:  # all pages; 选择 is not offered (an extract has no selection)
        pages = list(range(count))
    if not pages:
        raise PrintFailed(S.PRINT_RANGE_EMPTY.format(count=count))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


def uses_spool_file(printer: QPrinter) -> bool:
    """True where the printer's job cannot be aborted once painting has begun (CUPS)."""
    native = printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    return native and sys.platform not in ("win32", "darwin") and cups.available()


def chosen_options(printer: QPrinter) -> dict[str, str]:
    """The printer's own options the user set in Qt's dialog (CUPS only; else empty)."""
    values = printer.printEngine().property(CUPS_OPTIONS) or []
    return dict(zip(values[0::2], values[1::2], strict=False))


def wants_grayscale(printer: QPrinter) -> bool:
    """True if the dialog asked for black and white: the colour mode, or (CUPS, where
    Qt leaves the colour mode alone) the printer's ColorModel option."""
    if printer.colorMode() == QPrinter.ColorMode.GrayScale:
        return True
    options = chosen_options(printer)
    value = (options.get("ColorModel") or options.get("print-color-mode") or "").lower()
    return any(word in value for word in GRAY_WORDS)


def check_printer(printer: QPrinter) -> None:
    """PrintFailed if the chosen printer is gone or the print service is down."""
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        return
    name = printer.printerName()
    if QPrinterInfo.printerInfo(name).isNull():
        if uses_spool_file(printer) and not cups.server_running():
            raise PrintFailed(S.PRINT_NO_SERVICE)
        raise PrintFailed(S.PRINT_GONE.format(printer=name))


def print_pages(
    paged: PagedExtract,
    printer: QPrinter,
    pages: list[int],
    progress: Progress | None,
    lock_cancel: Callable[[], object] | None = None,
) -> PrintResult:
    """Paint ``pages`` of ``paged`` for ``printer`` and hand them to it; ``lock_cancel()``
    is called before painting on a printer that cannot drop a job once begun.

    Raises:
        PaintCancelled: the progress callback said stop; nothing was sent.
        PrintFailed: the printer or the queue refused, or is gone.
        OSError: the printer could not be painted on.
    """
    check_printer(printer)
    copies = max(printer.copyCount(), 1)
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        target = Path(printer.outputFileName())
        try:
            paint_pages(paged, printer, pages, progress)
        except BaseException:
            target.unlink(missing_ok=True)  # a cancelled or failed file is not left behind
            raise
        message = S.STATUS_PRINTED_FILE.format(path=target, pages=len(pages))
        return PrintResult(len(pages), copies, None, message)
    if uses_spool_file(printer):
        job_id = _spool_and_submit(paged, printer, pages, progress)
    else:
        if lock_cancel is not None:
            lock_cancel()
        paint_pages(paged, printer, pages, progress)
        job_id = None
        if printer.printerState() == QPrinter.PrinterState.Error:
            raise PrintFailed(S.PRINT_DEVICE_ERROR.format(printer=printer.printerName()))
    return PrintResult(len(pages), copies, job_id, _sent_message(printer, len(pages), copies))


def _spool_and_submit(
    paged: PagedExtract, printer: QPrinter, pages: list[int], progress: Progress | None
) -> int:
    """Paint into a spool file (Qt's own CUPS engine, writing to a file), then submit it."""
    handle, name = tempfile.mkstemp(prefix="wuwei-print-", suffix=".spool")
    os.close(handle)
    spool = Path(name)
    try:
        printer.setOutputFileName(str(spool))  # not .pdf: the engine stays the CUPS one
        try:
            paint_pages(paged, printer, pages, progress)
        finally:
            printer.setOutputFileName("")
        queue = printer.printerName()
        try:
            return cups.print_file(queue, spool, printer.docName(), cups_options(printer))
        except cups.CupsError as error:
            log.warning("CUPS refused the job for %s: %#x %s", queue, error.status, error)
            raise PrintFailed(_refusal(queue, error)) from error
    finally:
        spool.unlink(missing_ok=True)


def cups_options(printer: QPrinter) -> dict[str, str]:
    """The job options Qt's CUPS engine would send for ``printer``'s settings, with the
    printer's own options chosen in the dialog."""
    layout = printer.pageLayout()
    options = {"media": layout.pageSize().key()}
    copies = printer.copyCount()
    if copies > 1:
        options["copies"] = str(copies)
        options["Collate"] = "True" if printer.collateCopies() else "False"
    duplex = printer.duplex()
    landscape = layout.orientation() == QPageLayout.Orientation.Landscape
    long_edge = "two-sided-short-edge" if landscape else "two-sided-long-edge"
    options["sides"] = {
        QPrinter.DuplexMode.DuplexNone: "one-sided",
        QPrinter.DuplexMode.DuplexAuto: long_edge,
        QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
        QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
    }.get(duplex, "one-sided")
    if landscape:
        options["landscape"] = ""
    if printer.colorMode() == QPrinter.ColorMode.GrayScale:
        options["print-color-mode"] = "monochrome"
    options.update(chosen_options(printer))
    options.pop(PAGE_LIST, None)  # the spool file holds only the chosen pages already
    return options


def _refusal(queue: str, error: cups.CupsError) -> str:
    """What CUPS' refusal means for the clerk."""
    if error.status == cups.NOT_ACCEPTING_JOBS:
        return S.PRINT_REJECTING.format(printer=queue)
    if error.status in (cups.NOT_FOUND, cups.NOT_POSSIBLE):
        return S.PRINT_GONE.format(printer=queue)
    if not cups.server_running():
        return S.PRINT_NO_SERVICE
    return S.PRINT_REFUSED.format(printer=queue, reason=error.message)


def _sent_message(printer: QPrinter, pages: int, copies: int) -> str:
    """已发送 …, or that the job waits in the queue of a stopped printer."""
    name = printer.printerName()
    amount = S.PRINT_AMOUNT.format(pages=pages) + (
        S.PRINT_COPIES.format(copies=copies) if copies > 1 else ""
    )
    if QPrinterInfo.printerInfo(name).state() == QPrinter.PrinterState.Error:
        return S.STATUS_PRINTED_HELD.format(printer=name, amount=amount)
    return S.STATUS_PRINTED.format(printer=name, amount=amount)
