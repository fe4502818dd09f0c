"""The source catalog (``data/sources/catalog.toml``) and reading the files it names.

Every check that can fail on a user's sources lives here or in a parser, and fails with
a :class:`SourceError` naming the file (and line): not UTF-8, empty, missing on disk, a
text file the catalog does not name, an unknown parser.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .model import DocumentMeta, ParsedDocument, SourceError

CATALOG_NAME = "catalog.toml"
Parser = Callable[[list[str], DocumentMeta], ParsedDocument]


@dataclass
class CatalogEntry:
    meta: DocumentMeta
    parser: str
    path: Path


def parsers() -> dict[str, Parser]:
    """The parsers a catalog line may name, by name."""
    from . import article, report, yearbook

    return {"yearbook": yearbook.parse, "report": report.parse, "article": article.parse}


def read_catalog(sources: Path) -> list[CatalogEntry]:
    """Read the catalog of a sources folder and check that it and the folder agree."""
    catalog_path = sources / CATALOG_NAME
    if not catalog_path.is_file():
        raise SourceError(CATALOG_NAME, f"在 {sources} 中找不到资料目录文件")
    try:
        catalog = tomllib.loads(catalog_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SourceError(CATALOG_NAME, f"资料目录格式有误（{error}）") from error
    entries = []
    known = parsers()
    for block in catalog.get("document", []):
        missing = [key for key in ("id", "file", "parser", "kind", "title") if not block.get(key)]
        if missing:
            raise SourceError(CATALOG_NAME, f"资料目录中的文档缺少字段：{'、'.join(missing)}")
        if block["parser"] not in known:
            raise SourceError(CATALOG_NAME, f"未知的解析器“{block['parser']}”（{block['file']}）")
        meta = DocumentMeta(
            id=block["id"],
            title=block["title"],
            kind=block["kind"],
            source_file=block["file"],
            publisher=block.get("publisher"),
            author=block.get("author"),
            published=block.get("published"),
            delivered=block.get("delivered"),
            year_covered=block.get("year_covered"),
        )
        entries.append(CatalogEntry(meta, block["parser"], sources / block["file"]))
    if not entries:
        raise SourceError(CATALOG_NAME, "资料目录中没有任何文档")
    named = {entry.path.name for entry in entries}
    for stray in sorted(p.name for p in sources.glob("*.txt") if p.name not in named):
        raise SourceError(stray, "该文件不在资料目录（catalog.toml）中，请为它添加一条记录")
    return entries


def read_source_lines(entry: CatalogEntry) -> list[str]:
    """Read a catalogued file as UTF-8 lines (no line ends); fill in its SHA-256."""
    name = entry.path.name
    if not entry.path.is_file():
        raise SourceError(name, "资料文件不存在")
    data = entry.path.read_bytes()
    entry.meta.sha256 = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(name, "文件不是 UTF-8 编码的文本", line) from error
    if not text.strip():
        raise SourceError(name, "文件是空的")
    return text.splitlines()


def parse_entry(entry: CatalogEntry) -> ParsedDocument:
    """Read and parse one catalogued document."""
    lines = read_source_lines(entry)
    return parsers()[entry.parser](lines, entry.meta)


def sources_digest(sources: Path) -> dict[str, str]:
    """SHA-256 of the catalog and of every text file in a sources folder, by file name."""
    files = sorted([*sources.glob("*.txt"), sources / CATALOG_NAME])
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}
