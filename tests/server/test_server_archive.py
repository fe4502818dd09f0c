"""The archive on PostgreSQL gives exactly the results of the SQLite archive.

The session's SQLite archive and the same sources built with ``build --out URL`` into
the throwaway cluster answer the same calls of the query API (documents, tree, nodes,
search of many queries of every length with phrases and exclusions, facets, filters,
index, tables, figures, targets) and the command line, compared field by field.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from pathlib import Path

import pytest

from tests.core.test_search import node_texts, oracle, sample_queries
from wuwei_desktop import cli
from wuwei_desktop.api import Archive, ArchiveError

QUERIES = [
    "沙", "民", "勤", "。", "民勤", "防沙治沙", "民勤 防沙治沙", "民勤　防沙治沙", "常住人口",
    "招商引资", "凉州区 旅游", "民勤 -治沙", "武威 -民勤 -凉州", '"三抓三促"', "“三抓三促”",
    "生产总值", "GDP", "gdp", "PM2.5", "2023年", "表1", "古浪", "天祝", "乡村振兴",
    "生态 -", "-沙", "\ufffd", "不存在的词语组合", "沙沙", "万亩", "%", "_", "'", "?1",
    "凉州区 居民生活", "民勤县 文旅产业", "凉州区 西营镇", "县区发展 沙", "沙 -县区发展",
    "古浪县 概况 -生态",
]  # fmt: skip


@pytest.fixture(scope="session")
def both(server_url: str, archive_path: Path):
    with Archive.open(archive_path) as local, Archive.open(server_url) as server:
        yield local, server


def _plain(value):
    """A comparable form of an API result (dataclasses as dicts, exact floats)."""
    return json.loads(json.dumps(value, default=lambda o: asdict(o), ensure_ascii=False))


def test_documents_tree_and_nodes_agree(both) -> None:
    local, server = both
    local_meta, server_meta = local.meta(), server.meta()
    assert local_meta.pop("built_at") and server_meta.pop("built_at")
    assert server_meta == local_meta
    assert _plain(server.documents()) == _plain(local.documents())
    assert _plain(server.tree()) == _plain(local.tree())
    assert _plain(server.tree(depth=1)) == _plain(local.tree(depth=1))
    docs = [d.id for d in local.documents()]
    assert _plain(server.tree(doc=docs[-1])) == _plain(local.tree(doc=docs[-1]))
    top = [child.id for root in local.tree(depth=1) for child in root.children]
    assert len(top) > 20
    for node_id in top:
        assert server.node(node_id).as_dict() == local.node(node_id).as_dict()
    for node_id in top[:6]:
        assert [d.as_dict() for d in server.chapter(node_id)] == [
            d.as_dict() for d in local.chapter(node_id)
        ]
    with pytest.raises(ArchiveError, match="没有编号"):
        server.node("没有这个条目")


def test_search_agrees_hit_for_hit(both, archive_path: Path) -> None:
    local, server = both
    conn = sqlite3.connect(f"file:{archive_path}?mode=ro", uri=True)
    queries = [*QUERIES, *sample_queries(node_texts(conn), 80, seed=5)]
    conn.close()
    assert len(queries) > 150
    for query in queries:
        expected = _plain(local.search(query, limit=30, facets=True))
        assert _plain(server.search(query, limit=30, facets=True)) == expected, query
    big = local.search("县", limit=5, offset=3)
    assert big.total > 100 and big.hits
    assert _plain(server.search("县", limit=5, offset=3)) == _plain(big)


def test_search_filters_agree(both) -> None:
    local, server = both
    docs = [d.id for d in local.documents()]
    category = local.tree(depth=1)[0].children[1].id
    for query in ("沙", "民勤", "发展 -民勤", "2023年"):
        for options in ({"doc": docs[0]}, {"doc": docs[-1]}, {"category": category}):
            expected = _plain(local.search(query, limit=100, facets=True, **options))
            got = _plain(server.search(query, limit=100, facets=True, **options))
            assert got == expected, (query, options)


def test_server_search_agrees_with_a_plain_scan(both, archive_path: Path) -> None:
    _local, server = both
    conn = sqlite3.connect(f"file:{archive_path}?mode=ro", uri=True)
    texts = node_texts(conn)
    conn.close()
    for query in [*QUERIES, *sample_queries(texts, 30, seed=11)]:
        results = server.search(query, limit=100_000)
        found = [hit.node_id for hit in results.hits]
        assert len(found) == len(set(found)) == results.total
        assert set(found) == oracle(texts, query), query


def test_index_tables_and_figures_agree(both) -> None:
    local, server = both
    assert _plain(server.index_terms()) == _plain(local.index_terms())
    for term in ("民勤", "沙", "武威", "旅游", "没有的词"):
        assert _plain(server.index(term)) == _plain(local.index(term))
    assert server.tables() == local.tables()
    for table in local.tables():
        assert server.table(table["id"]).to_dict() == local.table(table["id"]).to_dict()
        assert server.table_node_id(table["id"]) == local.table_node_id(table["id"])
    assert server.table("表11").to_dict() == local.table("表11").to_dict()
    for query in ("粮食", "常住人口", "生产总值", None):
        assert _plain(server.facts(query)) == _plain(local.facts(query))
        assert _plain(server.facts(query, region="民勤", period="2023")) == _plain(
            local.facts(query, region="民勤", period="2023")
        )
    for question in ("2023年民勤县粮食产量", "武威市常住人口是多少", "GDP增长"):
        assert _plain(server.ask(question)) == _plain(local.ask(question))
    assert _plain(server.targets()) == _plain(local.targets())


def test_command_line_agrees(server_url: str, archive_path: Path, capsys) -> None:
    commands = [
        ["docs"], ["tree", "--depth", "1"], ["search", "民勤 -治沙"], ["search", "沙"],
        ["index", "民勤"], ["tables"], ["table", "表11"], ["facts", "--query", "粮食"],
        ["facts", "--targets"],
    ]  # fmt: skip
    for command in commands:
        outputs = []
        for db in (str(archive_path), server_url):
            assert cli.main(["--db", db, "--json", *command]) == 0
            outputs.append(capsys.readouterr().out)
        assert outputs[0] == outputs[1], command
        assert len(outputs[0]) > 20


def test_rebuild_switches_at_once_and_a_failed_one_changes_nothing(
    server_url: str, tmp_path: Path
) -> None:
    from wuwei_desktop.db.pg_build import copy_to_server

    with Archive.open(server_url) as reader:
        before = reader.meta()["built_at"]
        broken = tmp_path / "broken.db"
        sqlite3.connect(broken).execute(
            "CREATE TABLE meta (key TEXT, value TEXT)"
        ).connection.close()
        with pytest.raises(sqlite3.Error):
            copy_to_server(broken, server_url)
        # the reader keeps its connection and still reads the whole archive
        assert reader.meta()["built_at"] == before
        assert reader.search("民勤").total > 10


def test_unreachable_or_empty_server_is_a_clear_error(pg_cluster, tmp_path: Path) -> None:
    missing = f"postgresql+psycopg://postgres@/wuwei?host={tmp_path}&port=1"
    with pytest.raises(ArchiveError, match="无法连接服务器上的档案"):
        Archive.open(missing)
    empty = pg_cluster.url("postgres")
    with pytest.raises(ArchiveError, match="服务器上还没有档案"):
        Archive.open(empty)


def test_build_if_stale_leaves_a_current_server_archive(server_url: str, capsys) -> None:
    from wuwei_desktop.paths import default_sources

    with Archive.open(server_url) as archive:
        before = archive.meta()["built_at"]
    args = ["--json", "build", "--if-stale", "--out", server_url]
    assert cli.main([*args, "--sources", str(default_sources())]) == 0
    assert json.loads(capsys.readouterr().out)["built"] is False
    with Archive.open(server_url) as archive:
        assert archive.meta()["built_at"] == before
