"""What a document promises about itself, checked against what was parsed.

A source cut off mid-way, or missing a part, must not become an archive that looks
complete. Every rule here reads a promise the text itself makes, so it holds for next
year's documents with other counts:

- **numbered parts run on**: the sections of one node numbered ``（一）（二）…``,
  ``一、二、…``, ``第一章…``, ``第一条…`` or ``1月 2月 …`` count up from one without a gap;
- **announced counts**: a paragraph ending ``重点做好七个方面的工作：`` is followed by seven
  numbered sections; ``要办好10件为民实事：1.… 2.…`` lists items 1 to 10;
- **a 目录 lists what follows**: every entry of a section's own table of contents is one
  of the sections after it;
- **the text ends**: the last paragraph of running text finishes its sentence, and the
  last heading has text under it.

:func:`problems` returns ``(line, message)`` pairs in Chinese; :func:`refuse` raises one
:class:`SourceError` naming the file and listing them.
"""

from __future__ import annotations

import re

from .model import Node, Paragraph, SourceError

NUMERALS = "零一二三四五六七八九十百"
_SERIES = (
    ("（）", re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]")),
    ("、", re.compile(r"^([一二三四五六七八九十]+)、")),
    ("章", re.compile(r"^第([一二三四五六七八九十百零]+)章")),
    ("条", re.compile(r"^第([一二三四五六七八九十百零]+)条")),
    ("月", re.compile(r"^(\d{1,2})月$")),
)
_ASPECTS = re.compile(r"([一二三四五六七八九十]+|\d+)个方面[^，。,；;]{0,12}[：:]$")
_ITEMS = re.compile(r"([一二三四五六七八九十]+|\d+)件[^，。,；;：:]{0,12}[：:]")
_ITEM_NUMBER = re.compile(r"(?:^|[。；;：:！!])\s*(\d{1,3})[.．、](?=\D)")
_TERMINAL = "。！？!?…；;"
_CLOSERS = "”’」』）)》〉】]\"'"
MAX_LISTED = 5


