"""Two editions side by side: the 2024 yearbook and next year's, derived from its text."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.editions_helpers import NEW_ID, NEW_TITLE, next_year, two_yearbooks
from wuwei_desktop import cli
from wuwei_desktop.api import Archive, ArchiveError
from wuwei_desktop.charts import chart_for_facts
from wuwei_desktop.db.build import build_archive
from wuwei_desktop.extract import resolve_node

OLD = "yearbook-2024"


@pytest.fixture(scope="module")
def two_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("editions")
    out = folder / "wuwei.db"
    summary = build_archive(two_yearbooks(folder), out)  # the build's checks hold for both
    assert (summary.documents, summary.tables) == (6, 36)
    return out


@pytest.fixture()
def two(two_path: Path):
    with Archive.open(two_path) as opened:
        yield opened


def run_cli(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--db", str(db), *args])
    return code, out.getvalue(), err.getvalue()


def test_years_move_on_but_not_other_numbers() -> None:
    assert (
        next_year("（2023 年 8 月 4 日）武威年鉴（2024）")
        == "（2024 年 8 月 4 日）武威年鉴（2025）"
    )
    assert (
        next_year("708.08亿元，12023人，2023.5，1990—2019年")
        == "708.08亿元，12023人，2023.5，1991—2020年"
    )


def test_each_edition_is_a_whole_book(two: Archive) -> None:
    assert [d.id for d in two.editions() if d.kind == "年鉴"] == [NEW_ID, OLD]
    old, new = two.tree(doc=OLD)[0], two.tree(doc=NEW_ID)[0]
    assert (old.title, new.title) == ("武威年鉴（2024）", NEW_TITLE)
    assert [c.title for c in old.children] == [c.title for c in new.children]
    assert all(n.id.startswith(f"{NEW_ID}/") for n in new.children)


def test_search_and_index_per_edition(two: Archive) -> None:
    old = two.search("沙漠", doc=OLD, limit=500)
    new = two.search("沙漠", doc=NEW_ID, limit=500)
    assert old.total == new.total > 0
    assert {h.node_id.split("/")[0] for h in new.hits} == {NEW_ID}
    per_doc = sum(two.search("沙漠", doc=d.id, limit=500).total for d in two.documents())
    assert two.search("沙漠", limit=500).total == per_doc
    old_index, new_index = two.index("民勤", doc=OLD), two.index("民勤", doc=NEW_ID)
    assert len(old_index) == len(new_index) > 0 and {h.doc for h in new_index} == {NEW_ID}
    assert len(two.index("民勤")) == 2 * len(old_index)
    assert len(two.index_terms(doc=NEW_ID)) == len(two.index_terms(doc=OLD))


def test_a_bare_table_number_is_the_newest_editions(two: Archive) -> None:
    ref = two.resolve_table("表11")
    assert (ref.doc, ref.number, ref.others) == (NEW_ID, 11, [OLD])
    assert two.table("表11").title == "2024年武威市地区生产总值一览表"
    assert two.table("11").rows[0].cells[1] == 752.31


def test_a_table_in_a_named_edition(two: Archive) -> None:
    assert two.table("yearbook-2024:表11").title == "2023年武威市地区生产总值一览表"
    assert two.table("yearbook-2024：11").rows[0].cells[1] == 708.08
    assert two.resolve_table("表11", doc=OLD).id == "yearbook-2024/附录/统计资料/表11"
    assert two.resolve_table("yearbook-2024:表11").others == []
    assert two.table_node_id("yearbook-2024:表11") == "yearbook-2024/附录/统计资料/表11"
    assert resolve_node(two, "yearbook-2024:表11").id == "yearbook-2024/附录/统计资料/表11"
    assert resolve_node(two, "表11").id == f"{NEW_ID}/附录/统计资料/表11"
    with pytest.raises(ArchiveError, match=r"yearbook-2024.*表99"):
        two.resolve_table("yearbook-2024:表99")
    with pytest.raises(ArchiveError, match="不一致"):
        two.resolve_table("yearbook-2024:表11", doc=NEW_ID)
    with pytest.raises(ArchiveError, match="没有编号为“yearbook-2030”的文档"):
        two.resolve_table("表11", doc="yearbook-2030")


def test_cli_says_which_edition_a_bare_number_took(two_path: Path) -> None:
    code, out, err = run_cli(two_path, "table", "表11")
    assert code == 0 and out.startswith("表11 2024年武威市地区生产总值一览表")
    assert "已选用最新的《武威年鉴（2025）》" in err and "yearbook-2024:表11" in err
    code, out, err = run_cli(two_path, "table", "表11", "--doc", OLD)
    assert code == 0 and out.startswith("表11 2023年") and err == ""
    code, out, err = run_cli(two_path, "table", "yearbook-2024:表11")
    assert code == 0 and out.startswith("表11 2023年") and err == ""


def test_the_same_entry_in_both_editions_is_linked(two: Archive, two_path: Path) -> None:
    node = "yearbook-2024/市情概览/自然地理/气候"
    assert [n.id for n in two.same_entry(node)] == [f"{NEW_ID}/市情概览/自然地理/气候"]
    assert [n.id for n in two.same_entry(f"{NEW_ID}/市情概览/自然地理/气候")] == [node]
    assert two.same_entry("gov-report-2022/过去五年和2021年工作回顾") == []
    code, out, _ = run_cli(two_path, "show", node)
    assert code == 0
    assert out.rstrip().endswith(
        f"其他年份的同一条目：\n  · 《{NEW_TITLE}》 [{NEW_ID}/市情概览/自然地理/气候]"
    )


def test_a_series_spans_the_editions_and_the_newer_wins(two: Archive) -> None:
    facts = two.facts("生产总值", region="全市", limit=None)
    spec = chart_for_facts(
        facts,
        "period",
        doc_titles={d.id: d.title for d in two.documents()},
        newest_first=[d.id for d in two.editions()],
    )
    assert spec.years == [2016, 2020, 2022, 2023, 2024]
    values = dict(zip(spec.years, spec.series[0].values, strict=True))
    assert values[2023] == 716.40  # revised by the 2025 book, not the 2024 book's 708.08
    assert values[2024] == 752.31
    assert "武威年鉴（2025）" in spec.source and "武威年鉴（2024）" in spec.source


def test_the_newer_edition_answers_and_the_disagreement_is_flagged(two: Archive) -> None:
    best = two.ask("2023年全市生产总值是多少").best
    assert best is not None and (best.fact.period, best.fact.value) == ("2023", 716.40)
    assert best.fact.doc == NEW_ID and best.fact.source_kind == "table"
    assert "⚠" in best.line and "708.08亿元" in best.warning
    older = two.ask("2023年全市生产总值是多少", limit=None).figures
    assert any(f.fact.value == 708.08 and "716.4亿元" in f.warning for f in older)


def test_export_pdf_takes_tables_and_charts_of_a_named_edition(two_path: Path, tmp_path) -> None:
    """In a process of its own: the export starts a QGuiApplication."""
    from pypdf import PdfReader

    pdf = tmp_path / "old.pdf"
    command = [sys.executable, "-m", "wuwei_desktop", "--db", str(two_path), "export-pdf"]
    chart = ["--chart", "yearbook-2024:表11:row:1"]
    done = subprocess.run(
        [*command, "yearbook-2024:表11", *chart, "-o", str(pdf)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "2023年武威市地区生产总值一览表" in text and "2024年武威市" not in text
    assert "708.08" in text and "752.31" not in text
