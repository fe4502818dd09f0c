"""The database build: atomic, deterministic, stamped, and safe on bad sources."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from wuwei_desktop.db.build import build_archive
from wuwei_desktop.db.schema import SCHEMA_VERSION
from wuwei_desktop.db.status import ArchiveState, archive_state
from wuwei_desktop.ingest.model import SourceError
from wuwei_desktop.paths import default_sources

YEARBOOK = "wuwei-yearbook-2024.txt"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _content(db: Path) -> list:
    """Everything the archive holds except the build time."""
    conn = sqlite3.connect(db)
    try:
        tables = ["documents", "nodes", "paragraphs", "tables", "index_entries"]
        dump = [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables]
        dump.append(conn.execute("SELECT * FROM meta WHERE key != 'built_at'").fetchall())
        return dump
    finally:
        conn.close()


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    """A private copy of data/sources that a test may spoil."""
    copy = tmp_path / "sources"
    shutil.copytree(default_sources(), copy)
    return copy


@pytest.fixture()
def previous(tmp_path: Path, archive_path: Path) -> Path:
    """A good archive standing where a failed build would write."""
    out = tmp_path / "out" / "wuwei.db"
    out.parent.mkdir()
    shutil.copy(archive_path, out)
    return out


def test_archive_is_stamped_with_schema_and_sources(archive_path: Path) -> None:
    conn = sqlite3.connect(archive_path)
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert YEARBOOK in meta["sources"] and "catalog.toml" in meta["sources"]
    assert archive_state(archive_path, default_sources()) is ArchiveState.OK


def test_build_is_deterministic(archive_path: Path, sources: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    build_archive(sources, again)
    assert _content(again) == _content(archive_path)


def test_build_leaves_no_temporary_files(previous: Path, sources: Path) -> None:
    build_archive(sources, previous)
    assert sorted(p.name for p in previous.parent.iterdir()) == ["wuwei.db", "wuwei.db.lock"]


def test_state_tells_missing_corrupt_old_and_stale(
    previous: Path, sources: Path, tmp_path: Path
) -> None:
    assert archive_state(tmp_path / "nothing.db", sources) is ArchiveState.MISSING
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    assert archive_state(junk, sources) is ArchiveState.CORRUPT
    assert archive_state(previous, sources) is ArchiveState.OK
    with (sources / YEARBOOK).open("a", encoding="utf-8") as handle:
        handle.write("\n新增的一行\n")
    assert archive_state(previous, sources) is ArchiveState.STALE
    assert archive_state(previous, None) is ArchiveState.OK
    conn = sqlite3.connect(previous)
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    assert archive_state(previous, sources) is ArchiveState.OLD_SCHEMA


def _not_utf8(sources: Path) -> None:
    data = (sources / YEARBOOK).read_bytes()
    (sources / YEARBOOK).write_bytes(data[:5000] + "武威".encode("gb18030") + data[5000:])


def _empty(sources: Path) -> None:
    (sources / YEARBOOK).write_bytes(b"")


def _not_in_catalog(sources: Path) -> None:
    (sources / "wuwei-yearbook-2025.txt").write_text("武威年鉴", encoding="utf-8")


def _missing_on_disk(sources: Path) -> None:
    (sources / YEARBOOK).unlink()


def _no_categories(sources: Path) -> None:
    (sources / YEARBOOK).write_text("这是一段没有类目的文字。\n\n第二行。\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (_not_utf8, f"{YEARBOOK} 第 "),
        (_empty, YEARBOOK),
        (_not_in_catalog, "wuwei-yearbook-2025.txt"),
        (_missing_on_disk, YEARBOOK),
        (_no_categories, YEARBOOK),
    ],
)
def test_bad_source_stops_build_and_keeps_previous_archive(
    spoil, expected: str, sources: Path, previous: Path
) -> None:
    before = _digest(previous)
    spoil(sources)
    with pytest.raises(SourceError) as raised:
        build_archive(sources, previous)
    assert expected in str(raised.value)
    assert _digest(previous) == before
    assert sorted(p.name for p in previous.parent.iterdir()) == ["wuwei.db"]


def test_cli_build_reports_bad_source_without_traceback(sources: Path, tmp_path: Path) -> None:
    _not_utf8(sources)
    out = tmp_path / "x.db"
    command = [sys.executable, "-m", "wuwei_desktop", "build", "--sources", str(sources)]
    done = subprocess.run(
        [*command, "--out", str(out)], capture_output=True, text=True, encoding="utf-8"
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "不是 UTF-8" in done.stderr and YEARBOOK in done.stderr
    assert not out.exists()


def test_core_never_imports_qt() -> None:
    code = (
        "import sys, wuwei_desktop.cli, wuwei_desktop.api, wuwei_desktop.db.build, "
        "wuwei_desktop.db.search, wuwei_desktop.ingest.catalog, wuwei_desktop.charts, "
        "wuwei_desktop.table_export, wuwei_desktop.extract, wuwei_desktop.render.html, "
        "wuwei_desktop.render.table_html;"
        "from wuwei_desktop.ingest import catalog; catalog.parsers();"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
