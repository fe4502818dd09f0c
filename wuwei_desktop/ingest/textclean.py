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
_GAP = re.compile("(\u3000+)")
_WORD_END = re.compile(f"[{_CJK}]{{2}}$")
_WORD_START = re.compile(f"^[{_CJK}]{{2}}")
_SINGLE = re.compile(f"^[{_CJK}](?![{_CJK}])")  # 王, 娟（女）, 摄）
IDEOGRAPHIC_SPACE = "\u3000"


def squeeze_spaces(text: str) -> str:
    """Remove typesetting spaces; keep the spaces that separate words.

    Kept: one space between two Latin words or numbers, and one ideographic space where
    the book sets it between two names or items (see :func:`_separators`). Every ASCII
    space between Chinese characters goes, and so does letter-spacing (``公　安``).
    """
    marked = _KEPT_SPACE.sub("\x00", text.strip(" \t\u3000\u00a0"))
    marked = _separators(_TYPESETTING.sub("", marked))
    marked = _SPACE_RUN.sub("", marked)
    return marked.replace("\x00", " ").replace("\x01", IDEOGRAPHIC_SPACE)


def _separators(text: str) -> str:
    """Ideographic spaces that separate words marked ``\\x01``; letter-spacing removed.

    The book sets names and list items apart with an ideographic space (``王丽　戴声桥``,
    ``局长　潘多民``, ``第十三条　城市绿地…``) and letter-spaces short words to fill a
    column: a two-character name or title gets a space between its characters (``王　娟``,
    ``部　　　长``, ``公　安``). So single characters standing between spaces pair up,
    left to right, into words (an odd one left over joins the one before it; a lone one
    joins its neighbours: ``戴声桥　摄``), and a space between two words of two
    characters or more is kept: ``部　　　长　周　勇`` → ``部长　周勇``.
    """
    parts = _GAP.split(text)
    tokens = parts[0::2]
    if len(tokens) == 1:
        return text
    single = [bool(_SINGLE.match(t)) for t in tokens]
    run_index = [0] * len(tokens)  # position of a single character within its run
    run_length = [0] * len(tokens)
    k = 0
    while k < len(tokens):
        end = k
        while end < len(tokens) and single[end]:
            end += 1
        for i in range(k, end):
            run_index[i], run_length[i] = i - k, end - k
        k = max(end, k + 1)
    out = [tokens[0]]
    for k in range(len(tokens) - 1):
        out.append("\x01" if _keeps_gap(tokens, single, run_index, run_length, k) else "")
        out.append(tokens[k + 1])
    return "".join(out)


def _keeps_gap(tokens, single, run_index, run_length, k: int) -> bool:
    """Is the gap after ``tokens[k]`` a separator between two words?"""
    left, right = k, k + 1
    if single[left] and single[right]:
        last_of_odd = run_length[left] % 2 == 1 and run_index[right] == run_length[right] - 1
        return run_index[left] % 2 == 1 and not last_of_odd
    left_word = _WORD_END.search(tokens[left]) or (single[left] and run_length[left] > 1)
    right_word = _WORD_START.match(tokens[right]) or (single[right] and run_length[right] > 1)
    return bool(left_word and right_word)


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
