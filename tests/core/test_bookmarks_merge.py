"""Two copies of the program change the bookmarks at once: nothing is lost; hostile
bookmark files are set aside."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wuwei_desktop.bookmarks import MAX_BYTES, BookmarkStore

ADDS = 300

WRITER = """
import sys
from pathlib import Path
from wuwei_desktop.bookmarks import BookmarkStore

path, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = BookmarkStore(path)  # one store for the whole run, like a window
print("ready", flush=True)
sys.stdin.readline()  # both start adding at the same moment
for k in range(count):
    store.add(f"{tag}/{k}", f"{tag} {k}")
    if k % 10 == 0:
        store.set_note(f"{tag}/{k}", f"note {k}")
    if k % 25 == 0:
        store.remove(f"{tag}/{k}")
print(len(store), flush=True)
"""


def test_two_processes_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    BookmarkStore(path).add("shared/0", "已有的书签")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), tag, str(ADDS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for tag in ("left", "right")
    ]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:  # release both
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, out
    final = BookmarkStore(path)
    assert final.warning is None
    ids = [b.node_id for b in final]
    expected = {"shared/0"} | {
        f"{tag}/{k}" for tag in ("left", "right") for k in range(ADDS) if k % 25
    }
    assert len(ids) == len(expected) == 1 + 2 * (ADDS - ADDS // 25)
    assert set(ids) == expected
    notes = {b.node_id: b.note for b in final}
    for tag in ("left", "right"):
        assert notes[f"{tag}/10"] == "note 10" and notes[f"{tag}/11"] == ""
    # each copy's own order is kept
    left = [int(i.split("/")[1]) for i in ids if i.startswith("left/")]
    assert left and left == sorted(left)


def test_changes_merge_by_the_later_action(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    window_a, window_b = BookmarkStore(path), BookmarkStore(path)
    window_a.add("n/1", "一")
    window_b.add("n/2", "二")  # b had not seen n/1: it is kept
    assert [b.node_id for b in window_b] == ["n/1", "n/2"]
    window_a.add("n/1", "一（又一次）")  # already there: the first one stays
    assert window_a.get("n/1").title == "一"
    window_b.remove("n/1")
    assert [b.node_id for b in BookmarkStore(path)] == ["n/2"]
    # a edits the note of n/1, which b deleted meanwhile: the later edit brings it back
    assert window_a.set_note("n/1", "仍然需要")
    assert window_a.set_note("n/2", "a 写的备注")  # a had never seen n/2 before
    final = {b.node_id: b.note for b in BookmarkStore(path)}
    assert final == {"n/2": "a 写的备注", "n/1": "仍然需要"}
    assert window_b.remove("n/9") is False


def test_reload_sees_what_the_other_copy_wrote(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    window, other = BookmarkStore(path), BookmarkStore(path)
    window.validate(lambda node_id: node_id != "gone/1")
    assert window.reload() is False  # nothing written yet
    other.add("n/1", "一")
    other.add("gone/1", "已不在档案中")
    assert window.reload() is True
    assert [(b.node_id, b.valid) for b in window] == [("n/1", True), ("gone/1", False)]
    assert window.reload() is False
    other.remove("n/1")
    assert window.reload() is True and [b.node_id for b in window] == ["gone/1"]


def test_temp_file_of_a_killed_save_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    BookmarkStore(path).add("n/1", "一")
    leftover = tmp_path / ".bookmarks.json.x81ka.tmp"
    leftover.write_text('{"version": 1, "bookm', encoding="utf-8")
    store = BookmarkStore(path)
    assert not leftover.exists()
    assert [b.node_id for b in store] == ["n/1"] and store.warning is None


def _nested(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


HOSTILE = {
    "nested too deep": _nested(100_000),
    "nested record": b'{"version": 1, "bookmarks": ' + _nested(50_000) + b"}",
    "invalid utf-8": b'{"version": 1, "bookmarks": [{"node_id": "\xff\xfe"}]}',
    "utf-16": json.dumps({"bookmarks": []}).encode("utf-16"),
    "huge": b'{"bookmarks": [' + b'{"node_id": "x"},' * (MAX_BYTES // 16) + b"{}]}",
    "a number": b"12",
    "null": b"null",
    "bookmarks not a list": b'{"bookmarks": {"node_id": "a"}}',
    "nan": b'{"bookmarks": NaN}',
    "zero bytes": b"\x00" * 4096,
}


@pytest.mark.parametrize("content", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_file_is_set_aside_and_the_store_works(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bookmarks.json"
    path.write_bytes(content)
    store = BookmarkStore(path)
    assert len(store) == 0
    assert store.warning and "书签" in store.warning and "改名保存" in store.warning
    backups = list(tmp_path.glob("bookmarks.json.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == content
    assert not path.exists()  # renamed aside, not left to be read again
    store.add("n/1", "一")
    again = BookmarkStore(path)
    assert [b.node_id for b in again] == ["n/1"] and again.warning is None


WRONG_TYPES = [
    {"node_id": "ok/1", "title": ["not", "a", "string"], "path": [1, {"a": 2}, "市情概览"]},
    {"node_id": "ok/2", "note": {"deep": [1, 2]}, "page": 1e308, "created": 5},
    {"node_id": 42},
    {"node_id": ["a"]},
    [],
]


def test_records_of_wrong_types_are_repaired_or_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    path.write_text(json.dumps({"version": 1, "bookmarks": WRONG_TYPES}), encoding="utf-8")
    store = BookmarkStore(path)
    assert [b.node_id for b in store] == ["ok/1", "ok/2"]
    first, second = store.bookmarks
    assert (first.title, first.path) == ("1", ["市情概览"])
    assert (second.note, second.page, second.created) == ("", None, "")
    assert store.warning and "3 条" in store.warning
    assert len(list(tmp_path.glob("bookmarks.json.corrupt-*"))) == 1
    assert BookmarkStore(path).warning is None  # the good records were written back
