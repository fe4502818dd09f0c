"""Parser of the yearbook (武威年鉴): categories, subcategories, entries, tables, index.

See ``shared/corpus/README.md`` for what the extracted text looks like. The work is split:

- :mod:`.yearbook_pages`: page furniture and the printed page numbering;
- :mod:`.yearbook_tables`: the ``表 N`` blocks;
- :mod:`.yearbook_index`: the book's own index (索引), resolving it to nodes, and the
  agreement figure between the index and the parsed book;
- here: the categories (类目) and everything inside them.

Categories are found from their doubled title line (`` 市 情 概 览市 情 概 览``) and, where
the PDF lost that title (an image in the book), from the index, which names every
category with a bare page number (``军事　138``): the category starts at the top of that
printed page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import promises
from . import yearbook_checks as checks
from .model import (
    DocumentMeta,
    IndexTerm,
    Node,
    Paragraph,
    ParsedDocument,
    SourceError,
    assign_ids,
)
from .textclean import join_wrapped, squeeze_spaces, strip_all_space
from .yearbook_index import index_agreement, parse_index, resolve_index
from .yearbook_pages import PageMap, build_page_map, decoration_blocks, first_start_of_page
from .yearbook_tables import SOURCE_NOTE, norm, scan_table, starts_table, table_marker

__all__ = ["YearbookLayout", "index_agreement", "layout", "parse"]

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_TERMINAL = "。！？；：…”」』）》"
_NO_HEADING = re.compile("[，。；！？、]")
_CAPTION = re.compile("图\\s*\\d+\u3000")
_CAPTION_END = re.compile(r"(摄|供图)\s*）")
_TITLE_END = re.compile(r"(报告|决议|决定|意见|条例|办法|规定|综述|名录|统计资料)$")
_MONTH = re.compile(r"^\d{1,2}\s*月$")
# ``4 日　…``, ``7 至 11 日　…``, ``31 日至 4 月 2 日　…`` (a range into the next month)
_DAY = re.compile(
    "^(\\d{1,2}(?:\\s*日?\\s*[至—－-]\\s*(?:\\d{1,2}\\s*月\\s*)?\\d{1,2})?\\s*日)[\u3000\\s]+(\\S.*)$"
)
# typesetting spaces may split the number: ``第 四 十 三 条　 施 工 单 位…``
_NUMERAL = "(?: ?[一二三四五六七八九十百零])+ ?"
_CHAPTER = re.compile(f"^第{_NUMERAL}章[\u3000\\s]")
_ARTICLE = re.compile(f"^(第{_NUMERAL}条)[\u3000\\s]+(\\S.*)$")
_PART = re.compile(r"^[一二三四五六七八九十]+、")
# the two halves of a work report: 2023年工作回顾 / 2024年工作目标和重点任务
_REPORT_HALF = re.compile(r"^\d{4}年\S{0,8}(回顾|目标|任务|安排)\S{0,6}$")
_SUBPART = re.compile(r"^（[一二三四五六七八九十]+）")
_BYLINE = re.compile("^\\S.*[\u3000 ]+\\S{2,3}$")
_TOC = "目录"
_DIRECTORY_END = "名录"
_INDEX_NOTE = "说明："


def _clean(text: str) -> str:
    return squeeze_spaces(norm(text))


def _width(text: str) -> float:
    width = 0.0
    for ch in text:
        if ch in " \t":
            continue
        width += 0.5 if ord(ch) < 0x2000 else 1.0
    return width


@dataclass
class YearbookLayout:
    """What the parser found out about the book's layout (for tests and diagnostics)."""

    pages: PageMap
    categories: list[tuple[int, str, int | None]]  # (start line, title, title line)
    index_start: int | None
    category_lines: set[int] = field(default_factory=set)  # doubled title lines


def _shares_a_word(title: str, other: str) -> bool:
    """Do two titles share two characters in a row (居民生活 / 城乡居民家庭人均收支)?"""
    return any(title[i : i + 2] in other for i in range(len(title) - 1))


def _doubled_titles(lines: list[str]) -> list[tuple[int, str]]:
    found = []
    for i, line in enumerate(lines):
        squeezed = strip_all_space(line)
        half = len(squeezed) // 2
        if half < 2 or len(squeezed) % 2 or squeezed[:half] != squeezed[half:]:
            continue
        if not _CJK.match(squeezed[:half]):
            continue
        spaced = len(line.strip()) > len(squeezed)
        if spaced or line.startswith(" "):
            found.append((i, squeezed[:half]))
    return found


