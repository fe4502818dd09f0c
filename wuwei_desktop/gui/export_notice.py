"""After 导出PDF: 打开文件 / 打开所在文件夹 beside the status bar's message."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from . import strings as S


class ExportNotice(QWidget):
    """Two buttons for the file just written (hidden until :meth:`show_for`) and ×."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportNotice")
        self.path: Path | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.open_file = self._button(S.EXPORT_OPEN_FILE, "exportOpenFile", self._open_file)
        self.open_folder = self._button(S.EXPORT_OPEN_FOLDER, "exportOpenFolder", self._open_folder)
        self.dismiss = self._button("×", "exportDismiss", self.hide)
        self.dismiss.setToolTip(S.EXPORT_DISMISS)
        for button in (self.open_file, self.open_folder, self.dismiss):
            layout.addWidget(button)
        self.hide()

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setFlat(True)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def show_for(self, path: Path) -> None:
        """Offer to open ``path`` or its folder."""
        self.path = Path(path)
        self.open_file.setToolTip(str(self.path))
        self.open_folder.setToolTip(str(self.path.parent))
        self.show()

    def _open_file(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def _open_folder(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))
