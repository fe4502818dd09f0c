"""The query API: the one way the GUI and the CLI read the archive.

Open an archive with :meth:`Archive.open`; every method returns plain data
(dataclasses and lists). The database is opened read-only; nothing here writes to it.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from .db import search as search_engine
from .db.location import display_location, is_server_url
from .db.readonly import open_readonly
from .db.status import ArchiveState, archive_state
from .ingest.tables import ParsedTable

log = logging.getLogger(__name__)


def table_number(table_id: str) -> int | None:
    """The number in ``表11`` / ``11`` / ``表１１``; None for an id or an absurd number."""
    text = table_id.strip().removeprefix("表").strip()
    if not text.isdecimal() or len(text) > 6:
        return None
    return int(text)


EDITION_SEPARATORS = (":", "：")
"""``yearbook-2025:表11``: a reference in a named edition (document id, a colon, 表N)."""


@dataclass
class TableRef:
    """A resolved table reference: the table's node id, its document and number, and
    ``others``: the other editions that also have a 表N of that number (newest first)
    when a bare 表N was asked for and the newest edition's was chosen."""

    id: str
    doc: str
    number: int
    others: list[str] = field(default_factory=list)


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


def read_error(error: Exception) -> ArchiveReadError:
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
    doc: str = ""


@dataclass
class FactInfo:
    """One figure and where it stands (see :mod:`wuwei_desktop.facts`).

    ``disagrees`` is true when another source prints the same indicator, region, period
    and kind with a different value; ``others`` lists those sources. ``value_text`` is the
    number as printed (``21.00`` stays ``21.00``).
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
    value_text: str = ""


@dataclass
class FigureInfo:
    """One figure as an answer: the best-placed fact, every fact that prints the same
    value (``sources``, best first: a statistical table, then the newer document), the
    answer in one line with its source (and ⚠ where sources disagree), its score."""

    fact: FactInfo
    sources: list[FactInfo]
    line: str
    score: float
    warning: str = ""  # ⚠ and the other values, the end of ``line`` where sources disagree


@dataclass
class FactAnswer:
    """A figure question's answer: ``figures`` best first; ``is_question`` when the text
    reads as a question for a figure (a question word, a period, a rate or a share)."""

    query: str
    is_question: bool
    figures: list[FigureInfo]
    names_indicator: bool = True  # the text has words for an indicator, not only 凉州区 / 2023年
    # without indicator words: the main figures of the region / year asked, and what they are
    overview: str = ""
    compares: bool = False  # regions compared (各县区, 哪个县…最高): one row a region first

    @property
    def best(self) -> FigureInfo | None:
        """The answer: the first figure, if any."""
        return self.figures[0] if self.figures else None

    @property
    def followed(self) -> FactInfo | None:
        """The figure a chart of the answer follows (its indicator, region and year): the
        answer's, when the words name an indicator."""
        return self.best.fact if self.best and self.names_indicator else None

    @property
    def chart_by(self) -> str | None:
        """How a chart of the answer goes: ``"region"`` (the counties side by side) for a
        question comparing them, else None (:func:`~wuwei_desktop.charts.chart_for_facts`
        chooses)."""
        return "region" if self.compares else None

    @property
    def sure(self) -> bool:
        """The best figure fits the words well enough to be called the answer (a fair name
        match with the asked region, period and kind)."""
        from .facts.answer import CONFIDENT_SCORE

        best = self.best
        return self.names_indicator and best is not None and best.score >= CONFIDENT_SCORE

    @property
    def confident(self) -> bool:
        """A question for a figure, surely answered: shown above the search hits."""
        return self.is_question and self.sure


