"""The one-pass search (total, facets and broad pages from the matching rowids) gives
exactly what the SQL statements give."""

from __future__ import annotations

import pytest

from wuwei_desktop.db import search as engine

QUERIES = ["民勤", "沙", "2023年", "武威市", "村", "%", "民勤 防沙治沙", "-沙 民勤", '"表6 武威市"']


@pytest.fixture()
def conn(archive):
    return archive._conn


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("doc", [None, "yearbook-2024", "gov-report-2022"])
def test_facets_from_rowids_equal_the_sql_facets(conn, query, doc) -> None:
    results = engine.search(conn, query, doc=doc, limit=5, facets=True)
    by_sql = engine.facet_counts(conn, query, doc=doc)
    assert results.facets == by_sql
    assert results.total == sum(c.count for c in by_sql.by_category)
    if query in ("民勤", "2023年") and doc != "gov-report-2022":
        assert len(by_sql.by_category) > 3


def test_facets_within_a_category(conn) -> None:
    category = "yearbook-2024/县区发展"
    results = engine.search(conn, "民勤", category=category, limit=5, facets=True)
    assert results.total > 0
    assert results.facets == engine.facet_counts(conn, "民勤", category=category)


@pytest.mark.parametrize("query", ["民勤", "沙", "2023年", "武威市", "村 民", "水"])
@pytest.mark.parametrize(("limit", "offset"), [(100, 0), (20, 40), (7, 3)])
def test_a_broad_page_equals_the_sql_page(conn, monkeypatch, query, limit, offset) -> None:
    monkeypatch.setattr(engine, "RANK_LIMIT", 5)  # every query here counts as broad
    parsed = engine.parse_query(query)
    base = engine._plan(conn, parsed, None, None)[3]
    sql, params = engine.search_sql(parsed, ranged=False, doc_check=False, ranked=False)
    params.update(base, limit=limit, offset=offset)
    expected = [row[1] for row in conn.execute(sql, params)]
    got = [h.node_id for h in engine.search(conn, query, limit=limit, offset=offset).hits]
    assert len(expected) == min(limit, max(0, engine.search(conn, query).total - offset))
    assert got == expected