def _index_start(lines: list[str]) -> int | None:
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip() == _INDEX_NOTE:
            return i
    return None


def _index_lines(lines: list[str], start: int, pages: PageMap) -> tuple[list[str], list[int]]:
    """The index's term lines: after the doubled 索引 title, furniture removed."""
    texts, numbers = [], []
    begun = False
    for i in range(start, len(lines)):
        if i in pages.furniture or not lines[i].strip():
            continue
        if not begun:
            squeezed = strip_all_space(lines[i])
            half = len(squeezed) // 2
            if half >= 2 and squeezed[:half] == squeezed[half:]:
                begun = True
            continue
        texts.append(lines[i][1:] if i in pages.page_start_lines else lines[i])
        numbers.append(i)
    return texts, numbers


def layout(lines: list[str]) -> tuple[YearbookLayout, list[IndexTerm]]:
    """Find pages, furniture, categories and the index of the book."""
    doubled = _doubled_titles(lines)
    names = {title for _, title in doubled}
    for _first, last in decoration_blocks(lines):
        for k in range(last + 1, min(len(lines), last + 4)):
            match = re.match(r"^\s?\d{1,3}\s*(\S.*?)\s*$", lines[k])
            if match:
                names.add(strip_all_space(match.group(1)))
                break
    pages = build_page_map(lines, names)
    index_start = _index_start(lines)
    terms: list[IndexTerm] = []
    if index_start is not None:
        texts, numbers = _index_lines(lines, index_start, pages)
        terms = parse_index(texts, numbers)
        bare = {strip_all_space(t.term) for t in terms if any(r.col is None for r in t.refs)}
        pages = build_page_map(lines, names | bare)
        texts, numbers = _index_lines(lines, index_start, pages)
        terms = parse_index(texts, numbers)
        if index_start not in pages.starts:
            index_start = max(s for s in pages.starts if s <= index_start)
    categories: dict[int, tuple[str, int | None]] = {}
    for line, title in doubled:
        start = line
        if index_start is not None and line >= index_start:
            start = index_start
        categories[start] = (title, line)
    known = {strip_all_space(t) for t, _ in categories.values()}
    index_page = pages.page_of[index_start] if index_start is not None else None
    for term in terms:
        refs = [r for r in term.refs if r.col is None]
        key = strip_all_space(term.term)
        if not refs or key in known or (index_page and refs[0].page >= index_page):
            continue
        start = first_start_of_page(pages, refs[0].page)
        if start is None or start in categories:
            continue
        if _heading_on_page(lines, pages, refs[0].page, key):
            continue
        categories[start] = (key, None)
        known.add(key)
    ordered = [(start, title, tl) for start, (title, tl) in sorted(categories.items())]
    book = YearbookLayout(
        pages=pages,
        categories=ordered,
        index_start=index_start,
        category_lines={tl for _, _, tl in ordered if tl is not None},
    )
    return book, terms


def _heading_on_page(lines: list[str], pages: PageMap, page: int, key: str) -> bool:
    """Does a stand-alone line on ``page`` start like ``key`` (an article's title)?"""
    for i, number in enumerate(pages.page_of):
        if number != page or i in pages.furniture:
            continue
        text = strip_all_space(lines[i])
        if text and not _NO_HEADING.search(text) and len(text) >= 6:
            common = 0
            for a, b in zip(text, key, strict=False):
                if a != b:
                    break
                common += 1
            if common >= 6:
                return True
    return False


# --------------------------------------------------------------------------- body


