"""The source catalog and the bad-input checks of the sources (ingest level)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.core.ingest_helpers import SOURCES
from wuwei_desktop.ingest import catalog
from wuwei_desktop.ingest.model import SourceError

CJK = re.compile(r"[\u4e00-\u9fff]")
IDS = [
    "yearbook-2024",
    "gov-report-2022",
    "outlook-2024",
    "liangzhou-review-2021",
    "sanzhua-review-2023",
]


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    """A copy of data/sources to break."""
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    return folder


def entry_for(folder: Path, doc_id: str) -> catalog.CatalogEntry:
    return next(e for e in catalog.read_catalog(folder) if e.meta.id == doc_id)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def assert_chinese(error: SourceError, file: str, line: int | None) -> None:
    assert error.file == file
    assert error.line == line
    assert CJK.search(error.message)
    where = f"{file} 第 {line} 行" if line else file
    assert str(error).startswith(where + "：")


def test_real_catalog():
    entries = catalog.read_catalog(SOURCES)
    assert [e.meta.id for e in entries] == IDS
    assert [e.parser for e in entries] == ["yearbook", "report", "article", "article", "article"]
    assert all(e.path.is_file() for e in entries)
    report = entries[1].meta
    assert (report.title, report.kind, report.year_covered) == (
        "2022年武威市政府工作报告",
        "政府工作报告",
        "2021",
    )
    assert entries[3].meta.publisher == "甘肃日报"
    assert set(catalog.parsers()) == {"yearbook", "report", "article"}


def test_not_utf8(sources):
    path = sources / "wuwei-2024-development-outlook.txt"
    data = path.read_bytes().split(b"\n")
    data[4] = "今年".encode("gbk") + data[4]  # line 5 starts with GBK bytes
    path.write_bytes(b"\n".join(data))
    with pytest.raises(SourceError) as raised:
        catalog.read_source_lines(entry_for(sources, "outlook-2024"))
    assert_chinese(raised.value, path.name, 5)
    assert "UTF-8" in raised.value.message


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_empty_file(sources, content):
    path = sources / "wuwei-sanzhua-sancu-review-2023.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError) as raised:
        catalog.read_source_lines(entry_for(sources, "sanzhua-review-2023"))
    assert_chinese(raised.value, path.name, None)
    assert "空" in raised.value.message


def test_catalogued_file_missing(sources):
    (sources / "liangzhou-five-year-review-2021.txt").unlink()
    text = (sources / "catalog.toml").read_text(encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        catalog.read_catalog(sources)
    assert_chinese(raised.value, "liangzhou-five-year-review-2021.txt", None)
    assert f"第 {line_of(text, 'liangzhou-five-year-review-2021.txt')} 行" in raised.value.message
    assert "找不到" in raised.value.message


def test_missing_file_when_reading(sources):
    found = entry_for(sources, "outlook-2024")
    found.path.unlink()
    with pytest.raises(SourceError) as raised:
        catalog.parse_entry(found)
    assert_chinese(raised.value, "wuwei-2024-development-outlook.txt", None)


def test_text_file_not_in_catalog(sources):
    (sources / "wuwei-2025-outlook.txt").write_text("新的文章。\n", encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        catalog.read_catalog(sources)
    assert_chinese(raised.value, "wuwei-2025-outlook.txt", None)
    assert "catalog.toml" in raised.value.message


def test_unknown_parser(sources):
    path = sources / "catalog.toml"
    text = path.read_text(encoding="utf-8").replace('parser = "report"', 'parser = "speech"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        catalog.read_catalog(sources)
    assert_chinese(raised.value, "catalog.toml", line_of(text, 'parser = "speech"'))
    assert "speech" in raised.value.message
    assert "wuwei-government-work-report-2022.txt" in raised.value.message


def test_malformed_catalog(sources):
    path = sources / "catalog.toml"
    text = path.read_text(encoding="utf-8").replace('kind = "新闻报道"', 'kind = "新闻报道', 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        catalog.read_catalog(sources)
    assert_chinese(raised.value, "catalog.toml", line_of(text, 'kind = "新闻报道'))
    assert "格式有误" in raised.value.message


def test_catalog_missing(sources):
    (sources / "catalog.toml").unlink()
    with pytest.raises(SourceError) as raised:
        catalog.read_catalog(sources)
    assert_chinese(raised.value, "catalog.toml", None)


@pytest.mark.parametrize(
    ("old", "new", "needle", "words"),
    [
        ('title = "2022年武威市政府工作报告"\n', "", "[[document]]", "缺少字段：title"),
        ('id = "outlook-2024"', 'id = "gov-report-2022"', 'id = "gov-report-2022"', "重复"),
        (
            'year_covered = "2024"',
            'published = "2024年1月"',
            'published = "2024年1月"',
            "YYYY-MM-DD",
        ),
        ('file = "wuwei-2024-development-outlook.txt"', "file = 2024", "file = 2024", "文本"),
    ],
)
def test_bad_catalog_entries(sources, old, new, needle, words):
    path = sources / "catalog.toml"
    original = path.read_text(encoding="utf-8")
    assert old in original
    text = original.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        catalog.read_catalog(sources)
    assert words in raised.value.message
    assert raised.value.file == "catalog.toml"
    rows = text.splitlines()
    if needle == "[[document]]":  # the block of the report, the second document
        assert raised.value.line == [n for n, row in enumerate(rows, 1) if row == needle][1]
    else:  # the offending (last) occurrence
        assert raised.value.line == [n for n, row in enumerate(rows, 1) if needle in row][-1]


def test_documents_not_tables(sources):
    (sources / "catalog.toml").write_text(
        'document = "wuwei-yearbook-2024.txt"\n', encoding="utf-8"
    )
    with pytest.raises(SourceError) as raised:
        catalog.read_catalog(sources)
    assert_chinese(raised.value, "catalog.toml", None)
    assert "[[document]]" in raised.value.message


def test_empty_catalog(sources):
    (sources / "catalog.toml").write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        catalog.read_catalog(sources)
    assert "没有任何文档" in raised.value.message


def test_unquoted_toml_date_is_accepted(sources):
    path = sources / "catalog.toml"
    text = path.read_text(encoding="utf-8").replace(
        'year_covered = "2024"', "published = 2024-01-15"
    )
    path.write_text(text, encoding="utf-8")
    assert entry_for(sources, "outlook-2024").meta.published == "2024-01-15"


def test_parsers_are_resolved_by_name(sources):
    found = entry_for(sources, "outlook-2024")
    lines = catalog.read_source_lines(found)
    assert len(found.meta.sha256) == 64
    parsed = catalog.parsers()["article"](lines, found.meta)
    assert parsed.root.id == "outlook-2024"
