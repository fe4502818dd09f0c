"""PDF export of real nodes, read back with pypdf: order, pages, header and footer, font,
tables split with their header, contents, and failures that leave no file behind.

The PDFs land in pytest's tmp_path; run with ``--basetemp=/tmp/pdf`` to look at them.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from wuwei_desktop.extract import ExtractItem
from wuwei_desktop.printing import ExportCancelled, ExportError, export_pdf

pytestmark = pytest.mark.gui

DAY = date(2026, 11, 22)
ROOT = Path(__file__).resolve().parents[2]


def nodes(*ids: str) -> list[ExtractItem]:
    return [ExtractItem("node", node_id) for node_id in ids]


def page_texts(path: Path) -> list[str]:
    """Each page's text with the spaces and line breaks pypdf puts in taken out."""
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(str(path)).pages]


def embedded_fonts(path: Path) -> set[tuple[str, str]]:
    found = set()
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            files = [key for key in descriptor if key.startswith("/FontFile")]
            found.add((str(font["/BaseFont"]), files[0] if files else ""))
    return found


def leftovers(folder: Path) -> list[str]:
    """What is in ``folder`` besides the test's isolated user folders."""
    return sorted(p.name for p in folder.iterdir() if p.name != "user-home")


def test_a_category_comes_out_in_book_order_with_header_and_footer_on_every_page(
    qapp, archive, tmp_path
):
    out = tmp_path / "市情概览.pdf"
    pages = export_pdf(archive, nodes("yearbook-2024/市情概览"), out, printed_on=DAY)
    texts = page_texts(out)
    assert pages == len(texts) >= 5
    for number, text in enumerate(texts, 1):
        assert text.startswith("武威年鉴（2024）·市情概览"), (number, text[:40])
        assert text.endswith(f"第{number}页/共{pages}页"), (number, text[-20:])
    whole = "".join(texts)
    assert whole.index("《武威年鉴（2024）》摘录") < whole.index("打印日期：2026年11月22日")
    order = ["地理位置", "地形地貌", "气候", "建置沿革", "行政区划", "人口", "经济发展", "居民生活"]
    positions = [whole.index(title) for title in order]
    assert positions == sorted(positions)
    assert "第54—61页" in whole  # the book's printed pages of the category
    # a whole category gets contents: its subcategories with the pages they start on
    contents = re.findall(r"(自然地理|历史人文|城市地标|经济社会发展)(\d+)", texts[0])
    assert [title for title, _ in contents] == ["自然地理", "历史人文", "城市地标", "经济社会发展"]
    for title, page in contents:
        assert title in texts[int(page) - 1], (title, page)
    assert "武威市地处甘肃省中部、河西走廊东端" in whole
    fonts = embedded_fonts(out)
    assert {name for name, _ in fonts} == {"/WuweiSans-Regular", "/WuweiSans-Bold"}
    assert all(file.startswith("/FontFile") for _, file in fonts)


def test_the_pdf_is_searchable_for_minqin_and_resident_population(qapp, archive, tmp_path):
    out = tmp_path / "表16.pdf"
    assert export_pdf(archive, nodes("表16"), out, printed_on=DAY) == 1
    (text,) = page_texts(out)
    assert "民勤" in text and "常住人口" in text
    assert "民勤县17.11-10.4544.0617.33-8.6442.58" in text  # a row as the book prints it
    assert not [c for c in text if 0x2E80 <= ord(c) <= 0x2FDF]  # no radicals


def test_several_items_get_contents_with_their_pages(qapp, archive, tmp_path):
    out = tmp_path / "摘录.pdf"
    items = nodes(
        "yearbook-2024/市情概览/自然地理",
        "yearbook-2024/附录/统计资料/表11",
        "yearbook-2024/金融业/其他非银行金融机构",
    )
    pages = export_pdf(archive, items, out, printed_on=DAY)
    texts = page_texts(out)
    assert pages == len(texts)
    assert "目录" in texts[0] and "档案摘录" not in texts[0]
    assert "《武威年鉴（2024）》摘录" in texts[0]
    contents = re.findall(r"(自然地理|表11|其他非银行金融机构).*?第[\d—]+页(\d+)", texts[0])
    assert [title for title, _ in contents] == ["自然地理", "表11", "其他非银行金融机构"]
    for title, page in contents:
        assert title in texts[int(page) - 1], (title, page)  # each section starts there
    assert texts[1].startswith("武威年鉴（2024）·市情概览")
    table_page = int(contents[1][1])
    assert texts[table_page - 1].startswith("武威年鉴（2024）·附录")
    assert "生产总值亿元708.08661.457.0" in texts[table_page - 1]
    assert texts[-1].startswith("武威年鉴（2024）·金融业")


def test_a_table_split_across_pages_repeats_its_header(qapp, archive, tmp_path):
    out = tmp_path / "先进人物.pdf"
    export_pdf(archive, nodes("yearbook-2024/人物与荣誉/先进人物"), out, printed_on=DAY)
    texts = page_texts(out)
    header = "序号姓名工作单位职称名称取得资格时间备注"
    with_rows = [k for k, text in enumerate(texts) if re.search(r"2023\.1\d\.\d+", text)]
    assert len(with_rows) >= 2  # 表9's 70 rows take more than one page
    for k in with_rows:
        assert header in texts[k], k
    whole = "".join(texts)
    assert whole.count(header) == len(with_rows)
    for first, last in (("1张荣", "2付振江"), ("69", "70")):
        assert first in whole and last in whole