class _CategoryParser:
    """Turns the content lines of one category into its subtree."""

    def __init__(self, lines: list[str], book: YearbookLayout, node: Node) -> None:
        self.lines = lines
        self.book = book
        self.pages = book.pages
        self.root = node
        self.stack: list[tuple[int, Node]] = [(0, node)]
        self.span: dict[int, list[int]] = {}
        self.para: list[tuple[int, str]] = []
        self.para_node: Node = node
        self.para_role = "body"
        self.pending: list[Paragraph] = []
        self.last = "start"  # start | heading | section | source | body | table | entry
        self.month_mode = False
        self.in_statute = False  # inside 章/条: （一） are list items, not sections
        self.directory = False  # inside a 名录: one paragraph per line, groups as sections

    # ---------------------------------------------------------------- helpers
    def touch(self, node: Node, line: int) -> None:
        span = self.span.setdefault(id(node), [line, line])
        span[0] = min(span[0], line)
        span[1] = max(span[1], line)

    def top(self) -> Node:
        return self.stack[-1][1]

    def push(self, rank: int, node: Node, line: int) -> None:
        self.flush()
        while self.stack[-1][0] >= rank:
            self.stack.pop()
        self.top().children.append(node)
        self.stack.append((rank, node))
        self.touch(node, line)

    def add(self, node: Node, paragraph: Paragraph, last_line: int | None = None) -> None:
        node.paragraphs.append(paragraph)
        self.touch(node, paragraph.line - 1)
        if last_line is not None:
            self.touch(node, last_line)

    def flush(self) -> None:
        if self.para:
            text = join_wrapped([norm(t) for _, t in self.para])
            first = self.para[0][0]
            if text:
                paragraph = Paragraph(text, self.pages.page_of[first], self.para_role, first + 1)
                self.add(self.para_node, paragraph, self.para[-1][0])
            self.para = []
        for paragraph in self.pending:
            self.add(self.top(), paragraph)
        self.pending = []

    def start_para(self, line: int, text: str, role: str = "body") -> None:
        self.flush()
        self.para = [(line, text)]
        self.para_node = self.top()
        self.para_role = role
        self.last = "body"

    def ends_paragraph(self, text: str, first: bool) -> bool:
        stripped = norm(text).strip()
        if not stripped:
            return False
        if stripped[-1] not in _TERMINAL:
            return False
        return _width(stripped) < self.width - (3.5 if first else 1.5)

    # ---------------------------------------------------------------- main loop
    def run(self, items: list[int], texts: list[str]) -> None:
        self.items, self.texts = items, texts
        widths = sorted(_width(norm(t).strip()) for t in texts)
        self.width = widths[int(len(widths) * 0.7)] if widths else 20.0
        self.has_entries = any(norm(t).strip().startswith("【") for t in texts)
        j = 0
        while j < len(items):
            j = self.step(j)
        self.flush()

    def step(self, j: int) -> int:
        items, texts = self.items, self.texts
        line = items[j]
        raw = texts[j]
        text = norm(raw).strip()
        if j + 1 < len(items) and starts_table(texts[j + 1]) and not text.startswith("【"):
            return self.table(j)
        if table_marker(raw) is not None:
            # a stray 表/续表 line with no title before it: keep it as text
            self.start_para(line, raw)
            self.flush()
            return j + 1
        if _CAPTION.match(text):
            return self.caption(j)
        if text.startswith("【"):
            return self.entry(j)
        squeezed = _clean(text)
        if self.directory and not self.para:
            if not SOURCE_NOTE.match(squeezed):
                return self.directory_line(j)
            self.directory = False  # the source of the whole 名录 ends it
            while self.stack[-1][0] >= 2:
                self.stack.pop()
        if (
            not self.has_entries
            and not self.para
            and self.last == "section"
            and squeezed.startswith("（")
            and "）" not in squeezed
        ):
            return self.bracketed_byline(j)
        if self.para:
            if not self.heading_interrupts(j, squeezed):
                self.para.append((line, raw))
                if self.ends_paragraph(raw, first=False):
                    self.flush()
                return j + 1
            self.flush()
        if SOURCE_NOTE.match(squeezed):
            role = "byline" if self.last in ("heading", "section") else "source"
            self.add(self.top(), Paragraph(squeezed, self.pages.page_of[line], role, line + 1))
            self.last = "source"
            return j + 1
        if not self.has_entries:
            special = self.special(j, text, squeezed)
            if special is not None:
                return special
        if self.is_heading_like(text, squeezed):
            return self.heading(j)
        if self.is_byline(text, squeezed):
            paragraph = Paragraph(squeezed, self.pages.page_of[line], "byline", line + 1)
            self.add(self.top(), paragraph)
            return j + 1
        self.start_para(line, raw)
        if self.ends_paragraph(raw, first=True):
            self.flush()
        return j + 1

    def is_byline(self, text: str, squeezed: str) -> bool:
        """``中共武威市委书记　王国斌`` under a report's title."""
        return (
            self.last in ("heading", "section")
            and bool(_BYLINE.match(text))
            and len(squeezed) <= 20
            and not _NO_HEADING.search(text)
            and "\u3000" in text
        )

    def heading_interrupts(self, j: int, squeezed: str) -> bool:
        """A heading right after a paragraph that ended at full width."""
        last = norm(self.para[-1][1]).strip()
        text = norm(self.texts[j]).strip()
        # a day's text may lack its final full stop (``…进行现场观摩`` / ``19 至 21 日　…``)
        day = self.month_mode and _DAY.match(text) is not None and "\u3000" in text
        if day and last and (last[-1] in _TERMINAL or _width(last) < self.width - 3.5):
            return True
        if not last or last[-1] not in _TERMINAL:
            return False
        if SOURCE_NOTE.match(squeezed):
            return True
        if not self.has_entries and self.starts_section(norm(self.texts[j]).strip(), squeezed):
            return True
        if not self.is_heading_like(self.texts[j], squeezed):
            return False
        nxt = norm(self.texts[j + 1]).strip() if j + 1 < len(self.items) else ""
        return nxt.startswith("【") or _MONTH.match(squeezed) is not None

    def starts_section(self, text: str, squeezed: str) -> bool:
        """Does this line open a section of a category without entries?"""
        if self.month_mode and _DAY.match(text):
            return True
        if _ARTICLE.match(text) or _CHAPTER.match(text) or _MONTH.match(squeezed):
            return True
        if squeezed == _TOC:
            return True
        if _SUBPART.match(squeezed) and not self.in_statute:
            return True
        return bool(_PART.match(squeezed))

    def is_heading_like(self, text: str, squeezed: str) -> bool:
        text = norm(text).strip()
        if not squeezed or len(squeezed) > 24 or _NO_HEADING.search(squeezed):
            return False
        if squeezed[0] in "【（(" or squeezed[-1] in _TERMINAL + "：":
            return False
        if _width(text) >= self.width - 3.5:
            return False  # a full line: the first line of a paragraph
        return not ("\u3000" in text and len(squeezed) > 5)

    def adjacent(self, j: int) -> bool:
        """Does ``items[j]`` follow the previous item with no empty line between?

        The previous item must be its whole line (not the tail of a line cut at a
        caption); a page-start line counts without its marking space, so a heading
        printed over two lines at the top of a page (`` 中国国民党革命委员会`` /
        ``武威市委员会``) reads as one.
        """
        line = self.items[j]
        previous = self.lines[line - 1]
        if line - 1 in self.pages.page_start_lines:
            previous = previous[1:]
        return (
            j > 0
            and self.items[j - 1] == line - 1
            and line not in self.pages.page_start_lines
            and self.texts[j - 1] == previous
        )

    # ---------------------------------------------------------------- elements
    def table(self, j: int) -> int:
        self.flush()
        block, after, used = scan_table(
            self.texts,
            self.items,
            j,
            self.pages.page_of,
            self.pages.page_start_lines,
            lambda k: bool(_CAPTION.match(norm(self.texts[k]).strip())),
        )
        node = Node("table", f"表{block.number} {block.title}", table=block)
        marker = table_marker(self.texts[j + 1])
        extra = _clean(marker[2]) if marker else ""
        summary = node.title + (f" {extra}" if extra else "")
        node.paragraphs.append(
            Paragraph(summary, self.pages.page_of[self.items[j]], "table", self.items[j] + 1)
        )
        parent = self.top()
        if parent.kind == "entry" and not _shares_a_word(parent.title, block.title):
            parent = self.stack[-2][1]  # 表1 after 【民俗】 is 历史人文's table, not 民俗's
        parent.children.append(node)
        for index in used:
            self.touch(node, index)
            self.touch(parent, index)
        for _, parent in self.stack:
            for index in used:
                self.touch(parent, index)
        self.last = "table"
        return after

    def caption(self, j: int) -> int:
        end = j
        for k in range(j, min(len(self.items), j + 8)):
            if _CAPTION_END.search(self.texts[k]):
                end = k
                break
        text = join_wrapped([norm(t) for t in self.texts[j : end + 1]])
        line = self.items[j]
        paragraph = Paragraph(text, self.pages.page_of[line], "caption", line + 1)
        if self.para:
            self.pending.append(paragraph)
            for k in range(j, end + 1):
                self.touch(self.para_node, self.items[k])
        else:
            self.add(self.top(), paragraph, self.items[end])
        return end + 1

    def entry(self, j: int) -> int:
        parts = []
        k = j
        while k < len(self.items):
            parts.append(norm(self.texts[k]))
            if "】" in self.texts[k] or k - j > 3:
                break
            k += 1
        joined = "".join(p.strip() if i == 0 else p for i, p in enumerate(parts))
        head, _, rest = joined.partition("】")
        title = _clean(head.lstrip("【"))
        node = Node("entry", title)
        self.push(4, node, self.items[j])
        self.last = "entry"
        if rest.strip():
            self.para = [(self.items[j], rest)]
            self.para_node = node
            self.para_role = "body"
            self.last = "body"
            if k == j and self.ends_paragraph(self.texts[j], first=True):
                self.flush()
        return k + 1

    def merged_heading(self, j: int) -> tuple[str, int]:
        """A heading and the lines that continue it; returns (title, last position)."""
        parts = [self.texts[j]]
        k = j
        while k + 1 < len(self.items):
            nxt = norm(self.texts[k + 1]).strip()
            squeezed = _clean(nxt)
            if nxt.startswith("【") or not squeezed or SOURCE_NOTE.match(squeezed):
                break
            continues = self.adjacent(k + 1) and len(squeezed) <= 30
            ends_title = bool(_TITLE_END.search(squeezed)) and len(_clean(parts[0])) >= 6
            if _NO_HEADING.search(squeezed) or not (continues or ends_title):
                break
            parts.append(self.texts[k + 1])
            k += 1
        return join_wrapped([norm(p) for p in parts]), k

    def heading(self, j: int) -> int:
        title, k = self.merged_heading(j)
        line = self.items[j]
        nxt = norm(self.texts[k + 1]).strip() if k + 1 < len(self.items) else ""
        if self.has_entries:
            nxt_heading = self.is_heading_like(nxt, _clean(nxt)) and k + 2 < len(self.items)
            if nxt.startswith("【") or (
                nxt_heading and norm(self.texts[k + 2]).strip().startswith("【")
            ):
                self.push(1, Node("subcategory", title), line)
                self.last = "section"
                return k + 1
        else:
            if _MONTH.match(title) or _TITLE_END.search(title) or self.last in ("start", "source"):
                self.month_mode = self.month_mode or bool(_MONTH.match(title))
                self.in_statute = False
                self.directory = _clean(title).endswith(_DIRECTORY_END)
                self.push(1, Node("section", title), line)
                self.last = "section"
                return k + 1
            if _REPORT_HALF.match(_clean(title)) and len(self.stack) > 1:
                self.push(2, Node("section", title), line)  # holds the （一） sections after it
                self.last = "section"
                return k + 1
        paragraph = Paragraph(title, self.pages.page_of[line], "heading", line + 1)
        self.add(self.top(), paragraph, self.items[k])
        self.last = "heading"
        return k + 1

    def lead_section(self, j: int) -> int:
        """``（一）综合施策稳增长，经济运行持续向好。制定…``: a section titled by its lead."""
        lead = _clean(self.texts[j])
        if "。" not in lead and _width(norm(self.texts[j]).strip()) >= self.width - 3.5:
            for k in range(j + 1, min(len(self.items), j + 3)):
                lead += _clean(self.texts[k])
                if "。" in lead:
                    break
        title = lead.split("。", 1)[0][:40]
        line = self.items[j]
        self.push(3, Node("section", title), line)
        self.start_para(line, self.texts[j])
        if self.ends_paragraph(self.texts[j], first=True):
            self.flush()
        return j + 1

    def bracketed_byline(self, j: int) -> int:
        """``（2023年6月20日…通过`` / ``…批准）`` under a title: one byline paragraph."""
        k = j
        while k + 1 < len(self.items) and k - j < 3 and "）" not in self.texts[k]:
            k += 1
        if "）" not in self.texts[k] or not norm(self.texts[k]).strip().endswith("）"):
            self.start_para(self.items[j], self.texts[j])
            return j + 1
        text = join_wrapped([norm(t) for t in self.texts[j : k + 1]])
        line = self.items[j]
        self.add(self.top(), Paragraph(text, self.pages.page_of[line], "byline", line + 1))
        self.touch(self.top(), self.items[k])
        return k + 1

    def table_of_contents(self, j: int) -> int:
        """``目　录`` and its ``第一章　总　则`` lines, up to where the first chapter begins."""
        node = Node("section", _TOC)
        self.push(2, node, self.items[j])
        first = None
        k = j + 1
        while k < len(self.items):
            text = norm(self.texts[k]).strip()
            if not _CHAPTER.match(text):
                break
            squeezed = _clean(text)
            if squeezed == first:
                break  # the first chapter itself
            first = first or squeezed
            line = self.items[k]
            self.add(node, Paragraph(squeezed, self.pages.page_of[line], "body", line + 1))
            k += 1
        self.stack.pop()
        self.last = "section"
        return k

    def is_group_heading(self, j: int, wrapped: bool = False) -> bool:
        """A group of the 名录 (``人民团体``, ``市政府工作部门及事业单位``)."""
        raw = norm(self.texts[j])
        text = raw.strip()
        if raw.startswith("\u3000") or len(_clean(text)) < (2 if wrapped else 4):
            return False
        if "\u3000" in text:
            return False
        if any(ch in text for ch in "：（），…"):
            return False
        previous = norm(self.texts[j - 1]).strip() if j > 0 else ""
        return not previous.endswith("：")

    def directory_line(self, j: int) -> int:
        """One line of a 名录: a group heading (a section) or an item (a paragraph).

        An item is one printed line; a line that leaves a parenthesis open
        (``市委组织部（市委非公有制经济组织和社会组`` / ``织工作委员会、市公务员局）：``) goes on
        onto the next. A group heading wraps onto the next line with no empty line between.
        """
        line = self.items[j]
        if self.is_group_heading(j):
            k = j
            while (
                k + 1 < len(self.items)
                and self.adjacent(k + 1)
                and self.is_group_heading(k + 1, True)
            ):
                k += 1
            title = join_wrapped([norm(t) for t in self.texts[j : k + 1]])
            self.push(2, Node("section", title), line)
            self.touch(self.top(), self.items[k])
            self.last = "section"
            return k + 1
        k = j
        depth = self.texts[j].count("（") - self.texts[j].count("）")
        while depth > 0 and k + 1 < len(self.items) and k - j < 6:
            k += 1
            depth += self.texts[k].count("（") - self.texts[k].count("）")
        text = join_wrapped([norm(t) for t in self.texts[j : k + 1]])
        self.add(self.top(), Paragraph(text, self.pages.page_of[line], "body", line + 1))
        self.touch(self.top(), self.items[k])
        self.last = "body"
        return k + 1

    def special(self, j: int, text: str, squeezed: str) -> int | None:
        """Sections of the categories without entries: 一、（一）, 章/条, months and days."""
        line = self.items[j]
        if self.month_mode:
            match = _DAY.match(text)
            if match:
                self.push(3, Node("section", _clean(match.group(1))), line)
                self.start_para(line, match.group(2))
                self.para_node = self.top()
                if self.ends_paragraph(text, first=True):
                    self.flush()
                return j + 1
        match = _ARTICLE.match(text)
        if match:
            self.in_statute = True
            self.push(3, Node("section", _clean(match.group(1))), line)
            self.start_para(line, match.group(2))
            if self.ends_paragraph(text, first=True):
                self.flush()
            return j + 1
        if squeezed == _TOC:
            return self.table_of_contents(j)
        if _CHAPTER.match(text):
            self.in_statute = True
            self.push(2, Node("section", squeezed), line)
            self.last = "section"
            return j + 1
        if _SUBPART.match(squeezed) and not self.in_statute:
            return self.lead_section(j)
        if _PART.match(squeezed) and not squeezed.endswith("。"):
            # a full line wraps onto a short one that ends the heading (``一、以坚定态度…
            # 做到“两个`` / ``维护”，政治建设得到新加强``); a short line ends it here
            title, k = squeezed, j
            if k + 1 < len(self.items) and _width(text) >= self.width - 3.5:
                nxt = norm(self.texts[k + 1]).strip()
                if (
                    nxt
                    and _width(nxt) < self.width - 3.5
                    and nxt[-1] not in _TERMINAL
                    and not re.search("[。；！？]", nxt)
                    and nxt[0] not in "【（"
                    and not self.starts_section(nxt, _clean(nxt))
                    and not _CAPTION.match(nxt)
                ):
                    title += _clean(nxt)
                    k += 1
            self.push(2, Node("section", title), line)
            self.touch(self.top(), self.items[k])
            self.last = "section"
            return k + 1
        return None


