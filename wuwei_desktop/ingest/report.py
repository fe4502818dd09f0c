"""The government work report (政府工作报告), as saved from the government web site.

Shape of the text, and the rules that read it:

- **web chrome**: navigation, the metadata block (``索引号: …``, ``发布机构: …``,
  ``发文日期: …``, ``信息来源: … 发布日期: … 浏览次数:``) and the page's own headline line
  above the report, and the footer (``相关解读: …``, ``扫一扫在手机打开当前页``, ``Produced
  By …``) are dropped. The fields fill what the catalog leaves empty: publisher from
  信息来源 (else 发布机构), published from 发布日期, delivered from the subtitle's date
  (``——2021年12月7日在…会议上``, else 发文日期).
- **front matter**: the printed title (``政 府 工 作 报 告``), the ``——`` subtitle, and the
  speaker line (``武威市代市长 王国斌``: a short line without punctuation before the
  address ``各位代表:``) → ``heading``, ``heading`` and ``byline`` paragraphs of the
  document node; the speaker line is the author.
- **parts**: stand-alone heading lines (``过去五年和2021年工作回顾``) → section nodes.
- **numbered sections**: paragraphs opening ``(一)`` / ``（一）`` → section nodes under the
  part; the title is the run-in heading up to its full stop, the paragraph stays whole.
  A section runs to the next numbered section or part.
- Paragraphs such as ``——综合经济实力大幅提升。…`` and ``一是…`` are body text; the
  half-width punctuation of the site is kept as printed. Hard wraps are rejoined.
"""

from __future__ import annotations

import dataclasses
import re

from . import promises
from .model import DocumentMeta, Node, Paragraph, ParsedDocument, SourceError, assign_ids
from .prose import (
    CJK,
    Flow,
    blocks_of,
    clean_byline,
    clean_title,
    ends_sentence,
    iso_date,
    looks_like_heading,
    strip_web_chrome,
    web_page_problems,
)

NUMBERED = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")
_RUN_IN_END = re.compile(r"[。！？!?]")
BYLINE_MAX = 30
# the speaker line: office and name(s) set apart by a space (武威市代市长 王国斌)
# the address that opens the speech and is answered by its closing appeal (各位代表:)
ADDRESS = re.compile(r"^[^\s，,。]{2,8}[:：]$")
SPEAKER = re.compile(rf"^[^\s，,。:：;；]+(?:[ \u3000]+[{CJK}]{{1,4}})+$")


def section_title(text: str) -> str:
    """The run-in heading of a numbered paragraph: up to its first full stop."""
    match = _RUN_IN_END.search(text)
    return text[: match.start()] if match else text


def _closing_problems(root: Node) -> list[tuple[int | None, str]]:
    """A report that opens by addressing the delegates (``各位代表:``) closes with an appeal.

    The closing formula of a work report is an exhortation ending with ``！``
    (``…以优异成绩迎接党的二十大胜利召开!``); a report that ends without it stops early.
    """
    body = [p for node in root.walk() for p in node.paragraphs if p.role == "body"]
    if not body or not ADDRESS.match("".join(body[0].text.split())):
        return []
    last = body[-1].text.rstrip().rstrip("”’」』）)》")
    if last.endswith(("！", "!")):
        return []
    return [
        (
            body[-1].line,
            f"报告以“{body[0].text.strip()}”开头，却没有以号召（“……！”）结尾，后面的部分不在文件中",
        )
    ]


def parse(lines: list[str], meta: DocumentMeta) -> ParsedDocument:
    """Parse a work report into document → parts → numbered sections."""
    page, blocks = strip_web_chrome(blocks_of(lines))
    if not blocks:
        raise SourceError(meta.source_file, "报告没有正文")
    root = Node(kind="document", title=meta.title)
    flow = Flow(root)

    index = 0
    delivered = None
    speakers: list[str] = []
    # front matter: title, subtitle, speaker, until the first line that ends a sentence
    while index < len(blocks) and not ends_sentence(blocks[index].text):
        block = blocks[index]
        text = block.text
        bare = "".join(text.split())
        if index == 0 or bare.startswith("——"):
            flow.add(Paragraph(clean_title(text), None, "heading", block.line))
            if bare.startswith("——"):
                delivered = delivered or iso_date(bare)
        elif len(bare) <= BYLINE_MAX and SPEAKER.match(text):
            speakers.append(clean_byline(text))
            flow.add(Paragraph(clean_byline(text), None, "byline", block.line))
        else:
            break
        index += 1

    last_ended = True
    for block in blocks[index:]:
        text = block.text
        if last_ended and looks_like_heading(text):
            flow.open(1, clean_title(text))
            continue
        if last_ended and NUMBERED.match(text):
            flow.open(2, clean_title(section_title(text)))
        flow.body(block)
        last_ended = ends_sentence(text)
    root = flow.finish()
    if not root.children and not any(p.role == "body" for p in root.paragraphs):
        raise SourceError(meta.source_file, "报告没有正文")
    found = web_page_problems(page, blocks) + promises.problems(root, blocks[-1].line)
    promises.refuse(meta.source_file, found + _closing_problems(root))

    fields = page.fields
    updates = {}
    if meta.publisher is None and (fields.get("信息来源") or fields.get("发布机构")):
        updates["publisher"] = fields.get("信息来源") or fields.get("发布机构")
    if meta.author is None and speakers:
        updates["author"] = " ".join(speakers)
    if meta.published is None and iso_date(fields.get("发布日期")):
        updates["published"] = iso_date(fields.get("发布日期"))
    if meta.delivered is None and (delivered or iso_date(fields.get("发文日期"))):
        updates["delivered"] = delivered or iso_date(fields.get("发文日期"))
    meta = dataclasses.replace(meta, **updates)
    assign_ids(root, meta.id)
    return ParsedDocument(meta=meta, root=root)
