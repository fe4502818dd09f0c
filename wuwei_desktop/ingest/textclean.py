"""Clean-up shared by every parser: typesetting spaces and wrapped lines.

Chinese text has no spaces between words; the PDF extraction put them between CJK
characters and around numbers (``全 市 常 住 人 口 142.73 万人``). A space is kept where
both neighbours are Latin letters or digits (``Wuwei City``), and an ideographic space
(U+3000) where the book sets it between two names or items (``王丽　戴声桥``); every
other run of spaces is removed.
"""

from __future__ import annotations

import re

_SPACES = "[ \t\u3000\u00a0]+"
_LATIN = "A-Za-z0-9\u00c0-\u024f"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_SPACE_RUN = re.compile(_SPACES)
_KEPT_SPACE = re.compile(f"(?<=[{_LATIN}]){_SPACES}(?=[{_LATIN}])")
_TYPESETTING = re.compile("[ \t\u00a0]+")
_SEPARATOR = re.compile(f"(?<=[{_CJK}]{{2}})\u3000+(?=[{_CJK}]{{2}})")
IDEOGRAPHIC_SPACE = "\u3000"


def squeeze_spaces(text: str) -> str:
    """Remove typesetting spaces; keep the spaces that separate words.

    Kept: one space between two Latin words or numbers; one ideographic space where it
    separates two words of two or more Chinese characters (``王丽　戴声桥``, ``局长　潘多民``,
    ``第十三条　城市绿地…``). Letter-spacing of short words (``公　安``, ``指　　标``) and
    every ASCII space between Chinese characters go.
    """
    marked = _KEPT_SPACE.sub("\x00", text.strip(" \t\u3000\u00a0"))
    marked = _SEPARATOR.sub("\x01", _TYPESETTING.sub("", marked))
    marked = _SPACE_RUN.sub("", marked)
    return marked.replace("\x00", " ").replace("\x01", IDEOGRAPHIC_SPACE)


def join_wrapped(lines: list[str]) -> str:
    """Join the hard-wrapped lines of one paragraph into its clean text."""
    text = ""
    for line in lines:
        piece = squeeze_spaces(line)
        if not piece:
            continue
        if text and _is_latin_letter(text[-1]) and _is_latin_letter(piece[0]):
            text += " "  # a wrap between two Latin words
        text += piece
    return text


def strip_all_space(text: str) -> str:
    """Remove every whitespace character: the form used to compare titles and headings."""
    return "".join(text.split())


def _is_latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()
