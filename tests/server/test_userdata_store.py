"""Bookmarks and print lists on a server archive: the local store's behaviour, per user,
sharing, and row-level security (run on a throwaway PostgreSQL cluster)."""

from __future__ import annotations

import pytest

from tests.server.userdata_db import fresh_database
from wuwei_desktop.extract import ExtractItem
from wuwei_desktop.user_store import ListConflict, UserDataError, open_stores

NODE = "yearbook-2024/市情概览/自然地理/【地理位置】"
REPORT = "gov-report-2022/一、2021年工作回顾"


@pytest.fixture()
def url_for(pg_cluster):
    """``url_for(user)`` on a new database whose owner has made the userdata tables."""
    url_for = fresh_database(pg_cluster)
    open_stores(url_for("postgres"))  # the IT set-up: the owner connects once
    return url_for


def test_round_trip_survives_a_restart(url_for) -> None:
    store, _ = open_stores(url_for("alice"))
    store.add(NODE, "【地理位置】", ["武威年鉴（2024）", "市情概览", "自然地理"], 54)
    store.add(REPORT, "一、2021年工作回顾", [], None, "开会用")
    assert store.set_note(NODE, "引用 <第54页> & 其他") is True

    again, _ = open_stores(url_for("alice"))
    assert again.warning is None and again.path is None and again.can_share
    assert [b.node_id for b in again] == [NODE, REPORT]
    first = again.get(NODE)
    assert (first.title, first.page, first.note) == ("【地理位置】", 54, "引用 <第54页> & 其他")
    assert first.path == ["武威年鉴（2024）", "市情概览", "自然地理"]
    assert first.created and first.owner == "" and not first.shared
    assert again.get(REPORT).page is None and again.get(REPORT).note == "开会用"


def test_adding_twice_keeps_one_and_remove(url_for) -> None:
    store, _ = open_stores(url_for("alice"))
    first = store.add(NODE, "a", note="第一次")
    assert store.add(NODE, "b").note == first.note == "第一次"
    assert len(store) == 1 and NODE in store
    assert store.remove(NODE) is True
    assert store.remove(NODE) is False
    assert store.set_note(NODE, "x") is False
    assert len(open_stores(url_for("alice"))[0]) == 0


def test_each_user_has_their_own_bookmarks(url_for) -> None:
    alice, _ = open_stores(url_for("alice"))
    bob, _ = open_stores(url_for("bob"))
    alice.add(NODE, "甲的书签")
    bob.add(NODE, "乙的书签", note="乙")
    bob.reload()
    assert [b.title for b in bob] == ["乙的书签"]
    assert alice.remove(NODE) is True
    bob.reload()
    assert bob.get(NODE).note == "乙" and bob.shared_by_others() == []


def test_shared_bookmark_is_seen_read_only_by_colleagues(url_for) -> None:
    alice, _ = open_stores(url_for("alice"))
    bob, _ = open_stores(url_for("bob"))
    alice.add(NODE, "【地理位置】", [], 54, "给大家看")
    alice.add(REPORT, "私人")
    assert alice.set_shared(NODE, True) is True
    assert bob.reload() is True
    [shared] = bob.shared_by_others()
    assert (shared.node_id, shared.owner, shared.note, shared.shared) == (
        NODE,
        "alice",
        "给大家看",
        True,
    )
    assert len(bob) == 0  # not bob's own
    # bob cannot change or delete alice's rows, even with plain SQL
    assert bob.remove(NODE) is False and bob.set_note(NODE, "改") is False
    import sqlalchemy

    engine = sqlalchemy.create_engine(url_for("bob"))
    with engine.begin() as conn:
        changed = conn.execute(sqlalchemy.text("UPDATE userdata.bookmarks SET note = '改'"))
        assert changed.rowcount == 0
        with pytest.raises(sqlalchemy.exc.ProgrammingError), conn.begin_nested():
            conn.execute(
                sqlalchemy.text(
                    "INSERT INTO userdata.bookmarks (owner, node_id, title)"
                    " VALUES ('alice', 'x', 'x')"
                )
            )
    engine.dispose()
    assert alice.set_shared(NODE, False) is True
    bob.reload()
    assert bob.shared_by_others() == []
    assert open_stores(url_for("alice"))[0].get(NODE).note == "给大家看"


def test_note_edit_brings_back_a_bookmark_deleted_in_another_session(url_for) -> None:
    here, _ = open_stores(url_for("alice"))
    there, _ = open_stores(url_for("alice"))
    here.add(NODE, "t", [], 3)
    there.reload()
    assert there.remove(NODE) is True
    assert here.set_note(NODE, "后来的编辑") is True
    there.reload()
    assert there.get(NODE).note == "后来的编辑" and there.get(NODE).page == 3


def test_vanished_node_is_kept_and_marked_invalid(url_for) -> None:
    store, _ = open_stores(url_for("alice"))
    store.add(NODE, "t")
    store.add("yearbook-2024/已删除的条目", "旧")
    invalid = store.validate(lambda node_id: node_id == NODE)
    assert [b.node_id for b in invalid] == ["yearbook-2024/已删除的条目"]
    assert len(store) == 2 and store.get(NODE).valid


def test_print_lists_save_open_conflict_and_share(url_for) -> None:
    _, alice = open_stores(url_for("alice"))
    _, bob = open_stores(url_for("bob"))
    items = [
        ExtractItem("node", NODE),
        ExtractItem("chart", "表11", "line"),
        ExtractItem("search", "民勤县"),
    ]
    saved = alice.save("会议材料", items, None)
    assert saved.version == 1
    with pytest.raises(ListConflict):
        alice.save("会议材料", items[:1], None)  # a new list of a name in use
    opened = alice.load("会议材料")
    assert list(opened.items) == items and opened.version == 1
    assert alice.save("会议材料", items[:2], opened.version).version == 2
    with pytest.raises(ListConflict, match="已被另一处修改"):
        alice.save("会议材料", items[:1], opened.version)  # saved meanwhile elsewhere
    assert list(alice.load("会议材料").items) == items[:2]
    assert bob.lists() == [] and bob.load("会议材料", "alice") is None
    alice.save("会议材料", items, 2, shared=True)
    [seen] = bob.lists()
    assert (seen.name, seen.owner, seen.shared) == ("会议材料", "alice", True)
    assert list(seen.items) == items
    assert bob.remove("会议材料") is False
    assert alice.remove("会议材料") is True and bob.lists() == []


def test_a_user_who_may_not_create_the_tables_gets_a_chinese_message(pg_cluster) -> None:
    url_for = fresh_database(pg_cluster)
    with pytest.raises(UserDataError, match="无权创建"):
        open_stores(url_for("carol"))


def test_an_unreachable_server_gets_a_chinese_message(pg_cluster) -> None:
    url = pg_cluster.url("no_such_database")
    with pytest.raises(UserDataError, match="无法连接共享档案"):
        open_stores(url)


def test_user_data_survives_a_rebuild_of_the_archive(pg_cluster) -> None:
    from bench.userdata_load import build_archive

    url_for = fresh_database(pg_cluster)
    build_archive(url_for("postgres"))
    open_stores(url_for("postgres"))
    store, lists = open_stores(url_for("alice"))
    store.add(NODE, "【地理位置】", [], 54, "重建后还在")
    lists.save("会议材料", [ExtractItem("node", NODE)], None, shared=True)
    build_archive(url_for("postgres"))  # next year's build swaps the archive's schema
    again, lists_again = open_stores(url_for("alice"))
    assert again.get(NODE).note == "重建后还在"
    assert [(s.name, s.version) for s in lists_again.lists()] == [("会议材料", 1)]
