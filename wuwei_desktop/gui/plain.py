"""Show document text, titles and the user's own text as text, never as markup.

Qt guesses: a QLabel, a message box or a tooltip whose text looks like HTML
(``Qt.mightBeRichText``: a ``<b>`` or ``<img src=file:…>`` in a title, an ``&amp;`` in
a query) renders it as rich text, and a menu shows ``&x`` as a shortcut. Everything
that may hold such text goes through these helpers.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_labels(*labels: QLabel) -> None:
    """Make each label show its text as plain text."""
    for label in labels:
        label.setTextFormat(Qt.TextFormat.PlainText)


def plain_tooltip(text: str) -> str:
    """A tooltip showing ``text`` literally, line breaks kept (tooltips are always
    guessed, so the text is escaped inside a rich-text paragraph)."""
    if not text:
        return ""
    return f'<p style="white-space:pre-wrap">{html.escape(text, quote=False)}</p>'


def menu_text(text: str) -> str:
    """Text for a menu entry or button: ``&`` shown, not taken for a shortcut mark."""
    return text.replace("&", "&&")


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str = "",
) -> QMessageBox:
    """A message box whose texts are plain text (the caller adds buttons and runs it)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A warning box with an OK button, plain text."""
    message_box(parent, QMessageBox.Icon.Warning, title, text).exec()


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """A question with 是/否 (Qt's translated buttons), plain text; True for 是."""
    box = message_box(parent, QMessageBox.Icon.Question, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
