"""The bookmark note dialog, drawn in ``ui/bookmark_note.ui``."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QWidget

from .forms import form_child, load_form


class NoteDialog(QDialog):
    """Asks for a bookmark's note; the entry's title is shown as plain text above it."""

    def __init__(self, parent: QWidget | None, window_title: str, label: str, note: str):
        super().__init__(parent)
        self.setWindowTitle(window_title)
        self.form = load_form("bookmark_note", self)
        form_child(self.form, QLabel, "titleLabel").setText(label)
        self.note_edit = form_child(self.form, QPlainTextEdit, "noteEdit")
        self.note_edit.setPlainText(note)
        buttons = form_child(self.form, QDialogButtonBox, "buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.note_edit.setFocus()

    def note(self) -> str:
        """The note as typed, without surrounding white space."""
        return self.note_edit.toPlainText().strip()


def ask_note(parent: QWidget | None, window_title: str, label: str, note: str) -> str | None:
    """Show the dialog; the note, or None when the user cancelled."""
    dialog = NoteDialog(parent, window_title, label, note)
    return dialog.note() if dialog.exec() == QDialog.DialogCode.Accepted else None
