"""Archive safety: odd folder names, file mode, leftovers, staleness, damaged pages."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from wuwei_desktop.api import Archive, ArchiveReadError
from wuwei_desktop.db import version
from wuwei_desktop.db.build import build_archive
from wuwei_desktop.db.build_lock import build_lock, remove_build_leftovers
from wuwei_desktop.db.readonly import quick_check
from wuwei_desktop.db.status import ArchiveState, archive_state
from wuwei_desktop.paths import default_sources

ODD_FOLDERS = ["a#b", "what?", "50%", "带 空格", "资料 #?%/深 层"]


@pytest.mark.parametrize("folder", ODD_FOLDERS)
def test_archive_in_odd_folder_opens(tmp_path: Path, archive_path: Path, folder: str) -> None:
    target = tmp_path / folder / "wuwei.db"
    target.parent.mkdir(parents=True)
    shutil.copy(archive_path, target)
    assert archive_state(target, default_sources(), thorough=True) is ArchiveState.OK
    with Archive.open(target) as archive:
        assert archive.search("民勤", limit=5).total > 0
    assert quick_check(target) == []


def test_odd_folder_never_touches_a_namesake(tmp_path: Path, archive_path: Path) -> None:
    """``a#b/wuwei.db`` read as a URI would be ``a`` with a fragment: it must not be."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "wuwei.db").write_bytes(b"not a database")
    target = tmp_path / "a#b" / "wuwei.db"
    target.parent.mkdir()
    shutil.copy(archive_path, target)
    assert archive_state(target) is ArchiveState.OK


@pytest.mark.skipif(os.name != "posix", reason="文件权限位只在 POSIX 系统上有意义")
def test_built_archive_is_readable_by_others(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = build_archive(default_sources(), tmp_path / "wuwei.db").out
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def _leftover(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    leftover = out.parent / f".{out.name}.k2j4x9.tmp"
    leftover.write_bytes(b"half an archive")
    return leftover


def test_leftover_of_interrupted_build_is_removed(tmp_path: Path, archive_path: Path) -> None:
    out = tmp_path / "data" / "wuwei.db"
    leftover = _leftover(out)
    unrelated = out.parent / ".other.db.k2j4x9.tmp"
    unrelated.write_bytes(b"someone else's")
    assert remove_build_leftovers(out) == [leftover]
    assert not leftover.exists() and unrelated.exists()
    leftover = _leftover(out)
    build_archive(default_sources(), out)  # a build clears them too
    assert not leftover.exists()


def test_leftovers_stay_while_a_build_runs(tmp_path: Path) -> None:
    out = tmp_path / "wuwei.db"
    leftover = _leftover(out)
    with build_lock(out):
        assert remove_build_leftovers(out) == []
    assert leftover.exists()


def _copy_package(tmp_path: Path) -> Path:
    package = tmp_path / "pkg"
    shutil.copytree(version.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "gui"))
    return package


def test_code_digest_follows_the_parsing_code_only(tmp_path: Path) -> None:
    package = _copy_package(tmp_path)
    before = version.code_digest(package)
    assert before is not None and len(before) == 64
    (package / "cli.py").write_text("# not parsing code\n", encoding="utf-8")
    assert version.code_digest(package) == before
    for changed in ("ingest/yearbook.py", "facts/normalize.py", "db/build.py"):
        path = package / changed
        path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        after = version.code_digest(package)
        assert after != before, changed
        before = after


def test_changed_parsing_code_makes_the_archive_stale(
    archive_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert archive_state(archive_path, default_sources()) is ArchiveState.OK
    monkeypatch.setattr("wuwei_desktop.db.status.code_digest", lambda: "0" * 64)
    assert archive_state(archive_path, default_sources()) is ArchiveState.STALE_CODE
    assert archive_state(archive_path, None) is ArchiveState.OK  # nothing to rebuild from


def test_frozen_program_never_calls_its_archive_stale(
    archive_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert version.code_digest() is None
    changed = tmp_path / "wuwei.db"
    shutil.copy(archive_path, changed)
    conn = sqlite3.connect(changed)
    conn.execute("UPDATE meta SET value = 'built by other code' WHERE key = 'code'")
    conn.commit()
    conn.close()
    assert archive_state(changed, default_sources()) is ArchiveState.OK


def damage_table(db: Path, table: str) -> None:
    """Overwrite the root page of ``table``'s b-tree with garbage (a damaged page)."""
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    assert root is not None and root[0] > 1, table
    with open(db, "r+b") as handle:
        handle.seek((root[0] - 1) * page_size)
        handle.write(b"\xa5" * page_size)


@pytest.fixture()
def damaged_archive(tmp_path: Path, archive_path: Path) -> Path:
    """A copy of the archive whose search index has a damaged page."""
    copy = tmp_path / "damaged.db"
    shutil.copy(archive_path, copy)
    damage_table(copy, "search_fts_data")
    return copy


def test_quick_check_finds_a_damaged_page(damaged_archive: Path) -> None:
    assert archive_state(damaged_archive) is ArchiveState.OK  # the quick state check
    assert quick_check(damaged_archive) != []
    assert archive_state(damaged_archive, thorough=True) is ArchiveState.CORRUPT


def test_search_on_a_damaged_archive_is_an_error_not_nothing_found(
    damaged_archive: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Archive.open(damaged_archive) as archive, pytest.raises(ArchiveReadError) as raised:
        archive.search("民勤")
    assert raised.value.damaged
    assert "档案数据库已损坏" in str(raised.value)
    assert any(r.exc_info and "民勤" in r.getMessage() for r in caplog.records)


def test_reading_a_damaged_table_is_an_error(tmp_path: Path, archive_path: Path) -> None:
    copy = tmp_path / "damaged.db"
    shutil.copy(archive_path, copy)
    damage_table(copy, "paragraphs")
    with Archive.open(copy) as archive:
        node_id = archive.tree()[0].children[0].id
        with pytest.raises(ArchiveReadError):
            archive.chapter(node_id)


def test_command_line_search_on_a_damaged_archive_is_a_chinese_error(
    damaged_archive: Path,
) -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "wuwei_desktop", "--db", str(damaged_archive), "search", "民勤"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == 1
    assert "档案数据库已损坏" in done.stderr and "Traceback" not in done.stderr
    assert "没有找到" not in done.stdout + done.stderr
