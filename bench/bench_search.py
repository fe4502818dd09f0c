"""Search benchmark: p50/p95 of ``search()`` at 1× and on a synthetic archive 100× larger.

Three calls per query: the CLI's ``search()`` (20 hits), the search pane's own call (100
hits with snippets and the per-category counts), and a raw FTS5 ``MATCH`` count as the
baseline of the same run (the ratio to it tells the code from the machine's load).

Run by hand::

    .venv/bin/python bench/bench_search.py [--db data/wuwei.db] [--copies 100] [--runs 5]
        [--big /tmp/wuwei-100x.db]   # keep the 100× archive (about 600 MB) for a rerun

The 1× archive is ``data/wuwei.db`` when it exists (or ``--db``); otherwise a synthetic
archive cut roughly out of ``data/sources/*.txt`` (entries at ``【…】``, paragraphs at
``。``). The 100× archive replicates the 1× archive's nodes and paragraphs 100 times with
distinct ids into a temporary file. Prints index build time, DB size and latencies.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine  # noqa: E402

from wuwei_desktop.db.schema import metadata  # noqa: E402
from wuwei_desktop.db.search import (  # noqa: E402
    FTS_TABLE,
    create_search_index,
    match_expression,
    parse_query,
    search,
)
from wuwei_desktop.ingest.textclean import join_wrapped  # noqa: E402

# what a county clerk types: 1–8 characters, single words and two-word queries
QUERIES = [
    "民勤",
    "沙",
    "防沙治沙",
    "常住人口",
    "招商引资",
    "凉州区",
    "粮食",
    "乡村振兴",
    "生产总值",
    "古浪",
    "天祝",
    "旅游",
    "GDP",
    "2023年",
    "民勤 防沙治沙",
    "凉州 旅游",
    "水",
    "林",
    "牛",
    "羊",
    "葡萄酒",
    "日光温室",
    "人均可支配收入",
    "城镇化率",
    "教育",
    "医疗",
    "养老",
    "脱贫",
    "巩固拓展",
    "石羊河",
    "祁连山",
    "八步沙",
    "天梯山",
    "雷台",
    "马踏飞燕",
    "文化旅游",
    "交通",
    "高速公路",
    "铁路",
    "新能源",
    "光伏",
    "风电",
    "工业园区",
    "营商环境",
    "民营经济",
    "财政收入",
    "税收",
    "增长",
    "万元",
    "亿元",
    "%",
    "古浪 移民",
    "天祝 牧业",
    "凉州区 粮食",
    "民勤 蜜瓜",
    "三抓三促",
    "高质量发展",
    "生态",
    "治沙",
    "武威市",
    "人口 增长",
    "乡镇",
    "村",
    "-沙 民勤",
    '"防沙治沙"',
    "党建",
    "疫情防控",
]


# ------------------------------------------------------------------ synthetic archive


def _paragraphs_of(path: Path) -> list[str]:
    """Crude clean paragraphs of a source: wrapped lines joined, split after 。"""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    text = join_wrapped(lines)
    text = re.sub(r"(【)", r"\n\1", text)
    out = []
    for block in text.split("\n"):
        buf = ""
        for sentence in re.split(r"(?<=。)", block):
            buf += sentence
            if len(buf) > 120:
                out.append(buf)
                buf = ""
        if buf:
            out.append(buf)
    return [p for p in out if p]


def synthetic_records(sources: Path) -> tuple[list, list, list]:
    """(documents, nodes, paragraphs) rows cut out of the source texts."""
    docs, nodes, paras = [], [], []
    ord_ = 0
    pid = 0
    for d, path in enumerate(sorted(sources.glob("*.txt"))):
        doc_id = path.stem
        title = path.stem
        docs.append((doc_id, d, title, "年鉴", path.name, ""))
        doc_node = f"{doc_id}/0"
        doc_ord = ord_
        nodes.append([doc_node, doc_id, None, ord_, 0, "document", title, [title], 1, None, 0])
        ord_ += 1
        cat_id, cat_ord, entry_id = None, None, None
        page = 1
        n_entries = 0
        n_paras = 0
        for text in _paragraphs_of(path):
            m = re.match(r"【([^】]{1,30})】", text)
            n_paras += 1
            if m or entry_id is None or n_paras > 12:  # long runs: sections of 12
                n_paras = 0
                if cat_id is None or n_entries % 30 == 0:
                    if cat_id is not None:
                        nodes[cat_ord - nodes[0][3]][10] = ord_ - 1
                    cat_id = f"{doc_id}/c{ord_}"
                    cat_ord = ord_
                    ctitle = f"类目{n_entries // 30 + 1}"
                    nodes.append(
                        [
                            cat_id,
                            doc_id,
                            doc_node,
                            ord_,
                            1,
                            "category",
                            ctitle,
                            [title, ctitle],
                            page,
                            page,
                            ord_,
                        ]
                    )
                    ord_ += 1
                n_entries += 1
                etitle = m.group(1) if m else f"概述{ord_}"
                entry_id = f"{doc_id}/e{ord_}"
                nodes.append(
                    [
                        entry_id,
                        doc_id,
                        cat_id,
                        ord_,
                        2,
                        "entry",
                        etitle,
                        [title, ctitle, etitle],
                        page,
                        page,
                        ord_,
                    ]
                )
                ord_ += 1
                if m:
                    text = text[m.end() :].lstrip("\u3000 ")
                    if not text:
                        continue
            pid += 1
            page = 1 + pid // 6
            paras.append((pid, entry_id, doc_id, pid, page, "body", text, pid))
        nodes[cat_ord - nodes[0][3]][10] = ord_ - 1
        nodes[doc_ord - nodes[0][3]][10] = ord_ - 1
    return docs, [tuple(n) for n in nodes], paras


def write_archive(path: Path, records: tuple[list, list, list], copies: int = 1) -> float:
    """Write a fresh archive (schema + rows × copies + search index); seconds of indexing."""
    import json

    if path.exists():
        path.unlink()
    engine = create_engine(f"sqlite:///{path}")
    metadata.create_all(engine)
    engine.dispose()
    docs, nodes, paras = records
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    n_nodes = max(n[3] for n in nodes) + 1  # ord offset of a copy
    max_pid = max(p[0] for p in paras)
    with conn:
        for c in range(copies):
            sfx = "" if c == 0 else f"#copy{c}"
            conn.executemany(
                "INSERT INTO documents (id, ord, title, kind, source_file, sha256) "
                "VALUES (?,?,?,?,?,?)",
                [(d[0] + sfx, d[1] + c * len(docs), d[2] + sfx, *d[3:]) for d in docs],
            )
            conn.executemany(
                "INSERT INTO nodes (id, doc_id, parent_id, ord, depth, kind, title, path, "
                "page_start, page_end, end_ord) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        n[0] + sfx,
                        n[1] + sfx,
                        None if n[2] is None else n[2] + sfx,
                        n[3] + c * n_nodes,
                        n[4],
                        n[5],
                        n[6],
                        json.dumps(n[7], ensure_ascii=False),
                        n[8],
                        n[9],
                        n[10] + c * n_nodes,
                    )
                    for n in nodes
                ],
            )
            conn.executemany(
                "INSERT INTO paragraphs (id, node_id, doc_id, seq, page, role, text, line) "
                "VALUES (?,?,?,?,?,?,?,?)",
                [(p[0] + c * max_pid, p[1] + sfx, p[2] + sfx, *p[3:]) for p in paras],
            )
        t0 = time.perf_counter()
        create_search_index(conn)
        took = time.perf_counter() - t0
    conn.execute("VACUUM")
    conn.close()
    return took


# ----------------------------------------------------------------------------- timing


def fts_size(conn: sqlite3.Connection) -> int | None:
    try:
        row = conn.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?", (f"{FTS_TABLE}%",)
        ).fetchone()
        return row[0]
    except sqlite3.Error:
        return None


def _percentiles(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))], ordered[-1]


def pane_call(conn: sqlite3.Connection, query: str):
    """The search pane's own call: the first 100 hits with snippets and the facets."""
    return search(conn, query, limit=100, offset=0, facets=True)