class Archive:
    """A read-only archive database.

    Reads go through the standard library's ``sqlite3`` on a read-only connection: the
    schema and the build are SQLAlchemy's (:mod:`wuwei_desktop.db.schema`), but importing
    SQLAlchemy costs ~0.4 s, which the window cannot afford before it is usable.
    An archive on a PostgreSQL server (``path`` an SQLAlchemy URL) is read through
    :class:`wuwei_desktop.db.server.ServerConnection`, which takes the same SQL; the
    search is then :mod:`wuwei_desktop.db.pg_search` (the backend seam: ``connection``,
    ``search``, ``errors``).
    """

    def __init__(
        self,
        path: Path | str,
        connection,
        *,
        search=search_engine.search,
        errors: tuple[type[Exception], ...] = (sqlite3.Error,),
    ) -> None:
        self.path = path
        self._conn = connection
        self._search = search
        self._errors = errors
        self._lock = threading.RLock()
        self._fact_index_cache = None
        self._index_lock = threading.Lock()
        self._fact_cache: dict[int, FactInfo] = {}
        self._targets_cache: list | None = None

    @classmethod
    def open(cls, path: Path | str, sources: Path | None = None) -> Archive:
        """Open ``path`` read-only; raise ArchiveError (Chinese) if it is unusable.

        With ``sources``, an archive built from other sources than those is refused too
        (a file; an archive on a server is built by its administrator). ``path`` may be a
        PostgreSQL URL (``postgresql+psycopg://…``).
        """
        if is_server_url(path):
            return cls._open_server(str(path))
        path = Path(path)
        state = archive_state(path, sources)
        if state is not ArchiveState.OK:
            raise ArchiveError(f"{state.message}（{path}）")
        try:
            connection = open_readonly(path, check_same_thread=False)
        except sqlite3.Error as error:
            raise ArchiveError(f"{ArchiveState.CORRUPT.message}（{path}）") from error
        connection.row_factory = sqlite3.Row
        return cls(path, connection)

    @classmethod
    def _open_server(cls, url: str) -> Archive:
        """Connect to the archive on a PostgreSQL server (imports SQLAlchemy and psycopg)."""
        from .db import pg_search, server

        try:
            connection = server.open_server(url)
        except LookupError as error:
            raise ArchiveError(str(error)) from error
        except server.Error as error:
            log.exception("cannot connect to %s", display_location(url))
            raise ArchiveError(
                f"无法连接服务器上的档案（{display_location(url)}）：{str(error).strip()}"
            ) from error
        errors = (sqlite3.Error, server.Error)
        return cls(url, connection, search=pg_search.search, errors=errors)

    def close(self) -> None:
        with self._lock:  # after a read running on a worker thread (search, figures)
            self._conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _rows(self, sql: str, *params: object) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except self._errors as error:
                log.exception("reading %s failed: %s", display_location(self.path), sql)
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
                return self._search(self._conn, query, doc=doc, limit=limit, **options)
            except self._errors as error:
                log.exception("search in %s failed for %r", display_location(self.path), query)
                raise read_error(error) from error

    def index(self, term: str, doc: str | None = None) -> list[IndexHit]:
        """The yearbooks' index references for ``term`` (exact term first, then terms
        containing it), of every yearbook or of the one ``doc``."""
        needle = term.strip()
        if not needle:
            return []
        if doc is not None:
            self._require_doc(doc)
        rows = self._rows(
            f"{_INDEX_SELECT} WHERE (e.term = ?1 OR instr(e.term, ?1) > 0)"
            " AND (?2 IS NULL OR e.doc_id = ?2) ORDER BY e.term != ?1, e.id",
            needle,
            doc,
        )
        return [_index_hit(row) for row in rows]

    def index_terms(self, doc: str | None = None) -> list[IndexHit]:
        """Every reference of the subject index (of one ``doc``), in each book's (pinyin)
        order."""
        if doc is not None:
            self._require_doc(doc)
        rows = self._rows(f"{_INDEX_SELECT} WHERE ?1 IS NULL OR e.doc_id = ?1 ORDER BY e.id", doc)
        return [_index_hit(row) for row in rows]

    # -- tables -------------------------------------------------------------------------

    def tables(self) -> list[dict]:
        """Every table: id, doc, number, title, unit, source_note."""
        rows = self._rows(
            "SELECT id, doc_id AS doc, number, title, unit, source_note FROM tables"
            " ORDER BY doc_id, number"
        )
        return [dict(row) for row in rows]

    def table(self, table_id: str, doc: str | None = None) -> ParsedTable:
        """One table, typed, by any reference :meth:`resolve_table` takes."""
        ref = self.resolve_table(table_id, doc)
        rows = self._rows("SELECT data FROM tables WHERE id = ?", ref.id)
        return ParsedTable.from_dict(json.loads(rows[0]["data"]))

    def table_node_id(self, table_id: str, doc: str | None = None) -> str:
        """The id of the node a table hangs under the reading tree as (its 出处)."""
        return self.resolve_table(table_id, doc).id

    # -- references and editions --------------------------------------------------------

    def editions(self) -> list[DocumentInfo]:
        """The documents newest edition first: by the last year each covers, then the
        later in the catalog (next year's yearbook before this year's)."""
        from .facts.normalize import period_year

        docs = self.documents()
        order = {doc.id: k for k, doc in enumerate(docs)}

        def newness(doc: DocumentInfo) -> tuple[int, int]:
            year = period_year(doc.year_covered or "") or period_year(doc.title) or 0
            return (year, order[doc.id])

        return sorted(docs, key=newness, reverse=True)

    def split_edition(self, reference: str) -> tuple[str | None, str]:
        """``yearbook-2025:表11`` → (``yearbook-2025``, ``表11``); a reference without a
        known document id before a colon → (None, the reference)."""
        text = reference.strip()
        for separator in EDITION_SEPARATORS:
            doc, found, rest = text.partition(separator)
            if found and self._rows("SELECT 1 FROM documents WHERE id = ?", doc.strip()):
                return doc.strip(), rest.strip()
        return None, text

    def resolve_table(self, reference: str, doc: str | None = None) -> TableRef:
        """The one rule for naming a table, used by the CLI, printing and the window.

        A reference is a table's node id, or ``表11`` / ``11`` in an edition: the edition
        named by ``doc`` or before a colon (``yearbook-2025:表11``), else the newest
        edition that has a 表11 (the others are listed in ``others``). ArchiveError
        (Chinese) when there is no such table.
        """
        named, text = self.split_edition(reference)
        if named is not None and doc is not None and named != doc:
            raise ArchiveError(f"“{reference}”与指定的文档“{doc}”不一致")
        doc = named or doc
        if doc is not None:
            self._require_doc(doc)
        number = table_number(text)
        if number is None:
            rows = self._rows(
                "SELECT id, doc_id, number FROM tables WHERE id = ?1"
                " AND (?2 IS NULL OR doc_id = ?2)",
                text,
                doc,
            )
        else:
            rows = self._rows(
                "SELECT id, doc_id, number FROM tables WHERE number = ?1"
                " AND (?2 IS NULL OR doc_id = ?2)",
                number,
                doc,
            )
            rank = {d.id: k for k, d in enumerate(self.editions())}
            rows = sorted(rows, key=lambda row: rank.get(row["doc_id"], len(rank)))
        if not rows:
            where = f"文档“{doc}”中" if doc else "档案中"
            raise ArchiveError(
                f"{where}没有表格“{reference.strip()}”，可用 tables 命令查看全部表格"
            )
        first = rows[0]
        return TableRef(
            first["id"], first["doc_id"], first["number"], [r["doc_id"] for r in rows[1:]]
        )

    def resolve_node(self, reference: str, doc: str | None = None) -> str:
        """The node id a reference names: a node id as it is, else a table reference
        (:meth:`resolve_table`)."""
        if doc is None and self._rows("SELECT 1 FROM nodes WHERE id = ?", reference):
            return reference
        try:
            return self.resolve_table(reference, doc).id
        except ArchiveError:
            if table_number(self.split_edition(reference)[1]) is not None:
                raise
        return self._node_row(reference)["id"]

    def same_entry(self, node_id: str) -> list[TreeNode]:
        """The same 条目 in the other editions: nodes of other documents of the same kind
        whose title path (without the book's own title) and title are this node's, newest
        edition first."""
        row = self._node_row(node_id)
        path = json.loads(row["path"])[1:]
        rank = {d.id: k for k, d in enumerate(self.editions())}
        found = [
            _record(TreeNode, other)
            for other in self._rows(
                "SELECT n.id, n.doc_id AS doc, n.kind, n.title, n.page_start, n.page_end,"
                " n.path FROM nodes AS n JOIN documents AS d ON d.id = n.doc_id"
                " WHERE n.title = ?1 AND n.kind = ?2 AND n.doc_id != ?3 AND n.depth > 0"
                " AND d.kind = (SELECT kind FROM documents WHERE id = ?3)",
                row["title"],
                row["kind"],
                row["doc_id"],
            )
            if json.loads(other["path"])[1:] == path
        ]
        return sorted(found, key=lambda node: rank.get(node.doc, len(rank)))

    # -- facts --------------------------------------------------------------------------

    def facts(
        self,
        query: str | None = None,
        region: str | None = None,
        period: str | None = None,
        limit: int | None = 50,
    ) -> list[FactInfo]:
        """Figures for a user's words or a whole question, best first, every place that
        prints a figure its own item (the order of :meth:`ask`'s rows and their sources);
        ``region`` (民勤 / 民勤县 / 全市) and ``period``
        (2023: also 2023年末, 2023上半年 …) filter."""
        from .facts.answer import group_figures

        rows = group_figures(self._ranked(query, region, period), self._doc_refs())
        ranked = [fact for row in rows for fact in row.sources]
        return ranked if limit is None else ranked[: max(limit, 0)]

    def ask(
        self,
        query: str | None,
        region: str | None = None,
        period: str | None = None,
        limit: int | None = 20,
    ) -> FactAnswer:
        """A figure question answered: rows of agreeing figures (one row a figure, with
        every source that prints it), best first, each with its one-line answer. Words
        without an indicator (凉州区, 2023年) get the main figures of that region or year,
        one row an indicator, and ``overview`` says so."""
        from .facts.answer import (
            across_regions,
            answer_line,
            disagreement,
            group_figures,
            main_figures,
            overview_note,
        )
        from .facts.question import parse_question

        question = parse_question(query or "")
        docs = self._doc_refs()
        rows = group_figures(self._ranked(query, region, period), docs)
        named = bool(query and query.strip()) and any(r.topic for r in question.readings)
        note = ""
        if query and query.strip() and not named and (question.regions or question.period):
            rows = main_figures(rows, question, docs)
            note = overview_note(question)
        compares = (question.counties or len(question.regions) > 1) and not (region or note)
        if compares:
            rows = across_regions(rows, question)
        if limit is not None:
            rows = rows[: max(limit, 0)]
        figures = [
            FigureInfo(row.fact, row.sources, answer_line(row, docs), row.score, disagreement(row))
            for row in rows
        ]
        return FactAnswer(query or "", question.is_question, figures, named, note, compares)

    def _ranked(self, query: str | None, region: str | None, period: str | None) -> list:
        from .facts.regions import canonical

        index = self._fact_index()
        if query and query.strip():
            ranked = index.rank(query)
        else:
            facts = self._facts_by_id(index.ids)
            ranked = [(0.0, facts[i]) for i in index.ids]
        if region and region.strip():
            wanted = canonical(region) or region.strip()
            ranked = [(s, f) for s, f in ranked if f.region == wanted]
        if period and period.strip():
            wanted_period = "".join(period.split()).replace("年", "") or period
            ranked = [
                (s, f)
                for s, f in ranked
                if f.period.replace("年", "").startswith(wanted_period) or f.period == period
            ]
        return ranked

    def targets(
        self, query: str | None = None, region: str | None = None, year: str | None = None
    ) -> list:
        """The targets the work reports set, each with the archive's outcome and whether it
        was met (:class:`wuwei_desktop.facts.outcomes.TargetCheck`), in document order.

        ``query`` keeps targets whose indicator contains it, ``region`` (民勤 / 民勤县 / 全市)
        and ``year`` (2022) filter."""
        from .facts import regions

        if self._targets_cache is None:
            self._targets_cache = self._compute_targets()
        checks = self._targets_cache
        if query and query.strip():
            words = query.split()
            checks = [
                c
                for c in checks
                if all(w in c.target.indicator or w in c.target.indicator_text for w in words)
            ]
        if region and region.strip():
            wanted = regions.canonical(region) or region.strip()
            checks = [c for c in checks if c.target.region == wanted]
        if year and year.strip():
            wanted_year = year.strip().removesuffix("年")
            checks = [c for c in checks if c.target.year == wanted_year]
        return checks

    def _compute_targets(self) -> list:
        from .facts import normalize
        from .facts.outcomes import check_targets
        from .facts.targets import is_report, plan_year, targets_from_section

        docs = self.documents()
        doc_kind = {d.id: d.kind for d in docs}
        doc_years = {d.id: normalize.period_year(d.year_covered or "") or 0 for d in docs}
        newest = sorted(docs, key=lambda d: -doc_years[d.id])
        plans: list[tuple[sqlite3.Row, str]] = []
        for row in self._rows(
            "SELECT id, doc_id, title, path, ord, end_ord FROM nodes"
            " WHERE kind NOT IN ('document', 'table') AND title GLOB '*[0-9][0-9][0-9][0-9]*'"
            " ORDER BY ord"
        ):
            year = plan_year(row["title"])
            path = json.loads(row["path"])
            inside = any(done["ord"] <= row["ord"] <= done["end_ord"] for done, _ in plans)
            if year and not inside and is_report(doc_kind.get(row["doc_id"], ""), path):
                plans.append((row, year))
        targets = []
        for row, year in sorted(plans, key=lambda plan: plan[1]):
            region = next(
                (r for t in json.loads(row["path"])[1:] if (r := normalize.region_of(t))),
                normalize.CITY,
            )
            paragraphs = self._rows(
                "SELECT p.node_id, p.text, p.page FROM paragraphs p JOIN nodes n"
                " ON n.id = p.node_id WHERE n.ord BETWEEN ? AND ? AND p.role = 'body'"
                " ORDER BY n.ord, p.seq",
                row["ord"],
                row["end_ord"],
            )
            targets.extend(
                targets_from_section(
                    [(p["node_id"], p["text"], p["page"]) for p in paragraphs],
                    year=year,
                    doc=row["doc_id"],
                    region=region,
                    known=self._prints_indicator,
                )
            )
        if not targets:
            return []
        # only the figures that can be an outcome: of a target's year
        periods = sorted({p for t in targets for p in (t.year, f"{t.year}年末")})
        facts = [
            _fact(row)
            for row in self._rows(
                "SELECT * FROM facts WHERE modality = 'actual'"
                f" AND period IN ({','.join('?' * len(periods))})",
                *periods,
            )
        ]
        return check_targets(
            targets,
            facts,
            doc_years=doc_years,
            plan_nodes=[row["id"] for row, _ in plans],
            doc_order={d.id: k for k, d in enumerate(newest)},
        )

    def _prints_indicator(self, name: str) -> bool:
        """Whether a figure of the archive is named ``name`` (its group or as printed)."""
        return bool(
            self._rows(
                "SELECT 1 FROM facts WHERE indicator = ?1 OR indicator_text = ?1 LIMIT 1", name
            )
        )

    def _facts_by_id(self, ids: list[int]) -> dict[int, FactInfo]:
        """Whole facts by id, read once and kept (the database lock is held only while
        reading rows)."""
        missing = [i for i in ids if i not in self._fact_cache]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._rows(f"SELECT * FROM facts WHERE id IN ({marks})", *chunk):
                fact = _fact(row)
                self._fact_cache[fact.id] = fact
        return {i: self._fact_cache[i] for i in ids}

    def prepare_facts(self) -> None:
        """Build the index figure questions are answered from (the first question builds
        it otherwise: ~30–60 ms); safe from a worker thread."""
        self._fact_index()

    def _fact_index(self):
        """Every figure, indexed by its names (built once, on the first question)."""
        from .facts.query import NAMES_SQL, FactIndex

        # built once, by whichever thread asks first; the database lock is held only
        # while reading, so the window's own reads never wait for the building
        with self._index_lock:
            if self._fact_index_cache is None:
                names = [
                    (indicator, printed, [int(i) for i in ids.split(",")])
                    for indicator, printed, ids in self._rows(NAMES_SQL)
                ]
                self._fact_index_cache = FactIndex(names, self._facts_by_id, self._doc_refs())
        return self._fact_index_cache

    def _doc_refs(self) -> dict:
        """Each document's title and date year (published, else the year in its title,
        else the last year it covers): 去年 in a document means the year before."""
        from .facts.query import DocRef

        refs = {}
        for doc in self.documents():
            year = None
            for text in (doc.published, doc.title, doc.year_covered):
                found = re.findall(r"(?:19|20)\d\d", text or "")
                if found:
                    year = int(found[0] if text != doc.year_covered else found[-1])
                    break
            refs[doc.id] = DocRef(doc.title, year)
        return refs


_INDEX_SELECT = (
    "SELECT e.term, e.page, e.col, e.node_id, n.title, e.letter, e.doc_id"
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
        row["term"],
        row["page"],
        row["col"],
        row["node_id"],
        row["title"],
        row["letter"],
        row["doc_id"],
    )