def number_of(text: str) -> int | None:
    """The value of ``七``, ``十二``, ``二十三``, ``一百零五`` or ``12``; None if not a number."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in NUMERALS for ch in text):
        return None
    digits = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = digits[ch]
    return total + current


def _numbered(node: Node) -> dict[str, list[tuple[int, Node]]]:
    """The children of ``node`` by numbering style: ``{style: [(number, child), …]}``."""
    series: dict[str, list[tuple[int, Node]]] = {}
    for child in node.children:
        title = "".join(child.title.split())
        for style, pattern in _SERIES:
            match = pattern.match(title)
            if match:
                value = number_of(match.group(1))
                if value is not None:
                    series.setdefault(style, []).append((value, child))
                break
    return series


def _line(node: Node) -> int | None:
    for item in node.walk():
        for paragraph in item.paragraphs:
            if paragraph.line:
                return paragraph.line
    return None


def _label(style: str, value: int) -> str:
    return {"（）": f"（{value}）", "、": f"第{value}部分", "月": f"{value}月"}.get(
        style, f"第{value}{style}"
    )


def numbering_problems(root: Node) -> list[tuple[int | None, str]]:
    """Numbered sections that skip a number or do not start at one."""
    found = []
    for node in root.walk():
        series = _numbered(node)
        chapters = series.get("章", [])
        if chapters:  # articles are numbered on through the chapters
            series["条"] = [m for _, c in chapters for m in _numbered(c).get("条", [])]
        if _SERIES[2][1].match("".join(node.title.split())):
            series.pop("条", None)  # checked with the chapters of its parent
        for style, members in series.items():
            expected = 1
            for value, child in members:
                if value != expected:
                    where = f"“{node.title}”之下" if node is not root else "正文中"
                    missing = _label(style, expected)
                    found.append(
                        (
                            _line(child),
                            f"{where}编号不连续：缺少{missing}，接着出现的是“{child.title}”",
                        )
                    )
                    break
                expected += 1
    return found


def announcement_problems(root: Node) -> list[tuple[int | None, str]]:
    """Counts a paragraph announces (七个方面：, 10件实事：) against what follows it."""
    found = []
    for node in root.walk():
        numbered = _numbered(node)
        for paragraph in node.paragraphs:
            text = "".join(paragraph.text.split())
            match = _ASPECTS.search(text)
            if match and numbered:
                promised = number_of(match.group(1))
                have = max(len(members) for members in numbered.values())
                if promised is not None and have < promised:
                    found.append(
                        (
                            paragraph.line,
                            f"“{match.group(0)}”预告了 {promised} 个部分，"
                            f"只找到 {have} 个（“{node.title}”之下）",
                        )
                    )
            for match in _ITEMS.finditer(text):
                promised = number_of(match.group(1))
                listed = [int(m.group(1)) for m in _ITEM_NUMBER.finditer(text[match.end() - 1 :])]
                if not listed or listed[0] != 1 or promised is None:
                    continue  # not an enumeration that follows the colon
                run = 0
                for value in listed:
                    if value != run + 1:
                        break
                    run = value
                if run < promised:
                    found.append(
                        (
                            paragraph.line,
                            f"“{match.group(0)}”预告了 {promised} 项，只列出了 {run} 项",
                        )
                    )
    return found


def contents_problems(root: Node, toc_title: str = "目录") -> list[tuple[int | None, str]]:
    """Every line of a section's own 目录 names one of the sections after it."""
    found = []
    for node in root.walk():
        for index, child in enumerate(node.children):
            if "".join(child.title.split()) != toc_title or not child.paragraphs:
                continue
            after = {"".join(c.title.split()) for c in node.children[index + 1 :]}
            for paragraph in child.paragraphs:
                listed = "".join(paragraph.text.split())
                if listed not in after:
                    found.append(
                        (
                            paragraph.line,
                            f"“{node.title}”的目录列出了“{listed}”，但正文中没有这一部分",
                        )
                    )
    return found


def ends_sentence(text: str) -> bool:
    """Does the text end a sentence (closing quotes and brackets aside)?"""
    core = text.rstrip().rstrip(_CLOSERS)
    return bool(core) and core[-1] in _TERMINAL


def ending_problems(root: Node, last_line: int) -> list[tuple[int | None, str]]:
    """Running text that stops mid-sentence, or a last heading with nothing under it."""
    found = []
    body: list[Paragraph] = [p for n in root.walk() for p in n.paragraphs if p.role == "body"]
    if body and not ends_sentence(body[-1].text):
        tail = body[-1].text[-20:]
        found.append((body[-1].line, f"正文在“…{tail}”处中断，最后一句没有结束"))
    last = list(root.walk())[-1]
    if (
        last is not root
        and not last.children
        and not any(p.role in ("body", "caption") for p in last.paragraphs)
    ):
        found.append((last_line, f"最后一个标题“{last.title}”之下没有正文"))
    return found


def problems(root: Node, last_line: int, *, running_text: bool = True) -> list:
    """Every broken promise of a parsed document: ``[(line or None, message), …]``."""
    found = numbering_problems(root) + announcement_problems(root) + contents_problems(root)
    if running_text:
        found += ending_problems(root, last_line)
    return found


def refuse(file: str, found: list[tuple[int | None, str]]) -> None:
    """Raise one :class:`SourceError` listing the problems found, if there are any."""
    if not found:
        return
    listed = "；".join(message for _, message in found[:MAX_LISTED])
    more = f"；另有 {len(found) - MAX_LISTED} 处" if len(found) > MAX_LISTED else ""
    line = next((line for line, _ in found if line), None)
    raise SourceError(file, f"文件不完整，拒绝生成档案：{listed}{more}", line)
