"""A second edition for the tests: next year's yearbook, derived from the 2024 text.

The derived book is the 2024 yearbook with every year moved on by one (2023 → 2024,
《武威年鉴（2024）》 → 《武威年鉴（2025）》) and some figures changed, written as another
source file with its own catalog entry (``yearbook-2025``) in a copy of the sources
folder: the build and the program treat it as a real second book.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from wuwei_desktop.paths import default_sources

NEW_ID = "yearbook-2025"
NEW_FILE = "wuwei-yearbook-2025.txt"
NEW_TITLE = "武威年鉴（2025）"
OLD_FILE = "wuwei-yearbook-2024.txt"
# a year of the book's time: four digits 1990–2039 standing alone (not part of a longer
# number or of a decimal)
_YEAR = re.compile(r"(?<![\d.．])(199\d|20[0-3]\d)(?![\d.．]\d)")
# figures the 2025 book prints differently (text after the years moved on → the 2025
# text): a new 生产总值 for 2024 and a revised one for 2023 (716.40, not 708.08), in
# 表11, 表12 and the text
REVISED = {
    "生产总值 亿元 708.08 661.45 7.0": "生产总值 亿元 752.31 716.40 5.0",
    "总 值 708.08 亿 元，比 2023 年": "总 值 752.31 亿 元，比 2023 年",
}


def next_year(text: str) -> str:
    """Every year of ``text`` moved on by one."""
    return _YEAR.sub(lambda m: str(int(m.group(1)) + 1), text)


def derive_yearbook(text: str, changes: dict[str, str]) -> str:
    """Next year's yearbook from this year's text: years moved on, then ``changes``
    (each an exact passage of the moved text → its replacement, everywhere it stands)."""
    moved = next_year(text)
    for old, new in changes.items():
        if old not in moved:
            raise ValueError(f"passage not in the derived text: {old}")
        moved = moved.replace(old, new)
    return moved


def two_yearbooks(folder: Path, changes: dict[str, str] = REVISED) -> Path:
    """A sources folder holding the project's sources and the derived 2025 yearbook."""
    sources = folder / "sources"
    shutil.copytree(default_sources(), sources)
    text = (sources / OLD_FILE).read_text(encoding="utf-8")
    (sources / NEW_FILE).write_text(derive_yearbook(text, changes), encoding="utf-8")
    catalog = (sources / "catalog.toml").read_text(encoding="utf-8")
    catalog += (
        f'\n[[document]]\nid = "{NEW_ID}"\nfile = "{NEW_FILE}"\nparser = "yearbook"\n'
        f'kind = "年鉴"\ntitle = "{NEW_TITLE}"\n'
        'publisher = "武威市委党史和地方志研究中心"\nyear_covered = "2024"\n'
    )
    (sources / "catalog.toml").write_text(catalog, encoding="utf-8")
    return sources
