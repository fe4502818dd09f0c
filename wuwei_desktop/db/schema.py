"""The archive database's tables, as SQLAlchemy Core tables.

The full-text indexes are FTS5 virtual tables that SQLAlchemy does not model; they are
created by :mod:`wuwei_desktop.db.search` over ``paragraphs`` and ``nodes``. Core, not
the ORM: the archive is written with bulk inserts and read with SQL, and the bundle
carries no ORM.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from .version import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "metadata"]

metadata = MetaData()


def _required(name: str, kind, *args, **kwargs) -> Column:
    """A NOT NULL column."""
    return Column(name, kind, *args, nullable=False, **kwargs)


def _optional(name: str, kind, *args, **kwargs) -> Column:
    """A column that may be NULL."""
    return Column(name, kind, *args, nullable=True, **kwargs)


meta = Table(
    "meta",  # key/value facts about the build: schema version, sources' SHA-256, build time
    metadata,
    Column("key", String, primary_key=True),
    _required("value", Text),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String, primary_key=True),
    _required("ord", Integer),
    _required("title", Text),
    _required("kind", String),
    _optional("publisher", Text),
    _optional("author", Text),
    _optional("published", String),
    _optional("delivered", String),
    _optional("year_covered", String),
    _required("source_file", String),
    _required("sha256", String),
)

nodes = Table(
    "nodes",  # the reading tree; ``ord`` is the book order over the whole archive
    metadata,
    Column("id", String, primary_key=True),
    _required("doc_id", String, ForeignKey("documents.id"), index=True),
    _optional("parent_id", String, ForeignKey("nodes.id"), index=True),
    _required("ord", Integer, unique=True),
    _required("depth", Integer),
    _required("kind", String),
    _required("title", Text),
    _required("path", JSON),  # ancestor titles, document first
    _optional("page_start", Integer),
    _optional("page_end", Integer),
    _required("end_ord", Integer),  # ord of the last node of its subtree
)

paragraphs = Table(
    "paragraphs",  # clean text; ``id`` is the book order over the whole archive
    metadata,
    Column("id", Integer, primary_key=True),
    _required("node_id", String, ForeignKey("nodes.id"), index=True),
    _required("doc_id", String, ForeignKey("documents.id"), index=True),
    _required("seq", Integer),
    _optional("page", Integer),
    _required("role", String),
    _required("text", Text),
    _required("line", Integer),
)

tables = Table(
    "tables",  # typed content as JSON (see wuwei_desktop.ingest.tables); id: its node
    metadata,
    Column("id", String, ForeignKey("nodes.id"), primary_key=True),
    _required("doc_id", String, ForeignKey("documents.id"), index=True),
    _required("number", Integer),
    _required("title", Text),
    _optional("unit", Text),
    _optional("source_note", Text),
    _required("data", JSON),
)

index_entries = Table(
    "index_entries",  # one page reference of the yearbook's subject index
    metadata,
    Column("id", Integer, primary_key=True),
    _required("doc_id", String, ForeignKey("documents.id")),
    _required("term", Text, index=True),
    _required("letter", String),
    _required("page", Integer),
    _optional("col", String),
    _optional("node_id", String, ForeignKey("nodes.id")),
)

facts = Table(
    # one figure (see wuwei_desktop.facts): indicator group and printed words, region,
    # period, value and unit as printed and in a base unit, its source (a sentence or a
    # table cell, with the node), and whether other sources print it differently
    "facts",
    metadata,
    Column("id", Integer, primary_key=True),
    _required("indicator", Text, index=True),
    _required("indicator_text", Text),
    _required("region", String, index=True),
    _required("period", String, index=True),
    _required("value", Float),
    _required("value_text", String),
    _required("unit", String),
    _optional("base_value", Float),
    _optional("base_unit", String),
    _required("kind", String),
    _required("modality", String),
    _required("doc_id", String, ForeignKey("documents.id"), index=True),
    _required("node_id", String, ForeignKey("nodes.id"), index=True),
    _required("source_text", Text),
    _required("source_kind", String),
    _required("period_inferred", Boolean),
    _required("region_inferred", Boolean),
    _optional("page", Integer),
    _optional("table_id", String, ForeignKey("tables.id")),
    _optional("row", Integer),
    _optional("col", Integer),
    _optional("part", Integer),
    _optional("conflict_group", Text),
    _required("disagrees", Boolean),
    _required("others", JSON),
)
