"""What a printed extract holds: a title block, a table of contents and one section per
chosen node (with its subtree in book order) or chart, as HTML with a print style sheet.

No Qt: :mod:`wuwei_desktop.printing` lays the HTML out on pages. :meth:`Extract.documents`
gives the pieces: the title block and contents (on pages of their own), then every
section (a whole document split at its top-level parts); a piece follows the one before
on the same page unless ``page_per_item`` asks for a new page for each. Without contents
the title block heads the first page. A section's running header (``武威年鉴（2024）·
市情概览``) is known for every node anchor inside it, so a section spanning several
categories (the whole book) changes its header as it goes; its outline (every node's
heading, by depth) makes the contents and the PDF's bookmarks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from .api import Archive, ArchiveError
from .render import strings as S
from .render.html import PIECE_BREAK, PRINT_FONT_PT, Rendered, css, nodes_body, page_html
from .render.text import LOST_HTML as LOST
from .render.text import esc, page_label

CHART_INCHES = (6.67, 4.13)  # about the text width of A4 (17 cm): matplotlib's type sizes
CHART_PX = (1000, 620)  # the chart's proportions in the layout (scaled to the text width)
CHART_WIDTH = "{chart_width}"  # replaced by the text width when the pages are laid out
CHART_HEIGHT = "{chart_height}"
TOC_PAGE_PLACEHOLDER = "000"  # as wide as any page number: the contents keep their length
TOC_KINDS = ("document", "category")  # a single item of these kinds gets contents too
SEARCH_PRINT_LIMIT = 200  # hits listed when search results are printed

PRINT_CSS = """
p.xtitle { font-size: 20pt; font-weight: bold; margin-top: 40px; margin-bottom: 14px; }
p.xmeta { font-size: 10pt; color: #444444; margin-bottom: 4px; }
p.xtoc { font-size: 14pt; font-weight: bold; margin-top: 30px; margin-bottom: 10px; }
table.toc { font-size: 10.5pt; }
td.tocpage { color: #333333; }
span.tocwhere { color: #7b7b7b; font-size: 9pt; }
p.hit { margin-top: 8px; margin-bottom: 1px; }
span.hitwhere { color: #6f6f6f; font-size: 9pt; }
p.snippet { font-size: 9.5pt; color: #333333; margin-left: 24px; margin-bottom: 2px; }
span.hitmark { font-weight: bold; color: #000000; }
p.charttitle { font-size: 12pt; font-weight: bold; margin-top: 6px; margin-bottom: 0px; }
p.chart { line-height: 100%; margin-top: 0px; margin-bottom: 0px; }
p.chartcaption { font-size: 9pt; color: #555555; margin-top: 4px; }
"""


@dataclass(frozen=True)
class ExtractItem:
    """One thing to print: a node (with its subtree), a chart of a table, or the list of
    a search's results.

    ``kind`` is ``"node"``, ``"chart"`` or ``"search"``; ``id`` a node id (or ``表11``),
    a table id, or the query; ``option`` the chart's option key (None: the chart that
    fits), or the document a search is limited to.
    """

    kind: str
    id: str
    option: str | None = None


@dataclass(frozen=True)
class OutlineEntry:
    """A heading of the extract: its anchor, title and depth (0: a section itself)."""

    anchor: str
    title: str
    level: int


@dataclass(frozen=True)
class Piece:
    """HTML laid out as one document: the section it begins (None: the front matter or
    a further part of a section), whether it starts on a new page, whether it may be
    split across pages."""

    section: int | None
    html: str
    new_page: bool
    keep_whole: bool = False  # never split across pages (a chart with its caption)
    continues: bool = False  # goes on exactly where the piece before ends (see PIECE_BREAK)


@dataclass
class ExtractSection:
    """One printed part: where it comes from, its HTML body and its running heads."""

    item: ExtractItem
    doc: str
    title: str
    path: list[str]
    pages: str  # printed page range of the book: 第54—55页 ("" for unpaged documents)
    parts: list[str]  # body HTML: a whole document's top-level parts, one each
    running_head: str
    anchor: str  # the anchor name at the section's start
    heads: list[tuple[str, str]] = field(default_factory=list)  # anchor -> running head
    kind: str = "entry"  # the node's kind (a chart: "chart", search results: "search")
    outline: list[OutlineEntry] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)  # further documents it quotes


@dataclass
class Extract:
    """A whole extract, ready to lay out (see :meth:`documents`)."""

    title: str
    sources: list[str]
    printed_on: date
    sections: list[ExtractSection]
    images: dict[str, bytes] = field(default_factory=dict)  # resource name -> SVG
    page_per_item: bool = False  # every section (and part) from a new page
    authors: list[str] = field(default_factory=list)  # the sources' authors or publishers

    @property
    def has_toc(self) -> bool:
        """Contents for several items, and for a whole document or category."""
        return len(self.sections) > 1 or self.sections[0].kind in TOC_KINDS

    @property
    def subject(self) -> str:
        """What the extract holds, for the PDF's metadata: ``摘自《…》：自然地理、表11``
        (the parts of a single document or category)."""
        sources = "、".join(f"《{s}》" for s in self.sources)
        parts = self.toc_entries() if self.has_toc else self.outline()[:1]
        titles = "、".join(entry.title for entry in parts)
        return S.EXTRACT_SUBJECT.format(sources=sources, titles=titles)

    @property
    def has_lost_characters(self) -> bool:
        """Whether the text holds characters the source lost (U+FFFD, printed as □)."""
        return any(LOST in part for section in self.sections for part in section.parts)

    def outline(self) -> list[OutlineEntry]:
        """Every heading of every section, in order, for the PDF's bookmarks."""
        return [entry for section in self.sections for entry in section.outline]

    def toc_entries(self) -> list[OutlineEntry]:
        """The lines of the contents: each section; for a single section its parts (the
        title names the section itself). The PDF's bookmarks go deeper."""
        level = 0 if len(self.sections) > 1 else 1
        return [entry for entry in self.outline() if entry.level == level]

    @property
    def heads(self) -> list[tuple[str, str]]:
        """Every (anchor, running head) in document order."""
        return [pair for section in self.sections for pair in section.heads]

    def documents(
        self, anchor_pages: dict[str, int] | None = None, text_width: int = 640
    ) -> list[Piece]:
        """The HTML pieces, each laid out as a document of its own; ``anchor_pages``
        (anchor -> page) numbers the contents, ``text_width`` (CSS pixels) is the width
        charts are drawn at."""
        style = _print_style()
        pieces: list[Piece] = []
        front = _title_block(self)
        if self.has_toc:
            pieces.append(self.contents(anchor_pages))
            front = ""
        height = round(text_width * CHART_PX[1] / CHART_PX[0])
        for k, section in enumerate(self.sections):
            for n, part in enumerate(section.parts):
                part = part.replace(CHART_WIDTH, str(text_width))
                part = part.replace(CHART_HEIGHT, str(height))
                new_page = self.page_per_item or not pieces
                first, *rest = part.split(PIECE_BREAK)
                whole = section.kind == "chart"
                pieces.append(
                    Piece(k if n == 0 else None, page_html(front + first, style), new_page, whole)
                )
                pieces.extend(
                    Piece(None, page_html(more, style), False, continues=True) for more in rest
                )
                front = ""
        return pieces

    def contents(self, anchor_pages: dict[str, int] | None = None) -> Piece:
        """The first piece of an extract with contents: the title block and the contents,
        numbered by ``anchor_pages`` (their height is the same whatever the numbers, so
        what follows them stays in place when they are numbered)."""
        html = page_html(_title_block(self) + _toc(self, anchor_pages), _print_style())
        return Piece(None, html, True)


def _print_style() -> str:
    return css(PRINT_FONT_PT, "pt", for_print=True) + PRINT_CSS


def build_extract(
    archive: Archive,
    items: list[ExtractItem],
    *,
    printed_on: date,
    page_per_item: bool = False,
    grayscale: bool = False,
) -> Extract:
    """The extract of ``items`` in their order; ArchiveError for an unknown id.

    ``page_per_item`` starts every item (and every part of a whole document) on a new
    page; otherwise each follows the one before. ``grayscale``: charts in grey levels and
    patterns (for a black-and-white printer)."""
    if not items:
        raise ArchiveError("没有选择要打印的内容")
    documents = archive.documents()
    titles = {d.id: d.title for d in documents}
    sections: list[ExtractSection] = []
    images: dict[str, bytes] = {}
    for number, item in enumerate(items):
        if item.kind == "chart":
            sections.append(_chart_section(archive, item, number, titles, images, grayscale))
        elif item.kind == "node":
            sections.append(_node_section(archive, item, number, titles))
        elif item.kind == "search":
            sections.append(_search_section(archive, item, number, printed_on))
        else:
            raise ArchiveError(f"不能打印“{item.kind}”类的内容")
    used = list(dict.fromkeys(d for s in sections for d in (s.doc, *s.cited) if d))
    sources = [titles[d] for d in used]
    by_id = {d.id: d for d in documents}
    authors = [by_id[d].author or by_id[d].publisher for d in used]
    return Extract(
        extract_title(sections, sources),
        sources,
        printed_on,
        sections,
        images,
        page_per_item=page_per_item,
        authors=list(dict.fromkeys(a for a in authors if a)),
    )


def extract_title(sections: list[ExtractSection], sources: list[str]) -> str:
    """``《武威年鉴（2024）》摘录：市情概览``, ``…：自然地理等 3 项``, or for a whole
    document ``《武威年鉴（2024）》全文``."""
    if len(sections) == 1 and sections[0].kind == "document":
        return S.EXTRACT_TITLE_WHOLE.format(title=short_title(sources[0]))
    base = (
        S.EXTRACT_TITLE_ONE.format(title=short_title(sources[0]))
        if len(sources) == 1 and sections[0].kind != "search"
        else S.EXTRACT_TITLE_MANY
    )
    what = sections[0].title
    if len(sections) > 1:
        what = S.EXTRACT_AND_MORE.format(title=what, count=len(sections))
    return f"{base}：{what}"


def short_title(title: str) -> str:
    """A document's title for a running head: a feature's headline without its subtitle."""
    return title.split("——")[0].strip()


def running_head(detail, doc_title: str) -> str:
    """``武威年鉴（2024）· 市情概览``: the document and the top-level part of ``detail``."""
    doc = short_title(doc_title)
    if detail.kind == "document":
        return doc
    category = detail.path[1] if len(detail.path) > 1 else detail.title
    space = "" if doc.endswith(("）", "》", "」")) else " "
    return S.RUNNING_HEAD.format(doc=doc, space=space, category=category)


def resolve_node(archive: Archive, node_id: str):
    """The NodeDetail of a node id, or of a table given as ``表11`` / ``yearbook-2024:表11``
    (the archive's one rule: :meth:`Archive.resolve_node`)."""
    return archive.node(archive.resolve_node(node_id))


def _table_of(archive: Archive):
    def lookup(node_id: str):
        try:
            return archive.table(node_id)
        except ArchiveError:
            return None

    return lookup


def _node_section(archive: Archive, item: ExtractItem, number: int, titles: dict) -> ExtractSection:
    detail = resolve_node(archive, item.id)
    details = archive.chapter(detail.id) if detail.children else [detail]
    out = Rendered("")
    prefix = f"s{number}"
    split = detail.depth + 1 if detail.kind == "document" else None
    parts = nodes_body(
        details, out, table_of=_table_of(archive), for_print=True, prefix=prefix, split_depth=split
    )
    doc_title = titles.get(detail.doc, detail.doc)
    heads = [(f"{prefix}m{k}", running_head(m.node, doc_title)) for k, m in enumerate(out.markers)]
    outline, seen = [], set()
    for k, marker in enumerate(out.markers):  # a node's first marker is its heading
        if marker.node.id not in seen:
            seen.add(marker.node.id)
            level = marker.node.depth - detail.depth
            outline.append(OutlineEntry(f"{prefix}m{k}", marker.node.title, level))
    return ExtractSection(
        item=item,
        doc=detail.doc,
        title=detail.title,
        path=list(detail.path),
        pages=page_label(detail.page_start, detail.page_end),
        parts=parts,
        running_head=running_head(detail, doc_title),
        anchor=f"{prefix}m0",
        heads=heads,
        kind=detail.kind,
        outline=outline,
    )


def _chart_section(
    archive: Archive,
    item: ExtractItem,
    number: int,
    titles: dict,
    images: dict[str, bytes],
    grayscale: bool = False,
) -> ExtractSection:
    """A chart of a table (matplotlib, drawn here as SVG: vector in the PDF) with its
    source line."""
    from .charts import ChartError, chart_for_table, chart_svg_bytes

    table = archive.table(item.id)
    node = archive.node(archive.table_node_id(item.id))
    doc_title = titles.get(node.doc, node.doc)
    try:
        spec = chart_for_table(
            table, item.option, table_ref=f"表{table.number}", doc_title=doc_title
        )
        # title and source go above and under the image as text (searchable)
        svg = chart_svg_bytes(replace(spec, title="", source=""), CHART_INCHES, grayscale=grayscale)
    except ChartError as error:
        raise ArchiveError(str(error)) from error
    name = f"chart{number}.svg"
    images[name] = svg
    anchor = f"s{number}m0"
    pages = page_label(node.page_start, node.page_end)
    html = (
        f'<h1><a name="{anchor}"></a>{esc(node.title)}</h1>'
        f'<p class="path">{esc(S.PATH_SEP.join(node.path))}</p>'
        + (f'<p class="pages">{esc(pages)}</p>' if pages else "")
        + f'<p class="charttitle">{esc(spec.title)}</p>'
        + f'<p class="chart" align="center"><img src="{name}"'
        f' width="{CHART_WIDTH}" height="{CHART_HEIGHT}" /></p>'
        f'<p class="chartcaption" align="center">{esc(spec.source)}</p>'
    )
    return ExtractSection(
        item=item,
        doc=node.doc,
        title=f"{node.title}（{spec.title}）",
        path=list(node.path),
        pages=pages,
        parts=[html],
        running_head=running_head(node, doc_title),
        anchor=anchor,
        heads=[(anchor, running_head(node, doc_title))],
        kind="chart",
        outline=[OutlineEntry(anchor, f"{node.title}（{spec.title}）", 0)],
    )


def _search_section(
    archive: Archive, item: ExtractItem, number: int, printed_on: date
) -> ExtractSection:
    """The results of a search as a list: each hit's title, where it is (path and
    printed page) and its snippet with the query's words in bold."""
    results = archive.search(item.id, doc=item.option, limit=SEARCH_PRINT_LIMIT)
    titles = {d.id: short_title(d.title) for d in archive.documents()}
    anchor = f"s{number}m0"
    title = S.SEARCH_TITLE.format(query=item.id)
    day = S.DATE.format(year=printed_on.year, month=printed_on.month, day=printed_on.day)
    shown = len(results.hits)
    count = S.SEARCH_COUNT.format(total=results.total, day=day)
    if shown < results.total:
        count += S.SEARCH_SHOWN.format(shown=shown)
    parts = [
        f'<h1><a name="{anchor}"></a>{esc(title)}</h1>',
        f'<p class="pages"><a name="s{number}body"></a>{esc(count)}</p>',
    ]
    if not results.hits:
        parts.append(f'<p class="body">{esc(S.SEARCH_NONE)}</p>')
    for k, hit in enumerate(results.hits, 1):
        where = S.PATH_SEP.join([titles.get(hit.doc, hit.doc), *hit.path[1:]])
        page = page_label(hit.page, hit.page)
        parts.append(
            f'<p class="hit"><b>{k}．{esc(hit.title)}</b>'
            f'<span class="hitwhere">　{esc(where)}{"　" + esc(page) if page else ""}</span></p>'
            f'<p class="snippet">{_marked(hit.snippet)}</p>'
        )
    cited = list(dict.fromkeys(hit.doc for hit in results.hits))
    return ExtractSection(
        item=item,
        doc="",
        title=title,
        path=[],
        pages="",
        parts=["".join(parts)],
        running_head=title,
        anchor=anchor,
        heads=[(anchor, title)],
        kind="search",
        outline=[OutlineEntry(anchor, title, 0)],
        cited=cited,
    )


def _marked(snippet: str) -> str:
    """A snippet as HTML, the search engine's «marks» in bold."""
    return re.sub("«([^«»]*)»", r'<span class="hitmark">\1</span>', esc(snippet))


def _title_block(extract: Extract) -> str:
    when = extract.printed_on
    day = S.DATE.format(year=when.year, month=when.month, day=when.day)
    sources = "、".join(f"《{s}》" for s in extract.sources)
    lines = [f'<p class="xtitle" align="center">{esc(extract.title)}</p>']
    if sources:  # (a search that found nothing quotes no document)
        line = S.EXTRACT_SOURCES.format(sources=sources)
        lines.append(f'<p class="xmeta" align="center">{esc(line)}</p>')
    lines.append(
        f'<p class="xmeta" align="center">{esc(S.EXTRACT_PRINTED_ON.format(date=day))}</p>'
    )
    if extract.has_lost_characters:
        note = S.EXTRACT_LOST_NOTE.format(mark=S.LOST_MARK)
        lines.append(f'<p class="xmeta" align="center">{esc(note)}</p>')
    return "".join(lines)


def _toc(extract: Extract, pages: dict[str, int] | None) -> str:
    sections = {section.anchor: section for section in extract.sections}
    rows = []
    for entry in extract.toc_entries():
        page = str(pages[entry.anchor]) if pages and entry.anchor in pages else ""
        section = sections.get(entry.anchor) if len(extract.sections) > 1 else None
        detail = ""
        if section is not None:
            where = S.PATH_SEP.join(section.path[1:])
            detail = "　".join(part for part in (where, section.pages) if part)
        rows.append(
            f"<tr><td>{esc(entry.title)}"
            + (f'<br /><span class="tocwhere">{esc(detail)}</span>' if detail else "")
            # the number level with the entry's last line (under a title, its place)
            + f'</td><td class="tocpage" align="right" valign="{"bottom" if detail else "top"}">'
            + f"{esc(page or TOC_PAGE_PLACEHOLDER)}</td></tr>"
        )
    return (
        f'<p class="xtoc" align="center">{esc(S.EXTRACT_TOC)}</p>'
        '<table class="toc" width="100%" cellspacing="0" cellpadding="3" border="0">'
        + "".join(rows)
        + "</table>"
    )
