"""Draw a :class:`ChartSpec` with matplotlib (imported here, lazily; never pyplot, never Qt).

The look: the title at the top left, the unit on the value axis, every value written on
its bar as printed (``21.00``, ``7.0``), years on a time axis (their real spacing), a
light grid on the value axis only, no top or right frame, a restrained
palette, and the source line small and grey at the bottom left. The figure uses the
constrained layout, so nothing is cut off; long category labels wrap.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from wuwei_desktop.atomic_write import write_atomically
from wuwei_desktop.mpl_font import configure_matplotlib_font

from .spec import KINDS, ChartError, ChartSpec, value_labels

PALETTE = ("#3A6EA5", "#E08A48", "#5BA37A", "#C8574F", "#8E79B5", "#9C8063", "#D98CB3", "#8C8C8C")
PAIR = ("#A8C3E0", "#3A6EA5")  # two series (2022年, 2023年): the earlier one lighter
TEXT = "#333333"
MUTED = "#777777"
GRID = "#E4E4E4"
MINUS = "\u2212"
TITLE_SIZE = 13
FORMATS = (".png", ".svg")
_YEAR = re.compile(r"^(\d{4})年?$")


@dataclass(frozen=True)
class Style:
    """The fills of a chart: colours, and for grey also patterns, markers and dashes, so
    that slices, bars and lines differ in more than hue."""

    palette: tuple[str, ...]
    pair: tuple[str, str]  # two series: the earlier one lighter
    hatches: tuple[str, ...] = ("",)
    markers: tuple[str, ...] = ("o",)
    dashes: tuple[str, ...] = ("-",)
    accent: str = "#B55A2C"  # the growth rates above grouped bars
    contrast_labels: bool = False  # percentages on slices dark on light fills (else white)

    def fill(self, k: int) -> tuple[str, str]:
        """The colour and the hatch pattern of series or slice ``k``."""
        return self.palette[k % len(self.palette)], self.hatches[k % len(self.hatches)]


COLOR = Style(PALETTE, PAIR)
# For black-and-white printing: neighbours differ by at least a third of the grey scale,
# and after four levels the fills repeat with a pattern.
GRAY = Style(
    palette=("#333333", "#BBBBBB", "#6E6E6E", "#E6E6E6"),
    pair=("#C4C4C4", "#444444"),
    hatches=("", "", "", "", "///", "///", "...", "...", "xx", "xx"),
    markers=("o", "s", "^", "D", "v", "P", "X", "*"),
    dashes=("-", "--", ":", "-."),
    accent=TEXT,
    contrast_labels=True,
)


def draw_chart(spec: ChartSpec, figure, *, grayscale: bool = False) -> None:
    """Draw ``spec`` onto a matplotlib ``Figure`` (cleared first); ``grayscale`` draws it
    for a black-and-white printer (grey levels and patterns)."""
    if spec.kind not in KINDS:
        raise ChartError(f"不认识的图表类型“{spec.kind}”")
    if not any(v is not None for s in spec.series for v in s.values):
        raise ChartError("没有可作图的数值")
    configure_matplotlib_font()
    figure.clear()
    figure.set_layout_engine("constrained")
    figure.get_layout_engine().set(h_pad=0.08, w_pad=0.1)
    figure.set_facecolor("white")
    ax = figure.add_subplot()
    _DRAWERS[spec.kind](ax, spec, GRAY if grayscale else COLOR)
    if spec.title:  # (a printed extract sets title and source as text around the chart)
        title = _wrap_title(spec.title, figure.get_figwidth(), TITLE_SIZE)
        figure.suptitle(
            title, x=0.02, ha="left", fontsize=TITLE_SIZE, fontweight="bold", color=TEXT
        )
    if spec.source:
        figure.supxlabel(spec.source, x=0.02, ha="left", fontsize=8.5, color=MUTED)


def save_chart(
    spec: ChartSpec, path: Path, *, dpi: int = 150, size: tuple[float, float] = (8, 5)
) -> None:
    """Write the chart as ``.png`` or ``.svg`` (by the suffix), atomically.

    Raises:
        ChartError: another suffix, a folder that cannot be written, a full disk.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        shown = path.suffix or "（无扩展名）"
        raise ChartError(f"不能保存为“{shown}”格式：请用 .png 或 .svg 文件名")
    figure = _figure(spec, size, dpi)
    # an SVG carries its text as outlines (no font needed to view it) and its title
    metadata = {"Title": spec.title} if suffix == ".svg" else None
    write_atomically(
        path,
        lambda out: figure.savefig(
            out, format=suffix[1:], dpi=dpi, facecolor="white", metadata=metadata
        ),
        ChartError,
    )


