"""Search looks at a node's path (its ancestors' titles below the document) too.

A term counts as found in the title, the body or the path; one term at least must be in
the node's own title or body, so a single term finds what it found before. The small
archive is the one of ``test_search``; the real archive answers a clerk's "county +
topic" queries, first hits checked by hand in the reader.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.core.test_search import _build, found, ids, node_texts, oracle
from wuwei_desktop.db.search import search

COUNTY = "yearbook-2024/县区发展"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    conn = _build(tmp_path_factory.mktemp("search-path") / "small.db")
    yield conn
    conn.close()


def test_a_term_in_the_path_completes_a_query(db):
    # 生态文明建设 is the category of 民勤县生态建设 and of 表1, 民勤 in their own text
    assert found(db, "生态文明建设 民勤") == {"yb/st/mq", "yb/st/tb"}
    assert ids(db, "生态文明建设 民勤")[0] == "yb/st/mq"  # 民勤 in its title
    # two levels up: 市情概览 › 自然地理 › 气候
    assert found(db, "市情概览 风沙") == {"yb/sq/zr/qh"}
    assert found(db, "自然地理 市情概览 沙漠") == {"yb/sq/zr/dl"}


def test_a_single_term_is_looked_for_in_the_node_itself(db):
    # not in every descendant of the category of that name
    assert found(db, "生态文明建设") == {"yb/st"}
    assert found(db, "市情概览") == {"yb/sq"}
    # nor may every term be in the path alone
    assert found(db, "市情概览 自然地理") == {"yb/sq/zr"}


def test_the_path_is_titles_apart_without_the_document(db):
    assert found(db, "概览自然") == set()  # no phrase across two titles
    assert found(db, "武威年鉴 气候") == set()  # the document's title is not in the path
    assert found(db, "武威年鉴") == {"yb"}


def test_an_excluded_term_is_looked_for_in_the_path(db):
    assert found(db, "沙") == {"yb/sq/zr/dl", "yb/sq/zr/qh", "yb/st/fs", "yb/st/mq", "gr/2"}
    assert found(db, "沙 -生态文明建设") == {"yb/sq/zr/dl", "yb/sq/zr/qh", "gr/2"}


def test_path_queries_agree_with_the_plain_scan(db):
    texts = node_texts(db)
    for query in ("生态文明建设 民勤", "市情概览 风沙", "沙 -自然地理", "文化旅游 凉州区 旅游"):
        assert found(db, query) == oracle(texts, query), query


def test_county_and_topic_find_the_county_s_own_entry(archive_path: Path):
    conn = sqlite3.connect(f"file:{archive_path}?mode=ro", uri=True)
    try:
        hits = search(conn, "凉州区 居民生活").hits
        assert [h.node_id for h in hits] == [f"{COUNTY}/凉州区/居民生活"]
        assert hits[0].path == ["武威年鉴（2024）", "县区发展", "凉州区"]
        hits = search(conn, "民勤县 文旅产业").hits
        assert hits[0].node_id == f"{COUNTY}/民勤县/文旅产业"
        assert hits[1].node_id == "outlook-2024/更大力度构建现代产业体系"  # both in its body
        hits = search(conn, "凉州区 西营镇").hits
        assert [h.node_id for h in hits] == [f"{COUNTY}/凉州区/行政区划"]
        assert "«西营镇»" in hits[0].snippet
    finally:
        conn.close()


def test_a_single_county_name_finds_its_own_mentions_only(archive_path: Path):
    conn = sqlite3.connect(f"file:{archive_path}?mode=ro", uri=True)
    try:
        results = search(conn, "民勤县", limit=1000)
        assert results.hits[0].node_id == f"{COUNTY}/民勤县"
        assert len(results.hits) == results.total
        assert all(h.count >= 1 for h in results.hits)  # each holds 民勤县 itself
        assert f"{COUNTY}/民勤县/文旅产业" not in {h.node_id for h in results.hits}
    finally:
        conn.close()
