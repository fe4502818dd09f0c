"""Newspaper features: headline, byline, photo captions, sections, running text.

The same rules read every article, whatever site or paper it was saved from:

- **web chrome**: a page header (``首页``, ``>今日武威>…``, ``信息来源: 甘肃日报 发布日期: …``)
  and footer (``扫一扫在手机打开当前页`` …) are dropped; their fields give the publisher
  (信息来源) and the publication date (发布日期). Headline lines inside the header are the
  title and subtitle.
- **title**: otherwise the shallowest Markdown heading when deeper ones exist (``##`` over
  ``###``), or a heading-like first line followed by a ``——`` subtitle. Title and subtitle
  stay in the text as ``heading`` paragraphs of the document node.
- **byline**: a line of two to five personal names (``金奉乾 张婷``) before the running
  text starts; it becomes a ``byline`` paragraph and the document's author.
- **captions**: one short sentence set apart by a picture's wider gap (see
  :func:`prose.is_caption`) → ``caption`` paragraphs, never body text.
- **sections**: Markdown headings if the article has any; otherwise short stand-alone
  lines without sentence punctuation that follow a finished sentence.
- **hard wraps**: a body line that does not end a sentence continues in the next body line.
"""

from __future__ import annotations

import dataclasses
import re

from . import promises
from .model import DocumentMeta, Node, Paragraph, ParsedDocument, SourceError, assign_ids
from .prose import (
    BYLINE,
    Block,
    Flow,
    blocks_of,
    clean_byline,
    clean_title,
    ends_sentence,
    is_caption,
    iso_date,
    looks_like_heading,
    strip_web_chrome,
    web_page_problems,
)

_MARKDOWN = re.compile(r"^(#{1,6})\s*(.+?)\s*#*$")
SUBTITLE_MAX = 40


def _markdown(block: Block) -> tuple[int, str] | None:
    match = _MARKDOWN.match(block.text)
    return (len(match.group(1)), match.group(2)) if match else None


def _is_subtitle(block: Block) -> bool:
    bare = "".join(block.text.split())
    return bare.startswith("——") and len(bare) <= SUBTITLE_MAX and not ends_sentence(bare)


def _letters(text: str) -> str:
    """Characters and digits only: headlines compared whatever their spaces and quotes."""
    return "".join(ch for ch in text if ch.isalnum())


def _headline_problems(root: Node, meta: DocumentMeta) -> list[tuple[int | None, str]]:
    """The headline the catalog gives (before its ``——`` subtitle) is one of the text's."""
    headline = meta.title.split("——", 1)[0].strip()
    headings = [_letters(p.text) for p in root.paragraphs if p.role == "heading"]
    if any(_letters(headline) in text for text in headings):
        return []
    return [(None, f"文中没有资料目录登记的标题“{headline}”")]


def parse(lines: list[str], meta: DocumentMeta) -> ParsedDocument:
    """Parse a newspaper article into document → sections with their paragraphs."""
    page, blocks = strip_web_chrome(blocks_of(lines))
    if not blocks:
        raise SourceError(meta.source_file, "文章没有正文")
    root = Node(kind="document", title=meta.title)
    flow = Flow(root)

    headings = {id(b): h for b in blocks if (h := _markdown(b))}
    title_level = 0
    roles: dict[int, str] = {}  # id(block) -> "title" | "subtitle"
    for block in page.titles:
        roles[id(block)] = "title" if not roles else "subtitle"
    if not page.titles:
        levels = sorted({level for level, _ in headings.values()})
        if len(levels) > 1:
            tops = [b for b in blocks if headings.get(id(b), (0,))[0] == levels[0]]
            if len(tops) == 1:
                title_level = levels[0]
                roles[id(tops[0])] = "title"
                following = blocks[blocks.index(tops[0]) + 1 :]
                if following and _is_subtitle(following[0]):
                    roles[id(following[0])] = "subtitle"
        elif not headings:
            first = next(
                (b for b in blocks if not is_caption(b) and not BYLINE.match(b.text)), None
            )
            if first is not None and looks_like_heading(first.text):
                following = blocks[blocks.index(first) + 1 :]
                if following and _is_subtitle(following[0]):
                    roles[id(first)] = "title"
                    roles[id(following[0])] = "subtitle"

    for block in page.titles:
        flow.add(Paragraph(clean_title(block.text), None, "heading", block.line))

    bylines: list[str] = []
    text_started = False  # the running text has begun: no more bylines
    last_ended = True  # the previous body line finished its sentence
    for block in blocks:
        role = roles.get(id(block))
        heading = headings.get(id(block))
        if role:
            text = heading[1] if heading else block.text
            flow.add(Paragraph(clean_title(text), None, "heading", block.line))
        elif heading:
            level = heading[0] - title_level if title_level else heading[0]
            flow.open(max(level, 1), clean_title(heading[1]))
            last_ended = True
        elif not text_started and BYLINE.match(block.text):
            bylines.append(clean_byline(block.text))
            flow.add(Paragraph(clean_byline(block.text), None, "byline", block.line))
        elif is_caption(block):
            flow.add(Paragraph("".join(block.text.split()), None, "caption", block.line))
        elif not headings and last_ended and looks_like_heading(block.text):
            flow.open(1, clean_title(block.text))
        else:
            text_started = True
            flow.body(block)
            last_ended = ends_sentence(block.text)
    root = flow.finish()

    updates = {}
    if meta.author is None and bylines:
        updates["author"] = " ".join(bylines)
    if meta.publisher is None and page.fields.get("信息来源"):
        updates["publisher"] = page.fields["信息来源"]
    if meta.published is None:
        published = iso_date(page.fields.get("发布日期") or page.fields.get("发布时间"))
        if published:
            updates["published"] = published
    meta = dataclasses.replace(meta, **updates)
    if not any(node.paragraphs for node in root.walk()):
        raise SourceError(meta.source_file, "文章没有正文")
    found = web_page_problems(page, blocks) + _headline_problems(root, meta)
    promises.refuse(meta.source_file, found + promises.problems(root, blocks[-1].line))
    assign_ids(root, meta.id)
    return ParsedDocument(meta=meta, root=root)
