"""The yearbook's own subject index (索引): parsing, resolving to nodes, agreement.

The index follows ``说明：`` near the end of the book: pinyin letter headings (``A`` …
``Z``, ``数字及其他``) and terms followed by printed page references separated by
ideographic spaces: ``宗教　57b`` (page 57, column b), ``专记　31`` (a whole section),
``组织建设　113a　114a …`` with references wrapping onto the next line (``　117b``); a
long term can itself wrap onto the next line.
"""

from __future__ import annotations

import re

from .model import IndexRef, IndexTerm, Node, ParsedDocument
from .textclean import squeeze_spaces, strip_all_space

_REF = re.compile(r"^(\d{1,3})([ab])?$")
_LETTER = re.compile(r"^([A-Z]|数字及其他)$")
_SPLIT = re.compile("[\u3000\u2002\u2003]+")


def _squeeze(text: str) -> str:
    return squeeze_spaces(text.replace("\u2002", " ").replace("\u2003", " "))


def parse_index(lines: list[str], line_numbers: list[int]) -> list[IndexTerm]:
    """Parse the index's lines (furniture already removed) into terms.

    ``line_numbers`` gives the 0-based source line of each of ``lines``.
    """
    terms: list[IndexTerm] = []
    letter = ""
    pending: list[str] = []
    pending_line = 0
    for text, index in zip(lines, line_numbers, strict=True):
        stripped = text.strip()
        if not stripped:
            continue
        if _LETTER.match(stripped) and not pending:
            letter = stripped
            continue
        parts = [p for p in _SPLIT.split(text.replace("\u00a0", " ")) if p.strip()]
        refs: list[IndexRef] = []
        while parts and _REF.match(parts[-1].strip()):
            match = _REF.match(parts.pop().strip())
            refs.insert(0, IndexRef(page=int(match.group(1)), col=match.group(2)))
        term_text = "".join(_squeeze(p) for p in parts)
        if not term_text:
            if refs and terms and not pending:
                terms[-1].refs.extend(refs)
            continue
        if not refs:
            if not pending:
                pending_line = index
            pending.append(term_text)
            continue
        start = pending_line if pending else index
        terms.append(IndexTerm("".join(pending) + term_text, refs, letter, start + 1))
        pending = []
    return terms


class _Locator:
    """Finds nodes by printed page and column for resolving index references."""

    def __init__(self, root: Node, node_col: dict[int, tuple[int, int]]) -> None:
        self.nodes = [n for n in root.walk() if n.kind != "document" and n.page_start]
        self.node_col = node_col  # id(node) -> (page, 0 for a / 1 for b)
        self.by_title: dict[str, list[Node]] = {}
        for node in self.nodes:
            self.by_title.setdefault(strip_all_space(node.title), []).append(node)
        self.entries = [n for n in self.nodes if n.kind in ("entry", "section", "subcategory")]
        self.positions = [self.node_col.get(id(n), (n.page_start, 0)) for n in self.entries]

    def resolve(self, term: str, ref: IndexRef) -> Node | None:
        key = strip_all_space(term)
        same = [
            n
            for n in self.by_title.get(key, [])
            if n.page_start <= ref.page <= (n.page_end or n.page_start)
        ]
        if same:
            same.sort(key=lambda n: (n.page_start != ref.page, _kind_rank(n)))
            return same[0]
        if ref.col is None:
            for node in self.nodes:
                if (
                    node.kind in ("category", "subcategory", "section")
                    and node.page_start == ref.page
                ):
                    return node
        col = 1 if ref.col == "b" else 0
        here = [
            n for n, pos in zip(self.entries, self.positions, strict=True) if pos == (ref.page, col)
        ]
        if here:
            return max(here, key=lambda n: (_overlap(key, n.title), -_kind_rank(n)))
        best = None
        for node, pos in zip(self.entries, self.positions, strict=True):
            if pos <= (ref.page, col):
                best = node
        if best is not None and (best.page_end or best.page_start) >= ref.page:
            return best
        covering = [
            n for n in self.nodes if n.page_start <= ref.page <= (n.page_end or n.page_start)
        ]
        return covering[-1] if covering else None


def _kind_rank(node: Node) -> int:
    return {"entry": 0, "section": 1, "subcategory": 2, "category": 3, "table": 4}.get(node.kind, 5)


def _overlap(a: str, b: str) -> int:
    return len(set(a) & set(strip_all_space(b)))


def resolve_index(terms: list[IndexTerm], root: Node, node_col: dict[int, tuple[int, int]]) -> None:
    """Set ``node_id`` of every reference (ids must already be assigned)."""
    locator = _Locator(root, node_col)
    for term in terms:
        for ref in term.refs:
            node = locator.resolve(term.term, ref)
            ref.node_id = node.id if node is not None else None


def index_agreement(parsed: ParsedDocument) -> tuple[int, int]:
    """``(hits, total)`` over the index's references to entries.

    A reference is *to an entry* when its term is the title of an entry of the book; it
    is a hit when it lands within that entry's printed page range (any entry of that
    title, since a few titles recur in different categories), or on the first page of a
    subcategory of that very title: the index names 分目 too, and a few share their name
    with entries elsewhere (``招商引资　210a`` is the 分目 of 开放型经济, the entry
    ``【招商引资】`` is on page 118) or inside (``知识产权保护　154b``: the 分目 starts on
    154, its entry ``【知识产权保护】`` on 155).
    """
    entries: dict[str, list[Node]] = {}
    subcategories: dict[str, list[Node]] = {}
    for node in parsed.root.walk():
        if node.kind == "entry":
            entries.setdefault(strip_all_space(node.title), []).append(node)
        elif node.kind == "subcategory":
            subcategories.setdefault(strip_all_space(node.title), []).append(node)
    hits = total = 0
    for term in parsed.index_terms:
        key = strip_all_space(term.term)
        nodes = entries.get(key)
        if not nodes:
            continue
        for ref in term.refs:
            total += 1
            on_entry = any(n.page_start <= ref.page <= (n.page_end or n.page_start) for n in nodes)
            on_subcategory = any(n.page_start == ref.page for n in subcategories.get(key, []))
            hits += on_entry or on_subcategory
    return hits, total
