"""Clean-up shared by every parser: typesetting spaces and wrapped lines.

Chinese text has no spaces between words; the PDF extraction put them between CJK
characters and around numbers (``全 市 常 住 人 口 142.73 万人``). A space is kept only
where both neighbours are Latin letters or digits (``Wuwei City``); every other run of
spaces (ASCII, ideographic U+3000, no-break) is removed.
"""

from __future__ import annotations

import re

_SPACES = "[ \t\u3000\u00a0]+"
_LATIN = "A-Za-z0-9\u00c0-\u024f"
_SPACE_RUN = re.compile(_SPACES)
_KEPT_SPACE = re.compile(f"(?<=[{_LATIN}]){_SPACES}(?=[{_LATIN}])")


def squeeze_spaces(text: str) -> str:
    """Remove typesetting spaces; keep one space between two Latin words or numbers."""
    marked = _KEPT_SPACE.sub("\x00", text.strip(" \t\u3000\u00a0"))
    return _SPACE_RUN.sub("", marked).replace("\x00", " ")


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
