"""The bundled font "Wuwei Sans": loads in Qt, covers the sources, works in matplotlib and PDF.

Rendered images and the PDF land in pytest's tmp_path; run with ``--basetemp=/tmp/fonts``
to look at them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from wuwei_desktop.resources import FONT_FAMILY, app_root, font_files, resource_path

pytestmark = pytest.mark.gui

SAMPLE = "武威年鉴 常住人口142.73万人 民勤县 门关写"
ROOT = Path(__file__).resolve().parents[2]


def source_characters() -> set[str]:
    chars: set[str] = set()
    for path in sorted((ROOT / "data" / "sources").glob("*.txt")):
        chars.update(path.read_text(encoding="utf-8"))
    # U+FFFD marks glyphs lost in the PDF extraction: never drawn, shown as □ (render.text)
    return {c for c in chars if c.isprintable() and not c.isspace() and c != "\ufffd"}


@pytest.fixture(scope="module")
def qt_family(qapp) -> str:
    from wuwei_desktop.printing.fonts import install_app_font

    return install_app_font(qapp)


def test_resource_paths_exist():
    assert app_root() == ROOT
    assert [p.name for p in font_files()] == ["WuweiSans-Regular.otf", "WuweiSans-Bold.otf"]
    for path in font_files():
        assert path.is_file()
        assert 1_000_000 < path.stat().st_size < 5_000_000
    assert resource_path("fonts", "LICENSE-OFL.txt").is_file()


def test_fonts_load_in_qt_with_their_family(qt_family, qapp):
    from PySide6.QtGui import QFontDatabase

    assert qt_family == FONT_FAMILY
    assert qapp.font().family() == FONT_FAMILY
    styles = set(QFontDatabase.styles(FONT_FAMILY))
    assert {"Regular", "Bold"} <= styles


def test_fonts_cover_every_source_character(qt_family):
    from PySide6.QtGui import QFont, QFontMetrics, QRawFont

    chars = source_characters()
    assert len(chars) > 2000
    for path in font_files():
        raw = QRawFont(str(path), 16)
        assert raw.isValid(), path
        assert raw.familyName() == FONT_FAMILY
        # ord(): PySide6 passes a 1-char str as QChar wrongly beyond Latin-1.
        missing = sorted(c for c in chars if not raw.supportsCharacter(ord(c)))
        assert not missing, f"{path.name} lacks {''.join(missing)}: rerun make_font_subset.py"
    metrics = QFontMetrics(QFont(FONT_FAMILY, 12))
    extra = "\u2212，。、；：？！“”‘’（）《》【】—…·"
    missing = sorted(c for c in chars | set(extra) if not metrics.inFontUcs4(ord(c)))
    assert not missing, "".join(missing)


def interface_characters() -> set[str]:
    """Every non-ASCII character the program itself writes (its code and stylesheet)."""
    chars: set[str] = set()
    for path in [*(ROOT / "wuwei_desktop").rglob("*.py"), ROOT / "resources" / "style.qss"]:
        chars.update(path.read_text(encoding="utf-8"))
    return {c for c in chars if ord(c) > 127 and c.isprintable() and not c.isspace()}


def test_fonts_cover_every_interface_character(qt_family):
    """Labels, paths (›), marks (⚠): on a PC with no Chinese font, a character missing
    from the bundled font is a box."""
    from PySide6.QtGui import QRawFont

    chars = interface_characters()
    assert {"›", "⚠", "档"} <= chars
    for path in font_files():
        raw = QRawFont(str(path), 16)
        missing = sorted(c for c in chars if not raw.supportsCharacter(ord(c)))
        assert not missing, f"{path.name} lacks {''.join(missing)}: add to make_font_subset.py"


EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def test_qt_renders_chinese_from_the_bundled_font_alone(tmp_path):
    """With every system font hidden from fontconfig, each character of the sample is a
    real glyph of its own, not the box Qt draws for a character no font has."""
    config = tmp_path / "fonts.conf"
    config.write_text(EMPTY_FONTCONFIG.format(cache=tmp_path / "cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.font_probe", SAMPLE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    chars = sorted({c for c in SAMPLE if "\u4e00" <= c <= "\u9fff"})
    assert found["chars"] == chars and len(chars) >= 12
    assert found["system_chinese_families"] == []  # the system's fonts are hidden
    assert found["boxes_before"] == chars  # so without the bundled font: boxes (tofu)
    assert found["family"] == FONT_FAMILY
    assert found["boxes_after"] == [] and found["blank_after"] == []
    assert found["distinct_after"] == len(chars)  # every character its own glyph


def test_matplotlib_uses_the_family(tmp_path):
    from wuwei_desktop.mpl_font import configure_matplotlib_font

    assert configure_matplotlib_font() == FONT_FAMILY
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    found = font_manager.findfont(
        font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False
    )
    assert Path(found).name == "WuweiSans-Regular.otf"
    found_bold = font_manager.findfont(
        font_manager.FontProperties(family=FONT_FAMILY, weight="bold"),
        fallback_to_default=False,
    )
    assert Path(found_bold).name == "WuweiSans-Bold.otf"

    fig = Figure(figsize=(6, 4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    bars = ax.bar(["凉州区", "民勤县", "古浪县", "天祝藏族自治县"], [4.2, -6.8, -2.5, 1.6])
    ax.bar_label(bars, labels=[f"{v:+.1f}".replace("-", "\u2212") for v in bars.datavalues])
    ax.set_title("常住人口增长率（%）", fontweight="bold")
    ax.set_ylabel("增长率（%）")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" becomes a failure
        fig.savefig(tmp_path / "chart.png")
    assert (tmp_path / "chart.png").stat().st_size > 5000


def _write_pdf(path: Path, text: str) -> None:
    from PySide6.QtCore import QMarginsF, QRectF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
        )
    )
    painter = QPainter(writer)
    try:
        font = QFont(FONT_FAMILY, 12)
        painter.setFont(font)
        area = QRectF(0, 0, writer.width(), writer.height())
        painter.drawText(area, 0x1000 | 0x0001, text)  # TextWordWrap | AlignLeft
        bold = QFont(FONT_FAMILY, 14)
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(area.adjusted(0, writer.height() / 2, 0, 0), 0, "民勤县 常住人口")
    finally:
        painter.end()


def test_pdf_text_round_trips(qt_family, tmp_path):
    from pypdf import PdfReader

    text = "《武威年鉴（2024）》第 54 页：民勤县常住人口24.13万人，防沙治沙成效显著。"
    pdf = tmp_path / "extract.pdf"
    _write_pdf(pdf, text)
    reader = PdfReader(str(pdf))
    extracted = "".join(page.extract_text() for page in reader.pages)
    assert "民勤" in extracted
    assert "常住人口" in extracted
    assert "防沙治沙" in extracted
    radicals = [c for c in extracted if 0x2E80 <= ord(c) <= 0x2FDF]
    assert not radicals, radicals
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
        for f in [f.get_object()]
    }
    assert any("Wuwei" in name for name in fonts), fonts


def test_core_helpers_import_neither_qt_nor_matplotlib():
    code = (
        "import sys, wuwei_desktop.resources, wuwei_desktop.mpl_font;"
        "bad = [m for m in ('PySide6', 'matplotlib') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
