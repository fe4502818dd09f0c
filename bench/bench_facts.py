"""Figure questions: how often the answer is right, and how fast it comes.

Run by hand::

    .venv/bin/python -m bench.bench_facts [--db data/wuwei.db] [--runs 5]

Reads the question set ``tests/data/figure_questions.tsv`` (each question with the value
and the source a clerk expects, verified against the book) and prints top-1 and top-5
accuracy per part of the set (``dev``: written while the rules were made; ``holdout``:
written after they were frozen), then the speed of ``Archive.ask``: the first question on
a freshly opened archive in a new process (the figure modules not yet imported, the index
not yet built) and the later ones, medians over ``--runs`` processes, with a
baseline measured in the same run (a plain SQLite lookup of one indicator's rows).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "data" / "figure_questions.tsv"


@dataclass(frozen=True)
class FigureQuestion:
    """One question and the figure that answers it."""

    part: str
    question: str
    region: str
    period: str
    value: float
    unit: str
    doc: str
    page: int | None
    where: str


def load_questions(path: Path = QUESTIONS) -> list[FigureQuestion]:
    """The question set (``#`` lines are comments)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        part, question, region, period, value, unit, doc, page, where = line.split("\t")
        found.append(
            FigureQuestion(
                part,
                question,
                region,
                period,
                float(value),
                unit,
                doc,
                None if page == "-" else int(page),
                where,
            )
        )
    return found


def answers(figure, expected: FigureQuestion) -> bool:
    """A row answers the question: region, period, value and unit, and a source in the
    expected document (on the expected printed page)."""
    fact = figure.fact
    if (fact.region, fact.period, fact.unit) != (expected.region, expected.period, expected.unit):
        return False
    if abs(fact.value - expected.value) > 1e-9:
        return False
    return any(
        s.doc == expected.doc and (expected.page is None or s.page == expected.page)
        for s in figure.sources
    )


def rank_of(archive, expected: FigureQuestion, depth: int = 5) -> int | None:
    """The 1-based place of the right answer among the first ``depth`` rows, or None."""
    rows = archive.ask(expected.question, limit=depth).figures
    return next((k + 1 for k, row in enumerate(rows) if answers(row, expected)), None)


def accuracy(archive, questions: list[FigureQuestion]) -> dict[str, tuple[int, int, int]]:
    """Part of the set → (questions, right at 1, right within 5); ``all`` too."""
    result: dict[str, list[int]] = {}
    for q in questions:
        place = rank_of(archive, q)
        for part in (q.part, "all"):
            counts = result.setdefault(part, [0, 0, 0])
            counts[0] += 1
            counts[1] += place == 1
            counts[2] += place is not None
    return {part: (c[0], c[1], c[2]) for part, c in result.items()}


# the first question in a new process: the archive is open (as in the window), the
# figure modules are not imported yet and the index is not built
_FIRST = """
import sys, time
from pathlib import Path
from wuwei_desktop.api import Archive
archive = Archive.open(Path(sys.argv[1]))
start = time.perf_counter()
archive.ask(sys.argv[2])
print(time.perf_counter() - start)
"""


def _timings(db: Path, questions: list[str], runs: int) -> tuple[list[float], list[float]]:
    from wuwei_desktop.api import Archive

    first, later = [], []
    for run in range(runs):
        question = questions[run % len(questions)]
        out = subprocess.run(
            [sys.executable, "-c", _FIRST, str(db), question],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        first.append(float(out.stdout))
        with Archive.open(db) as archive:
            archive.ask(question)
            for other in questions:
                start = time.perf_counter()
                archive.ask(other)
                later.append(time.perf_counter() - start)
    return first, later


def _baseline(db: Path, runs: int) -> float:
    """A plain lookup of one indicator's rows on a fresh read-only connection."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        conn.execute("SELECT * FROM facts WHERE indicator = ?", ("生产总值",)).fetchall()
        conn.close()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from bench.machine import describe
    from wuwei_desktop.api import Archive

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "wuwei.db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="list the questions missed")
    args = parser.parse_args(argv)
    questions = load_questions()
    print(describe())
    with Archive.open(args.db) as archive:
        for part, (total, top1, top5) in sorted(accuracy(archive, questions).items()):
            print(
                f"{part:8} {total:3} questions  top-1 {top1 / total:6.1%} ({top1})"
                f"  top-5 {top5 / total:6.1%} ({top5})"
            )
        if args.misses:
            for q in questions:
                place = rank_of(archive, q)
                if place != 1:
                    best = archive.ask(q.question, limit=1).best
                    print(f"  [{place}] {q.question} → {best.line if best else '—'}")
    first, later = _timings(args.db, [q.question for q in questions], args.runs)
    base = _baseline(args.db, args.runs)
    print("load average " + " ".join(f"{load:.1f}" for load in os.getloadavg()))
    print(
        f"first question {statistics.median(first) * 1000:.1f} ms (median of {len(first)}), "
        f"later {statistics.median(later) * 1000:.2f} ms (median of {len(later)}, "
        f"p95 {sorted(later)[int(len(later) * 0.95)] * 1000:.2f} ms); "
        f"baseline SQLite lookup {base * 1000:.2f} ms: first ×{statistics.median(first) / base:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
