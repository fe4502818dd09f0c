"""The archive database's tables, as SQLAlchemy models.

The full-text indexes are FTS5 virtual tables that SQLAlchemy does not model; they are
created by :mod:`wuwei_desktop.db.search` over ``paragraphs`` and ``nodes``.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .version import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Base"]


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Key/value facts about the build: schema version, sources' SHA-256, build time."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    ord: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String)
    publisher: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String)
    delivered: Mapped[str | None] = mapped_column(String)
    year_covered: Mapped[str | None] = mapped_column(String)
    source_file: Mapped[str] = mapped_column(String)
    sha256: Mapped[str] = mapped_column(String)


class NodeRow(Base):
    """A node of the reading tree; ``ord`` is the book order over the whole archive."""

    __tablename__ = "nodes"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("nodes.id"), index=True)
    ord: Mapped[int] = mapped_column(Integer, unique=True)
    depth: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String)
    title: Mapped[str] = mapped_column(Text)
    path: Mapped[list[str]] = mapped_column(JSON)  # ancestor titles, document first
    page_start: Mapped[int | None] = mapped_column(Integer)
    page_end: Mapped[int | None] = mapped_column(Integer)
    end_ord: Mapped[int] = mapped_column(Integer)  # ord of the last node of its subtree


class ParagraphRow(Base):
    """One paragraph of clean text; ``id`` is its book order over the whole archive."""

    __tablename__ = "paragraphs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[str] = mapped_column(ForeignKey("nodes.id"), index=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)


class TableRecord(Base):
    """A table: its typed content as JSON (see :mod:`wuwei_desktop.ingest.tables`)."""

    __tablename__ = "tables"
    id: Mapped[str] = mapped_column(ForeignKey("nodes.id"), primary_key=True)  # its node
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    source_note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JSON)


class IndexEntry(Base):
    """One page reference of the yearbook's subject index."""

    __tablename__ = "index_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id"))
    term: Mapped[str] = mapped_column(Text, index=True)
    letter: Mapped[str] = mapped_column(String)
    page: Mapped[int] = mapped_column(Integer)
    col: Mapped[str | None] = mapped_column(String)
    node_id: Mapped[str | None] = mapped_column(ForeignKey("nodes.id"))


class FactRow(Base):
    """One figure (see :mod:`wuwei_desktop.facts`): indicator group and printed words,
    region, period, value and unit as printed and in a base unit, its source (a sentence
    or a table cell, with the node), and whether other sources print it differently."""

    __tablename__ = "facts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator: Mapped[str] = mapped_column(Text, index=True)
    indicator_text: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(String, index=True)
    period: Mapped[str] = mapped_column(String, index=True)
    value: Mapped[float] = mapped_column(Float)
    value_text: Mapped[str] = mapped_column(String)
    unit: Mapped[str] = mapped_column(String)
    base_value: Mapped[float | None] = mapped_column(Float)
    base_unit: Mapped[str | None] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String)
    modality: Mapped[str] = mapped_column(String)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    node_id: Mapped[str] = mapped_column(ForeignKey("nodes.id"), index=True)
    source_text: Mapped[str] = mapped_column(Text)
    source_kind: Mapped[str] = mapped_column(String)
    period_inferred: Mapped[bool] = mapped_column(Boolean)
    region_inferred: Mapped[bool] = mapped_column(Boolean)
    page: Mapped[int | None] = mapped_column(Integer)
    table_id: Mapped[str | None] = mapped_column(ForeignKey("tables.id"))
    row: Mapped[int | None] = mapped_column(Integer)
    col: Mapped[int | None] = mapped_column(Integer)
    part: Mapped[int | None] = mapped_column(Integer)
    conflict_group: Mapped[str | None] = mapped_column(Text)
    disagrees: Mapped[bool] = mapped_column(Boolean)
    others: Mapped[list] = mapped_column(JSON)
