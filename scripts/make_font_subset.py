"""Make the bundled Chinese font: a renamed subset of Noto Sans CJK SC ("Wuwei Sans").

Run by hand, on a Debian/Ubuntu machine, whenever the source texts gain characters
that the bundled font lacks (``tests/gui/test_fonts.py`` tells you when)::

    apt-get update && apt-get install -y fonts-noto-cjk     # build machine only
    .venv/bin/python scripts/make_font_subset.py

It writes ``resources/fonts/WuweiSans-Regular.otf`` and ``WuweiSans-Bold.otf``
(about 2 MB each) and prints their sizes. Nothing here runs at application run time.

Why a subset of its own (measured when the font was chosen):

* Windows office PCs may have no Chinese font at all; the app must carry one.
* ``NotoSansCJK-*.ttc`` is a collection whose face 0 is *Japanese* (JP shapes for
  门, 关, 写); we pick the Simplified Chinese face by its name, not by its index.
* The stock font maps several code points to one glyph (民 and the radical ⺠ U+2EA0),
  so PDF text extracts as radicals. The subset holds only the code points we ask for
  and none of the radical / compatibility blocks, so every glyph maps back to one
  ordinary character (the script checks this and fails otherwise).
* A family name of its own ("Wuwei Sans") keeps a system-installed Noto/Source Han
  font from overriding it.

Characters kept: every character encodable in GB2312, every character of
``data/sources/*.txt``, printable ASCII, U+2212 (matplotlib's minus sign) and the
common CJK / full-width / general punctuation listed in ``EXTRA_RANGES``.

Licence: SIL Open Font License 1.1, see ``resources/fonts/LICENSE-OFL.txt``; the
copyright notice and licence fields of the name table are kept in the subset.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
OUT_DIR = ROOT / "resources" / "fonts"
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")

FAMILY = "Wuwei Sans"
PS_FAMILY = "WuweiSans"
SOURCE_FACE = "Noto Sans CJK SC"  # name ID 1 of the face to take from the collection
WEIGHTS = ("Regular", "Bold")
VERSION = "1.0"

# Code point ranges kept besides GB2312 and the sources (inclusive).
EXTRA_RANGES: list[tuple[int, int]] = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: nbsp, ·, °, ±, ×, ÷, ², ³ …
    (0x2002, 0x2003),  # en / em space (typeset in the sources)
    (0x2010, 0x2027),  # dashes, quotes, ellipsis, bullets
    (0x2030, 0x2033),  # ‰ ′ ″
    (0x2039, 0x203B),  # ‹ › ※ (› joins the parts of a path in the interface)
    (0x2103, 0x2103),  # ℃
    (0x2116, 0x2116),  # №
    (0x2160, 0x216B),  # Roman numerals Ⅰ–Ⅻ
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus sign (matplotlib axis labels)
    (0x2264, 0x2265),  # ≤ ≥
    (0x2460, 0x249B),  # ① … ⒛ circled / parenthesised / full-stop numbers
    (0x25A0, 0x25CF),  # ■ □ ▲ △ ◆ ◇ ○ ● (the subsetter keeps only those present)
    (0x26A0, 0x26A0),  # ⚠ (figures that disagree across sources)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3220, 0x3229),  # ㈠ … ㈩
    (0xFE30, 0xFE4F),  # CJK compatibility forms (vertical punctuation)
    (0xFF01, 0xFF5E),  # full-width ASCII
    (0xFF5F, 0xFF65),  # full-width brackets / half-width CJK punctuation
    (0xFFE0, 0xFFE6),  # full-width ￠￡￢￣￤￥￦
]

# Blocks that duplicate ordinary ideographs; never map them, or PDF text
# extraction may return a radical instead of the character (民 -> ⺠).
FORBIDDEN_RANGES: list[tuple[int, int]] = [
    (0x2E80, 0x2EFF),  # CJK radicals supplement
    (0x2F00, 0x2FDF),  # Kangxi radicals
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x2F800, 0x2FA1F),  # CJK compatibility ideographs supplement
]


def gb2312_chars() -> set[int]:
    """Every character encodable in GB2312 (the 6763 hanzi + 682 symbols)."""
    chars: set[int] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                text = bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in text)
    return chars


def source_chars(sources: Path) -> set[int]:
    chars: set[int] = set()
    for path in sorted(sources.glob("*.txt")):
        chars.update(ord(c) for c in path.read_text(encoding="utf-8"))
    return {c for c in chars if c >= 0x20}  # no control characters


def wanted_codepoints(sources: Path) -> set[int]:
    wanted = gb2312_chars() | source_chars(sources)
    for lo, hi in EXTRA_RANGES:
        wanted.update(range(lo, hi + 1))
    return {c for c in wanted if not any(lo <= c <= hi for lo, hi in FORBIDDEN_RANGES)}


def find_face(ttc: Path) -> int:
    """Index of the Simplified Chinese face in the collection, found by its name."""
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(ttc), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == SOURCE_FACE:
            return index
    raise SystemExit(f"{ttc}: no face named {SOURCE_FACE!r}")


def rename(font: TTFont, weight: str) -> None:
    """Give the subset a family name of its own, consistently in name and CFF."""
    ps_name = f"{PS_FAMILY}-{weight}"
    full = FAMILY if weight == "Regular" else f"{FAMILY} {weight}"
    source_version = font["name"].getDebugName(5) or ""
    records = {
        1: FAMILY,
        2: weight,
        3: f"{VERSION};WUWEI;{ps_name}",
        4: full,
        5: f"Version {VERSION}; subset of Noto Sans CJK SC {source_version}".strip(),
        6: ps_name,
        10: "Subset of Noto Sans CJK SC (GB2312 + source texts) for 武威档案.",
        16: FAMILY,
        17: weight,
    }
    name = font["name"]
    # Drop every record of these IDs (all platforms and languages, e.g. the zh-CN
    # copies of IDs 1, 2, 4) and the trademark line, which is Noto's, not ours.
    name.names = [r for r in name.names if r.nameID not in records and r.nameID != 7]
    for name_id, value in records.items():
        name.setName(value, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, en-US
        if value.isascii():
            name.setName(value, name_id, 1, 0, 0)  # Macintosh, Roman, English

    cff = font["CFF "].cff
    cff.fontNames = [ps_name]
    top = cff.topDictIndex[0]
    top.FamilyName = FAMILY
    top.FullName = full
    top.Weight = weight
    # A CID-keyed font names its FDArray sub-fonts after the PostScript name.
    for fd in getattr(top, "FDArray", []) or []:
        if hasattr(fd, "FontName"):
            fd.FontName = f"{ps_name}-{fd.FontName.rsplit('-', 1)[-1]}"


def _ideo(code: int) -> bool:
    return (
        0x3400 <= code <= 0x9FFF
        or code >= 0x20000
        or any(lo <= code <= hi for lo, hi in FORBIDDEN_RANGES)
    )


def check_one_to_one(font: TTFont) -> None:
    """Fail if two *different ideographs* share a glyph (PDF text would be wrong)."""
    by_glyph: dict[str, list[int]] = defaultdict(list)
    for code, glyph in font.getBestCmap().items():
        by_glyph[glyph].append(code)
    bad = {g: codes for g, codes in by_glyph.items() if len(codes) > 1 and any(map(_ideo, codes))}
    if bad:
        shown = ", ".join(
            "/".join(f"U+{c:04X}" for c in codes) for codes in list(bad.values())[:10]
        )
        raise SystemExit(f"glyphs shared by several CJK code points: {shown}")


def prefer_used_code_points(font: TTFont, used: set[int]) -> list[int]:
    """Unmap the unused code points that share a glyph with a used one and come before
    it; return them.

    A PDF writer maps each glyph back to one character, and Qt takes the lowest code
    point of the glyph: U+301C 〜 for the glyph of U+FF5E ～, which the sources use.
    """
    by_glyph: dict[str, list[int]] = defaultdict(list)
    for code, glyph in font.getBestCmap().items():
        by_glyph[glyph].append(code)
    dropped = []
    for codes in by_glyph.values():
        first_used = min((c for c in codes if c in used), default=None)
        if first_used is not None:
            dropped += [c for c in codes if c < first_used and c not in used]
    for table in font["cmap"].tables:
        for code in dropped:
            table.cmap.pop(code, None)
    return sorted(dropped)


def drop_unmappable_ligatures(font: TTFont) -> int:
    """Remove the ligatures whose glyph has no code point (—— as one long dash, fi);
    return how many. A PDF writer cannot map such a glyph back to its characters:
    Qt writes a stray character (ӥ for ——) into the text layer instead."""
    mapped = set(font.getBestCmap().values())
    dropped = 0
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for sub in lookup.SubTable:
            sub = sub.ExtSubTable if lookup.LookupType == 7 else sub
            for first, ligatures in list(getattr(sub, "ligatures", {}).items()):
                kept = [lig for lig in ligatures if lig.LigGlyph in mapped]
                dropped += len(ligatures) - len(kept)
                if kept:
                    sub.ligatures[first] = kept
                else:
                    del sub.ligatures[first]
    return dropped


def make_subset(
    weight: str, unicodes: set[int], used: set[int], out_dir: Path, noto_dir: Path
) -> Path:
    ttc = noto_dir / f"NotoSansCJK-{weight}.ttc"
    if not ttc.exists():
        raise SystemExit(f"{ttc} not found: apt-get install -y fonts-noto-cjk")
    face = find_face(ttc)
    # recalcTimestamp=False keeps the source's head.modified: reruns give identical files.
    font = TTFont(str(ttc), fontNumber=face, lazy=False, recalcTimestamp=False)

    options = subset.Options()
    options.name_IDs = ["*"]  # keep copyright/licence records; renamed below
    options.name_languages = ["*"]
    # Default features (kern, vert, ccmp, …) minus 'locl': in the SC face 'locl' only
    # swaps in Japanese/Korean/Traditional shapes for text tagged with those languages,
    # which we never want; dropping it halves the file (14k -> 8k glyphs).
    options.layout_features = [f for f in options.layout_features if f != "locl"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = True  # CFF hints help small sizes on Windows
    options.desubroutinize = False
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)

    rename(font, weight)
    check_one_to_one(font)
    prefer_used_code_points(font, used)
    drop_unmappable_ligatures(font)

    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{PS_FAMILY}-{weight}.otf"
    font.save(str(out))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=SOURCES)
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    parser.add_argument("--noto-dir", type=Path, default=NOTO_DIR)
    args = parser.parse_args(argv)

    unicodes = wanted_codepoints(args.sources)
    print(f"{len(unicodes)} code points requested")
    for weight in WEIGHTS:
        out = make_subset(weight, unicodes, source_chars(args.sources), args.out_dir, args.noto_dir)
        font = TTFont(str(out))
        kept = set(font.getBestCmap())
        missing = sorted(c for c in source_chars(args.sources) - kept if c not in (0x0A, 0x0D))
        print(
            f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: "
            f"{out.stat().st_size / 1e6:.2f} MB, {len(kept)} code points, "
            f"{font['maxp'].numGlyphs} glyphs"
        )
        if missing:
            shown = " ".join(f"U+{c:04X}" for c in missing)
            print(f"  source characters not in Noto Sans CJK SC (Qt falls back): {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
