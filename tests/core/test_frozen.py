"""The same code from source and from the PyInstaller bundle: where resources, the
archive and the user's data are, and that a bundled archive (no sources) is usable."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from wuwei_desktop.db.status import ArchiveState, archive_state
from wuwei_desktop.paths import default_db, default_sources, frozen_matplotlib_config, user_data_dir
from wuwei_desktop.resources import app_root, font_files, icon_path, resource_path, stylesheet_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend to run from a onedir bundle whose _internal folder is ``tmp_path/_internal``."""
    internal = tmp_path / "wuwei" / "_internal"
    internal.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    return internal


def test_from_source_resources_are_in_the_repository() -> None:
    assert app_root() == ROOT
    assert stylesheet_path() == ROOT / "resources" / "style.qss"
    assert font_files() and all(path.is_file() for path in font_files())
    assert default_db() == ROOT / "data" / "wuwei.db"
    assert default_sources() == ROOT / "data" / "sources"


def test_frozen_resources_and_archive_are_in_the_bundle(frozen: Path) -> None:
    assert app_root() == frozen
    assert (
        resource_path("fonts", "WuweiSans-Bold.otf")
        == frozen / "resources/fonts/WuweiSans-Bold.otf"
    )
    assert icon_path("ico") == frozen / "resources" / "icons" / "app.ico"
    assert stylesheet_path() == frozen / "resources" / "style.qss"
    assert default_db() == frozen / "data" / "wuwei.db"
    assert default_sources() == frozen / "data" / "sources"  # not shipped


def test_frozen_user_data_is_never_beside_the_program(
    frozen: Path, isolated_user_dirs: Path
) -> None:
    folder = user_data_dir()
    assert folder.is_dir()
    assert isolated_user_dirs in folder.parents
    assert frozen.parent not in folder.parents


def test_frozen_matplotlib_cache_is_per_user(
    frozen: Path, isolated_user_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MPLCONFIGDIR", "/tmp/_MEI-temporary")  # what PyInstaller's hook sets
    frozen_matplotlib_config()
    folder = Path(os.environ["MPLCONFIGDIR"])
    assert folder.name == "matplotlib"
    assert isolated_user_dirs in folder.parents


def test_from_source_matplotlib_config_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MPLCONFIGDIR", raising=False)
    frozen_matplotlib_config()
    assert "MPLCONFIGDIR" not in os.environ


def test_bundled_archive_without_sources_is_ok(frozen: Path, archive_path: Path) -> None:
    (frozen / "data").mkdir()
    shutil.copyfile(archive_path, default_db())
    assert not default_sources().exists()
    assert archive_state(default_db(), default_sources()) is ArchiveState.OK
    # a sources folder without its catalog is not a set of sources either
    default_sources().mkdir()
    (default_sources() / "notes.txt").write_text("不是资料", encoding="utf-8")
    assert archive_state(default_db(), default_sources()) is ArchiveState.OK


def test_archive_with_changed_sources_is_still_stale(tmp_path: Path, archive_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(default_sources(), sources)
    assert archive_state(archive_path, sources) is ArchiveState.OK
    catalog = sources / "catalog.toml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n# 改动\n", encoding="utf-8")
    assert archive_state(archive_path, sources) is ArchiveState.STALE
