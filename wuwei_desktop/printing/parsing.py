"""The HTML pages of an extract (:func:`~wuwei_desktop.render.html.page_html`) as
QTextDocuments in the print font, parsed but not laid out yet.

Every piece of an extract carries the same style sheet, and Qt parses a page's style
sheet again with every document (about half of the parsing time of a short piece). The
style sheet is parsed once instead, as the default style sheet of a template document,
and each piece's document is a clone of the template given only the page's body.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSizeF
from PySide6.QtGui import QTextDocument

from ..render.html import PRINT_FONT_PT, page_body, page_style
from .fonts import app_font


class PrintParser:
    """Makes the documents; they belong to ``owner`` (deleted with it)."""

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._templates: dict[str, QTextDocument] = {}

    def __call__(self, html: str) -> QTextDocument:
        """A document of the page ``html``, not laid out: its page is null, and Qt lays
        out nothing until it is given a real one."""
        style = page_style(html)
        template = self._templates.get(style)
        if template is None:
            template = QTextDocument(self._owner)
            template.setDefaultFont(app_font(PRINT_FONT_PT))
            template.setPageSize(QSizeF(0, 0))
            template.setDefaultStyleSheet(style)
            self._templates[style] = template
        doc = template.clone(self._owner)
        doc.setDocumentMargin(0)  # (not cloned)
        doc.setHtml(page_body(html))
        return doc
