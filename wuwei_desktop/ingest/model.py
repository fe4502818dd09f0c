"""The records ingestion produces: documents, their node tree, paragraphs, index terms.

Parsers turn one source file into a :class:`ParsedDocument`; the database build stores
it. Nothing here knows about SQL or Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NODE_KINDS = ("document", "category", "subcategory", "entry", "section", "table")
PARAGRAPH_ROLES = ("body", "heading", "caption", "source", "byline", "table")


class SourceError(Exception):
    """A source document the build cannot use; the message is in Chinese for the user.

    Args:
        file: the source file's name.
        message: what is wrong, in Chinese.
        line: 1-based line in the file, where there is one.
    """

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file} 第 {line} 行" if line else file
        super().__init__(f"{where}：{message}")


@dataclass
class DocumentMeta:
    """What the catalog and the source say about one document."""

    id: str
    title: str
    kind: str  # 年鉴 | 政府工作报告 | 新闻报道
    source_file: str
    sha256: str = ""
    publisher: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date
    delivered: str | None = None  # ISO date
    year_covered: str | None = None


@dataclass
class Paragraph:
    """One reading and search unit: clean text on one printed page (page None if unpaged)."""

    text: str
    page: int | None = None
    role: str = "body"
    line: int = 0  # 1-based source line where the paragraph starts


@dataclass
class TableBlock:
    """A table as the source prints it: number, title, raw lines (continuations merged)."""

    number: int
    title: str
    unit: str | None
    lines: list[str]
    source_note: str | None = None
    pages: list[int] = field(default_factory=list)
    line: int = 0


@dataclass
class Node:
    """A node of the reading tree; ``id`` is filled in by :func:`assign_ids`."""

    kind: str
    title: str
    page_start: int | None = None
    page_end: int | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    table: TableBlock | None = None
    id: str = ""

    def walk(self):
        """Yield this node and all its descendants in book order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class IndexRef:
    """One page reference of an index term: printed page, column ('a'/'b' or None)."""

    page: int
    col: str | None = None
    node_id: str | None = None  # the node it resolves to


@dataclass
class IndexTerm:
    term: str
    refs: list[IndexRef]
    letter: str = ""  # the pinyin letter heading it stands under
    line: int = 0


@dataclass
class ParsedDocument:
    meta: DocumentMeta
    root: Node
    index_terms: list[IndexTerm] = field(default_factory=list)


def id_segment(title: str) -> str:
    """The id segment of a node title: no whitespace, no slashes."""
    return "".join(title.split()).replace("/", "／") or "_"


def assign_ids(root: Node, doc_id: str) -> None:
    """Give every node a stable path id: ``doc/类目/分目/条目``.

    Ids depend only on titles and their order among same-titled siblings, so they
    survive rebuilds and parser fixes that do not rename nodes; a repeated title among
    siblings gets ``~2``, ``~3`` …; a table's segment is its number (``表11``).
    """
    root.id = doc_id
    _assign_children(root)


def _assign_children(parent: Node) -> None:
    seen: dict[str, int] = {}
    for child in parent.children:
        segment = f"表{child.table.number}" if child.table else id_segment(child.title)
        seen[segment] = seen.get(segment, 0) + 1
        if seen[segment] > 1:
            segment = f"{segment}~{seen[segment]}"
        child.id = f"{parent.id}/{segment}"
        _assign_children(child)
