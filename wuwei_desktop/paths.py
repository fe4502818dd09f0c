"""Where the archive, the sources and the user's own data live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_cache_path, user_data_path

from .resources import app_root

APP_NAME = "wuwei-desktop"


def default_db() -> Path | str:
    """The archive: ``$WUWEI_DB`` if set (a file, or a PostgreSQL URL), else
    ``data/wuwei.db`` beside the program."""
    from .db.location import archive_location

    named = os.environ.get("WUWEI_DB")
    return archive_location(named) if named else app_root() / "data" / "wuwei.db"


def default_sources() -> Path:
    """The source documents the archive is built from."""
    return app_root() / "data" / "sources"


def user_data_dir() -> Path:
    """The per-user folder for bookmarks, history and settings (created on demand)."""
    return user_data_path(APP_NAME, appauthor=False, ensure_exists=True)


def frozen_matplotlib_config() -> None:
    """In the bundle, keep matplotlib's font cache in the per-user cache folder.

    PyInstaller's run-time hook points ``MPLCONFIGDIR`` at a new temporary folder on
    every start, so matplotlib would scan every installed font again before each
    session's first chart. From source, matplotlib's own default is left alone.
    """
    if getattr(sys, "frozen", False):
        folder = user_cache_path(APP_NAME, appauthor=False) / "matplotlib"
        os.environ["MPLCONFIGDIR"] = str(folder)