def _finish_pages(node: Node, spans: dict[int, list[int]], page_of: list[int]) -> tuple[int, int]:
    first, last = spans.get(id(node), [None, None])
    for child in node.children:
        c_first, c_last = _finish_pages(child, spans, page_of)
        if c_first is not None:
            first = c_first if first is None else min(first, c_first)
            last = c_last if last is None else max(last, c_last)
    if first is not None:
        node.page_start = page_of[first]
        node.page_end = page_of[last]
    return first, last


def _node_columns(root: Node, spans: dict[int, list[int]], book: YearbookLayout, lines):
    """(page, column) where each node starts: column a is the first half of the page's lines."""
    pages = book.pages
    content: dict[int, list[int]] = {}
    for i, page in enumerate(pages.page_of):
        if lines[i].strip() and i not in pages.furniture:
            content.setdefault(page, []).append(i)
    rank: dict[int, tuple[int, int]] = {}
    for page, members in content.items():
        half = len(members) / 2
        for position, i in enumerate(members):
            rank[i] = (page, 0 if position < half else 1)
    columns = {}
    for node in root.walk():
        span = spans.get(id(node))
        if span is not None and span[0] in rank:
            columns[id(node)] = rank[span[0]]
    return columns


def parse(lines: list[str], meta: DocumentMeta) -> ParsedDocument:
    """Parse the yearbook's lines into its node tree and index."""
    book, terms = layout(lines)
    if not book.categories:
        raise SourceError(meta.source_file, "未能识别年鉴的类目结构（没有找到类目标题或索引）", 1)
    root = Node("document", meta.title)
    spans: dict[int, list[int]] = {}
    furniture = book.pages.furniture | book.category_lines
    bounds = [start for start, _, _ in book.categories] + [len(lines)]
    for (start, title, _), end in zip(book.categories, bounds[1:], strict=True):
        node = Node("category", title)
        root.children.append(node)
        spans[id(node)] = [start, start]
        if book.index_start is not None and start >= book.index_start:
            _index_category(lines, book, node, start, end, spans)
            continue
        items, texts = [], []
        for i in range(start, end):
            if not lines[i].strip() or i in furniture:
                continue
            text = lines[i][1:] if i in book.pages.page_start_lines else lines[i]
            caption = _CAPTION.search(norm(text))
            if caption and caption.start() > 0 and norm(text)[: caption.start()].strip():
                cut = caption.start()
                items += [i, i]
                texts += [text[:cut], text[cut:]]
            else:
                items.append(i)
                texts.append(text)
        parser = _CategoryParser(lines, book, node)
        parser.run(items, texts)
        spans.update(parser.span)
        span = spans.setdefault(id(node), [start, start])
        span[0] = start
        if items:
            span[1] = max(span[1], items[-1])
    _finish_pages(root, spans, book.pages.page_of)
    assign_ids(root, meta.id)
    resolve_index(terms, root, _node_columns(root, spans, book, lines))
    _check(lines, book, terms, root, meta)
    return ParsedDocument(meta=meta, root=root, index_terms=terms)


def _check(lines, book: YearbookLayout, terms, root: Node, meta: DocumentMeta) -> None:
    """Refuse a book whose index, pages, running heads or tables say it holds more."""
    found = checks.index_problems(terms, book.index_start, book.pages, len(lines))
    found = checks.page_problems(book.pages) + found  # the cause of most other problems
    found += checks.category_problems(root, terms, book.pages)
    found += checks.table_problems(root, lines, book.pages.furniture | book.category_lines)
    found += promises.problems(root, len(lines), running_text=False)
    promises.refuse(meta.source_file, found)


def _index_category(lines, book: YearbookLayout, node: Node, start, end, spans) -> None:
    """The 索引 category: its ``说明`` as text; the terms go to ``index_terms``."""
    for i in range(start, end):
        if i in book.pages.furniture or i in book.category_lines or not lines[i].strip():
            continue
        text = _clean(lines[i])
        if not text:
            continue
        if text != _INDEX_NOTE and not re.match(r"^\d+\.", text):
            break
        node.paragraphs.append(Paragraph(text, book.pages.page_of[i], "body", i + 1))
    spans[id(node)] = [start, end - 1]
