"""Shared reading of running prose: the report and the newspaper articles.

These sources are web pages or newspaper text saved as plain text: one paragraph per
line, blank lines between them, web-page chrome around them, and now and then a
paragraph cut in two by a stray line break. The helpers here turn the lines into
:class:`Block` s (a non-blank line with the blank lines around it), take off the web
chrome and its metadata, and tell headings, bylines, captions and body lines apart by
rules that do not depend on the particular file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Node, Paragraph
from .textclean import squeeze_spaces

CJK = "\u4e00-\u9fff"

# what may close a sentence, once closing quotes and brackets are taken off
_TERMINAL = "。！？!?…；;：:"
_CLOSERS = "”’」』）)》〉】]\"'"
# punctuation that never stands in a heading line (the enumeration comma 、 may)
_SENTENCE_PUNCT = set("。，,；;：:！!？?")
HEADING_MAX = 25  # characters, spaces not counted

# web page furniture: navigation at the top, sharing and links at the bottom
_NAV = re.compile(r"^(首页|>.*|＞.*|当前位置[:：].*)$")
_FOOTER = re.compile(
    r"^(扫一扫|Produced By|相关(解读|阅读|链接|文章|新闻)[:：]|【?(打印|关闭)(本页|窗口)】?$"
    r"|分享到[:：]?)"
)
# the metadata fields of a government web page (索引号: … 发布日期: …)
META_KEYS = (
    "索引号",
    "公开方式",
    "发布机构",
    "组配分类",
    "文件编号",
    "发文日期",
    "成文日期",
    "有效性",
    "信息来源",
    "来源",
    "发布日期",
    "发布时间",
    "浏览次数",
    "作者",
    "责任编辑",
)
_META_KEY = re.compile(r"(?:^|(?<=\s))(" + "|".join(META_KEYS) + r")[:：]")
_DATE = re.compile(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?")
# a byline: two to five personal names (2–3 characters) separated by spaces
BYLINE = re.compile(rf"^[{CJK}]{{2,3}}(?:[ \u3000]+[{CJK}]{{2,3}}){{1,4}}$")
# a photo caption: one short sentence, a photographer's name may follow the full stop
_CAPTION = re.compile(rf"^▲?[^。]{{2,40}}。(?:[{CJK}]{{2,3}})?$")
CAPTION_MAX = 45


@dataclass
class Block:
    """One non-blank source line and the blank lines around it."""

    text: str  # the line, outer whitespace stripped
    line: int  # 1-based line number
    before: int = 0  # blank lines just before it
    after: int = 0  # blank lines just after it


def blocks_of(lines: list[str]) -> list[Block]:
    """The non-blank lines of a source, with the blank lines around each counted."""
    blocks: list[Block] = []
    blank = 0
    for number, raw in enumerate(lines, 1):
        text = raw.strip(" \t\u3000\u00a0\ufeff")
        if not text:
            blank += 1
            continue
        if blocks:
            blocks[-1].after = blank
        blocks.append(Block(text, number, before=blank))
        blank = 0
    if blocks:
        blocks[-1].after = blank
    return blocks


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence (so the next line starts a new paragraph)."""
    core = text.rstrip().rstrip(_CLOSERS)
    return bool(core) and core[-1] in _TERMINAL


def looks_like_heading(text: str) -> bool:
    """A stand-alone heading line: short, and no sentence punctuation in it."""
    bare = "".join(text.split())
    if not 2 <= len(bare) <= HEADING_MAX:
        return False
    if any(ch in _SENTENCE_PUNCT for ch in bare):
        return False
    return not bare.startswith(("——", "“", '"', "▲", "(", "（", "#")) and not ends_sentence(bare)


def is_caption(block: Block) -> bool:
    """A photo caption: one short sentence set apart from the text around it.

    Pictures sit in the text with a wider gap than paragraphs have: captions come after
    three or more blank lines, or (a picture block at the top of a web page) before two
    or more; a caption marked ``▲`` needs no gap. Running text is one blank line apart.
    """
    text = "".join(block.text.split())
    if len(text) > CAPTION_MAX or not _CAPTION.match(text):
        return False
    return text.startswith("▲") or block.before >= 3 or block.after >= 2


def clean_title(text: str) -> str:
    """A heading's clean text.

    Letter-spaced headings (``政 府 工 作 报 告``) lose their spaces; a space between two
    phrases of a headline (``学思践悟 增强干事本领``) is a separator and stays, as one space.
    """
    parts = text.split()
    if len(parts) > 1 and all(len(part) == 1 for part in parts):
        return "".join(parts)
    return " ".join(squeeze_spaces(part) for part in parts)


def clean_byline(text: str) -> str:
    """Names in a byline, one space apart; a letter-spaced name (``张 三``) is closed up."""
    words: list[str] = []
    spaced = False  # the last word was built from single characters
    for part in text.split():
        if len(part) == 1 and words and (spaced or len(words[-1]) == 1):
            words[-1] += part
            spaced = True
        else:
            words.append(part)
            spaced = False
    return " ".join(words)


