"""Export an extract as a PDF file, or print it on a QPrinter.

The PDF is painted into memory, given its bookmarks and document information
(:mod:`.pdf_info`), and written to a temporary file in the target folder, then moved
over the target (``os.replace``): a failed or cancelled export leaves no file.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPageLayout, QPdfWriter

from .. import __version__
from ..api import Archive, ArchiveError
from ..atomic_write import write_atomically
from ..extract import Extract, ExtractItem, build_extract
from .app import ensure_gui_application
from .layout import PagedExtract, PaintCancelled, Progress, a4_layout, paint_pages
from .pdf_info import Bookmark, add_outline_and_info

PDF_RESOLUTION = 1200
LANGUAGE = "zh-CN"


class ExportError(Exception):
    """The PDF could not be written (message in Chinese)."""


class ExportCancelled(ExportError):
    """The user cancelled the export; nothing was written."""

    def __init__(self) -> None:
        super().__init__("已取消导出，没有生成文件。")


def export_pdf(
    archive: Archive,
    items: list[ExtractItem],
    path: Path,
    *,
    progress: Progress | None = None,
    printed_on: date | None = None,
    page_per_item: bool = False,
) -> int:
    """Write the extract of ``items`` to ``path`` as a PDF; return the page count.

    ``progress(done, total)`` is called as pages are painted; returning False cancels
    (ExportCancelled). ``page_per_item`` starts every item on a new page. Any failure
    raises ExportError and leaves no file behind.
    """
    path = Path(path)
    check_writable(path)
    ensure_gui_application()
    try:
        extract = build_extract(
            archive, items, printed_on=printed_on or date.today(), page_per_item=page_per_item
        )
    except ArchiveError as error:
        raise ExportError(str(error)) from error
    data, pages = pdf_bytes(extract, progress)
    write_atomically(path, lambda out: out.write(data), ExportError)
    return pages


def memory_pdf_writer() -> tuple[QPdfWriter, QBuffer]:
    """An A4 PDF writer at the export's resolution, writing into the returned buffer
    (keep both alive until the writer is done)."""
    ensure_gui_application()
    buffer = QBuffer()
    buffer.setData(QByteArray())
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(a4_layout())
    return writer, buffer


def pdf_bytes(extract: Extract, progress: Progress | None = None) -> tuple[bytes, int]:
    """The PDF of an extract, in memory, and its page count: bookmarks as the extract's
    headings, title, author (the sources'), subject and language in its information."""
    writer, buffer = memory_pdf_writer()
    writer.setTitle(extract.title)
    writer.setAuthor("、".join(extract.authors))
    writer.setCreator(f"武威档案 {__version__}")
    try:
        paged = PagedExtract(extract, writer, progress)
        pages = paint_pages(paged, writer, range(paged.page_count), progress)
    except PaintCancelled:
        raise ExportCancelled() from None
    bookmarks = [Bookmark(*entry) for entry in paged.outline()]
    page_height = writer.pageLayout().fullRect(QPageLayout.Unit.Point).height()
    del paged, writer  # finishes the PDF
    buffer.close()
    info = {"Title": extract.title, "Author": "、".join(extract.authors)}
    info["Subject"] = extract.subject
    data = add_outline_and_info(bytes(buffer.data()), bookmarks, info, LANGUAGE, page_height)
    return data, pages


def check_writable(path: Path) -> None:
    """ExportError unless ``path`` can be created in an existing, writable folder."""
    folder = path.parent
    if path.is_dir():
        raise ExportError(f"无法写入 {path}：这是一个文件夹，请给出文件名。")
    if not folder.is_dir():
        raise ExportError(f"无法写入 {path}：文件夹 {folder} 不存在。")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"无法写入 {path}：没有在文件夹 {folder} 中写文件的权限。")
    if path.exists() and not os.access(path, os.W_OK):
        raise ExportError(f"无法写入 {path}：文件是只读的。")
