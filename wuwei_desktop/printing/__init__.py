"""Print and PDF: an extract painted page by page (QtGui only, no widgets, so the CLI
can use it headless).

``export_pdf`` writes a PDF file atomically; ``print_extract`` paints onto a QPrinter
(the print and preview dialogs); ``ensure_gui_application`` starts Qt without a display.
"""

from __future__ import annotations

from PySide6.QtGui import QPagedPaintDevice

from ..extract import Extract
from .app import ensure_gui_application
from .layout import Progress, a4_layout, paint_extract
from .pdf import ExportCancelled, ExportError, export_pdf, pdf_bytes

__all__ = [
    "ExportCancelled",
    "ExportError",
    "a4_layout",
    "ensure_gui_application",
    "export_pdf",
    "pdf_bytes",
    "print_extract",
]


def print_extract(
    extract: Extract, printer: QPagedPaintDevice, progress: Progress | None = None
) -> int:
    """Paint the extract on a printer (or any paged device); return the page count."""
    ensure_gui_application()
    return paint_extract(extract, printer, progress)
