"""The source catalog (``data/sources/catalog.toml``) and reading the files it names.

Every check that can fail on a user's sources lives here or in a parser, and fails with
a :class:`SourceError` naming the file (and line): a malformed catalog, not UTF-8, empty,
missing on disk, a text file the catalog does not name, an unknown parser.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import re
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


PARSER_MODULES = {"yearbook": "yearbook", "report": "report", "article": "article"}
META_FIELDS = ("publisher", "author", "published", "delivered", "year_covered")
_TOML_LINE = re.compile(r"at line (\d+)")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parsers() -> dict[str, Parser]:
    """The parsers a catalog line may name, by name.

    Each parser module is imported when a document that names it is parsed, so a catalog
    can be read (and checked) without importing every parser.
    """

    def lazy(module: str) -> Parser:
        def parse(lines: list[str], meta: DocumentMeta) -> ParsedDocument:
            return importlib.import_module(f"{__package__}.{module}").parse(lines, meta)

        parse.__name__ = f"{module}.parse"
        return parse

    return {name: lazy(module) for name, module in PARSER_MODULES.items()}


def _block_lines(text: str) -> list[int]:
    """The 1-based line of each ``[[document]]`` header in the catalog text."""
    return [
        number
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip().replace(" ", "") == "[[document]]"
    ]


def _key_line(text: str, start: int | None, key: str) -> int | None:
    """The line of ``key = …`` in the document block starting at ``start``."""
    if start is None:
        return None
    lines = text.splitlines()
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1].strip()
        if line.startswith("["):
            break
        if re.match(rf"{re.escape(key)}\s*=", line):
            return number
    return start


def _text_field(block: dict, key: str, where: int | None) -> str | None:
    value = block.get(key)
    if value is None:
        return None
    if isinstance(value, datetime.date):  # an unquoted TOML date: 2021-12-07
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and key == "year_covered":
        return str(value)
    if not isinstance(value, str):
        raise SourceError(CATALOG_NAME, f"字段“{key}”应当是文本（加引号），现在是 {value!r}", where)
    value = value.strip()
    if key in ("published", "delivered") and value and not _ISO_DATE.match(value):
        raise SourceError(CATALOG_NAME, f"字段“{key}”应当是日期 YYYY-MM-DD，现在是“{value}”", where)
    if key == "file" and (Path(value).name != value or not value.endswith(".txt")):
        raise SourceError(
            CATALOG_NAME,
            f"字段“file”应当是一个 .txt 文件名，现在是“{value}”",
            where,
        )
    return value or None


def read_catalog(sources: Path) -> list[CatalogEntry]:
    """Read the catalog of a sources folder and check that it and the folder agree.

    Checks: the catalog exists and is valid TOML; every ``[[document]]`` has ``id``,
    ``file``, ``parser``, ``kind`` and ``title`` as text and names a known parser; ids and
    files are unique; every named file exists; every ``.txt`` in the folder is named.
    Errors name the file and, where there is one, the line.
    """
    catalog_path = sources / CATALOG_NAME
    if not catalog_path.is_file():
        raise SourceError(CATALOG_NAME, f"在 {sources} 中找不到资料目录文件")
    try:
        text = catalog_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = catalog_path.read_bytes()[: error.start].count(b"\n") + 1
        raise SourceError(CATALOG_NAME, "资料目录不是 UTF-8 编码的文本", line) from error
    try:
        catalog = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE.search(str(error))
        line = int(match.group(1)) if match else None
        raise SourceError(CATALOG_NAME, f"资料目录格式有误（{error}）", line) from error
    documents = catalog.get("document", [])
    if not isinstance(documents, list) or not all(isinstance(b, dict) for b in documents):
        raise SourceError(CATALOG_NAME, "资料目录中的文档应写成 [[document]] 表")
    starts = _block_lines(text)
    entries = []
    known = parsers()
    ids: dict[str, int | None] = {}
    files: dict[str, int | None] = {}
    for number, block in enumerate(documents):
        start = starts[number] if number < len(starts) else None
        missing = [key for key in ("id", "file", "parser", "kind", "title") if not block.get(key)]
        if missing:
            raise SourceError(
                CATALOG_NAME,
                f"资料目录中的第 {number + 1} 个文档缺少字段：{'、'.join(missing)}",
                start,
            )
        values = {
            key: _text_field(block, key, _key_line(text, start, key))
            for key in ("id", "file", "parser", "kind", "title", *META_FIELDS)
        }
        if values["parser"] not in known:
            raise SourceError(
                CATALOG_NAME,
                f"未知的解析器“{values['parser']}”（{values['file']}），"
                f"可用的解析器：{'、'.join(known)}",
                _key_line(text, start, "parser"),
            )
        if values["id"] in ids:
            raise SourceError(
                CATALOG_NAME, f"文档编号“{values['id']}”重复", _key_line(text, start, "id")
            )
        if values["file"] in files:
            raise SourceError(
                CATALOG_NAME,
                f"资料文件“{values['file']}”被登记了两次",
                _key_line(text, start, "file"),
            )
        ids[values["id"]] = files[values["file"]] = start
        path = sources / values["file"]
        if not path.is_file():
            where = _key_line(text, start, "file")
            raise SourceError(
                values["file"],
                f"资料目录（{CATALOG_NAME} 第 {where} 行）登记了该文件，但在 {sources} 中找不到它",
            )
        meta = DocumentMeta(
            id=values["id"],
            title=values["title"],
            kind=values["kind"],
            source_file=values["file"],
            **{key: values[key] for key in META_FIELDS},
        )
        entries.append(CatalogEntry(meta, values["parser"], path))
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
        raise SourceError(name, "文件是空的（没有任何文字）")
    return text.splitlines()


def parse_entry(entry: CatalogEntry) -> ParsedDocument:
    """Read and parse one catalogued document."""
    lines = read_source_lines(entry)
    return parsers()[entry.parser](lines, entry.meta)


def sources_digest(sources: Path) -> dict[str, str]:
    """SHA-256 of the catalog and of every text file in a sources folder, by file name."""
    files = sorted([*sources.glob("*.txt"), sources / CATALOG_NAME])
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}
