"""Where the archive, the sources and the user's own data live."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

from .resources import app_root

APP_NAME = "wuwei-desktop"


def default_db() -> Path:
    """The archive: ``$WUWEI_DB`` if set, else ``data/wuwei.db`` beside the program."""
    named = os.environ.get("WUWEI_DB")
    return Path(named) if named else app_root() / "data" / "wuwei.db"


def default_sources() -> Path:
    """The source documents the archive is built from."""
    return app_root() / "data" / "sources"


def user_data_dir() -> Path:
    """The per-user folder for bookmarks, history and settings (created on demand)."""
    return user_data_path(APP_NAME, appauthor=False, ensure_exists=True)
