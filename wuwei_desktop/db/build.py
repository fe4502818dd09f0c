"""Build the archive database from the sources folder, atomically.

Every source is read and parsed before anything is written; the database is then
written into a temporary file next to the target and moved over it in one step, so a
failed build leaves the previous archive exactly as it was. Builds of one target take
turns under a file lock (``wuwei.db.lock``), and each removes the temporary file an
interrupted build left. The archive gets the mode any new file of the user gets (0644
with the usual umask: other users of the machine can read it).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Table, create_engine, event, insert
from sqlalchemy.exc import SQLAlchemyError

from .. import __version__
from ..atomic_write import (
    TEMP_SUFFIX,
    new_file_mode,
    os_error_message,
    remove_leftovers,
    temp_prefix,
)
from ..ingest.catalog import parse_entry, read_catalog, sources_digest
from ..ingest.model import Node, ParsedDocument
from . import schema, search
from .build_lock import build_lock
from .outside_search import create_outside_index
from .schema import SCHEMA_VERSION
from .status import CODE_KEY
from .version import code_digest


class BuildError(Exception):
    """The archive could not be written (disk full, no permission…); message in Chinese."""


@dataclass
class BuildSummary:
    """What a build wrote: counts per kind and the time it took."""

    out: Path
    documents: int
    nodes: int
    entries: int
    paragraphs: int
    tables: int
    index_entries: int
    seconds: float
    facts: int = 0

    def as_dict(self) -> dict:
        return {**self.__dict__, "out": str(self.out), "seconds": round(self.seconds, 2)}


def build_archive(sources: Path, out: Path) -> BuildSummary:
    """Parse every catalogued source and write the archive to ``out``.

    Raises:
        SourceError: a source cannot be used; ``out`` is left untouched.
        BuildError: the database cannot be written (disk full, no permission, name too
            long); ``out`` is left untouched and no temporary file stays.
    """
    started = time.perf_counter()
    documents = [parse_entry(entry) for entry in read_catalog(sources)]
    temp_path = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with build_lock(out):
            remove_leftovers(out)
            handle, temp_name = tempfile.mkstemp(
                prefix=temp_prefix(out), suffix=TEMP_SUFFIX, dir=out.parent
            )
            os.close(handle)
            temp_path = Path(temp_name)
            counts = _write_database(temp_path, documents, sources_digest(sources))
            os.chmod(temp_path, new_file_mode())  # mkstemp makes it private (0600)
            os.replace(temp_path, out)
    except (OSError, sqlite3.Error, SQLAlchemyError) as error:
        raise BuildError(_write_failure(out, error)) from error
    finally:
        if temp_path is not None:
            temp_path.unlink(missing_ok=True)
    return BuildSummary(out=out, seconds=time.perf_counter() - started, **counts)


def _write_failure(out: Path, error: Exception) -> str:
    """A Chinese sentence for a build that could not write its database."""
    if isinstance(error, OSError):
        return os_error_message(out, error).rstrip("。") + "。原有的档案未改动。"
    cause = str(getattr(error, "orig", None) or error)
    if "full" in cause or "too large" in cause or "disk I/O" in cause:
        reason = "磁盘已满或文件大小超出限制"
    else:
        reason = f"数据库写入错误：{cause}"
    return f"无法写入档案数据库 {out}：{reason}。原有的档案未改动。"


def _write_database(path: Path, documents: list[ParsedDocument], digest: dict) -> dict:
    engine = create_engine(f"sqlite:///{path}", json_serializer=readable_json)
    event.listen(engine, "connect", _tune_for_bulk_load)
    schema.metadata.create_all(engine)
    rows = _rows(documents)
    with engine.begin() as conn:
        for table, batch in rows.items():
            if batch:
                conn.execute(insert(table), batch)
        conn.execute(insert(schema.meta), _meta_rows(digest))
        raw = conn.connection.driver_connection
        search.create_search_index(raw)
        create_outside_index(raw)
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        raw.execute("ANALYZE")
        raw.execute("VACUUM")
    engine.dispose()
    nodes = rows[schema.nodes]
    return {
        "documents": len(rows[schema.documents]),
        "nodes": len(nodes),
        "entries": sum(1 for node in nodes if node["kind"] == "entry"),
        "paragraphs": len(rows[schema.paragraphs]),
        "tables": len(rows[schema.tables]),
        "index_entries": len(rows[schema.index_entries]),
        "facts": len(rows[schema.facts]),
    }


def readable_json(value: object) -> str:
    """JSON as the archive stores it: readable UTF-8 (``武威``, not ``\\u6b66\\u5a01``),
    so outside tools show and search it as written."""
    return json.dumps(value, ensure_ascii=False)


def _tune_for_bulk_load(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.execute("PRAGMA journal_mode = OFF")
    dbapi_connection.execute("PRAGMA synchronous = OFF")


def _meta_rows(digest: dict) -> list[dict]:
    return [
        {"key": "schema_version", "value": str(SCHEMA_VERSION)},
        {"key": "app_version", "value": __version__},
        {"key": "sources", "value": readable_json(digest)},
        {"key": CODE_KEY, "value": code_digest() or ""},
        {"key": "built_at", "value": datetime.now(UTC).isoformat(timespec="seconds")},
    ]


def _rows(documents: list[ParsedDocument]) -> dict[Table, list[dict]]:
    """Flatten the parsed documents into rows per table, in book order."""
    from ..facts.conflicts import mark_disagreements
    from ..facts.from_tables import facts_from_table
    from ..facts.from_text import facts_from_document
    from ..ingest.tables import parse_table

    rows: dict[Table, list[dict]] = {
        schema.documents: [],
        schema.nodes: [],
        schema.paragraphs: [],
        schema.tables: [],
        schema.index_entries: [],
        schema.facts: [],
    }
    facts = []
    for doc_ord, parsed in enumerate(documents):
        meta = parsed.meta
        rows[schema.documents].append({**meta.__dict__, "ord": doc_ord})
        facts.extend(facts_from_document(parsed))
        for node, depth, path in _walk(parsed.root, 0, []):
            node_ord = len(rows[schema.nodes])
            rows[schema.nodes].append(
                {
                    "id": node.id,
                    "doc_id": meta.id,
                    "parent_id": path[-1][0] if path else None,
                    "ord": node_ord,
                    "depth": depth,
                    "kind": node.kind,
                    "title": node.title,
                    "path": [title for _, title in path],
                    "page_start": node.page_start,
                    "page_end": node.page_end,
                    "end_ord": node_ord + sum(1 for _ in node.walk()) - 1,
                }
            )
            for seq, paragraph in enumerate(node.paragraphs):
                rows[schema.paragraphs].append(
                    {
                        "id": len(rows[schema.paragraphs]) + 1,
                        "node_id": node.id,
                        "doc_id": meta.id,
                        "seq": seq,
                        "page": paragraph.page,
                        "role": paragraph.role,
                        "text": paragraph.text,
                        "line": paragraph.line,
                    }
                )
            if node.table is not None:
                table = parse_table(node.table)
                rows[schema.tables].append(
                    {
                        "id": node.id,
                        "doc_id": meta.id,
                        "number": table.number,
                        "title": table.title,
                        "unit": table.unit,
                        "source_note": table.source_note,
                        "data": table.to_dict(),
                    }
                )
                facts.extend(
                    facts_from_table(
                        table,
                        doc=meta.id,
                        node_id=node.id,
                        year=meta.year_covered,
                        page=node.page_start,
                    )
                )
        for term in parsed.index_terms:
            for ref in term.refs:
                rows[schema.index_entries].append(
                    {
                        "doc_id": meta.id,
                        "term": term.term,
                        "letter": term.letter,
                        "page": ref.page,
                        "col": ref.col,
                        "node_id": ref.node_id,
                    }
                )
    mark_disagreements(facts)
    for number, fact in enumerate(facts, 1):
        fact.id = number
        row = fact.as_dict()
        row["doc_id"] = row.pop("doc")
        rows[schema.facts].append(row)
    return rows


def _walk(node: Node, depth: int, path: list[tuple[str, str]]):
    """Yield (node, depth, ancestors as (id, title)) in book order."""
    yield node, depth, path
    for child in node.children:
        yield from _walk(child, depth + 1, [*path, (node.id, node.title)])
