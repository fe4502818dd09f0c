"""The query API: the one way the GUI and the CLI read the archive.

Open an archive with :meth:`Archive.open`; every method returns plain data
(dataclasses and lists). The database is opened read-only; nothing here writes to it.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from .db import search as search_engine
from .db.schema import (
    Document,
    FactRow,
    IndexEntry,
    Meta,
    NodeRow,
    ParagraphRow,
    TableRecord,
)
from .db.status import ArchiveState, archive_state
from .ingest.tables import ParsedTable


class ArchiveError(Exception):
    """The archive cannot be opened or a thing asked for is not in it (message in Chinese)."""


@dataclass
class DocumentInfo:
    id: str
    title: str
    kind: str
    publisher: str | None
    author: str | None
    published: str | None
    delivered: str | None
    year_covered: str | None
    source_file: str


@dataclass
class TreeNode:
    id: str
    doc: str
    kind: str
    title: str
    page_start: int | None
    page_end: int | None
    children: list[TreeNode] = field(default_factory=list)


@dataclass
class ParagraphInfo:
    id: int
    text: str
    page: int | None
    role: str


@dataclass
class NodeDetail:
    id: str
    doc: str
    kind: str
    title: str
    path: list[str]
    page_start: int | None
    page_end: int | None
    depth: int
    paragraphs: list[ParagraphInfo]
    children: list[str]
    parent: str | None

    @property
    def text(self) -> str:
        """The node's own text, one paragraph a line."""
        return "\n".join(p.text for p in self.paragraphs)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["text"] = self.text
        return data


@dataclass
class IndexHit:
    term: str
    page: int
    col: str | None
    node_id: str | None
    title: str | None
    letter: str


@dataclass
class FactInfo:
    """One figure and where it stands (see :mod:`wuwei_desktop.facts`).

    ``disagrees`` is true when another source prints the same indicator, region, period
    and kind with a different value; ``others`` lists those sources.
    """

    indicator: str
    region: str
    period: str
    value: float
    unit: str
    doc: str
    node_id: str
    source_text: str
    indicator_text: str
    kind: str
    modality: str
    base_value: float | None
    base_unit: str | None
    source_kind: str
    page: int | None
    period_inferred: bool
    region_inferred: bool
    table_id: str | None
    row: int | None
    col: int | None
    part: int | None
    disagrees: bool
    conflict_group: str | None
    others: list[dict]
    id: int