def baseline(conn: sqlite3.Connection, query: str) -> int:
    """A raw FTS5 MATCH counting the rows: the floor any search call stands on."""
    expr = match_expression(parse_query(query))
    if not expr:
        return 0
    sql = f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?"
    return conn.execute(sql, (expr,)).fetchone()[0]


def bench(path: Path, runs: int, label: str) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    n_nodes = conn.execute("SELECT count(*) FROM nodes").fetchone()[0]
    n_paras = conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
    size = path.stat().st_size
    fsize = fts_size(conn)
    print(
        f"[{label}] {path}: {n_nodes} nodes, {n_paras} paragraphs, "
        f"DB {size / 1e6:.1f} MB" + (f" (search index {fsize / 1e6:.1f} MB)" if fsize else "")
    )
    calls = {
        "search (20 hits)": lambda q: search(conn, q),
        "pane call (100 hits, snippets, facets)": lambda q: pane_call(conn, q),
        "baseline raw MATCH count": lambda q: baseline(conn, q),
    }
    for call in calls.values():  # warm the page cache
        for q in QUERIES:
            call(q)
    times: dict[str, list[float]] = {name: [] for name in calls}
    per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    for _ in range(runs):
        for q in QUERIES:  # the three calls of a query one after the other: same load
            for name, call in calls.items():
                t0 = time.perf_counter()
                call(q)
                dt = (time.perf_counter() - t0) * 1000
                times[name].append(dt)
                if name.startswith("pane"):
                    per_query[q].append(dt)
    base_p95 = _percentiles(times["baseline raw MATCH count"])[1]
    for name, values in times.items():
        p50, p95, top = _percentiles(values)
        ratio = f", p95 {p95 / base_p95:.1f}x the baseline's" if base_p95 else ""
        print(
            f"[{label}] {name}: {len(QUERIES)} queries x {runs}: p50 {p50:.2f} ms, "
            f"p95 {p95:.2f} ms, max {top:.2f} ms{ratio}"
        )
    slow = sorted(per_query.items(), key=lambda kv: -statistics.median(kv[1]))[:6]
    totals = {q: search(conn, q).total for q, _ in slow}
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
    ap.add_argument("--synthetic", action="store_true", help="ignore --db, use the sources")
    ap.add_argument(
        "--big",
        type=Path,
        help="the 100x archive file: made there if missing, reused (and kept) if present",
    )
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="wuwei-bench-"))
    if args.db.exists() and not args.synthetic:
        base = args.db
        src = sqlite3.connect(f"file:{base}?mode=ro", uri=True)
        docs = src.execute(
            "SELECT id, ord, title, kind, source_file, sha256 FROM documents"
        ).fetchall()
        import json

        nodes = [
            (*r[:7], json.loads(r[7]) if isinstance(r[7], str) else r[7], *r[8:])
            for r in src.execute(
                "SELECT id, doc_id, parent_id, ord, depth, kind, title, path, page_start, "
                "page_end, end_ord FROM nodes ORDER BY ord"
            )
        ]
        paras = src.execute(
            "SELECT id, node_id, doc_id, seq, page, role, text, line FROM paragraphs ORDER BY id"
        ).fetchall()
        src.close()
        records = (docs, nodes, paras)
        has_index = (
            sqlite3.connect(base)
            .execute("SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,))
            .fetchone()
        )
        if not has_index:
            base = tmp / "wuwei-1x.db"
            took = write_archive(base, records)
            print(f"[1x] {base} had no search index; rebuilt, index build {took:.2f} s")
        print("[1x] real archive")
    else:
        records = synthetic_records(args.sources)
        base = tmp / "wuwei-1x.db"
        took = write_archive(base, records)
        print(f"[1x] synthetic archive from {args.sources}; index build {took:.2f} s")
    bench(base, args.runs, "1x")

    if args.copies > 1:
        big = args.big or tmp / f"wuwei-{args.copies}x.db"
        if not big.exists():
            t0 = time.perf_counter()
            took = write_archive(big, records, copies=args.copies)
            print(
                f"[{args.copies}x] written in {time.perf_counter() - t0:.1f} s, "
                f"index build {took:.1f} s"
            )
        bench(big, args.runs, f"{args.copies}x")
    if os.environ.get("KEEP_BENCH_DB"):
        print(f"kept {tmp}")
    else:
        for f in tmp.iterdir():
            if f not in (args.db, args.big):
                f.unlink()
        tmp.rmdir()


if __name__ == "__main__":
    main()
