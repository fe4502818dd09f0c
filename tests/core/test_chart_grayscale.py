"""Charts for a black-and-white printer: slices, bars and lines differ in lightness or
pattern, not only in hue (the colour charts turn into near-equal greys on such a printer)."""

from __future__ import annotations

import itertools
import re

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle, Wedge

from wuwei_desktop.charts import ChartSpec, Series, chart_svg_bytes, draw_chart

SHARES = ChartSpec(
    "pie",
    "八类构成",
    [f"类别{k}" for k in range(8)],
    [Series("2023年", [30, 20, 15, 10, 8, 7, 6, 4])],
    "亿元",
    "",
)
FOUR_YEARS = ChartSpec(
    "grouped_bar",
    "三个系列",
    ["凉州区", "民勤县", "古浪县"],
    [Series("2021年", [1, 2, 3]), Series("2022年", [2, 3, 4]), Series("2023年", [3, 4, 5])],
    "亿元",
    "",
)
LINES = ChartSpec(
    "line",
    "三条线",
    ["2021年", "2022年", "2023年"],
    [Series("甲", [1, 2, 3]), Series("乙", [2, 3, 4]), Series("丙", [3, 2, 1])],
    "亿元",
    "",
)


def drawn(spec: ChartSpec, grayscale: bool) -> Figure:
    figure = Figure(figsize=(8, 5), dpi=100)
    FigureCanvasAgg(figure)
    draw_chart(spec, figure, grayscale=grayscale)
    figure.canvas.draw()
    return figure


def grey(color) -> float:
    """The lightness a black-and-white printer gives a colour (0 black … 1 white)."""
    red, green, blue = to_rgb(color)
    return 0.299 * red + 0.587 * green + 0.114 * blue


def looks(patches) -> list[tuple[float, str]]:
    return [(round(grey(p.get_facecolor()), 2), p.get_hatch() or "") for p in patches]


def test_the_colour_pie_turns_into_greys_too_close_to_tell_apart():
    wedges = drawn(SHARES, grayscale=False).axes[0].findobj(Wedge)
    levels = sorted(lightness for lightness, _ in looks(wedges))
    assert min(b - a for a, b in itertools.pairwise(levels)) < 0.05


def test_grey_slices_differ_in_lightness_or_pattern_and_neighbours_clearly():
    wedges = drawn(SHARES, grayscale=True).axes[0].findobj(Wedge)
    seen = looks(wedges)
    assert len(seen) == 8 and len(set(seen)) == 8  # no two slices look the same
    for (a, hatch_a), (b, hatch_b) in itertools.pairwise(seen):
        assert abs(a - b) >= 0.25 or hatch_a != hatch_b, (a, b)
    assert all(hatch == "" for _, hatch in seen[:4])  # patterns only once greys run out


def test_grey_bars_of_several_series_and_grey_lines_differ_in_more_than_hue():
    bars = [
        p for p in drawn(FOUR_YEARS, grayscale=True).axes[0].patches if isinstance(p, Rectangle)
    ]
    by_series = {looks([bar])[0] for bar in bars}
    assert len(by_series) == 3
    lines = drawn(LINES, grayscale=True).axes[0].get_lines()
    styles = {(line.get_marker(), line.get_linestyle()) for line in lines}
    assert len(styles) == 3


def svg_colours(svg: bytes) -> set[str]:
    """Every fill and stroke colour an SVG chart uses (matplotlib writes ``#rrggbb``)."""
    return {c.lower() for c in re.findall(r"#[0-9A-Fa-f]{6}\b", svg.decode())}


def test_the_grey_chart_svg_uses_greys_alone_and_patterns():
    grey = chart_svg_bytes(SHARES, (6.67, 4.13), grayscale=True)
    levels = svg_colours(grey)
    assert levels and all(c[1:3] == c[3:5] == c[5:7] for c in levels)  # r = g = b
    assert {"#333333", "#bbbbbb", "#6e6e6e", "#e6e6e6"} <= levels
    assert b"<pattern" in grey  # the hatches of slices 5 to 8
    colour = chart_svg_bytes(SHARES, (6.67, 4.13))
    assert {"#3a6ea5", "#e08a48"} <= svg_colours(colour)
