"""Helpers for the ingest tests: load a catalogued document, rebuild its reading stream."""

from __future__ import annotations

import re
from pathlib import Path

from wuwei_desktop.ingest import catalog
from wuwei_desktop.ingest.model import Node, ParsedDocument

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"


def entry(doc_id: str) -> catalog.CatalogEntry:
    return next(e for e in catalog.read_catalog(SOURCES) if e.meta.id == doc_id)


def parse(doc_id: str) -> ParsedDocument:
    return catalog.parse_entry(entry(doc_id))


def source_lines(doc_id: str) -> list[str]:
    return (SOURCES / entry(doc_id).meta.source_file).read_text(encoding="utf-8").splitlines()


def nospace(text: str) -> str:
    return "".join(text.split())


def stream(root: Node, roles=("body", "heading", "byline", "caption")) -> str:
    """Titles of stand-alone headings and the paragraphs, in reading order, no whitespace.

    A section whose first paragraph starts with its title (a run-in heading such as
    ``(一)…。``) has the title inside that paragraph, so the title is not repeated.
    """
    parts = []
    for node in root.walk():
        first = node.paragraphs[0].text if node.paragraphs else ""
        if node is not root and not nospace(first).startswith(nospace(node.title)):
            parts.append(node.title)
        parts.extend(p.text for p in node.paragraphs if p.role in roles)
    return nospace("".join(parts))


def source_stream(lines: list[str], dropped: set[int]) -> str:
    """The source text without the given lines, Markdown heading marks and whitespace."""
    kept = [re.sub(r"^#+\s*", "", line) for n, line in enumerate(lines, 1) if n not in dropped]
    return nospace("".join(kept))


def paragraphs(root: Node, role: str | None = None):
    return [p for node in root.walk() for p in node.paragraphs if role in (None, p.role)]
