"""The bookmark store: round trip, atomic writes, corrupt files, vanished nodes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wuwei_desktop.bookmarks import Bookmark, BookmarkError, BookmarkStore

NODE = "yearbook-2024/市情概览/自然地理/【地理位置】"


def test_round_trip_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore(path)
    store.add(NODE, "【地理位置】", ["武威年鉴（2024）", "市情概览", "自然地理"], 54)
    store.add("gov-report-2022/一、2021年工作回顾", "一、2021年工作回顾", [], None, "开会用")
    store.set_note(NODE, "引用 <第54页> & 其他")

    again = BookmarkStore(path)
    assert again.warning is None
    assert [b.node_id for b in again] == [NODE, "gov-report-2022/一、2021年工作回顾"]
    first = again.get(NODE)
    assert first is not None
    assert (first.title, first.page, first.note) == ("【地理位置】", 54, "引用 <第54页> & 其他")
    assert first.path == ["武威年鉴（2024）", "市情概览", "自然地理"]
    assert first.created  # an ISO timestamp
    assert again.get("gov-report-2022/一、2021年工作回顾").page is None
    # stored as readable UTF-8, not ASCII escapes
    assert "市情概览" in path.read_text(encoding="utf-8")


def test_adding_twice_keeps_one_and_remove(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.json")
    first = store.add(NODE, "a")
    assert store.add(NODE, "b") == first
    assert len(store) == 1 and NODE in store
    assert store.remove(NODE) is True
    assert store.remove(NODE) is False
    assert store.set_note(NODE, "x") is False
    assert len(BookmarkStore(tmp_path / "b.json")) == 0


def test_missing_folder_is_created(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "a" / "b" / "bookmarks.json")
    assert len(store) == 0 and store.warning is None
    store.add(NODE, "t")
    assert (tmp_path / "a" / "b" / "bookmarks.json").is_file()


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "data" / "bookmarks.json"
    store = BookmarkStore(path)
    store.add(NODE, "t")
    before = path.read_bytes()

    def broken_replace(src, dst):  # the crash happens just before the rename
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(BookmarkError):
        store.add("other", "o")
    monkeypatch.undo()
    assert path.read_bytes() == before  # the old file is untouched
    # no temp left over (the lock file stays: it is how two copies take turns)
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["bookmarks.json", "bookmarks.json.lock"]
    assert [b.node_id for b in store] == [NODE]  # the failed change was undone in memory


def test_write_uses_a_temp_file_and_replace(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "bookmarks.json"
    calls = []
    real_replace = os.replace

    def spy(src, dst):
        calls.append((Path(src), Path(dst)))
        assert Path(src).parent == path.parent and Path(src) != path
        assert json.loads(Path(src).read_text(encoding="utf-8"))["bookmarks"]
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    BookmarkStore(path).add(NODE, "t")
    assert calls and calls[-1][1] == path


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00garbage", b'"a string"', b'{"bookmarks": 5}', b""],
)
def test_corrupt_file_is_set_aside_and_store_starts_empty(tmp_path: Path, content) -> None:
    path = tmp_path / "bookmarks.json"
    path.write_bytes(content)
    store = BookmarkStore(path)
    assert len(store) == 0
    assert store.warning and "已损坏" in store.warning
    backups = list(tmp_path.glob("bookmarks.json.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == content
    store.add(NODE, "t")  # and it keeps working
    assert [b.node_id for b in BookmarkStore(path)] == [NODE]


def test_bad_records_are_skipped_good_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    records = [
        {"node_id": NODE, "title": "t", "page": 54, "note": "n"},
        {"title": "no id"},
        "junk",
        {"node_id": "x/y", "page": "54", "path": "not a list"},
    ]
    path.write_text(json.dumps({"version": 1, "bookmarks": records}), encoding="utf-8")
    store = BookmarkStore(path)
    assert [b.node_id for b in store] == [NODE, "x/y"]
    assert store.get("x/y").page is None and store.get("x/y").title == "y"
    assert store.warning and "2 条" in store.warning
    assert list(tmp_path.glob("bookmarks.json.corrupt-*"))


def test_vanished_node_is_kept_and_marked_invalid(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore(path)
    store.add(NODE, "t")
    store.add("yearbook-2024/旧类目/已删除条目", "已删除条目")
    invalid = store.validate(lambda node_id: node_id == NODE)
    assert [b.node_id for b in invalid] == ["yearbook-2024/旧类目/已删除条目"]
    assert [b.valid for b in store] == [True, False]
    store.set_note(NODE, "saved again")  # saving keeps the invalid one
    assert len(BookmarkStore(path)) == 2

    def failing(node_id: str) -> bool:
        raise RuntimeError("archive closed")

    assert len(store.validate(failing)) == 2 and len(store) == 2


def test_bookmark_from_json_rejects_junk() -> None:
    assert Bookmark.from_json(None) is None
    assert Bookmark.from_json({"node_id": ""}) is None
    assert Bookmark.from_json({"node_id": "a", "page": True}).page is None


def test_store_imports_no_qt() -> None:
    code = "import sys, wuwei_desktop.bookmarks; assert 'PySide6' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
