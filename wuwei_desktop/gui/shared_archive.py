"""文件 › 连接共享档案…: the address of an archive on a PostgreSQL server, remembered.

The address is kept in QSettings without any password: the server is reached with
PostgreSQL's own means (a pgpass file, peer or GSSAPI authentication).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from ..db.location import is_server_url, without_password
from . import strings as S

SETTING = "archive/server_url"


def remembered_server(settings: QSettings) -> str | None:
    """The shared archive's address chosen last time, if any."""
    value = settings.value(SETTING)
    return value if isinstance(value, str) and is_server_url(value) else None


def remember_server(settings: QSettings, url: str | None) -> bool:
    """Keep ``url`` (None: forget it); True when a password was left out of it."""
    if not url:
        settings.remove(SETTING)
        return False
    stored, had_password = without_password(url)
    settings.setValue(SETTING, stored)
    return had_password


def ask_server_url(parent: QWidget, current: str | None) -> str | None:
    """Ask for the address (empty: back to the archive on this PC); None when cancelled."""
    text, ok = QInputDialog.getText(
        parent, S.SERVER_TITLE, S.SERVER_PROMPT, QLineEdit.EchoMode.Normal, current or ""
    )
    return text.strip() if ok else None
