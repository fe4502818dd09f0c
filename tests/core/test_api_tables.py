"""Tables read back from the archive exactly as parsed, and the table command prints them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from wuwei_desktop.api import Archive, ArchiveError
from wuwei_desktop.cli import main
from wuwei_desktop.ingest.catalog import parse_entry, read_catalog
from wuwei_desktop.ingest.tables import parse_table
from wuwei_desktop.paths import default_sources


def test_every_table_reads_back_identical(archive: Archive) -> None:
    yearbook = next(e for e in read_catalog(default_sources()) if e.parser == "yearbook")
    parsed = {
        node.id: parse_table(node.table)
        for node in parse_entry(yearbook).root.walk()
        if node.table is not None
    }
    assert len(parsed) == 18
    assert [t["id"] for t in archive.tables()] == list(parsed)
    for table_id, table in parsed.items():
        assert archive.table(table_id) == table
        assert archive.table(f"表{table.number}") == table
    frame = archive.table("11").to_dataframe()
    assert frame.iloc[0][frame.columns[1]] == 708.08 and frame.columns[1] == "2023年"


def test_table_ids_are_short_and_point_into_the_tree(archive: Archive) -> None:
    ids = [t["id"] for t in archive.tables()]
    assert ids[10] == "yearbook-2024/附录/统计资料/表11"
    assert archive.node(ids[10]).kind == "table"
    assert archive.table_node_id("表11") == ids[10]
    with pytest.raises(ArchiveError, match="没有表格"):
        archive.table("表99")


def test_table_command_prints_csv_and_json(capsys, archive_path: Path) -> None:
    assert main(["--db", str(archive_path), "table", "表11", "--csv"]) == 0
    printed = capsys.readouterr().out
    assert not printed.startswith("\ufeff")  # standard output: plain UTF-8
    rows = list(csv.reader(io.StringIO(printed)))
    assert rows[0] == ["表11 2023年武威市地区生产总值一览表"]
    assert rows[1] == ["指标名称", "单位", "2023年", "2022年", "增速（%）"]
    assert rows[2] == ["生产总值", "亿元", "708.08", "661.45", "7.0"]
    assert rows[5] == ["　　全部工业增加值", "亿元", "86.71", "87.58", "0.9"]
    assert main(["--db", str(archive_path), "--json", "table", "16"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["header"][0][:3] == ["2023年"] * 3
    assert data["rows"][0]["label"] == "全市"


def test_table_csv_file_is_what_the_window_writes(capsys, archive_path: Path, tmp_path) -> None:
    from wuwei_desktop.table_export import write_csv

    out = tmp_path / "表6.csv"
    assert main(["--db", str(archive_path), "table", "表6", "--csv", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"已导出 {out}"
    with Archive.open(archive_path) as archive:
        write_csv(archive.table("表6"), tmp_path / "window.csv")
    data = out.read_bytes()
    assert data == (tmp_path / "window.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows reads it as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[:3] == [
        ["表6 武威市小贷公司名录"],
        ["序号", "企业名称"],
        ["1", "凉州区森信小额贷款有限责任公司"],
    ]
