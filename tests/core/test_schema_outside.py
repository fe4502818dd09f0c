"""The archive as data for IT: what docs/SCHEMA.md promises, checked on the built archive
from a plain sqlite3 connection (no program code between)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from wuwei_desktop.db.schema import metadata

SCHEMA_MD = Path(__file__).resolve().parents[2] / "docs" / "SCHEMA.md"
TABLES = ("meta", "documents", "nodes", "paragraphs", "tables", "index_entries", "facts")


@pytest.fixture()
def plain(archive_path: Path):
    conn = sqlite3.connect(f"file:{archive_path}?mode=ro", uri=True)
    yield conn
    conn.close()


def shown_queries() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", SCHEMA_MD.read_text(encoding="utf-8"), re.S)


def test_schema_md_names_every_table_and_column() -> None:
    text = SCHEMA_MD.read_text(encoding="utf-8")
    for table in metadata.sorted_tables:
        section = text.split(f"### {table.name} ")[1].split("\n### ")[0]
        for column in table.columns:
            assert re.search(rf"^\| (?:[\w, ]*\b)?{column.name}\b", section, re.M), (
                table.name,
                column.name,
            )


def test_foreign_keys_are_declared_and_hold(plain: sqlite3.Connection) -> None:
    declared = {
        (table, row[2], row[3])
        for table in TABLES
        for row in plain.execute(f"PRAGMA foreign_key_list({table})")
    }
    assert {
        ("nodes", "documents", "doc_id"),
        ("nodes", "nodes", "parent_id"),
        ("paragraphs", "nodes", "node_id"),
        ("tables", "nodes", "id"),
        ("index_entries", "nodes", "node_id"),
        ("facts", "tables", "table_id"),
        ("facts", "documents", "doc_id"),
    } <= declared
    assert plain.execute("PRAGMA foreign_key_check").fetchall() == []


def test_json_columns_are_readable_utf8(plain: sqlite3.Connection) -> None:
    for table, column in (("nodes", "path"), ("tables", "data"), ("facts", "others")):
        escaped = plain.execute(
            f"SELECT count(*) FROM {table} WHERE instr({column}, '\\u') > 0"
        ).fetchone()[0]
        assert escaped == 0, (table, column)
    path = plain.execute(
        "SELECT path FROM nodes WHERE id = 'yearbook-2024/市情概览/自然地理/气候'"
    ).fetchone()[0]
    assert path == '["武威年鉴（2024）", "市情概览", "自然地理"]'


def test_every_query_schema_md_shows_runs_and_finds(plain: sqlite3.Connection) -> None:
    queries = shown_queries()
    assert len(queries) >= 8
    for query in queries:
        rows = plain.execute(query).fetchall()
        if "a.id = 'yearbook-2024/" not in query:  # the same 条目 needs two editions
            assert rows, query


def test_a_plain_match_finds_what_a_substring_scan_finds(plain: sqlite3.Connection) -> None:
    def scan(phrase: str) -> set[int]:
        return {
            row[0]
            for row in plain.execute(
                "SELECT id FROM paragraph_text WHERE instr(text, ?1) OR instr(title, ?1)",
                (phrase,),
            )
        }

    for phrase in ("民勤县", "防沙治沙", "石羊河流域", "2023年"):
        matched = {
            row[0]
            for row in plain.execute(
                "SELECT rowid FROM text_trigram WHERE text_trigram MATCH ?", (f'"{phrase}"',)
            )
        }
        assert matched == scan(phrase) and matched, phrase
    unquoted = plain.execute(
        "SELECT count(*) FROM text_trigram WHERE text_trigram MATCH '民勤县'"
    ).fetchone()[0]
    assert unquoted == len(scan("民勤县"))
