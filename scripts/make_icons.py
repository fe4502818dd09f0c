"""Draw the application icon: a white 档 on a rounded square in deep archive red.

Run by hand after changing the design or the font::

    .venv/bin/python scripts/make_icons.py

Writes ``resources/icons/app.png`` (256 px, for Qt's window icon) and
``resources/icons/app.ico`` (16, 24, 32, 48, 64, 128, 256 px, for Windows/PyInstaller).
Uses Pillow and the bundled font (``resources/fonts/WuweiSans-Bold.otf``), so no
system font is needed. Each size is drawn on its own (supersampled, then reduced)
rather than shrunk from 256 px, so the small sizes stay crisp.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "WuweiSans-Bold.otf"
OUT_DIR = ROOT / "resources" / "icons"

CHAR = "档"
RED_TOP = (158, 38, 32)  # deep archive red
RED_BOTTOM = (120, 26, 24)
OCHRE = (214, 170, 92)  # thin inner rule, like a seal border
WHITE = (255, 255, 255)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
SUPERSAMPLE = 4


def draw_icon(size: int) -> Image.Image:
    s = size * SUPERSAMPLE
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))

    # Vertical gradient, masked by a rounded square.
    gradient = Image.new("RGBA", (s, s))
    gd = ImageDraw.Draw(gradient)
    for y in range(s):
        t = y / max(s - 1, 1)
        color = tuple(round(a + (b - a) * t) for a, b in zip(RED_TOP, RED_BOTTOM, strict=True))
        gd.line([(0, y), (s, y)], fill=(*color, 255))
    margin = round(s * 0.04)
    radius = round(s * 0.2)
    mask = Image.new("L", (s, s), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        [margin, margin, s - margin - 1, s - margin - 1], radius=radius, fill=255
    )
    img.paste(gradient, (0, 0), mask)

    draw = ImageDraw.Draw(img)
    if size >= 32:  # the inner rule is noise at 16/24 px
        inset = round(s * 0.1)
        draw.rounded_rectangle(
            [inset, inset, s - inset - 1, s - inset - 1],
            radius=round(radius * 0.6),
            outline=(*OCHRE, 255),
            width=max(SUPERSAMPLE, round(s * 0.018)),
        )

    # The character, centred on its ink box (not the font's line box).
    scale = 0.62 if size >= 32 else 0.78
    font = ImageFont.truetype(str(FONT), round(s * scale))
    left, top, right, bottom = draw.textbbox((0, 0), CHAR, font=font)
    x = (s - (right - left)) / 2 - left
    y = (s - (bottom - top)) / 2 - top
    draw.text((x, y), CHAR, font=font, fill=(*WHITE, 255))

    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> int:
    if not FONT.exists():
        raise SystemExit(f"{FONT} missing: run scripts/make_font_subset.py first")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    images = {size: draw_icon(size) for size in ICO_SIZES}
    png = OUT_DIR / "app.png"
    images[256].save(png, optimize=True)
    ico = OUT_DIR / "app.ico"
    images[256].save(
        ico,
        format="ICO",
        sizes=[(n, n) for n in ICO_SIZES],
        append_images=[images[n] for n in ICO_SIZES if n != 256],
    )
    for path in (png, ico):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