def chart_svg_bytes(
    spec: ChartSpec, size_in: tuple[float, float], *, grayscale: bool = False
) -> bytes:
    """The chart as SVG of ``size_in`` inches, its text as paths (for the PDF export and
    printing: painted as vector graphics, sharp at any size; ``grayscale`` in grey levels
    and patterns for a black-and-white printer)."""
    figure = _figure(spec, size_in, 72, grayscale)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", facecolor="white", metadata={"Title": spec.title})
    return buffer.getvalue()


def _figure(spec: ChartSpec, size: tuple[float, float], dpi: int, grayscale: bool = False):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(figure)
    draw_chart(spec, figure, grayscale=grayscale)
    return figure


# ----------------------------------------------------------------------------- kinds


def _bar(ax, spec: ChartSpec, style: Style) -> None:
    values = spec.series[0].values
    xs = spec.years or list(range(len(values)))
    labels = value_labels(spec.series[0], spec.decimals)
    shown = [(x, v, t) for x, v, t in zip(xs, values, labels, strict=True) if v is not None]
    bars = ax.bar(
        [x for x, _, _ in shown], [v for _, v, _ in shown], width=0.6, color=style.palette[0]
    )
    slots = (max(xs) - min(xs) + 1) if spec.years else len(values)
    _label_bars(ax, bars, [t for _, _, t in shown], slots=slots)
    if spec.years:
        _time_axis(ax, spec)
    else:
        _category_axis(ax, spec.categories, "x")
    _value_axis(ax, spec, "y", values)


def _barh(ax, spec: ChartSpec, style: Style) -> None:
    values = spec.series[0].values
    labels = value_labels(spec.series[0], spec.decimals)
    shown = [(y, v) for y, v in enumerate(values) if v is not None]
    bars = ax.barh([y for y, _ in shown], [v for _, v in shown], height=0.6, color=style.palette[0])
    _label_bars(ax, bars, [t for t in labels if t is not None])
    _category_axis(ax, spec.categories, "y")
    ax.invert_yaxis()  # first category at the top, as in the table
    _value_axis(ax, spec, "x", values)


def _grouped_bar(ax, spec: ChartSpec, style: Style) -> None:
    count = len(spec.series)
    width = 0.8 / count
    for k, series in enumerate(spec.series):
        shown = [(x, v) for x, v in enumerate(series.values) if v is not None]
        labels = [t for t in value_labels(series, spec.decimals) if t is not None]
        offset = (k - (count - 1) / 2) * width
        color, hatch = (style.pair[k], "") if count == 2 else style.fill(k)
        bars = ax.bar(
            [x + offset for x, _ in shown],
            [v for _, v in shown],
            width=width * 0.92,
            color=color,
            hatch=hatch or None,
            hatchcolor=_contrast(color),
            label=series.name,
        )
        slots = len(series.values) * count
        _label_bars(ax, bars, labels, size=8.5, slots=slots)
    every = [v for s in spec.series for v in s.values]
    _category_axis(ax, spec.categories, "x")
    _value_axis(ax, spec, "y", every, headroom=0.22 if spec.growth else 0.12)
    if spec.growth:
        _growth_labels(ax, spec, style.accent)
    ax.legend(
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncols=count,
        frameon=False,
        fontsize=9,
        handlelength=1.2,
        borderaxespad=0.2,
    )


