"""A full-text index for tools outside the program (sqlite3, Datasette): FTS5 trigram.

The program's own index (:mod:`wuwei_desktop.db.search`) stores overlapping bigrams as
ASCII tokens, which a plain ``MATCH '民勤县'`` from outside cannot use. ``text_trigram``
indexes the paragraphs' text and their nodes' titles with SQLite's own ``trigram``
tokenizer, over the ``paragraph_text`` view (no second copy of the text): any phrase of
three or more characters matches with a plain ``MATCH '"民勤县"'`` (see docs/SCHEMA.md;
one or two characters: ``LIKE '%民勤%'``). The program never reads it.
"""

from __future__ import annotations

import sqlite3

TRIGRAM_TABLE = "text_trigram"
TEXT_VIEW = "paragraph_text"


def create_outside_index(conn: sqlite3.Connection) -> None:
    """Create and fill the view and the trigram index; runs in the caller's transaction."""
    conn.execute(f"DROP TABLE IF EXISTS {TRIGRAM_TABLE}")
    conn.execute(f"DROP VIEW IF EXISTS {TEXT_VIEW}")
    conn.execute(
        f"CREATE VIEW {TEXT_VIEW} AS SELECT p.id AS id, p.doc_id AS doc_id,"
        " p.node_id AS node_id, n.title AS title, p.page AS page, p.text AS text"
        " FROM paragraphs AS p JOIN nodes AS n ON n.id = p.node_id"
    )
    conn.execute(
        f"CREATE VIRTUAL TABLE {TRIGRAM_TABLE} USING fts5(title, text,"
        f" content='{TEXT_VIEW}', content_rowid='id', tokenize='trigram', detail=full)"
    )
    for command in ("rebuild", "optimize"):  # optimize: one b-tree segment, 0.5 MB less
        conn.execute(f"INSERT INTO {TRIGRAM_TABLE}({TRIGRAM_TABLE}) VALUES ('{command}')")
