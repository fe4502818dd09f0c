"""The command line of DESIGN.md: a contract scripts rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wuwei_desktop.cli import main


def run_json(capsys: pytest.CaptureFixture, db: Path, *args: str):
    code = main(["--db", str(db), "--json", *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_docs_lists_the_five_documents(capsys, archive_path: Path) -> None:
    docs = run_json(capsys, archive_path, "docs")
    assert [d["id"] for d in docs] == [
        "yearbook-2024",
        "gov-report-2022",
        "outlook-2024",
        "liangzhou-review-2021",
        "sanzhua-review-2023",
    ]
    assert {d["kind"] for d in docs} == {"年鉴", "政府工作报告", "新闻报道"}
    assert all(d["title"] for d in docs)


def test_tree_nests_and_respects_depth(capsys, archive_path: Path) -> None:
    roots = run_json(capsys, archive_path, "tree", "--doc", "yearbook-2024", "--depth", "1")
    assert len(roots) == 1 and roots[0]["kind"] == "document"
    categories = roots[0]["children"]
    assert categories[0]["title"] == "特载" and categories[-1]["title"] == "索引"
    assert all(c["kind"] == "category" and c["children"] == [] for c in categories)
    assert set(categories[0]) >= {"id", "doc", "kind", "title", "page_start", "page_end"}


def test_show_gives_path_pages_text_and_children(capsys, archive_path: Path) -> None:
    node = run_json(capsys, archive_path, "show", "yearbook-2024/市情概览")
    assert node["kind"] == "category" and node["path"] == ["武威年鉴（2024）"]
    assert node["children"]
    assert all(c.startswith("yearbook-2024/市情概览/") for c in node["children"])
    child = run_json(capsys, archive_path, "show", node["children"][0])
    assert child["path"] == ["武威年鉴（2024）", "市情概览"]
    assert isinstance(child["text"], str)


def test_search_json_shape_and_page(capsys, archive_path: Path) -> None:
    found = run_json(capsys, archive_path, "search", "常住人口", "--limit", "5")
    assert found["query"] == "常住人口" and found["total"] >= 5 and len(found["hits"]) == 5
    for hit in found["hits"]:
        assert set(hit) >= {"node_id", "doc", "path", "title", "page", "snippet"}
        assert "«常住人口»" in hit["snippet"] or "常住人口" in hit["title"]
    report = run_json(capsys, archive_path, "search", "生产总值", "--doc", "gov-report-2022")
    assert report["hits"] and all(h["doc"] == "gov-report-2022" for h in report["hits"])
    assert all(h["page"] is None for h in report["hits"])


def test_index_term_points_at_its_entry(capsys, archive_path: Path) -> None:
    hits = run_json(capsys, archive_path, "index", "自然地理")
    assert hits[0]["term"] == "自然地理" and hits[0]["page"] == 54 and hits[0]["col"] == "a"
    assert hits[0]["node_id"].startswith("yearbook-2024/")


def test_json_is_utf8_not_escaped(archive_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wuwei_desktop", "--db", str(archive_path), "--json", "docs"],
        capture_output=True,
    )
    assert done.returncode == 0
    assert "武威年鉴".encode() in done.stdout and b"\\u" not in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "yearbook-2024/没有这个条目"], "没有编号为"),
        (["tree", "--doc", "no-such-doc"], "没有编号为"),
        (["search", "民勤", "--doc", "no-such-doc"], "没有编号为"),
    ],
)
def test_unknown_ids_fail_cleanly(capsys, archive_path: Path, args, message: str) -> None:
    assert main(["--db", str(archive_path), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_and_unreadable_database_fail_cleanly(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite" * 50)
    for db, message in ((tmp_path / "none.db", "找不到档案数据库"), (junk, "已损坏")):
        done = subprocess.run(
            [sys.executable, "-m", "wuwei_desktop", "--db", str(db), "docs"],
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        assert done.returncode == 1
        assert message in done.stderr and "Traceback" not in done.stderr


def test_wuwei_db_environment_variable_names_the_archive(archive_path: Path, tmp_path) -> None:
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "WUWEI_DB": str(archive_path), "PYTHONPATH": str(repo)}
    done = subprocess.run(
        [sys.executable, "-m", "wuwei_desktop", "docs"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0 and "yearbook-2024" in done.stdout


def test_every_command_has_help() -> None:
    for command in [
        "build",
        "docs",
        "tree",
        "show",
        "search",
        "index",
        "tables",
        "table",
        "facts",
        "chart",
    ]:
        done = subprocess.run(
            [sys.executable, "-m", "wuwei_desktop", command, "--help"],
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        assert done.returncode == 0 and "用法：" in done.stdout


def test_search_never_fails_on_strange_input(capsys, archive_path: Path) -> None:
    for query in ['"', "*", "NOT", "a OR", '民勤"', "\x00\x07", "沙" * 5000, "-", "()"]:
        assert main(["--db", str(archive_path), "--json", "search", query]) == 0
        assert "hits" in json.loads(capsys.readouterr().out)
