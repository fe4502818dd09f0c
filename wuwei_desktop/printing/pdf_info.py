"""Bookmarks and document information added to a PDF that Qt wrote.

QPdfWriter has no outline and no subject or language. They are appended as an
incremental update (PDF 1.7, 7.5.6): the catalog and the information dictionary are
written again with the new entries, the outline items after them, and a cross-reference
section that points back to Qt's. Qt's bytes stay as they are, so this costs
milliseconds even for the whole book. pypdf parses the file; the outline is written
out directly (pypdf's objects take a quarter of a second for the book's 1,600 items).
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import (
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


@dataclass(frozen=True)
class Bookmark:
    """One outline item: depth (0 = top), title, page index, distance of its heading
    from the page's top edge in points."""

    level: int
    title: str
    page: int
    top: float


def add_outline_and_info(
    data: bytes,
    bookmarks: list[Bookmark],
    info: dict[str, str],
    language: str,
    page_height: float,
) -> bytes:
    """``data`` (a PDF) with ``bookmarks`` as its outline, shown when opened, ``info``
    (``Title``, ``Author``, ``Subject`` …) in its document information and ``language``
    (``zh-CN``) as the catalog's ``/Lang``; ``page_height`` in points places the
    bookmarks' targets."""
    # strict: Qt's file is well formed, so pypdf need not check every object it lists
    # (3,700 seeks for the book) nor repair anything
    reader = PdfReader(io.BytesIO(data), strict=True)
    trailer = reader.trailer
    root_ref = trailer.raw_get("/Root")
    info_ref = trailer.raw_get("/Info")
    size = int(trailer["/Size"])
    objects: dict[int, bytes] = {}
    catalog = DictionaryObject(trailer["/Root"])
    catalog[NameObject("/Lang")] = TextStringObject(language)
    if bookmarks:
        pages = _page_ids(reader)
        first = size
        size += 1 + len(bookmarks)
        objects.update(_outline(bookmarks, pages, page_height, first))
        catalog[NameObject("/Outlines")] = IndirectObject(first, 0, None)
        catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
    objects[root_ref.idnum] = _serialised(catalog)
    document_info = DictionaryObject(trailer["/Info"])
    for key, value in info.items():
        document_info[NameObject(f"/{key}")] = TextStringObject(value)
    objects[info_ref.idnum] = _serialised(document_info)
    return _append(data, objects, trailer, size)


def _page_ids(reader: PdfReader) -> list[int]:
    """The object numbers of the pages in order: the page tree's kids when it is flat
    (Qt writes it so; read without pypdf's page objects, 0.1 s for the book)."""
    tree = reader.trailer["/Root"]["/Pages"]
    kids = tree["/Kids"]
    if len(kids) == int(tree["/Count"]):
        return [kid.idnum for kid in kids]
    return [page.indirect_reference.idnum for page in reader.pages]


def _serialised(obj: DictionaryObject) -> bytes:
    out = io.BytesIO()
    obj.write_to_stream(out)
    return out.getvalue()


def _text(value: str) -> str:
    """A PDF text string in UTF-16BE with its byte order mark, as hex."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def _outline(
    bookmarks: list[Bookmark], pages: list[int], page_height: float, first: int
) -> dict[int, bytes]:
    """The outline dictionary (object ``first``) and its items (the objects after it),
    written out: thousands of items in milliseconds."""
    ref = [f"{first + 1 + k} 0 R" for k in range(len(bookmarks))]
    entries: list[dict[str, str]] = [{} for _ in bookmarks]
    children: dict[int, list[int]] = {-1: []}  # item (-1: the outline) -> its children
    stack: list[tuple[int, int]] = []  # (level, item) of the open ancestors
    for k, mark in enumerate(bookmarks):
        while stack and stack[-1][0] >= mark.level:
            stack.pop()
        parent = stack[-1][1] if stack else -1
        children[parent].append(k)
        children[k] = []
        stack.append((mark.level, k))
        top = round(page_height - mark.top, 1)
        entries[k]["Title"] = _text(mark.title)
        entries[k]["Parent"] = f"{first} 0 R" if parent < 0 else ref[parent]
        entries[k]["Dest"] = f"[{pages[mark.page]} 0 R /XYZ null {top} null]"
    outline = {"Type": "/Outlines"}
    for parent, kids in children.items():
        if not kids:
            continue
        node = outline if parent < 0 else entries[parent]
        node["First"], node["Last"] = ref[kids[0]], ref[kids[-1]]
        # the outline and its top items open; a negative count keeps deeper ones folded
        is_open = parent < 0 or bookmarks[parent].level == 0
        node["Count"] = str(len(kids) if is_open else -len(kids))
        for before, after in itertools.pairwise(kids):
            entries[before]["Next"] = ref[after]
            entries[after]["Prev"] = ref[before]

    def written(entry: dict[str, str]) -> bytes:
        return (
            "<< " + " ".join(f"/{key} {value}" for key, value in entry.items()) + " >>"
        ).encode()

    objects = {first: written(outline)}
    for k, entry in enumerate(entries):
        objects[first + 1 + k] = written(entry)
    return objects


def _append(data: bytes, objects: dict[int, bytes], trailer, size: int) -> bytes:
    """``data`` with an incremental update holding ``objects`` (id -> its bytes)."""
    match = _STARTXREF.search(data[-1024:])
    if match is None:
        raise ValueError("PDF without startxref")
    out = io.BytesIO()
    out.write(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for idnum in sorted(objects):
        offsets[idnum] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (idnum, objects[idnum]))
    xref = out.tell()
    out.write(b"xref\n")
    for first, run in _runs(sorted(offsets)):
        out.write(f"{first} {len(run)}\n".encode())
        for idnum in run:
            out.write(f"{offsets[idnum]:010d} 00000 n \n".encode())
    new_trailer = DictionaryObject(
        {
            NameObject("/Size"): NumberObject(size),
            NameObject("/Root"): trailer.raw_get("/Root"),
            NameObject("/Info"): trailer.raw_get("/Info"),
            NameObject("/Prev"): NumberObject(int(match.group(1))),
        }
    )
    if "/ID" in trailer:
        new_trailer[NameObject("/ID")] = trailer["/ID"]
    out.write(b"trailer\n")
    new_trailer.write_to_stream(out)
    out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _runs(ids: list[int]) -> list[tuple[int, list[int]]]:
    """Consecutive object numbers grouped: the subsections of a cross-reference table."""
    runs: list[tuple[int, list[int]]] = []
    for idnum in ids:
        if runs and runs[-1][1][-1] == idnum - 1:
            runs[-1][1].append(idnum)
        else:
            runs.append((idnum, [idnum]))
    return runs
