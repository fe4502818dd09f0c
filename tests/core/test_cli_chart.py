"""The command line's chart command and table --xlsx (DESIGN.md contract)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from wuwei_desktop.cli import main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CLI = [sys.executable, "-m", "wuwei_desktop"]


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_chart_of_a_table_writes_a_png_and_prints_its_path(capsys, archive_path, out) -> None:
    path = out / "表16.png"
    code, printed, _ = run(capsys, archive_path, "chart", "--table", "表16", "-o", str(path))
    assert code == 0 and printed.strip() == str(path)
    assert path.read_bytes()[:8] == PNG_MAGIC


def test_chart_json_says_what_was_drawn(capsys, archive_path, out) -> None:
    path = out / "gdp.png"
    code, printed, _ = run(
        capsys, archive_path, "--json", "chart", "--table", "表12", "-o", str(path)
    )
    assert code == 0
    result = json.loads(printed)
    assert result["path"] == str(path) and path.exists()
    assert result["kind"] == "grouped_bar"
    assert result["title"] == "生产总值：2022年与2023年对比"
    assert result["categories"] == ["凉州区", "民勤县", "古浪县", "天祝县"]
    assert result["series"] == [  # the values, and each as 表12 prints it
        {
            "name": "2022年",
            "values": [402.05, 107.7, 80.85, 70.85],
            "texts": ["402.05", "107.70", "80.85", "70.85"],
        },
        {
            "name": "2023年",
            "values": [425.16, 114.98, 92.15, 75.79],
            "texts": ["425.16", "114.98", "92.15", "75.79"],
        },
    ]
    assert result["source"] == "数据来源：《武威年鉴（2024）》表12"


def test_chart_kind_picks_another_chart(capsys, archive_path, out) -> None:
    path = out / "pie.svg"
    code, printed, _ = run(
        capsys,
        archive_path,
        "--json",
        "chart",
        "--table",
        "12",
        "--kind",
        "shares",
        "-o",
        str(path),
    )
    assert code == 0 and json.loads(printed)["kind"] == "pie"
    assert "<svg" in path.read_text(encoding="utf-8")


def test_chart_of_facts_over_years_and_counties(capsys, archive_path, out) -> None:
    code, printed, _ = run(
        capsys, archive_path, "--json", "chart", "--facts", "生产总值", "-o", str(out / "a.png")
    )
    years = json.loads(printed)
    assert code == 0 and years["categories"] == ["2016年", "2020年", "2022年", "2023年"]
    assert years["series"][0]["values"] == [423.3, 526.4, 661.45, 708.08]
    code, printed, _ = run(
        capsys,
        archive_path,
        "--json",
        "chart",
        "--facts",
        "粮食",
        "--by",
        "region",
        "--period",
        "2023",
        "-o",
        str(out / "b.png"),
    )
    grain = json.loads(printed)
    assert code == 0 and grain["title"] == "2023年各县区粮食总产量"
    assert grain["series"][0]["values"] == [68.77, 21.0, 24.15, 5.01]


def test_chart_of_facts_follows_the_county_asked(capsys, archive_path, out) -> None:
    # 表18: 民勤县 粮食总产量 21.47 (2022), 21.00 (2023)
    code, printed, _ = run(
        capsys, archive_path, "--json", "chart", "--facts", "民勤 粮食", "-o", str(out / "c.png")
    )
    minqin = json.loads(printed)
    assert code == 0 and minqin["title"] == "民勤县粮食总产量（2022年—2023年）"
    assert minqin["series"][0]["values"] == [21.47, 21.0]


@pytest.mark.parametrize(
    ("question", "year", "values"),
    [  # 表18 粮食总产量 (万吨): 凉州区, 民勤县, 古浪县, 天祝县
        ("哪个县粮食产量最高", "2023", [68.77, 21.0, 24.15, 5.01]),
        ("2022年哪个县粮食产量最高", "2022", [71.15, 21.47, 25.97, 5.4]),
    ],
)
def test_chart_of_a_question_comparing_counties_shows_them_side_by_side(
    capsys, archive_path, out, question, year, values
) -> None:
    code, printed, _ = run(
        capsys, archive_path, "--json", "chart", "--facts", question, "-o", str(out / "d.png")
    )
    compared = json.loads(printed)
    assert code == 0 and compared["title"] == f"{year}年各县区粮食总产量"
    assert compared["categories"] == ["凉州区", "民勤县", "古浪县", "天祝县"]
    assert compared["series"][0]["values"] == values


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--table", "表6"], "此表没有可作图的数值"),
        (["--table", "表99"], "档案中没有表格“表99”"),
        (["--table", "表11", "--kind", "radar"], "此表没有“radar”这种图"),
        (["--table", "表11", "--by", "region"], "只用于 --facts"),
        (["--facts", "生产总值", "--kind", "shares"], "--kind 只用于 --table"),
        (["--facts", "完全没有这种东西"], "没有找到“完全没有这种东西”的数字"),
    ],
)
def test_chart_errors_are_chinese_and_write_nothing(
    capsys, archive_path, out, args, message
) -> None:
    code, printed, err = run(capsys, archive_path, "chart", *args, "-o", str(out / "x.png"))
    assert code == 1 and printed == ""
    assert err.startswith("错误：") and message in err
    assert list(out.iterdir()) == []


def test_chart_bad_file_names_fail_cleanly(archive_path, out) -> None:
    for target, message in ((out / "x.jpg", "请用 .png 或 .svg"), (out / "no" / "x.png", "不存在")):
        done = subprocess.run(
            [*CLI, "--db", str(archive_path), "chart", "--table", "表11", "-o", str(target)],
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert message in done.stderr
    assert list(out.iterdir()) == []


def test_table_xlsx_writes_the_workbook(capsys, archive_path, out) -> None:
    path = out / "表11.xlsx"
    code, printed, _ = run(capsys, archive_path, "table", "表11", "--xlsx", str(path))
    assert code == 0 and printed.strip() == f"已导出 {path}"
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "表11 2023年武威市地区生产总值一览表"
    assert sheet["C3"].value == 708.08
    code, printed, err = run(
        capsys, archive_path, "table", "表11", "--xlsx", str(out / "no" / "t.xlsx")
    )
    assert code == 1 and "无法写入" in err
