"""A chart in the window: a choice of chart, matplotlib's canvas and navigation toolbar,
and 保存图表 (PNG/SVG).

matplotlib and its Qt backend are imported the first time the panel is shown, never at
start-up. The panel draws :class:`~wuwei_desktop.charts.ChartSpec` objects it is given;
what to chart is decided by its owner (the table view or the 指标 explorer), which
listens to ``option_changed``.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import strings as S
from ..busy import busy_cursor
from ..flow_layout import FlowLayout
from .file_io import SaveDialogs, safe_file_name

CHART_MIN_HEIGHT = 300  # the chart's canvas, in pixels: below this a chart is hard to read
CANVAS_MIN_HEIGHT = 160  # the hard minimum (the 统计 view keeps CHART_MIN_HEIGHT, or tabs)
COMBO_CHARACTERS = 16  # the chart box shows this many characters of a chart's name

# matplotlib's toolbar, in Chinese and without its own save/subplot buttons
TOOL_ITEMS = (
    ("Home", "还原视图", "home", "home"),
    ("Back", "上一视图", "back", "back"),
    ("Forward", "下一视图", "forward", "forward"),
    (None, None, None, None),
    ("Pan", "平移（右键拖动缩放）", "move", "pan"),
    ("Zoom", "框选放大", "zoom_to_rect", "zoom"),
)


def _toolbar_class():
    from matplotlib.backends.backend_qtagg import NavigationToolbar2QT

    class ChartToolbar(NavigationToolbar2QT):
        toolitems: ClassVar[list] = list(TOOL_ITEMS)

    return ChartToolbar


class ChartPanel(QWidget):
    """Option box, canvas and save button for one chart at a time.

    Signals:
        option_changed(str key): the user chose another chart in the box.
        status_message(str): a short message for the status bar.
    """

    option_changed = Signal(str)
    print_requested = Signal()
    status_message = Signal(str)

    def __init__(self, dialogs: SaveDialogs | None = None, parent=None) -> None:
        super().__init__(parent)
        self.dialogs = dialogs or SaveDialogs()
        self.spec = None
        self.message = S.STATS_CHART_EMPTY
        self.figure = None
        self.canvas = None
        self.toolbar = None
        self._drawn = None
        self.combo = QComboBox(self)
        self.combo.setObjectName("chartOption")
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(COMBO_CHARACTERS)
        self.combo.setToolTip(S.STATS_CHART_TIP_PICK)
        self.combo.activated.connect(self._on_activated)
        self.save_button = QPushButton(S.STATS_CHART_SAVE, self)
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton(S.ACT_ADD_TO_PRINT, self)
        self.print_button.setToolTip(S.STATS_TIP_PRINT_CHART)
        self.print_button.clicked.connect(self.print_requested)
        toolbar_holder = QWidget(self)
        self.toolbar_slot = QHBoxLayout(toolbar_holder)
        self.toolbar_slot.setContentsMargins(0, 0, 0, 0)
        top = FlowLayout()  # wraps when narrow: the toolbar never loses a tool
        caption = QLabel(S.STATS_CHART_TYPE, self)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(caption)
        top.addWidget(self.combo)
        top.add_stretch()
        top.addWidget(toolbar_holder)
        top.addWidget(self.print_button)
        top.addWidget(self.save_button)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("chartMessage")
        self.message_label.setProperty("role", "muted")
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.message_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.show_spec(None)

    def height_for_chart(self, width: int, canvas: int = CHART_MIN_HEIGHT) -> int:
        """The panel's height, at ``width``, that leaves ``canvas`` pixels to the chart."""
        margins = self.layout().contentsMargins()
        inner = max(width - margins.left() - margins.right(), 100)
        top = self.layout().itemAt(0).layout().heightForWidth(inner)
        return canvas + top + self.layout().spacing() + margins.top() + margins.bottom()

    # -- options ------------------------------------------------------------------------

    def set_options(self, options: list[tuple[str, str]], current: str | None = None) -> None:
        """Fill the chart box with (key, label) pairs and select ``current``."""
        self.combo.blockSignals(True)
        self.combo.clear()
        for key, label in options:
            self.combo.addItem(label, key)
        self.combo.setEnabled(bool(options))
        self.combo.blockSignals(False)
        if current is not None:
            self.select_option(current)

    def add_option(self, key: str, label: str) -> None:
        """Add (or relabel) an option and select it."""
        index = self.combo.findData(key)
        if index < 0:
            self.combo.addItem(label, key)
        else:
            self.combo.setItemText(index, label)
        self.combo.setEnabled(True)
        self.select_option(key)

    def select_option(self, key: str) -> None:
        index = self.combo.findData(key)
        if index >= 0:
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(index)
            self.combo.blockSignals(False)

    def current_option(self) -> str | None:
        return self.combo.currentData()

    def option_keys(self) -> list[str]:
        return [self.combo.itemData(i) for i in range(self.combo.count())]

    def choose_option(self, key: str) -> None:
        """Select ``key`` as the user would (emits ``option_changed``)."""
        index = self.combo.findData(key)
        if index >= 0:
            self.combo.setCurrentIndex(index)
            self._on_activated(index)

    def _on_activated(self, index: int) -> None:
        key = self.combo.itemData(index)
        if key is not None:
            self.option_changed.emit(key)

    # -- drawing ------------------------------------------------------------------------

    def show_spec(self, spec, message: str | None = None) -> None:
        """Draw ``spec``; with None, show ``message`` instead of a chart."""
        self.spec = spec
        self.message = message or S.STATS_CHART_EMPTY
        self.save_button.setEnabled(spec is not None)
        self.print_button.setEnabled(spec is not None)
        if spec is None:
            self.message_label.setText(self.message)
            self.stack.setCurrentWidget(self.message_label)
            return
        if not self.isVisible():  # drawn when shown (in a tab, or not built yet)
            if self.canvas is None:
                self.message_label.setText(S.STATS_CHART_LOADING)
            return
        self._draw()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # once the layout has given the canvas its size (a tab just shown is not laid out)
        QTimer.singleShot(0, self._draw_if_stale)

    def _draw_if_stale(self) -> None:
        if self.isVisible() and self.spec is not None and self._drawn is not self.spec:
            self._draw()

    def _ensure_canvas(self) -> None:
        if self.canvas is not None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        from ...mpl_font import configure_matplotlib_font

        configure_matplotlib_font()
        self.figure = Figure(layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setObjectName("chartCanvas")
        self.canvas.setMinimumHeight(CANVAS_MIN_HEIGHT)
        self.stack.addWidget(self.canvas)
        self.toolbar = _toolbar_class()(self.canvas, self, coordinates=False)
        self.toolbar.setObjectName("chartToolbar")
        self.toolbar.setIconSize(self.toolbar.iconSize() * 0.8)
        self.toolbar_slot.addWidget(self.toolbar)

    def _draw(self) -> None:
        with busy_cursor():
            self._draw_now()

    def _draw_now(self) -> None:
        from ...charts import ChartError, draw_chart

        self._ensure_canvas()
        self.figure.clear()
        try:
            draw_chart(self.spec, self.figure)
        except ChartError as error:
            self.spec = None
            self.save_button.setEnabled(False)
            self.message_label.setText(str(error))
            self.stack.setCurrentWidget(self.message_label)
            return
        self._drawn = self.spec
        self.stack.setCurrentWidget(self.canvas)
        self.toolbar.update()  # a new chart: the toolbar's view history starts again
        self.canvas.draw()

    # -- saving -------------------------------------------------------------------------

    def save(self) -> Path | None:
        """Ask for a .png/.svg file and write the chart there; the path, or None."""
        if self.spec is None:
            return None
        from ...charts import ChartError, save_chart

        name = safe_file_name(self.spec.title) + ".png"
        path = self.dialogs.save_path(
            self, S.STATS_CHART_SAVE_TITLE, name, S.STATS_CHART_FILTER, (".png", ".svg")
        )
        if path is None:
            return None
        try:
            save_chart(self.spec, path)
        except ChartError as error:
            self.dialogs.error(self, S.STATS_CHART_SAVE_FAILED, str(error))
            return None
        except OSError as error:
            message = S.STATS_EXPORT_ERROR.format(path=path, error=error.strerror or error)
            self.dialogs.error(self, S.STATS_CHART_SAVE_FAILED, message)
            return None
        self.status_message.emit(S.STATS_CHART_SAVED.format(path=path))
        return path
