"""Tables taken away: clipboard text, CSV and Excel, read back and compared with the book."""

from __future__ import annotations

import csv
import errno
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from wuwei_desktop.api import Archive
from wuwei_desktop.table_export import ExportError, table_tsv, write_csv, write_xlsx

IDEO = "\u3000"


@pytest.fixture(scope="module")
def tables(archive_path: Path) -> dict:
    with Archive.open(archive_path) as archive:
        return {n: archive.table(f"表{n}") for n in (5, 6, 11, 12, 16, 18)}


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


# ----------------------------------------------------------------------------- TSV


def test_tsv_keeps_header_levels_and_values_as_printed(tables) -> None:
    lines = [line.split("\t") for line in table_tsv(tables[16]).splitlines()]
    assert len(lines) == 2 + 5 and {len(line) for line in lines} == {7}
    assert lines[0] == ["指标", "2023年", "2023年", "2023年", "2022年", "2022年", "2022年"]
    assert lines[1][1:4] == ["常住人口（万人）", "自增率（‰）", "城镇化率（%）"]
    assert lines[2] == ["全市", "142.73", "-4.08", "50.87", "144.51", "-2.72", "49.35"]
    assert lines[5][4] == "24.30"  # 古浪县 2022, printed with its trailing zero


def test_tsv_keeps_indents_units_and_the_source(tables) -> None:
    lines = table_tsv(tables[11]).splitlines()
    assert lines[0] == "指标名称\t单位\t2023年\t2022年\t增速（%）"
    assert lines[2] == f"{IDEO}第一产业增加值\t亿元\t232.35\t217.03\t6.4"
    assert lines[4] == f"{IDEO * 2}全部工业增加值\t亿元\t86.71\t87.58\t0.9"
    assert table_tsv(tables[5]).splitlines()[0] == "单位：万元、户、%"
    assert table_tsv(tables[18]).splitlines()[-1] == "（市统计局）"
    names = table_tsv(tables[6]).splitlines()
    assert names[0] == "序号\t企业名称" and names[1] == "1\t凉州区森信小额贷款有限责任公司"


# ----------------------------------------------------------------------------- CSV


def test_csv_has_a_bom_and_reads_back(tables, out: Path) -> None:
    path = out / "表12.csv"
    write_csv(tables[12], path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["表12 2023年武威市生产总值、第一产业增加值一览表"]
    assert rows[1] == ["指标名称", "单位", "2023年", "2022年", "增速（%）"]
    assert rows[4] == ["民勤县", "亿元", "114.98", "107.70", "6.1"]
    assert len(rows) == 2 + 10


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_exports_are_readable_like_any_new_file(tables, out: Path) -> None:
    mask = os.umask(0o022)
    try:
        write_csv(tables[12], out / "t.csv")
        write_xlsx(tables[12], out / "t.xlsx")
    finally:
        os.umask(mask)
    assert {(p.stat().st_mode & 0o777) for p in out.iterdir()} == {0o644}


# ----------------------------------------------------------------------------- xlsx


def test_xlsx_merges_header_levels_and_keeps_numbers(tables, out: Path) -> None:
    path = out / "表16.xlsx"
    write_xlsx(tables[16], path)
    sheet = load_workbook(path).active
    assert sheet.title == "表16"
    assert sheet["A1"].value == "表16 武威市常住人口、自增率、城镇化率"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A2:A3", "B2:D2", "E2:G2"} <= merged  # stub over both levels; 2023年; 2022年
    assert sheet["B2"].value == "2023年" and sheet["E2"].value == "2022年"
    assert sheet["B3"].value == "常住人口（万人）" and sheet["B2"].font.bold
    assert sheet["A5"].value == "凉州区"
    assert sheet["B5"].value == 87.43 and isinstance(sheet["B5"].value, float)
    assert sheet["C5"].value == -2.39 and sheet["C5"].number_format == "0.00"
    assert sheet["E7"].value == 24.3 and sheet["E7"].number_format == "0.00"  # prints 24.30
    assert sheet.column_dimensions["A"].width >= 14  # 天祝藏族自治县 fits
    assert sheet.freeze_panes == "B4"


def test_xlsx_keeps_units_indents_and_the_source_note(tables, out: Path) -> None:
    path = out / "表11.xlsx"
    write_xlsx(tables[11], path)
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[2]] == ["指标名称", "单位", "2023年", "2022年", "增速（%）"]
    assert [c.value for c in sheet[3]] == ["生产总值", "亿元", 708.08, 661.45, 7.0]
    assert sheet["A4"].value == "第一产业增加值" and sheet["A4"].alignment.indent == 1
    assert sheet["A6"].value == "全部工业增加值" and sheet["A6"].alignment.indent == 2
    assert sheet["E6"].value == 0.9 and sheet["E6"].number_format == "0.0"
    assert [c.value for c in sheet[9]] == ["人均生产总值", "元", 49302, 45800, 7.6]
    assert sheet["C9"].number_format == "0"

    write_xlsx(tables[18], out / "表18.xlsx")
    grain = load_workbook(out / "表18.xlsx").active
    assert grain.cell(grain.max_row, 1).value == "（市统计局）"
    assert grain["E3"].value == -4.1

    write_xlsx(tables[5], out / "表5.xlsx")
    shares = load_workbook(out / "表5.xlsx").active
    assert shares["A1"].value == "表5 2023年12月末全市证券业统计表（万元、户、%）"
    assert {"B2:D2", "E2:G2", "H2:I2", "J2:L2"} <= {str(r) for r in shares.merged_cells.ranges}


