"""Nodes of the archive as HTML: the reader's pages and the sections of a printed extract.

:func:`render_nodes` turns a list of :class:`~wuwei_desktop.api.NodeDetail` (one node,
or a chapter in book order) into HTML, every piece of document text escaped, with an
anchor (``m0``, ``m1``, …) at each node heading and wherever the printed page changes;
table nodes become real tables (:func:`~wuwei_desktop.render.table_html.table_html`).
The same body (:func:`nodes_body`) with the print style sheet (:func:`css` in points)
makes the printed extract.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from . import strings as S
from .table_html import table_html
from .text import esc, page_label

DEFAULT_FONT_PX = 17
HEADING_SCALE = {1: 1.45, 2: 1.25, 3: 1.08}
"""Heading sizes relative to the body text (Qt's rich text ignores a heading's CSS
font-size, so the reader applies these itself)."""
PRINT_FONT_PT = 10.5
PIECE_BREAK = "<!--piece-->"
"""In print, before each table of a chapter, and before a node once the piece before holds
:data:`PIECE_CHARS` characters: the layout lays each piece out as a document of its own
that continues the one before exactly (the same pages), so a heading moved to the next
page lays out again only the rest of its piece (never a table above it)."""
PIECE_CHARS = 5000
"""About two printed pages: enough for a document's own cost (~0.2 ms) to be small."""

TableLookup = Callable[[str], object]  # table node id -> ParsedTable or None


@dataclass
class Marker:
    """One place a reader can be: a node of the page and the printed page there."""

    node: object  # NodeDetail
    page: int | None


@dataclass
class Rendered:
    """HTML of a page of the reader and what its anchors and links stand for."""

    html: str
    markers: list[Marker] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # node ids behind node:<k> links
    tables: list[str] = field(default_factory=list)  # table ids behind table:<k> links


def css(size: float, unit: str = "px", for_print: bool = False) -> str:
    """The style sheet for body text of ``size`` (``px`` on screen, ``pt`` in print)."""
    px = size if unit == "px" else size * 96 / 72  # margins are given in pixels

    def font(factor: float) -> str:
        value = size * factor
        return f"{round(value)}px" if unit == "px" else f"{value:.1f}pt"

    small = font(0.82) if for_print else f"{max(round(size) - 3, 10)}px"
    head = "#1a1a1a" if for_print else "#7a1f1f"
    return f"""
    body {{ font-size: {font(1)}; color: #1d1d1d; }}
    h1 {{ font-size: {font(HEADING_SCALE[1])}; font-weight: bold; margin-top: 4px;
          margin-bottom: 6px; color: {head}; }}
    h2 {{ font-size: {font(HEADING_SCALE[2])}; font-weight: bold; margin-top: {round(px * 1.5)}px;
          margin-bottom: {round(px * 0.5)}px; color: {head}; }}
    h3 {{ font-size: {font(HEADING_SCALE[3])}; font-weight: bold; margin-top: {round(px * 1.2)}px;
          margin-bottom: {round(px * 0.35)}px; color: #333333; }}
    p {{ margin-top: 0px; margin-bottom: {round(px * 0.5)}px; line-height: 150%; }}
    p.body {{ text-indent: {round(2 * px)}px;{" text-align: justify;" if for_print else ""} }}
    p.heading {{ font-weight: bold; margin-top: {round(px * 0.6)}px; }}
    p.path {{ font-size: {small}; color: #7b7b7b; margin-bottom: 2px; }}
    p.pages {{ font-size: {small}; color: #7b7b7b; margin-bottom: {round(px)}px; }}
    p.caption {{ font-size: {small}; color: #555555; }}
    p.byline {{ color: #555555; }}
    p.source {{ font-size: {small}; color: #6f6f6f; }}
    p.table {{ font-size: {small}; color: #333333; line-height: 140%;
               margin-bottom: 1px; }}
    p.note {{ font-size: {small}; color: #6f6f6f; }}
    p.toc {{ margin-bottom: 2px; line-height: 150%; }}
    p.message {{ color: #333333; }}
    h4.tabletitle {{ font-size: {font(1)}; font-weight: bold; margin-top: {round(px * 0.8)}px;
                     margin-bottom: {round(px * 0.3)}px; color: #1d1d1d; }}
    p.tableunit {{ font-size: {small}; margin-bottom: 2px; }}
    p.tablelink {{ font-size: {small}; margin-top: 4px; }}
    table.data {{ font-size: {small}; margin-bottom: {round(px * 0.6)}px; }}
    th {{ background-color: #eeeeee; font-weight: bold; }}
    a {{ color: #1f4e8c; text-decoration: none; }}
    span.lost {{ color: #9a3b3b; }}
    """


_ALIGN = {"caption": "center", "byline": "center", "source": "right"}
_CLASSES = {"body", "heading", "caption", "source", "byline", "table"}


def render_nodes(
    details: list, font_px: int = DEFAULT_FONT_PX, *, table_of: TableLookup | None = None
) -> Rendered:
    """HTML for one node or a chapter (the node first, then its subtree in book order).

    ``table_of`` gives the ParsedTable of a table node (by id) to show it as a table
    with a ``table:<k>`` link under it; without it a table node shows its caption line.
    """
    out = Rendered("")
    out.html = page_html("".join(nodes_body(details, out, table_of=table_of)), css(font_px))
    return out


