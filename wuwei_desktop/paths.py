"""Where the archive, the sources and the user's own data live."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from platformdirs import user_cache_path, user_data_path

from .resources import app_root

APP_NAME = "wuwei-desktop"
LOG_FOLDER = "logs"

_temporary_data_dir: Path | None = None


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
    """The per-user folder for bookmarks, history and settings (created on demand).

    Raises OSError when it cannot be created (an unwritable home folder); the program
    then calls :func:`use_temporary_data_dir`.
    """
    if _temporary_data_dir is not None:
        return _temporary_data_dir
    return user_data_path(APP_NAME, appauthor=False, ensure_exists=True)


def use_temporary_data_dir() -> Path:
    """From now on keep the user's data in a new temporary folder (lost at the end of the
    session): the fallback when the real one cannot be written."""
    global _temporary_data_dir
    _temporary_data_dir = Path(tempfile.mkdtemp(prefix=f"{APP_NAME}-"))
    return _temporary_data_dir


def log_dir() -> Path:
    """``logs/`` in the user's data folder: ``wuwei.log`` and ``crash.log`` (not created)."""
    if _temporary_data_dir is not None:
        return _temporary_data_dir / LOG_FOLDER
    return user_data_path(APP_NAME, appauthor=False) / LOG_FOLDER


def frozen_matplotlib_config() -> None:
    """In the bundle, keep matplotlib's font cache in the per-user cache folder.

    PyInstaller's run-time hook points ``MPLCONFIGDIR`` at a new temporary folder on
    every start, so matplotlib would scan every installed font again before each
    session's first chart. From source, matplotlib's own default is left alone.
    """
    if getattr(sys, "frozen", False):
        folder = user_cache_path(APP_NAME, appauthor=False) / "matplotlib"
        os.environ["MPLCONFIGDIR"] = str(folder)
