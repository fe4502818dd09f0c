"""Warm up in the background what the first chart needs, once the window is shown.

The first table with its chart used to freeze the window for 0.7–0.9 s (2.8 s on first
use, while matplotlib built its font cache): importing matplotlib and its Qt backend,
registering the bundled font, laying out Chinese text for the first time. A daemon
thread does all of that while the user is still reading; importing is thread-safe in
Python, and the GUI thread, if it needs a module first, simply waits for the import
under way. Nothing here creates a Qt object.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)

_started: threading.Thread | None = None


def warm_charts() -> None:
    """Import and exercise matplotlib as the first chart will (no Qt objects)."""
    from matplotlib.backends import backend_qtagg  # noqa: F401  the canvas the 统计 view uses
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .. import charts  # noqa: F401  chart choice and drawing
    from ..mpl_font import configure_matplotlib_font
    from . import stats  # noqa: F401  the 统计 view's modules (classes only)

    configure_matplotlib_font()
    figure = Figure(figsize=(4, 3), layout="constrained")
    axes = figure.add_subplot()
    axes.bar(["凉州区", "民勤县"], [1.0, 2.0])
    axes.set_title("生产总值（亿元）")
    FigureCanvasAgg(figure).draw()  # glyph cache, text layout, the Agg renderer


def _run() -> None:
    try:
        warm_charts()
    except Exception:  # a failed warm-up only means the first chart is slower
        log.exception("warming up matplotlib failed")


def start_warmup() -> threading.Thread:
    """Start warming up once per process (later calls return the same thread)."""
    global _started
    if _started is None:
        _started = threading.Thread(target=_run, name="warm-charts", daemon=True)
        _started.start()
    return _started