class Archive:
    """A read-only archive database."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self._engine = engine
        self._session = Session(engine)
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path, sources: Path | None = None) -> Archive:
        """Open ``path`` read-only; raise ArchiveError (Chinese) if it is unusable.

        With ``sources``, an archive built from other sources than those is refused too.
        """
        state = archive_state(path, sources)
        if state is not ArchiveState.OK:
            raise ArchiveError(f"{state.message}（{path}）")
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, check_same_thread=False
            ),
            poolclass=StaticPool,
        )
        return cls(path, engine)

    def close(self) -> None:
        self._session.close()
        self._engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _rows(self, statement) -> list:
        with self._lock:
            return self._session.execute(statement).all()

    # -- documents and the tree ---------------------------------------------------------

    def meta(self) -> dict[str, str]:
        """The build's meta record (schema_version, app_version, built_at, sources)."""
        return dict(self._rows(select(Meta.key, Meta.value)))

    def documents(self) -> list[DocumentInfo]:
        """The documents in catalog order."""
        return [
            DocumentInfo(
                id=d.id,
                title=d.title,
                kind=d.kind,
                publisher=d.publisher,
                author=d.author,
                published=d.published,
                delivered=d.delivered,
                year_covered=d.year_covered,
                source_file=d.source_file,
            )
            for d in self._scalars(select(Document).order_by(Document.ord))
        ]

    def _scalars(self, statement) -> list:
        with self._lock:
            return self._session.execute(statement).scalars().all()

    def tree(self, doc: str | None = None, depth: int | None = None) -> list[TreeNode]:
        """The reading tree: one root per document (or the one ``doc``), in book order."""
        statement = select(NodeRow).order_by(NodeRow.ord)
        if doc is not None:
            self._require_doc(doc)
            statement = statement.where(NodeRow.doc_id == doc)
        if depth is not None:
            statement = statement.where(NodeRow.depth <= depth)
        by_id: dict[str, TreeNode] = {}
        roots: list[TreeNode] = []
        for row in self._scalars(statement):
            item = TreeNode(row.id, row.doc_id, row.kind, row.title, row.page_start, row.page_end)
            by_id[row.id] = item
            parent = by_id.get(row.parent_id) if row.parent_id else None
            (parent.children if parent else roots).append(item)
        return roots

    def node(self, node_id: str) -> NodeDetail:
        """One node with its own paragraphs and its children's ids."""
        row = self._node_row(node_id)
        return self._detail(row)

    def chapter(self, node_id: str) -> list[NodeDetail]:
        """The node and every node under it, in book order: a chapter read continuously."""
        row = self._node_row(node_id)
        in_range = NodeRow.ord.between(row.ord, row.end_ord)
        rows = self._scalars(select(NodeRow).where(in_range).order_by(NodeRow.ord))
        # three queries for the whole chapter (a whole book has ~1,600 nodes)
        paragraphs: dict[str, list[ParagraphInfo]] = {r.id: [] for r in rows}
        for p in self._scalars(
            select(ParagraphRow)
            .join(NodeRow, NodeRow.id == ParagraphRow.node_id)
            .where(in_range)
            .order_by(ParagraphRow.node_id, ParagraphRow.seq)
        ):
            paragraphs[p.node_id].append(ParagraphInfo(p.id, p.text, p.page, p.role))
        children: dict[str, list[str]] = {r.id: [] for r in rows}
        for r in rows:
            if r.parent_id in children and r.id != row.id:
                children[r.parent_id].append(r.id)
        return [self._detail(r, paragraphs[r.id], children[r.id]) for r in rows]

    def _node_row(self, node_id: str) -> NodeRow:
        rows = self._scalars(select(NodeRow).where(NodeRow.id == node_id))
        if not rows:
            raise ArchiveError(f"档案中没有编号为“{node_id}”的条目")
        return rows[0]

    def _detail(
        self,
        row: NodeRow,
        paragraphs: list[ParagraphInfo] | None = None,
        children: list[str] | None = None,
    ) -> NodeDetail:
        if paragraphs is None:
            paragraphs = [
                ParagraphInfo(p.id, p.text, p.page, p.role)
                for p in self._scalars(
                    select(ParagraphRow)
                    .where(ParagraphRow.node_id == row.id)
                    .order_by(ParagraphRow.seq)
                )
            ]
        if children is None:
            children = self._scalars(
                select(NodeRow.id).where(NodeRow.parent_id == row.id).order_by(NodeRow.ord)
            )
        return NodeDetail(
            id=row.id,
            doc=row.doc_id,
            kind=row.kind,
            title=row.title,
            path=list(row.path),
            page_start=row.page_start,
            page_end=row.page_end,
            depth=row.depth,
            paragraphs=paragraphs,
            children=list(children),
            parent=row.parent_id,
        )

    def _require_doc(self, doc: str) -> None:
        if not self._scalars(select(Document.id).where(Document.id == doc)):
            raise ArchiveError(f"档案中没有编号为“{doc}”的文档")

    # -- search and the index -----------------------------------------------------------

    def search(self, query: str, doc: str | None = None, limit: int = 20, **options):
        """Full-text search; see :func:`wuwei_desktop.db.search.search`."""
        if doc is not None:
            self._require_doc(doc)
        with self._lock:
            raw = self._session.connection().connection.driver_connection
            return search_engine.search(raw, query, doc=doc, limit=limit, **options)

    def index(self, term: str) -> list[IndexHit]:
        """The yearbook index's references for ``term`` (exact term first, then terms
        containing it)."""
        needle = term.strip()
        if not needle:
            return []
        statement = (
            select(IndexEntry, NodeRow.title)
            .outerjoin(NodeRow, NodeRow.id == IndexEntry.node_id)
            .where(or_(IndexEntry.term == needle, func.instr(IndexEntry.term, needle) > 0))
            .order_by((IndexEntry.term != needle), IndexEntry.id)
        )
        return [_index_hit(entry, title) for entry, title in self._rows(statement)]

    def index_terms(self) -> list[IndexHit]:
        """Every reference of the subject index, in the book's (pinyin) order."""
        statement = (
            select(IndexEntry, NodeRow.title)
            .outerjoin(NodeRow, NodeRow.id == IndexEntry.node_id)
            .order_by(IndexEntry.id)
        )
        return [_index_hit(entry, title) for entry, title in self._rows(statement)]

    # -- tables -------------------------------------------------------------------------

    def tables(self) -> list[dict]:
        """Every table: id, doc, number, title, unit, source_note."""
        rows = self._scalars(select(TableRecord).order_by(TableRecord.doc_id, TableRecord.number))
        return [
            {
                "id": t.id,
                "doc": t.doc_id,
                "number": t.number,
                "title": t.title,
                "unit": t.unit,
                "source_note": t.source_note,
            }
            for t in rows
        ]

    def table(self, table_id: str) -> ParsedTable:
        """One table, typed: by its id, or by its number (``表11``, ``11``) in the yearbook."""
        wanted = table_id.strip()
        statement = select(TableRecord).where(TableRecord.id == wanted)
        number = wanted.removeprefix("表")
        if number.isdigit():
            statement = select(TableRecord).where(TableRecord.number == int(number))
        rows = self._scalars(statement.order_by(TableRecord.doc_id))
        if not rows:
            raise ArchiveError(f"档案中没有表格“{table_id}”，可用 tables 命令查看全部表格")
        return ParsedTable.from_dict(rows[0].data)

    def table_node_id(self, table_id: str) -> str:
        """The id of the node a table hangs under the reading tree as (its 出处)."""
        wanted = table_id.strip().removeprefix("表")
        if wanted.isdigit():
            rows = self._scalars(select(TableRecord.id).where(TableRecord.number == int(wanted)))
            if rows:
                return rows[0]
        return self._node_row(table_id).id

    # -- facts --------------------------------------------------------------------------

    def facts(
        self,
        query: str | None = None,
        region: str | None = None,
        period: str | None = None,
        limit: int | None = 50,
    ) -> list[FactInfo]:
        """Figures for a user's words, best first; ``region`` (民勤 / 民勤县 / 全市) and
        ``period`` (2023: also 2023年末, 2023上半年 …) filter."""
        from .facts import normalize
        from .facts.query import rank

        facts = self._all_facts()
        if region and region.strip():
            wanted = normalize.region_of(region) or next(
                (r for _, r in normalize.query_regions(region)), region.strip()
            )
            facts = [f for f in facts if f.region == wanted]
        if period and period.strip():
            wanted_period = "".join(period.split()).replace("年", "") or period
            facts = [
                f
                for f in facts
                if f.period.replace("年", "").startswith(wanted_period) or f.period == period
            ]
        ranked = rank(facts, query)
        return ranked if limit is None else ranked[: max(limit, 0)]

    def _all_facts(self) -> list[FactInfo]:
        cached = getattr(self, "_facts_cache", None)
        if cached is None:
            rows = self._scalars(select(FactRow).order_by(FactRow.id))
            cached = [
                FactInfo(
                    indicator=r.indicator,
                    region=r.region,
                    period=r.period,
                    value=r.value,
                    unit=r.unit,
                    doc=r.doc_id,
                    node_id=r.node_id,
                    source_text=r.source_text,
                    indicator_text=r.indicator_text,
                    kind=r.kind,
                    modality=r.modality,
                    base_value=r.base_value,
                    base_unit=r.base_unit,
                    source_kind=r.source_kind,
                    page=r.page,
                    period_inferred=bool(r.period_inferred),
                    region_inferred=bool(r.region_inferred),
                    table_id=r.table_id,
                    row=r.row,
                    col=r.col,
                    part=r.part,
                    disagrees=bool(r.disagrees),
                    conflict_group=r.conflict_group,
                    others=list(r.others or []),
                    id=r.id,
                )
                for r in rows
            ]
            self._facts_cache = cached
        return cached


def _index_hit(entry: IndexEntry, title: str | None) -> IndexHit:
    return IndexHit(entry.term, entry.page, entry.col, entry.node_id, title, entry.letter)
