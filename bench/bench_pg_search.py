"""Search benchmark on PostgreSQL: p50/p95 of the server archive's search at 1× and 100×.

The same queries and calls as ``bench/bench_search.py`` (the CLI's 20 hits; the search
pane's 100 hits with snippets and facets), against the archive copied into PostgreSQL
the way ``build --out URL`` copies it, and a raw baseline of the same run: the GIN lookup
alone (``count(*) … WHERE grams @@ '民勤' & …``) for each query's terms.

Run by hand::

    .venv/bin/python bench/bench_pg_search.py [--db data/wuwei.db] [--copies 100] [--runs 5]
        [--big /tmp/wuwei-100x.db] [--url postgresql+psycopg://… [--as-is]]

Without ``--url`` a throwaway cluster is started (as the tests do) and removed after.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import QUERIES, synthetic_records, write_archive  # noqa: E402

from wuwei_desktop.db import pg_search  # noqa: E402
from wuwei_desktop.db.pg_build import copy_to_server  # noqa: E402
from wuwei_desktop.db.search import parse_query  # noqa: E402
from wuwei_desktop.db.server import ServerConnection  # noqa: E402


def _percentiles(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))], ordered[-1]


def baseline(conn: ServerConnection, query: str) -> int:
    """The GIN lookup of every gram of the query's required terms, counted."""
    terms = parse_query(query).terms
    if not terms:
        return 0
    wanted = " & ".join(pg_search.term_query(t) for t in terms)
    sql = f"SELECT count(*) FROM {pg_search.GRAM_TABLE} WHERE grams @@ ?::tsquery"
    return conn.execute(sql, (wanted,)).fetchone()[0]


def bench(url: str, runs: int, label: str) -> None:
    conn = ServerConnection(url)
    n_nodes = conn.execute("SELECT count(*) FROM nodes").fetchone()[0]
    size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    print(f"[{label}] PostgreSQL: {n_nodes} nodes, database {size / 1e6:.0f} MB")
    calls = {
        "search (20 hits)": lambda q: pg_search.search(conn, q),
        "pane call (100 hits, snippets, facets)": lambda q: pg_search.search(
            conn, q, limit=100, facets=True
        ),
        "baseline GIN lookup count": lambda q: baseline(conn, q),
    }
    for call in calls.values():  # warm the caches
        for q in QUERIES:
            call(q)
    times: dict[str, list[float]] = {name: [] for name in calls}
    per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    for _ in range(runs):
        for q in QUERIES:
            for name, call in calls.items():
                t0 = time.perf_counter()
                call(q)
                dt = (time.perf_counter() - t0) * 1000
                times[name].append(dt)
                if name.startswith("pane"):
                    per_query[q].append(dt)
    base_p95 = _percentiles(times["baseline GIN lookup count"])[1]
    for name, values in times.items():
        p50, p95, top = _percentiles(values)
        print(
            f"[{label}] {name}: {len(QUERIES)} queries x {runs}: p50 {p50:.2f} ms, "
            f"p95 {p95:.2f} ms, max {top:.2f} ms, p95 {p95 / base_p95:.1f}x the baseline's"
        )
    slow = sorted(per_query.items(), key=lambda kv: -statistics.median(kv[1]))[:6]
    totals = {q: pg_search.search(conn, q).total for q, _ in slow}
    print(
        f"[{label}] slowest pane calls: "
        + ", ".join(f"{q!r} {statistics.median(v):.1f} ms ({totals[q]} hits)" for q, v in slow)
    )
    conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=ROOT / "data" / "wuwei.db")
    ap.add_argument("--sources", type=Path, default=ROOT / "data" / "sources")
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--big", type=Path, help="the 100x SQLite archive: made if missing, kept")
    ap.add_argument("--url", help="a PostgreSQL database to use (its archive is replaced)")
    ap.add_argument(
        "--as-is", action="store_true", help="time the archive already at --url (copy nothing)"
    )
    args = ap.parse_args()
    if args.as_is and args.url:
        bench(args.url, args.runs, f"{args.copies}x")
        return

    cluster = None
    if args.url is None:
        sys.path.insert(0, str(ROOT / "tests"))
        from pg_cluster import start_cluster

        cluster = start_cluster()
    url = args.url or cluster.url()
    tmp = Path(tempfile.mkdtemp(prefix="wuwei-bench-"))
    try:
        base = args.db
        if not base.exists():
            base = tmp / "wuwei-1x.db"
            write_archive(base, synthetic_records(args.sources))
        t0 = time.perf_counter()
        copy_to_server(base, url)
        print(f"[1x] copied {base} into PostgreSQL in {time.perf_counter() - t0:.1f} s")
        bench(url, args.runs, "1x")
        if args.copies > 1:
            big = args.big or tmp / f"wuwei-{args.copies}x.db"
            if not big.exists():
                records = _records(base)
                write_archive(big, records, copies=args.copies)
            t0 = time.perf_counter()
            copy_to_server(big, url)
            print(f"[{args.copies}x] copied into PostgreSQL in {time.perf_counter() - t0:.1f} s")
            bench(url, args.runs, f"{args.copies}x")
    finally:
        for f in tmp.iterdir():
            f.unlink()
        tmp.rmdir()
        if cluster is not None:
            cluster.stop()


def _records(base: Path) -> tuple[list, list, list]:
    """The documents, nodes and paragraphs of an archive, as bench_search writes them."""
    import json

    src = sqlite3.connect(f"file:{base}?mode=ro", uri=True)
    docs = src.execute("SELECT id, ord, title, kind, source_file, sha256 FROM documents").fetchall()
    nodes = [
        (*r[:7], json.loads(r[7]), *r[8:])
        for r in src.execute(
            "SELECT id, doc_id, parent_id, ord, depth, kind, title, path, page_start, "
            "page_end, end_ord FROM nodes ORDER BY ord"
        )
    ]
    paras = src.execute(
        "SELECT id, node_id, doc_id, seq, page, role, text, line FROM paragraphs ORDER BY id"
    ).fetchall()
    src.close()
    return docs, nodes, paras


if __name__ == "__main__":
    main()
