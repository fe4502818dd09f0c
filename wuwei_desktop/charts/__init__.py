"""Charts of tables and facts: what to draw (plain data) and drawing it with matplotlib.

No Qt anywhere; matplotlib is imported only inside the drawing functions. The GUI puts
a :class:`ChartSpec` on its own canvas with :func:`draw_chart`; the CLI and the PDF
export use :func:`save_chart` and :func:`chart_svg_bytes`.
"""

from .draw import chart_svg_bytes, draw_chart, save_chart
from .facts import chart_for_facts
from .spec import ChartError, ChartOption, ChartSpec, Series
from .tables import chart_for_table, table_chart_options

__all__ = [
    "ChartError",
    "ChartOption",
    "ChartSpec",
    "Series",
    "chart_for_facts",
    "chart_for_table",
    "chart_svg_bytes",
    "draw_chart",
    "save_chart",
    "table_chart_options",
]