def iso_date(text: str | None) -> str | None:
    """The first date in a text as ISO ``YYYY-MM-DD`` (``2021年12月7日`` too)."""
    if not text:
        return None
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = (int(group) for group in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def meta_fields(text: str) -> dict[str, str] | None:
    """The ``key: value`` fields of a web metadata line, or None if it is not one."""
    matches = list(_META_KEY.finditer(text))
    if not matches or matches[0].start() != 0:
        return None
    fields = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        fields[match.group(1)] = text[match.end() : end].strip()
    return fields


@dataclass
class WebPage:
    """What the web chrome of a saved page told us, and which lines it took."""

    fields: dict[str, str] = field(default_factory=dict)
    titles: list[Block] = field(default_factory=list)  # headline lines inside the header
    dropped: list[Block] = field(default_factory=list)  # navigation, metadata, footer
    footer: list[Block] = field(default_factory=list)  # sharing and link lines at the end


HEADER_SCAN = 15  # the metadata block of a web page is within its first lines


def strip_web_chrome(blocks: list[Block]) -> tuple[WebPage, list[Block]]:
    """Take the web page's header (navigation, metadata) and footer off the text.

    The header runs from the top through the last metadata line (``信息来源: …``) found
    among the first lines; headline lines inside it are kept apart as ``titles`` (a
    headline repeated by the page is kept once). The footer is the run of sharing and
    link lines (``扫一扫在手机打开当前页``, ``相关阅读: …``) at the end.
    """
    page = WebPage()
    last_meta = -1
    for index, block in enumerate(blocks[:HEADER_SCAN]):
        if meta_fields(block.text) is not None:
            last_meta = index
    starts_with_nav = bool(blocks) and bool(_NAV.match(blocks[0].text))
    header_end = last_meta + 1 if (last_meta >= 0 or starts_with_nav) else 0
    if starts_with_nav and last_meta < 0:
        header_end = 1
        while header_end < len(blocks) and _NAV.match(blocks[header_end].text):
            header_end += 1
    seen_titles: set[str] = set()
    for block in blocks[:header_end]:
        fields = meta_fields(block.text)
        if fields is not None:
            page.fields.update(fields)
            page.dropped.append(block)
        elif _NAV.match(block.text) or clean_title(block.text) in seen_titles:
            page.dropped.append(block)
        else:
            seen_titles.add(clean_title(block.text))
            page.titles.append(block)
    body = blocks[header_end:]
    footer_start = len(body)
    while footer_start > 0 and _FOOTER.match(body[footer_start - 1].text):
        footer_start -= 1
    page.footer = body[footer_start:]
    page.dropped.extend(page.footer)
    return page, body[:footer_start]


class Flow:
    """Builds the node tree while the parser walks the blocks in order.

    Body lines that do not end a sentence are held and joined to the next body line (a
    hard wrap); a caption met inside such a paragraph is placed after it, so the
    paragraph reads whole. Headings open nodes at their level under the last open node
    of a higher level.
    """

    def __init__(self, root: Node) -> None:
        self.root = root
        self.stack: list[tuple[int, Node]] = [(0, root)]
        self.pending: list[Block] = []
        self.deferred: list[Paragraph] = []

    @property
    def node(self) -> Node:
        return self.stack[-1][1]

    @property
    def open_paragraph(self) -> bool:
        """Whether a wrapped paragraph is waiting for its continuation."""
        return bool(self.pending)

    def body(self, block: Block) -> None:
        self.pending.append(block)
        if ends_sentence(block.text):
            self.flush()

    def add(self, paragraph: Paragraph) -> None:
        """A caption, byline or heading paragraph; waits if a paragraph is open."""
        if self.pending:
            self.deferred.append(paragraph)
        else:
            self.node.paragraphs.append(paragraph)

    def flush(self) -> None:
        if self.pending:
            text = "".join(squeeze_spaces(block.text) for block in self.pending)
            self.node.paragraphs.append(Paragraph(text, None, "body", self.pending[0].line))
            self.pending = []
        self.node.paragraphs.extend(self.deferred)
        self.deferred = []

    def open(self, level: int, title: str, kind: str = "section") -> Node:
        """Start a node at ``level`` (1 = under the document)."""
        self.flush()
        while self.stack[-1][0] >= level:
            self.stack.pop()
        node = Node(kind=kind, title=title)
        self.node.children.append(node)
        self.stack.append((level, node))
        return node

    def finish(self) -> Node:
        self.flush()
        return self.root


def web_page_problems(page: WebPage, blocks: list[Block]) -> list[tuple[int | None, str]]:
    """A page saved with its header (信息来源: … 发布日期: …) but without its footer.

    A web page saved whole ends with the site's footer (``扫一扫在手机打开当前页``,
    ``相关阅读: …``); when its metadata header came through and its footer did not, the
    file stops before the end of the page.
    """
    if page.fields and not page.footer:
        last = blocks[-1].line if blocks else None
        return [
            (
                last,
                "网页开头有发布信息（信息来源、发布日期），结尾却没有网页的页尾，正文没有保存完整",
            )
        ]
    return []