def _line(ax, spec: ChartSpec, style: Style) -> None:
    years = [_YEAR.match(c) for c in spec.categories]
    xs = [int(m.group(1)) for m in years] if all(years) else list(range(len(spec.categories)))
    xs = spec.years or xs
    for k, series in enumerate(spec.series):
        labels = value_labels(series, spec.decimals)
        points = [
            (x, v, t) for x, v, t in zip(xs, series.values, labels, strict=True) if v is not None
        ]
        color = style.palette[k % len(style.palette)]
        ax.plot(
            [x for x, _, _ in points],
            [v for _, v, _ in points],
            marker=style.markers[k % len(style.markers)],
            linestyle=style.dashes[k % len(style.dashes)],
            markersize=5,
            linewidth=2,
            color=color,
            label=series.name,
        )
        for x, v, text in points:
            ax.annotate(
                _minus(text),
                (x, v),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                fontsize=9,
                color=TEXT,
            )
    if spec.years:
        _time_axis(ax, spec)
    else:
        width = ax.figure.get_figwidth()
        ax.set_xticks(xs, [_wrap(c, len(xs), width) for c in spec.categories])
        ax.tick_params(axis="x", length=0, labelsize=10, colors=TEXT)
        ax.margins(x=0.08)
    _value_axis(ax, spec, "y", [v for s in spec.series for v in s.values], zero=False)
    if len(spec.series) > 1:
        ax.legend(
            loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=len(spec.series), frameon=False
        )


def _pie(ax, spec: ChartSpec, style: Style) -> None:
    texts = value_labels(spec.series[0], spec.decimals)
    triples = zip(spec.categories, spec.series[0].values, texts, strict=True)
    pairs = [(c, v) for c, v, _ in triples if v]
    printed = dict(zip(spec.categories, texts, strict=True))
    if any(v < 0 for _, v in pairs):
        raise ChartError("有负数，不能画成饼图")
    total = sum(v for _, v in pairs)
    fills = [style.fill(k) for k in range(len(pairs))]
    wedges, _texts, autotexts = ax.pie(
        [v for _, v in pairs],
        colors=[color for color, _ in fills],
        startangle=90,
        counterclock=False,
        wedgeprops={"linewidth": 1.5, "edgecolor": "white"},
        autopct=lambda pct: f"{pct:.1f}%" if pct >= 4 else "",
        pctdistance=0.72,
        textprops={"color": "white", "fontsize": 10, "fontweight": "bold"},
    )
    for wedge, text, (color, hatch) in zip(wedges, autotexts, fills, strict=True):
        if hatch:
            wedge.set_hatch(hatch)
            wedge.set_hatchcolor(_contrast(color))
            text.set_bbox({"facecolor": color, "edgecolor": "none", "pad": 1.5})
        if style.contrast_labels:
            text.set_color(_contrast(color))
    unit = spec.unit or ""
    labels = [f"{c}  {_minus(printed[c] or '')}{unit}（{v / total * 100:.1f}%）" for c, v in pairs]
    # a figure legend "outside": the constrained layout makes room for all of it (an
    # axes legend beside the pie was measured short and its closing ） cut off)
    ax.figure.legend(
        wedges,
        labels,
        loc="outside right center",
        frameon=False,
        fontsize=10,
        handlelength=1.0,
    )
    ax.set_aspect("equal")


_DRAWERS = {"bar": _bar, "barh": _barh, "grouped_bar": _grouped_bar, "line": _line, "pie": _pie}


# ----------------------------------------------------------------------------- parts


def _label_bars(ax, bars, texts: list[str], size: float = 9.5, slots: int = 0) -> None:
    """Write each value (as printed) on its bar; with ``slots`` bars side by side, small
    enough to fit."""
    labels = [_minus(t) for t in texts]
    if slots:
        bar_pt = ax.figure.get_figwidth() * 72 * 0.8 / slots
        longest = max((len(t) for t in labels), default=1)
        size = max(6.5, min(size, bar_pt / (longest * 0.6)))
    ax.bar_label(bars, labels=labels, padding=3, fontsize=size, color=TEXT)