def test_xlsx_of_a_list(tables, out: Path) -> None:
    write_xlsx(tables[6], out / "表6.xlsx")
    sheet = load_workbook(out / "表6.xlsx").active
    assert [c.value for c in sheet[2]] == ["序号", "企业名称"]
    assert [c.value for c in sheet[3]] == ["1", "凉州区森信小额贷款有限责任公司"]
    assert sheet.max_row == 2 + len(tables[6].rows)


def test_unwritable_paths_and_full_disks_fail_in_chinese(tables, out: Path, monkeypatch) -> None:
    with pytest.raises(ExportError, match=r"文件夹 .* 不存在"):
        write_xlsx(tables[11], out / "missing" / "t.xlsx")
    with pytest.raises(ExportError, match="这是一个文件夹"):
        write_csv(tables[11], out)
    target = out / "t.csv"
    target.write_text("old", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    for write, name in ((write_csv, "t.csv"), (write_xlsx, "t.xlsx")):
        with pytest.raises(ExportError, match="磁盘已满，无法写入"):
            write(tables[11], out / name)
    assert [p.name for p in out.iterdir()] == ["t.csv"]
    assert target.read_text(encoding="utf-8") == "old"


def test_of_which_rows_keep_their_level_in_every_export(archive_path: Path, out: Path) -> None:
    """表1: ``　其中：城镇`` / ``　　　　乡村`` are both parts of 常住人口 (the book aligns 乡村
    under the text after 其中：); 表3: 企（事业）单位贷款 stands beside #…住户贷款."""
    with Archive.open(archive_path) as archive:
        population, deposits = archive.table("表1"), archive.table("表3")
    expected = {
        "常住人口": 0, "城镇": 1, "乡村": 1, "男性": 1, "女性": 1, "0—14岁": 1,
        "15—59岁": 1, "60岁及以上": 1, "65岁及以上": 2,
    }  # fmt: skip
    assert {r.label: r.level for r in population.rows} == expected
    assert [r.level for r in deposits.rows] == [0, 1, 2, 0, 1, 2, 2]
    tsv = [line.split("\t")[0] for line in table_tsv(population).splitlines()]
    tsv_labels = tsv[tsv.index("常住人口") :][:9]
    assert [len(t) - len(t.lstrip(IDEO)) for t in tsv_labels] == list(expected.values())
    write_csv(deposits, out / "表3.csv")
    with (out / "表3.csv").open(encoding="utf-8-sig", newline="") as handle:
        labels = [row[0] for row in csv.reader(handle) if row]
    labels = labels[labels.index("各项存款") :][:7]
    assert [len(t) - len(t.lstrip(IDEO)) for t in labels] == [0, 1, 2, 0, 1, 2, 2]
    write_xlsx(population, out / "表1.xlsx")
    sheet = load_workbook(out / "表1.xlsx").active
    indents = {c.value: c.alignment.indent for c in sheet["A"] if c.value in expected}
    assert indents == expected
