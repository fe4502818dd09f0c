"""Make matplotlib draw Chinese with the bundled font (no Qt, matplotlib imported lazily).

Call :func:`configure_matplotlib_font` once before drawing the first chart; it is cheap
after the first call. Importing this module does not import matplotlib (start-up time).
"""

from __future__ import annotations

import threading

from .resources import FONT_FAMILY, font_files

_configured = False
_lock = threading.Lock()  # the window warms matplotlib up on a background thread


def configure_matplotlib_font() -> str:
    """Register the bundled font with matplotlib and make it the default; return the family.

    Sets ``font.family`` to sans-serif with ``FONT_FAMILY`` first, and
    ``axes.unicode_minus`` to True (the font has U+2212, the proper minus sign).
    """
    global _configured
    import matplotlib
    from matplotlib import font_manager

    with _lock:
        if not _configured:
            for path in font_files():
                if path.exists():
                    font_manager.fontManager.addfont(str(path))
            _configured = True
    rc = matplotlib.rcParams
    rc["font.family"] = "sans-serif"
    rest = [f for f in rc["font.sans-serif"] if f != FONT_FAMILY]
    rc["font.sans-serif"] = [FONT_FAMILY, *rest]
    rc["axes.unicode_minus"] = True
    rc["pdf.fonttype"] = 42  # embed TrueType/CID, keeps text searchable in PDF
    rc["svg.fonttype"] = "path"  # SVG viewers lack the bundled font: text as outlines
    return FONT_FAMILY
