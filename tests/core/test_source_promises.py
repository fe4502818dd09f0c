"""A source cut off or missing a part is refused; what the documents promise is checked.

Each source is cut at several points and parsed: the parser must refuse it with a
SourceError naming the file. The intact sources (and sources with other counts, as next
year's may have) still parse.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.ingest_helpers import entry, parse, source_lines
from wuwei_desktop.db.build import build_archive
from wuwei_desktop.ingest import catalog, promises
from wuwei_desktop.ingest.model import Node, Paragraph, SourceError
from wuwei_desktop.paths import default_sources

DOCS = [
    "yearbook-2024",
    "gov-report-2022",
    "outlook-2024",
    "liangzhou-review-2021",
    "sanzhua-review-2023",
]
YEARBOOK = "yearbook-2024"


def _parse_lines(doc_id: str, lines: list[str]):
    found = entry(doc_id)
    return catalog.parsers()[found.parser](lines, found.meta)


def _refusal(doc_id: str, lines: list[str]) -> SourceError:
    with pytest.raises(SourceError) as raised:
        _parse_lines(doc_id, lines)
    assert raised.value.file == entry(doc_id).meta.source_file
    assert "文件不完整" in raised.value.message or "没有" in raised.value.message
    return raised.value


def _mid_line_cut(text: str, fraction: float) -> str:
    """The text cut at ``fraction`` of its characters, moved on to the middle of a line.

    A download or copy that breaks off stops inside a line of text; a cut that falls on
    a line's end is moved on to the middle of the next line with text.
    """
    cut = int(len(text) * fraction)
    while cut < len(text) and (text[cut] == "\n" or text[cut - 1] == "\n"):
        cut += 1
    end = text.find("\n", cut)
    start = text.rfind("\n", 0, cut) + 1
    if end - start >= 2:
        cut = max(cut, start + (end - start) // 2)
    assert text[cut - 1] != "\n" and text[cut] != "\n"
    return text[:cut]


@pytest.mark.parametrize("doc_id", DOCS)
def test_intact_sources_keep_their_promises(doc_id: str) -> None:
    parsed = parse(doc_id)  # a broken promise would raise
    running = doc_id != YEARBOOK  # the yearbook ends with its index, not running text
    assert promises.problems(parsed.root, len(source_lines(doc_id)), running_text=running) == []


@pytest.mark.parametrize("doc_id", DOCS)
@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_a_source_cut_mid_line_is_refused(doc_id: str, fraction: float) -> None:
    text = "\n".join(source_lines(doc_id))
    _refusal(doc_id, _mid_line_cut(text, fraction).splitlines())


def _cut_before(lines: list[str], text: str) -> list[str]:
    return lines[: next(i for i, line in enumerate(lines) if line.strip() == text)]


def test_yearbook_cut_before_its_index() -> None:
    lines = source_lines(YEARBOOK)
    error = _refusal(YEARBOOK, _cut_before(lines, "说明："))
    assert "索引" in error.message and "第 352 页" in error.message


def test_yearbook_cut_inside_a_table() -> None:
    lines = source_lines(YEARBOOK)
    start = next(i for i, line in enumerate(lines) if line.strip() == "表 12")
    error = _refusal(YEARBOOK, lines[: start + 5])  # header and the first row of 表12
    assert "索引" in error.message


def test_yearbook_cut_inside_its_index() -> None:
    lines = source_lines(YEARBOOK)
    error = _refusal(YEARBOOK, _cut_before(lines, "M"))
    assert "只排到字母 L" in error.message


def _without(lines: list[str], first: int, last: int) -> list[str]:
    """The lines without ``first``..``last`` (0-based, inclusive)."""
    return lines[:first] + lines[last + 1 :]


def _category_lines(lines: list[str], name: str) -> tuple[int, int]:
    from wuwei_desktop.ingest import yearbook

    book, _ = yearbook.layout(lines)
    starts = [(start, title) for start, title, _ in book.categories]
    index = [title for _, title in starts].index(name)
    return starts[index][0], starts[index + 1][0] - 1


@pytest.mark.parametrize("name", ["军事", "体育", "附录"])
def test_yearbook_without_a_category_is_refused(name: str) -> None:
    lines = source_lines(YEARBOOK)
    error = _refusal(YEARBOOK, _without(lines, *_category_lines(lines, name)))
    assert "页" in error.message


def _table_lines(lines: list[str], number: int) -> tuple[int, int]:
    """First and last source line (0-based) of a table: its title to its last row.

    The empty line before the title goes with it, so that what follows the table keeps
    the line before it (a page-start marker is a line that follows a non-empty one).
    """
    tables = [n.table for n in parse(YEARBOOK).root.walk() if n.table]
    table = next(t for t in tables if t.number == number)
    first = table.line - 1
    first -= lines[first - 1] == ""
    last_text = table.source_note or table.lines[-1]
    last = next(i for i in range(first, len(lines)) if lines[i].strip() == last_text.strip())
    return first, last


@pytest.mark.parametrize("number", [1, 5, 12])
def test_yearbook_without_a_table_is_refused(number: int) -> None:
    lines = source_lines(YEARBOOK)
    error = _refusal(YEARBOOK, _without(lines, *_table_lines(lines, number)))
    assert f"缺少表{number}" in error.message


def test_a_continuation_without_its_table_is_refused() -> None:
    lines = source_lines(YEARBOOK)
    first, _ = _table_lines(lines, 12)
    continued = next(i for i in range(first, len(lines)) if lines[i].strip() == "续表 12")
    error = _refusal(YEARBOOK, _without(lines, first, continued - 1))
    assert "续表12" in error.message


def test_a_yearbook_with_one_table_fewer_still_parses() -> None:
    """Next year's book may have 17 tables: the last table gone is no broken promise."""
    lines = source_lines(YEARBOOK)
    parsed = _parse_lines(YEARBOOK, _without(lines, *_table_lines(lines, 18)))
    assert [n.table.number for n in parsed.root.walk() if n.table] == list(range(1, 18))


