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
_ONE_END = re.compile(f"(?:^|[^{_CJK}])[{_CJK}]$")  # …：书
_ONE_START = re.compile(f"^[{_CJK}](?:[^{_CJK}]|$)")  # 娟（女）, 摄）
_CLOSING = "）)」』”’》〉】]"
_OPENING = "（(「『“‘《〈【["
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
    ``部　　　长``, ``书　记``, ``公　安``). So single characters standing between spaces
    form a chain that pairs up, left to right, into words (an odd one left over joins the
    one before it; a lone one joins its neighbours: ``戴声桥　摄``), and a space between
    two words of two characters or more is kept: ``部　　　长　周　勇`` → ``部长　周勇``.
    """
    parts = _GAP.split(text)
    tokens = parts[0::2]
    if len(tokens) == 1:
        return text
    gaps = range(len(tokens) - 1)
    inner = [bool(_ONE_END.search(tokens[g]) and _ONE_START.match(tokens[g + 1])) for g in gaps]
    single = [len(t) == 1 for t in tokens]
    # chains of inner gaps: gap g continues the chain of gap g-1 through a single character
    chain_of, chains = [-1] * len(inner), []
    for g in gaps:
        if inner[g]:
            if g and inner[g - 1] and single[g]:
                chains[-1].append(g)
            else:
                chains.append([g])
            chain_of[g] = len(chains) - 1
    keep = [False] * len(inner)
    for chain in chains:
        for i, g in enumerate(chain):
            last_of_odd = len(chain) % 2 == 0 and i == len(chain) - 1
            keep[g] = i % 2 == 1 and not last_of_odd
    for g in gaps:
        if inner[g]:
            continue
        # a bracket closes or opens a word without ending it: 校　长（院　长）　关维斌
        left_core, right_core = tokens[g].rstrip(_CLOSING), tokens[g + 1].lstrip(_OPENING)
        left = _WORD_END.search(left_core) or (g and inner[g - 1] and len(left_core) == 1)
        right = _WORD_START.match(right_core) or (
            g + 1 < len(inner) and inner[g + 1] and len(right_core) == 1
        )
        keep[g] = bool(left and right)
    out = [tokens[0]]
    for g in gaps:
        out += ["\x01" if keep[g] else "", tokens[g + 1]]
    return "".join(out)


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
