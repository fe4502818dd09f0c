"""The command line's plain-text output (without --json): exact lines for known inputs.

Every expected line was checked by hand against the source (page numbers against the
book's running heads and index, figures against the printed tables).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from wuwei_desktop.cli import main
from wuwei_desktop.paths import default_sources


def text_of(capsys: pytest.CaptureFixture, db: Path, *args: str) -> list[str]:
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.err == ""
    return out.out.splitlines()


def test_docs(capsys, archive_path: Path) -> None:
    assert text_of(capsys, archive_path, "docs") == [
        "yearbook-2024\t年鉴\t武威年鉴（2024）",
        "gov-report-2022\t政府工作报告\t2022年武威市政府工作报告",
        "outlook-2024\t新闻报道\t风正扬帆再起航 砥砺奋进正当时——武威市2024年经济社会高质量发展展望",
        "liangzhou-review-2021\t新闻报道\t奋力谱写凉州高质量发展新篇章——凉州区过去五年工作回眸及未来五年前景展望",
        "sanzhua-review-2023\t新闻报道\t为经济社会高质量发展聚势赋能——武威市深入开展“三抓三促”行动综述",
    ]


def test_tree_with_pages_and_without(capsys, archive_path: Path) -> None:
    book = text_of(capsys, archive_path, "tree", "--doc", "yearbook-2024", "--depth", "1")
    assert book[:5] == [
        "武威年鉴（2024）  第1-369页  [yearbook-2024]",
        "  特载  第1-30页  [yearbook-2024/特载]",
        "  专记  第31-44页  [yearbook-2024/专记]",
        "  大事记  第45-53页  [yearbook-2024/大事记]",
        "  市情概览  第54-61页  [yearbook-2024/市情概览]",
    ]
    assert book[-1] == "  索引  第353-369页  [yearbook-2024/索引]" and len(book) == 37
    report = text_of(capsys, archive_path, "tree", "--doc", "gov-report-2022", "--depth", "1")
    assert report == [
        "2022年武威市政府工作报告  [gov-report-2022]",
        "  过去五年和2021年工作回顾  [gov-report-2022/过去五年和2021年工作回顾]",
        "  今后五年发展重点和2022年工作任务  [gov-report-2022/今后五年发展重点和2022年工作任务]",
    ]


def test_show(capsys, archive_path: Path) -> None:
    lines = text_of(capsys, archive_path, "show", "yearbook-2024/市情概览/自然地理/地理位置")
    assert lines[0] == "武威年鉴（2024） › 市情概览 › 自然地理 › 地理位置  第54页"
    assert lines[1] == ""
    assert lines[2].startswith("武威市地处甘肃省中部、河西走廊东端，位于北纬36°29′～39°27′")
    assert lines[2].endswith("水域381平方千米，占1.2%。") and len(lines) == 3
    category = text_of(capsys, archive_path, "show", "yearbook-2024/民主党派工商联")
    assert "  · yearbook-2024/民主党派工商联/中国国民党革命委员会武威市委员会" in category


def test_search_hits_and_nothing_found(capsys, archive_path: Path) -> None:
    lines = text_of(capsys, archive_path, "search", "郭万刚", "--limit", "1")
    assert lines == [
        "“郭万刚”共 4 条结果：",
        "",
        "人物与荣誉 › 先进人物 › 郭万刚 第309页  [yearbook-2024/人物与荣誉/先进人物/郭万刚]",
        "  «郭万刚»",
    ]
    assert text_of(capsys, archive_path, "search", "没有这个词语啊") == [
        "没有找到“没有这个词语啊”。可以试试更短的检索词。"
    ]


def test_index(capsys, archive_path: Path) -> None:
    assert text_of(capsys, archive_path, "index", "自然地理") == [
        "自然地理\t54a\t自然地理\t[yearbook-2024/市情概览/自然地理]"
    ]
    assert text_of(capsys, archive_path, "index", "不存在的词") == ["索引中没有这个词。"]


def test_facts(capsys, archive_path: Path) -> None:
    lines = text_of(
        capsys, archive_path, "facts", "--query", "常住人口", "--region", "民勤", "--limit", "1"
    )
    assert lines == [
        "答：2023年 民勤县 常住人口 17.11万人 —《武威年鉴（2024）》表16，第351页",
        "",
        "常住人口  民勤县  2023  17.11万人",
        "  出处：yearbook-2024 第351页 [yearbook-2024/附录/统计资料/表16]",
        "    表16 民勤县 2023年 常住人口（万人）",
    ]
    assert text_of(capsys, archive_path, "facts", "--query", "不存在的指标名称") == [
        "没有找到相关的数字。可以换个说法，或去掉地区、时间条件再试。"
    ]


def test_tables_and_table(capsys, archive_path: Path) -> None:
    tables = text_of(capsys, archive_path, "tables")
    assert tables[0] == "表1\t2023年武威市年末人口数及构成\t[yearbook-2024/市情概览/历史人文/表1]"
    assert len(tables) == 18
    assert text_of(capsys, archive_path, "table", "表1") == [
        "表1 2023年武威市年末人口数及构成",
        "指标\t年末数（万人）\t比重（%）",
        "常住人口\t142.73\t100.00",
        "　城镇\t72.60\t50.87",
        "　乡村\t70.13\t49.13",
        "　男性\t71.88\t50.36",
        "　女性\t70.85\t49.64",
        "　0—14岁\t23.76\t16.65",
        "　15—59岁\t89.42\t62.65",
        "　60岁及以上\t29.54\t20.70",
        "　　65岁及以上\t20.47\t14.35",
    ]


def test_table_xlsx_and_chart_name_the_file(capsys, archive_path: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "表1.xlsx"
    assert text_of(capsys, archive_path, "table", "表1", "--xlsx", str(xlsx)) == [f"已导出 {xlsx}"]
    assert load_workbook(xlsx).active["A1"].value == "表1 2023年武威市年末人口数及构成"
    png = tmp_path / "表12.png"
    assert text_of(capsys, archive_path, "chart", "--table", "表12", "-o", str(png)) == [str(png)]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_export_pdf(archive_path: Path, tmp_path: Path) -> None:
    """In a process of its own: the export starts a QGuiApplication."""
    pdf = tmp_path / "自然地理.pdf"
    node = "yearbook-2024/市情概览/自然地理"
    command = [sys.executable, "-m", "wuwei_desktop", "--db", str(archive_path), "export-pdf"]
    done = subprocess.run(
        [*command, node, "-o", str(pdf)], capture_output=True, text=True, encoding="utf-8"
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    lines = done.stdout.splitlines()
    match = re.fullmatch(rf"已导出 {re.escape(str(pdf))}，共 (\d+) 页", lines[0])
    assert match and len(lines) == 1
    assert int(match.group(1)) == len(PdfReader(pdf).pages)


def test_build(tmp_path: Path) -> None:
    out = tmp_path / "wuwei.db"
    command = [sys.executable, "-m", "wuwei_desktop", "build", "--sources", str(default_sources())]
    done = subprocess.run([*command, "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == ""
    pattern = (
        rf"已生成 {re.escape(str(out))}：5 个文档，1649 个节点（条目 1065），2694 个段落，"
        r"18 张表格，1125 条索引，用时 \d+(\.\d+)? 秒"
    )
    assert re.fullmatch(pattern, done.stdout.strip()), done.stdout
    again = subprocess.run(
        [*command, "--out", str(out), "--if-stale"], capture_output=True, text=True
    )
    assert again.stdout.strip() == f"档案数据库已是最新：{out}"