def nodes_body(
    details: list,
    out: Rendered,
    *,
    table_of: TableLookup | None = None,
    for_print: bool = False,
    prefix: str = "",
    split_depth: int | None = None,
) -> list[str]:
    """The body HTML of :func:`render_nodes`; markers (anchors ``{prefix}m<k>``) and
    table links are appended to ``out``. In print, tables fill the width and carry no link.

    Returns one piece of HTML, or with ``split_depth`` one piece per node of that depth
    (each with what comes before the next), for parts printed from a new page."""
    chunks: list[list[str]] = [[]]
    top_depth = details[0].depth if details else 0
    body_anchor = ""  # marks where the text under the first title block starts
    piece = 0  # characters since the last piece break
    for number, detail in enumerate(details):
        if number and detail.depth == split_depth:
            chunks.append([])
            piece = 0
        parts = chunks[-1]
        marker = f'<a name="{prefix}m{len(out.markers)}"></a>'
        out.markers.append(Marker(detail, detail.page_start))
        table = table_of(detail.id) if table_of and detail.kind == "table" else None
        if for_print and parts and (table is not None or piece >= PIECE_CHARS):
            parts.append(PIECE_BREAK)
            piece = 0
        piece += len(detail.title) + sum(len(p.text) for p in detail.paragraphs)
        if table is not None and number > 0:
            # in a chapter the table's own caption is its heading
            parts.append(table_html(table, for_print=for_print, anchor=marker + body_anchor))
            parts.append("" if for_print else _table_link(detail.id, out))
            body_anchor = ""
            continue
        level = 1 if number == 0 else (2 if detail.depth <= top_depth + 1 else 3)
        parts.append(f"<h{level}>{marker}{body_anchor}{esc(detail.title)}</h{level}>")
        body_anchor = ""
        if number == 0:
            if detail.path:
                parts.append(f'<p class="path">{esc(S.PATH_SEP.join(detail.path))}</p>')
            pages = page_label(detail.page_start, detail.page_end)
            parts.append(f'<p class="pages">{esc(pages)}</p>' if pages else "")
            body_anchor = f'<a name="{prefix}body"></a>'
        if table is not None:
            parts.append(table_html(table, for_print=for_print, anchor=body_anchor))
            parts.append("" if for_print else _table_link(detail.id, out))
            body_anchor = ""
            continue
        page = detail.page_start
        for paragraph in detail.paragraphs:
            anchor = ""
            if paragraph.page is not None and paragraph.page != page:
                page = paragraph.page
                anchor = f'<a name="{prefix}m{len(out.markers)}"></a>'
                out.markers.append(Marker(detail, page))
            role = paragraph.role if paragraph.role in _CLASSES else "body"
            align = _ALIGN.get(role)
            align_attr = f' align="{align}"' if align else ""
            parts.append(
                f'<p class="{role}"{align_attr}>{anchor}{body_anchor}{esc(paragraph.text)}</p>'
            )
            body_anchor = ""
    return ["".join(parts) for parts in chunks]


def _table_link(table_id: str, out: Rendered) -> str:
    k = len(out.tables)
    out.tables.append(table_id)
    return f'<p class="tablelink" align="center"><a href="table:{k}">{esc(S.TABLE_LINK)}</a></p>'


def render_toc(detail, children: list, font_px: int = DEFAULT_FONT_PX) -> Rendered:
    """A large document's opening page: its own text and links to its top-level parts.

    Args:
        detail: the document's NodeDetail.
        children: TreeNode-like items (id, title, page_start, page_end) to link to.
    """
    out = render_nodes([detail], font_px)
    body = out.html[: out.html.rindex("</body>")]
    links = []
    for child in children:
        k = len(out.links)
        out.links.append(child.id)
        pages = page_label(child.page_start, child.page_end)
        suffix = f'<span style="color:#8a8a8a">　{esc(pages)}</span>' if pages else ""
        links.append(f'<p class="toc"><a href="node:{k}">{esc(child.title)}</a>{suffix}</p>')
    out.html = body + "".join(links) + "</body></html>"
    return out


def add_node_links(out: Rendered, heading: str, links: list[tuple[str, str]]) -> Rendered:
    """``out`` with a list of node links (id, label) under ``heading`` at its end: e.g. the
    same 条目 in the other editions."""
    if not links:
        return out
    parts = [f'<p class="path">{esc(heading)}</p>']
    for node_id, label in links:
        k = len(out.links)
        out.links.append(node_id)
        parts.append(f'<p class="toc"><a href="node:{k}">{esc(label)}</a></p>')
    end = out.html.rindex("</body>")
    out.html = out.html[:end] + "".join(parts) + out.html[end:]
    return out


def render_message(title: str, lines: list[str], font_px: int = DEFAULT_FONT_PX) -> Rendered:
    """A plain page with a heading and a few paragraphs (welcome, archive problems)."""
    text = "".join(f'<p class="message">{esc(line)}</p>' for line in lines)
    return Rendered(page_html(f"<h1>{esc(title)}</h1>{text}", css(font_px)))


def page_html(body: str, style: str) -> str:
    """A whole HTML page: the style sheet and the body."""
    return f"<html><head><style>{style}</style></head><body>{body}</body></html>"


def _style_span(page: str) -> tuple[int, int]:
    """Where the style sheet of a page made by :func:`page_html` starts and ends."""
    start = page.index("<style>") + len("<style>")
    return start, page.index("</style>", start)


def page_style(page: str) -> str:
    """The style sheet of a page made by :func:`page_html`."""
    start, end = _style_span(page)
    return page[start:end]


def page_body(page: str) -> str:
    """A page made by :func:`page_html` without its style sheet."""
    return page[page.index("</head>") + len("</head>") :]


def replace_css(page: str, style: str) -> str:
    """``page`` with its style sheet replaced by ``style`` (a new font size)."""
    start, end = _style_span(page)
    return page[:start] + style + page[end:]
