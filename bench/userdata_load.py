"""Load on the shared user data: N clients at once, each with its own connection, searching
and adding bookmarks on a server archive; then the rows are counted against what every
client says it wrote.

Each client is a thread with its own stores (its own engine and connection) logged in as
one of a few office users, so several clients write the same user's rows at once. One
round of a client: a search, a bookmark added (a new node), every 5th round a note
rewritten on one of its own bookmarks, every 10th round the user's common print list
saved with the optimistic version (a conflict: open it again and retry). The search is
the archive's own (``Archive.search``, 20 hits) on the archive built from
``data/sources`` into the same database, each client with its own ``Archive``.

Run by hand (a throwaway cluster is started and removed)::

    .venv/bin/python bench/userdata_load.py [--clients 20] [--seconds 20]

``run_load`` is also what tests/server/test_userdata_load.py runs, with bounded rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy  # noqa: E402

from wuwei_desktop.api import Archive  # noqa: E402
from wuwei_desktop.extract import ExtractItem  # noqa: E402
from wuwei_desktop.user_store import ListConflict, open_stores  # noqa: E402

WORDS = ["民勤", "沙", "防沙治沙", "常住人口", "凉州区", "粮食", "乡村振兴", "古浪", "天祝", "旅游"]
COMMON_LIST = "科室共用清单"


@dataclass
class Client:
    """What one client did: its bookmarks and notes, its list saves, and its timings."""

    number: int
    user: str
    added: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    list_saves: int = 0
    hits: int = 0
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    began: float = 0.0
    ended: float = 0.0


def build_archive(url: str) -> None:
    """Build the archive from ``data/sources`` into ``url`` (the database's owner) and let
    every role read it, as the IT set-up does for the readers' group."""
    from wuwei_desktop import cli

    if cli.main(["build", "--out", url, "--sources", str(ROOT / "data" / "sources")]):
        raise RuntimeError(f"build --out {url} failed")
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as conn:
        schemas = conn.execute(
            sqlalchemy.text(
                "SELECT nspname FROM pg_namespace WHERE nspowner = current_user::regrole"
                " AND nspname NOT IN ('public', 'userdata')"
            )
        ).scalars()
        for schema in [*schemas, "public"]:
            conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA "{schema}" TO PUBLIC')
            conn.exec_driver_sql(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO PUBLIC')
            conn.exec_driver_sql(f'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA "{schema}" TO PUBLIC')
    engine.dispose()


def _client(
    client: Client, url: str, rounds: int | None, seconds: float, start: threading.Barrier
) -> None:
    try:
        bookmarks, lists = open_stores(url)
        archive = Archive.open(url)
    except Exception as error:
        client.errors.append(repr(error))
        return
    start.wait()
    client.began = time.perf_counter()
    until = client.began + seconds
    k = 0
    while (rounds is None or k < rounds) and time.perf_counter() < until:
        try:
            word = WORDS[(client.number + k) % len(WORDS)]
            began = time.perf_counter()
            client.hits += len(archive.search(word, limit=20).hits)
            client.timings["search"].append(time.perf_counter() - began)

            node = f"load/{client.number}/{k}"
            began = time.perf_counter()
            bookmarks.add(node, f"第{k}条", ["压力测试"], k)
            client.timings["add"].append(time.perf_counter() - began)
            client.added.append(node)

            if k % 5 == 4:
                target = client.added[(k * 7) % len(client.added)]
                note = f"客户{client.number}第{k}次"
                began = time.perf_counter()
                bookmarks.set_note(target, note)
                client.timings["note"].append(time.perf_counter() - began)
                client.notes[target] = note
            if k % 10 == 9:
                began = time.perf_counter()
                _save_common_list(client, lists, node)
                client.timings["list"].append(time.perf_counter() - began)
        except Exception as error:
            client.errors.append(repr(error))
        k += 1
    client.ended = time.perf_counter()
    archive.close()
    bookmarks.engine.dispose()


def _save_common_list(client: Client, lists, node: str) -> None:
    """Append ``node`` to the user's common list: open, change, save; retry on conflict."""
    while True:
        opened = lists.load(COMMON_LIST)
        items = [*(opened.items if opened else ()), ExtractItem("node", node)]
        try:
            lists.save(COMMON_LIST, items, opened.version if opened else None)
        except ListConflict:
            client.conflicts += 1
            continue
        client.list_saves += 1
        return


def run_load(
    url_for: Callable[[str], str],
    users: list[str],
    clients: int,
    rounds: int | None = None,
    seconds: float = 3600.0,
) -> list[Client]:
    """Run ``clients`` clients (users taken in turn) for ``rounds`` rounds each or until
    ``seconds`` pass; return what each did. The userdata tables and ``bench_text`` must
    exist, and the archive (see :func:`build_archive`)."""
    done = [Client(n, users[n % len(users)]) for n in range(clients)]
    start = threading.Barrier(clients)  # connecting is not part of the run
    threads = [
        threading.Thread(target=_client, args=(c, url_for(c.user), rounds, seconds, start))
        for c in done
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done


def check(url: str, done: list[Client]) -> list[str]:
    """What the database holds that differs from what the clients say they wrote."""
    engine = sqlalchemy.create_engine(url)
    problems = []
    with engine.connect() as conn:
        rows = conn.execute(
            sqlalchemy.text("SELECT owner, node_id, note FROM userdata.bookmarks")
        ).all()
        lists = dict(
            conn.execute(sqlalchemy.text("SELECT owner, version FROM userdata.print_lists")).all()
        )
        items = dict(
            conn.execute(
                sqlalchemy.text("SELECT owner, jsonb_array_length(items) FROM userdata.print_lists")
            ).all()
        )
    engine.dispose()
    stored = {(owner, node): note for owner, node, note in rows}
    wrote = {(c.user, node) for c in done for node in c.added}
    if set(stored) != wrote:
        problems.append(f"书签行数 {len(stored)}，客户端写入 {len(wrote)}")
    for c in done:
        for node, note in c.notes.items():
            if stored.get((c.user, node)) != note:
                problems.append(f"{node} 的备注丢失")
    for user in {c.user for c in done}:
        saves = sum(c.list_saves for c in done if c.user == user)
        if saves and (lists.get(user), items.get(user)) != (saves, saves):
            problems.append(f"{user} 的清单版本 {lists.get(user)}，保存了 {saves} 次")
    return problems


def round_trip(url: str, times: int = 200) -> float:
    """The median of ``SELECT 1`` alone on one connection (the baseline of the run)."""
    engine = sqlalchemy.create_engine(url)
    spent = []
    with engine.connect() as conn:
        for _ in range(times):
            began = time.perf_counter()
            conn.execute(sqlalchemy.text("SELECT 1")).scalar()
            spent.append(time.perf_counter() - began)
    engine.dispose()
    return statistics.median(spent)


def search_alone(url: str, rounds: int = 3) -> float:
    """The median of the load's searches run by one client alone (same archive, same run)."""
    archive = Archive.open(url)
    spent = []
    for _ in range(rounds):
        for word in WORDS:
            began = time.perf_counter()
            archive.search(word, limit=20)
            spent.append(time.perf_counter() - began)
    archive.close()
    return statistics.median(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    from bench.machine import describe
    from tests.pg_cluster import start_cluster
    from tests.server.userdata_db import USERS, fresh_database

    cluster = start_cluster()
    try:
        url_for = fresh_database(cluster)
        open_stores(url_for("postgres"))
        build_archive(url_for("postgres"))
        baseline = round_trip(url_for("alice"))
        alone = search_alone(url_for("alice"))
        done = run_load(url_for, list(USERS), args.clients, seconds=args.seconds)
        wall = max(c.ended for c in done) - min(c.began for c in done)
        problems = check(url_for("postgres"), done)
    finally:
        cluster.stop()
    errors = [e for c in done for e in c.errors]
    print(describe())
    print(f"{args.clients} clients, {len(USERS)} users, {args.seconds:g} s")
    print(f"baseline: SELECT 1 alone, median {baseline * 1000:.2f} ms")
    print(f"one client searching alone: median {alone * 1000:.1f} ms")
    total = 0
    for kind in ("search", "add", "note", "list"):
        times = [t for c in done for t in c.timings[kind]]
        total += len(times)
        if times:
            p95 = statistics.quantiles(times, n=20)[-1]
            print(
                f"{kind:6} {len(times):6} ops  median {statistics.median(times) * 1000:6.1f} ms"
                f"  p95 {p95 * 1000:6.1f} ms"
                f"  (median {statistics.median(times) / baseline:.0f}× the baseline)"
            )
    conflicts = sum(c.conflicts for c in done)
    print(f"throughput {total / wall:.0f} ops/s over {wall:.1f} s")
    print(f"print-list saves refused as conflicts and retried: {conflicts}")
    print(f"errors {len(errors)}; lost or wrong writes {len(problems)}")
    for line in (errors + problems)[:10]:
        print("  ", line)


if __name__ == "__main__":
    main()
