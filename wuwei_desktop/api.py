"""The query API: the one way the GUI and the CLI read the archive.

Open an archive with :meth:`Archive.open`; every method returns plain data
(dataclasses and lists). The database is opened read-only; nothing here writes to it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from .db import search as search_engine
from .db.readonly import open_readonly
from .db.status import ArchiveState, archive_state
from .ingest.tables import ParsedTable

log = logging.getLogger(__name__)


class ArchiveError(Exception):
    """The archive cannot be opened or a thing asked for is not in it (message in Chinese)."""


class ArchiveReadError(ArchiveError):
    """Reading the archive failed (message in Chinese); ``damaged``: the file itself is
    damaged (SQLite says corrupt, not a database, or cannot read it).

    Never turned into an empty answer: "nothing found" would be a lie.
    """

    def __init__(self, message: str, damaged: bool) -> None:
        super().__init__(message)
        self.damaged = damaged


DAMAGED = "档案数据库已损坏，无法读取（{error}）。请用“帮助 › 检查档案”检查，或重新生成档案数据库。"
READ_FAILED = "读取档案数据库出错（{error}）。"
_DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_IOERR", "SQLITE_CANTOPEN")


def read_error(error: sqlite3.Error) -> ArchiveReadError:
    """The Chinese error for a failed read (the cause is logged where it is caught)."""
    name = getattr(error, "sqlite_errorname", None) or ""
    is_damage = name.startswith(_DAMAGE_CODES) or "malformed" in str(error)
    template = DAMAGED if is_damage else READ_FAILED
    return ArchiveReadError(template.format(error=error), damaged=is_damage)


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
    """A read-only archive database.

    Reads go through the standard library's ``sqlite3`` on a read-only connection: the
    schema and the build are SQLAlchemy's (:mod:`wuwei_desktop.db.schema`), but importing
    SQLAlchemy costs ~0.4 s, which the window cannot afford before it is usable.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._conn = connection
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._facts_cache: list[FactInfo] | None = None

    @classmethod
    def open(cls, path: Path, sources: Path | None = None) -> Archive:
        """Open ``path`` read-only; raise ArchiveError (Chinese) if it is unusable.

        With ``sources``, an archive built from other sources than those is refused too.
        """
        state = archive_state(path, sources)
        if state is not ArchiveState.OK:
            raise ArchiveError(f"{state.message}（{path}）")
        try:
            connection = open_readonly(path, check_same_thread=False)
        except sqlite3.Error as error:
            raise ArchiveError(f"{ArchiveState.CORRUPT.message}（{path}）") from error
        return cls(path, connection)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _rows(self, sql: str, *params: object) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                log.exception("reading %s failed: %s", self.path, sql)
                raise read_error(error) from error

    # -- documents and the tree ---------------------------------------------------------

    def meta(self) -> dict[str, str]:
        """The build's meta record (schema_version, app_version, built_at, sources)."""
        return {row["key"]: row["value"] for row in self._rows("SELECT key, value FROM meta")}

    def documents(self) -> list[DocumentInfo]:
        """The documents in catalog order."""
        return [
            _record(DocumentInfo, row) for row in self._rows("SELECT * FROM documents ORDER BY ord")
        ]

    def tree(self, doc: str | None = None, depth: int | None = None) -> list[TreeNode]:
        """The reading tree: one root per document (or the one ``doc``), in book order."""
        if doc is not None:
            self._require_doc(doc)
        rows = self._rows(
            "SELECT id, doc_id AS doc, parent_id, kind, title, page_start, page_end FROM nodes"
            " WHERE (?1 IS NULL OR doc_id = ?1) AND (?2 IS NULL OR depth <= ?2) ORDER BY ord",
            doc,
            depth,
        )
        by_id: dict[str, TreeNode] = {}
        roots: list[TreeNode] = []
        for row in rows:
            item = _record(TreeNode, row)
            by_id[item.id] = item
            parent = by_id.get(row["parent_id"]) if row["parent_id"] else None
            (parent.children if parent else roots).append(item)
        return roots

    def node(self, node_id: str) -> NodeDetail:
        """One node with its own paragraphs and its children's ids."""
        return self._detail(self._node_row(node_id))

    def chapter(self, node_id: str) -> list[NodeDetail]:
        """The node and every node under it, in book order: a chapter read continuously."""
        row = self._node_row(node_id)
        span = (row["ord"], row["end_ord"])
        rows = self._rows("SELECT * FROM nodes WHERE ord BETWEEN ? AND ? ORDER BY ord", *span)
        # two queries for the whole chapter (a whole book has ~1,600 nodes)
        paragraphs: dict[str, list[ParagraphInfo]] = {r["id"]: [] for r in rows}
        for p in self._rows(
            "SELECT p.node_id, p.id, p.text, p.page, p.role FROM paragraphs p"
            " JOIN nodes n ON n.id = p.node_id WHERE n.ord BETWEEN ? AND ?"
            " ORDER BY p.node_id, p.seq",
            *span,
        ):
            paragraphs[p["node_id"]].append(ParagraphInfo(p["id"], p["text"], p["page"], p["role"]))
        children: dict[str, list[str]] = {r["id"]: [] for r in rows}
        for r in rows[1:]:
            children[r["parent_id"]].append(r["id"])
        return [self._detail(r, paragraphs[r["id"]], children[r["id"]]) for r in rows]

    def _node_row(self, node_id: str) -> sqlite3.Row:
        rows = self._rows("SELECT * FROM nodes WHERE id = ?", node_id)
        if not rows:
            raise ArchiveError(f"档案中没有编号为“{node_id}”的条目")
        return rows[0]

    def _detail(
        self,
        row: sqlite3.Row,
        paragraphs: list[ParagraphInfo] | None = None,
        children: list[str] | None = None,
    ) -> NodeDetail:
        if paragraphs is None:
            paragraphs = [
                ParagraphInfo(p["id"], p["text"], p["page"], p["role"])
                for p in self._rows(
                    "SELECT id, text, page, role FROM paragraphs WHERE node_id = ? ORDER BY seq",
                    row["id"],
                )
            ]
        if children is None:
            children = [
                child["id"]
                for child in self._rows(
                    "SELECT id FROM nodes WHERE parent_id = ? ORDER BY ord", row["id"]
                )
            ]
        return NodeDetail(
            id=row["id"],
            doc=row["doc_id"],
            kind=row["kind"],
            title=row["title"],
            path=json.loads(row["path"]),
            page_start=row["page_start"],
            page_end=row["page_end"],
            depth=row["depth"],
            paragraphs=paragraphs,
            children=children,
            parent=row["parent_id"],
        )

    def _require_doc(self, doc: str) -> None:
        if not self._rows("SELECT 1 FROM documents WHERE id = ?", doc):
            raise ArchiveError(f"档案中没有编号为“{doc}”的文档")

    # -- search and the index -----------------------------------------------------------

    def search(self, query: str, doc: str | None = None, limit: int = 20, **options):
        """Full-text search; see :func:`wuwei_desktop.db.search.search`."""
        if doc is not None:
            self._require_doc(doc)
        with self._lock:
            try:
                return search_engine.search(self._conn, query, doc=doc, limit=limit, **options)
            except sqlite3.Error as error:
                log.exception("search in %s failed for %r", self.path, query)
                raise read_error(error) from error

    def index(self, term: str) -> list[IndexHit]:
        """The yearbook index's references for ``term`` (exact term first, then terms
        containing it)."""
        needle = term.strip()
        if not needle:
            return []
        rows = self._rows(
            f"{_INDEX_SELECT} WHERE e.term = ?1 OR instr(e.term, ?1) > 0"
            " ORDER BY e.term != ?1, e.id",
            needle,
        )
        return [_index_hit(row) for row in rows]

    def index_terms(self) -> list[IndexHit]:
        """Every reference of the subject index, in the book's (pinyin) order."""
        return [_index_hit(row) for row in self._rows(f"{_INDEX_SELECT} ORDER BY e.id")]

    # -- tables -------------------------------------------------------------------------

    def tables(self) -> list[dict]:
        """Every table: id, doc, number, title, unit, source_note."""
        rows = self._rows(
            "SELECT id, doc_id AS doc, number, title, unit, source_note FROM tables"
            " ORDER BY doc_id, number"
        )
        return [dict(row) for row in rows]

    def table(self, table_id: str) -> ParsedTable:
        """One table, typed: by its id, or by its number (``表11``, ``11``) in the yearbook."""
        wanted = table_id.strip()
        number = wanted.removeprefix("表")
        if number.isdigit():
            rows = self._rows(
                "SELECT data FROM tables WHERE number = ? ORDER BY doc_id", int(number)
            )
        else:
            rows = self._rows("SELECT data FROM tables WHERE id = ?", wanted)
        if not rows:
            raise ArchiveError(f"档案中没有表格“{table_id}”，可用 tables 命令查看全部表格")
        return ParsedTable.from_dict(json.loads(rows[0]["data"]))

    def table_node_id(self, table_id: str) -> str:
        """The id of the node a table hangs under the reading tree as (its 出处)."""
        wanted = table_id.strip().removeprefix("表")
        if wanted.isdigit():
            rows = self._rows("SELECT id FROM tables WHERE number = ?", int(wanted))
            if rows:
                return rows[0]["id"]
        return self._node_row(table_id)["id"]

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
        if self._facts_cache is None:
            self._facts_cache = [
                _fact(row) for row in self._rows("SELECT * FROM facts ORDER BY id")
            ]
        return self._facts_cache


_INDEX_SELECT = (
    "SELECT e.term, e.page, e.col, e.node_id, n.title, e.letter"
    " FROM index_entries AS e LEFT JOIN nodes AS n ON n.id = e.node_id"
)


def _record(cls: type, row: sqlite3.Row):
    """A dataclass from a row whose columns include the dataclass's fields."""
    names = row.keys()
    return cls(**{f.name: row[f.name] for f in fields(cls) if f.name in names})


def _fact(row: sqlite3.Row) -> FactInfo:
    data = dict(row)
    data["doc"] = data.pop("doc_id")
    data["others"] = json.loads(data["others"] or "[]")
    for flag in ("period_inferred", "region_inferred", "disagrees"):
        data[flag] = bool(data[flag])
    return FactInfo(**data)


def _index_hit(row: sqlite3.Row) -> IndexHit:
    return IndexHit(
        row["term"], row["page"], row["col"], row["node_id"], row["title"], row["letter"]
    )
