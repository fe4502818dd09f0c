"""Shared fixtures: offscreen Qt, isolated user folders, one real archive per session."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt starts

from pathlib import Path

import pytest

from wuwei_desktop.paths import default_sources


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every per-user folder (data, config, QSettings) at a temporary one."""
    home = tmp_path / "user-home"
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "APPDATA", "LOCALAPPDATA"):
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv("WUWEI_DB", raising=False)
    return home


@pytest.fixture(scope="session")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real archive, built once per test session from data/sources."""
    from wuwei_desktop.db.build import build_archive

    out = tmp_path_factory.mktemp("archive") / "wuwei.db"
    build_archive(default_sources(), out)
    return out


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster for the session (skipped, with the reason, when none)."""
    from tests.pg_cluster import ClusterUnavailable, start_cluster

    try:
        cluster = start_cluster()
    except ClusterUnavailable as error:
        pytest.skip(f"没有 PostgreSQL：{error}")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_url(pg_cluster) -> str:
    """The SQLAlchemy URL (postgresql+psycopg://…) of an empty database on the test cluster."""
    return pg_cluster.url()


@pytest.fixture()
def archive(archive_path: Path):
    """The session's archive, opened read-only through the query API."""
    from wuwei_desktop.api import Archive

    with Archive.open(archive_path) as opened:
        yield opened


@pytest.fixture()
def qsettings(tmp_path: Path):
    """The main window's settings, in an INI file under the test's temporary folder."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture()
def main_window(qtbot, qsettings, archive_path: Path):
    """The real main window, shown offscreen, with the session's archive opened."""
    from wuwei_desktop.gui.app import create_app
    from wuwei_desktop.gui.main_window import MainWindow

    create_app([])
    window = MainWindow(qsettings, modal_dialogs=False)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.load_archive(archive_path, default_sources())
    yield window
    if window.archive is not None:
        window.archive.close()
