"""What a printed extract holds: a title block, a table of contents and one section per
chosen node (with its subtree in book order) or chart, as HTML with a print style sheet.

No Qt: :mod:`wuwei_desktop.printing` lays the HTML out on pages. :meth:`Extract.documents`
gives the pieces that each start on a new page: the title block and contents, then every
section (a whole document split at its top-level parts, as the book starts each category
on a new page); with a single section the title block heads its first page. A section's
running header (``武威年鉴（2024）· 市情概览``) is known for every node anchor inside it,
so a section spanning several categories (the whole book) changes its header as it goes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from .api import Archive, ArchiveError
from .render import strings as S
from .render.html import PRINT_FONT_PT, Rendered, css, nodes_body, page_html
from .render.text import esc, page_label

CHART_PX = (1000, 620)  # PNG size at 150 dpi: about the text width of A4 (17 cm)
CHART_WIDTH = "{chart_width}"  # replaced by the text width when the pages are laid out
CHART_HEIGHT = "{chart_height}"
TOC_PAGE_PLACEHOLDER = "000"  # as wide as any page number: the contents keep their length

PRINT_CSS = """
p.xtitle { font-size: 20pt; font-weight: bold; margin-top: 40px; margin-bottom: 14px; }
p.xmeta { font-size: 10pt; color: #444444; margin-bottom: 4px; }
p.xtoc { font-size: 14pt; font-weight: bold; margin-top: 30px; margin-bottom: 10px; }
table.toc { font-size: 10.5pt; }
td.tocpage { color: #333333; }
span.tocwhere { color: #7b7b7b; font-size: 9pt; }
p.chart { line-height: 100%; margin-top: 6px; margin-bottom: 0px; }
p.chartcaption { font-size: 9pt; color: #555555; margin-top: 4px; }
"""


@dataclass(frozen=True)
class ExtractItem:
    """One thing to print: a node (with its subtree) or a chart of a table.

    ``kind`` is ``"node"`` or ``"chart"``; ``id`` a node id (or ``表11``), or for a chart
    a table id; ``option`` the chart's option key (None: the chart that fits).
    """

    kind: str
    id: str
    option: str | None = None


@dataclass
class ExtractSection:
    """One printed part: where it comes from, its HTML body and its running heads."""

    item: ExtractItem
    doc: str
    title: str
    path: list[str]
    pages: str  # printed page range of the book: 第54—55页 ("" for unpaged documents)
    parts: list[str]  # body HTML, each part printed from a new page
    running_head: str
    anchor: str  # the anchor name at the section's start
    heads: list[tuple[str, str]] = field(default_factory=list)  # anchor -> running head


@dataclass
class Extract:
    """A whole extract, ready to lay out (see :meth:`documents`)."""

    title: str
    sources: list[str]
    printed_on: date
    sections: list[ExtractSection]
    images: dict[str, bytes] = field(default_factory=dict)  # resource name -> PNG

    @property
    def has_toc(self) -> bool:
        return len(self.sections) > 1

    @property
    def heads(self) -> list[tuple[str, str]]:
        """Every (anchor, running head) in document order."""
        return [pair for section in self.sections for pair in section.heads]

    def documents(
        self, toc_pages: list[int] | None = None, text_width: int = 640
    ) -> list[tuple[int | None, str]]:
        """The HTML pieces that each start on a new page, with the index of the section
        each one begins (None for the title and contents); ``toc_pages`` are the
        sections' first pages for the contents, ``text_width`` (CSS pixels) the width
        charts are scaled to."""
        style = css(PRINT_FONT_PT, "pt", for_print=True) + PRINT_CSS
        pieces: list[tuple[int | None, str]] = []
        front = _title_block(self)
        if self.has_toc:
            pieces.append((None, page_html(front + _toc(self, toc_pages), style)))
            front = ""
        for k, section in enumerate(self.sections):
            for n, part in enumerate(section.parts):
                height = round(text_width * CHART_PX[1] / CHART_PX[0])
                part = part.replace(CHART_WIDTH, str(text_width))
                part = part.replace(CHART_HEIGHT, str(height))
                pieces.append((k if n == 0 else None, page_html(front + part, style)))
                front = ""
        return pieces


def build_extract(
    archive: Archive, items: list[ExtractItem], *, printed_on: date, grayscale: bool = False
) -> Extract:
    """The extract of ``items`` in their order; ArchiveError for an unknown id.

    ``grayscale``: charts in grey levels and patterns (for a black-and-white printer)."""
    if not items:
        raise ArchiveError("没有选择要打印的内容")
    titles = {d.id: d.title for d in archive.documents()}
    sections: list[ExtractSection] = []
    images: dict[str, bytes] = {}
    for number, item in enumerate(items):
        if item.kind == "chart":
            sections.append(_chart_section(archive, item, number, titles, images, grayscale))
        elif item.kind == "node":
            sections.append(_node_section(archive, item, number, titles))
        else:
            raise ArchiveError(f"不能打印“{item.kind}”类的内容")
    sources = [titles[d] for d in dict.fromkeys(s.doc for s in sections)]
    title = (
        S.EXTRACT_TITLE_ONE.format(title=short_title(sources[0]))
        if len(sources) == 1
        else S.EXTRACT_TITLE_MANY
    )
    return Extract(title, sources, printed_on, sections, images)


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
    """The NodeDetail of a node id, or of a table given as ``表11`` / ``11``."""
    try:
        return archive.node(node_id)
    except ArchiveError:
        if node_id.strip().removeprefix("表").isdigit():
            return archive.node(archive.table_node_id(node_id))
        raise


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
    )


def _chart_section(
    archive: Archive,
    item: ExtractItem,
    number: int,
    titles: dict,
    images: dict[str, bytes],
    grayscale: bool = False,
) -> ExtractSection:
    """A chart of a table (matplotlib, drawn here as a PNG) with its source line."""
    from .charts import ChartError, chart_for_table, chart_png_bytes

    table = archive.table(item.id)
    node = archive.node(archive.table_node_id(item.id))
    doc_title = titles.get(node.doc, node.doc)
    try:
        spec = chart_for_table(
            table, item.option, table_ref=f"表{table.number}", doc_title=doc_title
        )
        # the source goes under the image as text (searchable), not inside it
        png = chart_png_bytes(replace(spec, source=""), *CHART_PX, dpi=150, grayscale=grayscale)
    except ChartError as error:
        raise ArchiveError(str(error)) from error
    name = f"chart{number}.png"
    images[name] = png
    anchor = f"s{number}m0"
    pages = page_label(node.page_start, node.page_end)
    html = (
        f'<h1><a name="{anchor}"></a>{esc(node.title)}</h1>'
        f'<p class="path">{esc(S.PATH_SEP.join(node.path))}</p>'
        + (f'<p class="pages">{esc(pages)}</p>' if pages else "")
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
    )


def _title_block(extract: Extract) -> str:
    when = extract.printed_on
    day = S.DATE.format(year=when.year, month=when.month, day=when.day)
    sources = "、".join(f"《{s}》" for s in extract.sources)
    lines = [
        f'<p class="xtitle" align="center">{esc(extract.title)}</p>',
        f'<p class="xmeta" align="center">{esc(S.EXTRACT_SOURCES.format(sources=sources))}</p>',
        f'<p class="xmeta" align="center">{esc(S.EXTRACT_PRINTED_ON.format(date=day))}</p>',
    ]
    return "".join(lines)


def _toc(extract: Extract, pages: list[int] | None) -> str:
    rows = []
    for k, section in enumerate(extract.sections):
        page = str(pages[k]) if pages and k < len(pages) else TOC_PAGE_PLACEHOLDER
        where = S.PATH_SEP.join(section.path[1:])
        detail = "　".join(part for part in (where, section.pages) if part)
        rows.append(
            f"<tr><td>{esc(section.title)}"
            + (f'<br /><span class="tocwhere">{esc(detail)}</span>' if detail else "")
            + f'</td><td class="tocpage" align="right" valign="bottom">{esc(page)}</td></tr>'
        )
    return (
        f'<p class="xtoc" align="center">{esc(S.EXTRACT_TOC)}</p>'
        '<table class="toc" width="100%" cellspacing="0" cellpadding="3" border="0">'
        + "".join(rows)
        + "</table>"
    )