def test_report_cut_before_its_last_sections() -> None:
    lines = source_lines("gov-report-2022")
    cut = _cut_before(lines, next(line for line in lines if line.startswith("(四)")))
    error = _refusal("gov-report-2022", cut)
    assert "七个方面" in error.message and "只找到 3 个" in error.message
    assert "号召" in error.message


def test_report_with_other_counts_still_parses() -> None:
    """A report announcing six parts and giving six builds: counts come from the text."""
    lines = source_lines("gov-report-2022")
    start = next(i for i, line in enumerate(lines) if line.startswith("(七)"))
    end = next(i for i, line in enumerate(lines) if line.startswith("各位代表!"))
    changed = [line.replace("七个方面", "六个方面") for line in lines[:start] + lines[end:]]
    parsed = _parse_lines("gov-report-2022", changed)
    assert len(parsed.root.children[1].children) == 6


def test_web_page_without_its_footer_is_refused() -> None:
    lines = source_lines("liangzhou-review-2021")
    cut = _cut_before(lines, "扫一扫在手机打开当前页")
    error = _refusal("liangzhou-review-2021", cut[: len(cut) // 2])
    assert "页尾" in error.message


def test_article_cut_before_its_headline_is_refused() -> None:
    lines = source_lines("outlook-2024")
    error = _refusal("outlook-2024", _cut_before(lines, "汉唐天马城。"))
    assert "风正扬帆再起航 砥砺奋进正当时" in error.message


def test_announced_list_must_be_complete() -> None:
    root = Node("document", "报告")
    root.paragraphs.append(Paragraph("2022年要办好10件为民实事:1.就业。2.道路。3.学校。", line=7))
    assert promises.problems(root, 9) == [(7, "“10件为民实事:”预告了 10 项，只列出了 3 项")]


def test_numbered_sections_must_not_skip() -> None:
    root = Node("document", "报告")
    for title in ("（一）甲", "（二）乙", "（四）丁"):
        section = Node("section", title)
        section.paragraphs.append(Paragraph("正文。", line=3))
        root.children.append(section)
    assert promises.numbering_problems(root) == [
        (3, "正文中编号不连续：缺少（3），接着出现的是“（四）丁”")
    ]


@pytest.fixture()
def spoilt_sources(tmp_path: Path) -> Path:
    copy = tmp_path / "sources"
    shutil.copytree(default_sources(), copy)
    path = copy / entry(YEARBOOK).meta.source_file
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    return copy


def test_build_refuses_a_cut_yearbook_and_keeps_the_archive(
    spoilt_sources: Path, archive_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.db"
    shutil.copy(archive_path, out)
    before = out.read_bytes()
    with pytest.raises(SourceError):
        build_archive(spoilt_sources, out)
    assert out.read_bytes() == before
    command = [sys.executable, "-m", "wuwei_desktop", "build", "--sources", str(spoilt_sources)]
    done = subprocess.run(
        [*command, "--out", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "wuwei-yearbook-2024.txt" in done.stderr and "索引" in done.stderr
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith("out")) == ["out.db"]


def test_index_reference_past_the_last_page_is_refused() -> None:
    lines = source_lines(YEARBOOK)
    at = lines.index("宗教　57b")
    error = _refusal(YEARBOOK, [*lines[:at], "宗教　400b", *lines[at + 1 :]])
    assert "索引款目“宗教”指向第 400 页" in error.message
    assert error.line == at + 1


def test_a_lost_page_marker_is_refused_at_the_next_printed_page_number() -> None:
    """Without it the pages up to the next running head would be cited one page off."""
    from wuwei_desktop.ingest import yearbook

    lines = source_lines(YEARBOOK)
    book, _ = yearbook.layout(lines)
    marker = next(i for i in sorted(book.pages.page_start_lines) if book.pages.page_of[i] == 300)
    lost = [*lines[:marker], lines[marker][1:], *lines[marker + 1 :]]  # its space dropped
    error = _refusal(YEARBOOK, lost)
    assert "页眉印着第 313 页，按分页数到这里却是第 312 页，此前少了 1 页" in error.message


def test_headline_compared_whatever_its_spaces_and_quotes() -> None:
    import dataclasses

    from wuwei_desktop.ingest import article

    meta = dataclasses.replace(entry("outlook-2024").meta, title="“风正扬帆再起航”砥砺奋进正当时")
    parsed = article.parse(source_lines("outlook-2024"), meta)
    assert parsed.root.children
