"""What the yearbook says about itself, checked against what the parser read.

A yearbook cut off, or missing pages, a category or a table, is refused rather than
archived half. The book tells what it holds in four ways, and each is checked:

- **its index** (索引) closes the book: without it the file stops early. The index says
  it is in pinyin order (``按汉语拼音字母……顺序排列``): its letter headings run up to
  ``Z`` (every yearbook index has terms in z/zh: 中国、政府、综合…), and its last term has
  its page references. Its references point at pages of the book, all of which must be
  there; a category it names with a bare page (``军事　138``) starts on that page;
- **its printed page numbers** (running heads such as ``139军　事``) agree with the count
  of pages before them: otherwise pages are missing (or a page marker was lost), and the
  pages before would be cited with wrong numbers;
- **its running heads** name the category their page belongs to;
- **its tables** are numbered 表1 … 表N without a gap, a ``续表 N`` follows its ``表 N``,
  every ``表 N`` line was read as a table, and every table has rows.

The checks shared with the other documents (numbered parts, announced counts, a 目录
and what follows it) are in :mod:`.promises`.
"""

from __future__ import annotations

import re

from .model import IndexTerm, Node
from .textclean import strip_all_space
from .yearbook_pages import PageMap
from .yearbook_tables import is_data_row, table_marker

_LAST_LETTER = "Z"
_INDEX_LETTER = re.compile(r"^[A-Z]$")
Problem = tuple[int | None, str]


def index_problems(
    terms: list[IndexTerm], index_start: int | None, pages: PageMap, n_lines: int
) -> list[Problem]:
    """The index is there, complete, and points only at pages the file holds."""
    last_page = pages.numbers[-1] if pages.numbers else 0
    if index_start is None or not terms:
        return [
            (
                n_lines,
                f"书末的索引（“说明：”和按拼音排列的索引款目）不在文件中，"
                f"文件在第 {last_page} 页（第 {n_lines} 行）就结束了",
            )
        ]
    found: list[Problem] = []
    letters = [t.letter for t in terms if _INDEX_LETTER.match(t.letter)]
    if letters != sorted(letters) or not letters or letters[-1] != _LAST_LETTER:
        reached = letters[-1] if letters else "（无）"
        found.append(
            (terms[-1].line, f"索引按拼音排列，却只排到字母 {reached}，后面的索引款目不在文件中")
        )
    present = set(pages.numbers)
    index_page = pages.page_of[index_start]
    for term in terms:
        for ref in term.refs:
            if ref.page not in present or ref.page >= index_page:
                found.append(
                    (
                        term.line,
                        f"索引款目“{term.term}”指向第 {ref.page} 页，但文件中没有这一页的正文",
                    )
                )
                break
    return found


def page_problems(pages: PageMap) -> list[Problem]:
    """Printed page numbers (running heads) that disagree with the count of pages.

    Pages missing from the file make the printed number run ahead of the count; a page
    marker the extraction lost or doubled puts the count one off. Either way the pages
    before that running head would be cited with wrong numbers, so both are refused.
    """
    found: list[Problem] = []
    for line, shown, counted in pages.anchors:
        if shown == counted:
            continue
        if shown > counted:
            cause = f"此前少了 {shown - counted} 页（页面缺失，或分页标记丢失）"
        else:
            cause = f"此前多出 {counted - shown} 页（页面重复，或有多余的分页标记）"
        found.append(
            (
                line + 1,
                f"第 {line + 1} 行的页眉印着第 {shown} 页，"
                f"按分页数到这里却是第 {counted} 页，{cause}",
            )
        )
    return found


def category_problems(root: Node, terms: list[IndexTerm], pages: PageMap) -> list[Problem]:
    """Running heads and the index's category pages against the categories parsed."""
    categories = {strip_all_space(c.title): c for c in root.children if c.kind == "category"}
    found: list[Problem] = []
    for line, name in sorted(pages.running_heads.items()):
        page = pages.page_of[line]
        category = categories.get(name)
        if category is None:
            found.append((line + 1, f"第 {page} 页的页眉是“{name}”，但没有读出这个类目"))
        elif not category.page_start <= page <= category.page_end:
            found.append(
                (
                    line + 1,
                    f"第 {page} 页的页眉是“{name}”，但读出的该类目在第 "
                    f"{category.page_start}–{category.page_end} 页",
                )
            )
    for term in terms:
        category = categories.get(strip_all_space(term.term))
        bare = [r.page for r in term.refs if r.col is None]
        if category is not None and bare and category.page_start != bare[0]:
            found.append(
                (
                    term.line,
                    f"索引说类目“{category.title}”从第 {bare[0]} 页开始，"
                    f"读出的却从第 {category.page_start} 页开始",
                )
            )
    return found


def table_problems(root: Node, lines: list[str], furniture: set[int]) -> list[Problem]:
    """Tables numbered without gaps, each with rows, every 表/续表 line read."""
    tables = [n.table for n in root.walk() if n.table is not None]
    numbers = [t.number for t in tables]
    found: list[Problem] = []
    for expected, table in enumerate(tables, 1):
        if table.number != expected:
            found.append(
                (table.line, f"表格编号不连续：缺少表{expected}，接着出现的是表{table.number}")
            )
            break
    for table in tables:
        if not any(is_data_row(text) for text in table.lines):
            found.append((table.line, f"表{table.number}“{table.title}”只有表头，没有数据行"))
    for i, text in enumerate(lines):
        if i in furniture:
            continue
        marker = table_marker(text)
        if marker is None:
            continue
        continued, number, _ = marker
        if number not in numbers:
            kind = "续表" if continued else "表"
            found.append((i + 1, f"第 {i + 1} 行有“{kind}{number}”，但没有读出表{number}"))
        elif continued and tables[numbers.index(number)].line > i + 1:
            found.append((i + 1, f"第 {i + 1} 行的“续表{number}”出现在表{number}之前"))
    return found