def _time_axis(ax, spec: ChartSpec) -> None:
    """Years where they fall in time: a labelled tick at each year with a value, a bare
    tick at the years between, so 2016, 2020, 2022, 2023 keep their real spacing."""
    years = spec.years or []
    first, last = min(years), max(years)
    labelled = dict(zip(years, spec.categories, strict=True))
    if last - first <= 30:
        between = [y for y in range(first, last + 1) if y not in labelled]
        ax.set_xticks(between, minor=True)
        ax.tick_params(axis="x", which="minor", length=3, color="#BBBBBB")
    ax.set_xticks(years, [labelled[y] for y in years])  # a year is never broken
    ax.tick_params(
        axis="x", which="major", length=4, color="#BBBBBB", labelsize=10, labelcolor=TEXT
    )
    ax.set_xlim(first - 0.7, last + 0.7)


def _category_axis(ax, categories: list[str], axis: str) -> None:
    positions = range(len(categories))
    if axis == "x":
        width = ax.figure.get_figwidth()
        ax.set_xticks(positions, [_wrap(c, len(categories), width) for c in categories])
    else:
        ax.set_yticks(positions, categories)
    ax.tick_params(axis=axis, length=0, labelsize=10, colors=TEXT)


def _value_axis(
    ax, spec: ChartSpec, axis: str, values: list, *, headroom: float = 0.12, zero: bool = True
) -> None:
    """Unit label, light grid, no top/right frame, room for the value labels."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#BBBBBB")
    ax.set_axisbelow(True)
    grid = ax.yaxis if axis == "y" else ax.xaxis
    grid.grid(True, color=GRID, linewidth=0.8)
    ax.tick_params(axis=axis, labelsize=9, colors=MUTED, length=0)
    ax.ticklabel_format(axis=axis, style="plain", useOffset=False)
    label = f"单位：{spec.unit}" if spec.unit else ""
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(label, fontsize=10, color=MUTED)
    present = [v for v in values if v is not None]
    if zero and present and min(present) < 0:
        (ax.axhline if axis == "y" else ax.axvline)(0, color="#999999", linewidth=0.8)
    if axis == "y":
        ax.margins(y=headroom)
    else:
        ax.margins(x=headroom + 0.04)


def _growth_labels(ax, spec: ChartSpec, color: str) -> None:
    """``增速 +6.6%`` above each group of bars, clear of the value labels."""
    for x, rate in enumerate(spec.growth or []):
        if rate is None:
            continue
        heights = [s.values[x] for s in spec.series if s.values[x] is not None]
        top = max([0.0, *heights])
        sign = "+" if rate > 0 else ""
        ax.annotate(
            f"增速 {sign}{rate:.1f}%".replace("-", MINUS),
            (x, top),
            xytext=(0, 17),
            textcoords="offset points",
            ha="center",
            fontsize=9,
            color=color,
        )


def _contrast(color: str) -> str:
    """White on a dark fill, the text colour on a light one (for labels and patterns)."""
    red, green, blue = (int(color[k : k + 2], 16) for k in (1, 3, 5))
    return "white" if 0.299 * red + 0.587 * green + 0.114 * blue < 140 else TEXT


def _minus(text: str) -> str:
    """A value label with a real minus sign (``−4.8``, not ``-4.8``)."""
    return text.replace("-", MINUS)


def _wrap_title(title: str, width_in: float, size: float) -> str:
    """Break a title too long for the figure's width (a Chinese character is ~1 em)."""
    per_line = max(10, int(width_in * 72 / size * 0.92))
    if len(title) <= per_line:
        return title
    cut = max((title.rfind(mark, 0, per_line) for mark in "：、，（ "), default=-1)
    cut = cut + 1 if cut > per_line // 2 else per_line
    return title[:cut].rstrip() + "\n" + _wrap_title(title[cut:].lstrip(), width_in, size)


def _wrap(label: str, count: int, width_in: float) -> str:
    """Break a category label too long for its slot under the bar into even lines."""
    per_line = max(2, int(width_in * 72 * 0.8 / max(count, 1) / 10.5))
    if len(label) <= per_line:
        return label
    lines = -(-len(label) // per_line)
    size = -(-len(label) // lines)
    return "\n".join(label[k : k + size] for k in range(0, len(label), size))