def test_a_path_that_cannot_be_written_is_refused_and_nothing_is_left(qapp, archive, tmp_path):
    with pytest.raises(ExportError, match=r"无法写入.*不存在"):
        export_pdf(archive, nodes("表11"), tmp_path / "没有" / "x.pdf")
    with pytest.raises(ExportError, match=r"无法写入.*文件夹"):
        export_pdf(archive, nodes("表11"), tmp_path)
    assert leftovers(tmp_path) == []


def test_a_full_disk_says_so_and_leaves_no_file(qapp, archive, tmp_path, monkeypatch):
    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="磁盘已满"):
        export_pdf(archive, nodes("表11"), tmp_path / "x.pdf")
    assert leftovers(tmp_path) == []


def test_an_existing_file_survives_a_failed_export(qapp, archive, tmp_path, monkeypatch):
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "replace", lambda *_: (_ for _ in ()).throw(PermissionError(13, "")))
    with pytest.raises(ExportError, match="没有写入权限"):
        export_pdf(archive, nodes("表11"), target)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == ["x.pdf"]


def test_a_cancelled_export_leaves_no_file(qapp, archive, tmp_path):
    seen = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 2

    with pytest.raises(ExportCancelled, match="已取消导出"):
        export_pdf(archive, nodes("yearbook-2024/市情概览"), tmp_path / "x.pdf", progress=progress)
    assert seen[0] == (0, 0) and seen[-1][0] == 2 and seen[-1][1] > 2
    assert leftovers(tmp_path) == []


def test_unknown_node_is_an_export_error(qapp, archive, tmp_path):
    with pytest.raises(ExportError, match="没有编号为“没有这个”"):
        export_pdf(archive, nodes("没有这个"), tmp_path / "x.pdf")
    assert leftovers(tmp_path) == []


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    return subprocess.run(
        [sys.executable, "-m", "wuwei_desktop", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
    )


def test_cli_export_pdf_writes_the_same_extract(archive_path, tmp_path):
    out = tmp_path / "cli.pdf"
    done = run_cli(
        "--db", str(archive_path), "--json", "export-pdf", "yearbook-2024/市情概览/自然地理",
        "表16", "-o", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result == {
        "path": str(out),
        "pages": len(PdfReader(str(out)).pages),
        "items": ["yearbook-2024/市情概览/自然地理", "表16"],
    }
    texts = page_texts(out)
    assert "目录" in texts[0] and "民勤" in "".join(texts)
    text = run_cli("--db", str(archive_path), "export-pdf", "表11", "-o", str(out))
    assert text.stdout.strip() == f"已导出 {out}，共 1 页"


def test_cli_export_pdf_errors_are_chinese_and_exit_1(archive_path, tmp_path):
    done = run_cli(
        "--db", str(archive_path), "export-pdf", "表11", "-o", str(tmp_path / "无" / "x.pdf")
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "无法写入" in done.stderr
    done = run_cli("--db", str(archive_path), "export-pdf", "不存在", "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 1 and "没有编号为“不存在”" in done.stderr
    assert leftovers(tmp_path) == []


def test_a_chart_is_printed_as_vector_graphics_under_its_table(qapp, archive, tmp_path):
    out = tmp_path / "chart.pdf"
    items = [ExtractItem("node", "表16"), ExtractItem("chart", "表16")]
    # contents and table on page 1; the chart, kept whole with its caption, on page 2
    assert export_pdf(archive, items, out, printed_on=DAY) == 2
    reader = PdfReader(str(out))
    assert not reader.pages[1].images  # drawn as paths, not a picture
    content = reader.pages[1].get_contents().get_data()
    assert content.count(b" c\n") > 200  # the glyphs' curves
    first, second = page_texts(out)
    assert first.index("目录") < first.index("民勤县17.11")
    assert second.index("2023年各县区常住人口") < second.index("数据来源：《武威年鉴（2024）》表16")


def test_cli_export_pdf_with_a_chart(archive_path, tmp_path):
    out = tmp_path / "c.pdf"
    done = run_cli(
        "--db", str(archive_path), "--json", "export-pdf", "表11", "--chart", "表11:shares",
        "-o", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["items"] == ["表11", "chart:表11:shares"]
    assert "2023年生产总值构成" in "".join(page_texts(out))
    done = run_cli("--db", str(archive_path), "export-pdf", "--chart", "表9", "-o", str(out))
    assert done.returncode == 1 and "Traceback" not in done.stderr


def test_cli_export_pdf_loads_neither_the_gui_package_nor_widgets(archive_path, tmp_path):
    out = tmp_path / "layer.pdf"
    code = (
        "import sys; from wuwei_desktop import cli;"
        f"rc = cli.main(['--db', {str(archive_path)!r}, 'export-pdf', '表11', '-o', {str(out)!r}]);"
        "bad = sorted(m for m in sys.modules"
        " if m.startswith('wuwei_desktop.gui') or m == 'PySide6.QtWidgets');"
        "print(rc, bad)"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 []"
    assert out.stat().st_size > 0
