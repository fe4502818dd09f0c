"""Saved print lists on one PC: round trip, versions, two copies at once, bad files."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from wuwei_desktop.extract import ExtractItem
from wuwei_desktop.print_lists import LocalPrintLists
from wuwei_desktop.user_store import ListConflict

ITEMS = [
    ExtractItem("node", "yearbook-2024/市情概览/自然地理/【地理位置】"),
    ExtractItem("chart", "表11", "line"),
    ExtractItem("search", "民勤县", "yearbook-2024"),
]


def test_save_open_and_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "data" / "print_lists.json"
    store = LocalPrintLists(path)
    assert store.lists() == [] and store.load("会议") is None
    saved = store.save("会议", ITEMS, None)
    assert saved.version == 1 and not store.can_share
    again = LocalPrintLists(path).load("会议")
    assert list(again.items) == ITEMS and again.version == 1 and again.owner == ""
    assert "民勤县" in path.read_text(encoding="utf-8")  # readable UTF-8
    assert [s.name for s in LocalPrintLists(path).lists()] == ["会议"]


def test_a_save_over_a_newer_version_is_refused(tmp_path: Path) -> None:
    here, there = LocalPrintLists(tmp_path / "p.json"), LocalPrintLists(tmp_path / "p.json")
    here.save("会议", ITEMS, None)
    with pytest.raises(ListConflict, match="已经存在"):
        there.save("会议", ITEMS[:1], None)
    opened_here, opened_there = here.load("会议"), there.load("会议")
    assert there.save("会议", ITEMS[:2], opened_there.version).version == 2
    with pytest.raises(ListConflict, match="已被另一处修改"):
        here.save("会议", ITEMS[:1], opened_here.version)
    assert list(here.load("会议").items) == ITEMS[:2]
    assert here.remove("会议") is True and there.remove("会议") is False
    with pytest.raises(ListConflict):
        there.save("会议", ITEMS, 2)  # deleted meanwhile


def test_many_writers_lose_no_save(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    saves: list[int] = []

    def writer(number: int) -> None:
        store = LocalPrintLists(path)
        for k in range(10):
            store.save(f"清单{number}-{k}", ITEMS[:1], None)
            while True:  # everyone appends to the common list
                common = store.load("共用")
                items = [*(common.items if common else ()), ExtractItem("search", f"{number}/{k}")]
                try:
                    store.save("共用", items, common.version if common else None)
                    saves.append(1)
                    break
                except ListConflict:
                    continue

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store = LocalPrintLists(path)
    assert len(store.lists()) == 41 and len(saves) == 40
    common = store.load("共用")
    assert common.version == 40 and len(common.items) == 40


@pytest.mark.parametrize("content", [b"\xff\xfe", b"[1, 2]", b'{"lists": 3}', b"[" * 100000])
def test_a_file_that_is_not_print_lists_is_set_aside(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "print_lists.json"
    path.write_bytes(content)
    store = LocalPrintLists(path)
    assert store.lists() == []
    assert store.warning and "已改名保存为 print_lists.json.corrupt-" in store.warning
    [aside] = tmp_path.glob("print_lists.json.corrupt-*")
    assert aside.read_bytes() == content
    store.save("新", ITEMS, None)
    assert [s.name for s in LocalPrintLists(path).lists()] == ["新"]


def test_unusable_records_are_dropped_good_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "print_lists.json"
    good = {"name": "好", "version": 3, "items": [["node", "a", None]]}
    bad = [
        {"name": "", "version": 1, "items": []},
        {"name": "坏种类", "version": 1, "items": [["table", "x", None]]},
        {"name": "无版本", "items": []},
        "junk",
    ]
    path.write_text(json.dumps({"version": 1, "lists": [good, *bad]}), encoding="utf-8")
    store = LocalPrintLists(path)
    assert [(s.name, s.version) for s in store.lists()] == [("好", 3)]
    assert "4 条记录无法识别" in store.warning
