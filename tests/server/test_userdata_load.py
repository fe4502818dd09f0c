"""Many writers at once on the server's user data: no errors, no lost writes."""

from __future__ import annotations

from bench.userdata_load import build_archive, check, run_load
from tests.server.userdata_db import USERS, fresh_database
from wuwei_desktop.user_store import open_stores


def test_five_clients_fifty_rounds_lose_nothing(pg_cluster) -> None:
    url_for = fresh_database(pg_cluster)
    open_stores(url_for("postgres"))
    build_archive(url_for("postgres"))
    done = run_load(url_for, list(USERS[:2]), clients=5, rounds=50)

    assert [c.errors for c in done] == [[]] * 5
    assert [len(c.added) for c in done] == [50] * 5
    assert all(c.hits > 50 * 10 for c in done)  # the archive's search answered each round
    assert sum(c.list_saves for c in done) == 25
    assert check(url_for("postgres"), done) == []
    # three clients wrote alice's rows at once, two bob's
    alice, _ = open_stores(url_for("alice"))
    assert len(alice) == 150 and alice.get("load/0/49").page == 49
    assert alice.get("load/0/0").path == ["压力测试"]

    # the count would see a lost write: take one row and one list save away
    import sqlalchemy

    engine = sqlalchemy.create_engine(url_for("postgres"))
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM userdata.bookmarks WHERE node_id = 'load/1/7'")
        conn.exec_driver_sql("UPDATE userdata.print_lists SET version = version - 1")
    engine.dispose()
    problems = check(url_for("postgres"), done)
    assert problems[0] == "书签行数 249，客户端写入 250" and len(problems) == 3
