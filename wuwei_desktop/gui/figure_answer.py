"""The answer to a figure question in one line, with its source: shown above the 检索 hits
and above the 指标查询 table.

``FigureAnswer.show_figure(figure)`` shows a :class:`~wuwei_desktop.api.FigureInfo`
(``答：2023年 凉州区 粮食总产量 68.77万吨 —《武威年鉴（2024）》表18，第352页``); the tooltip
lists every place that prints it, and 出处 opens the best one in the reader.
``prepare(archive)`` builds the figure index in the background once the window has
settled; ``ask(archive, text)`` asks on a worker thread and shows the answer only when
the text is a question the archive answers with confidence (:attr:`FactAnswer.confident`);
an answer that arrives after newer text was asked is dropped.

Signals:
    node_requested(str node_id): open the answer's source.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from . import strings as S

log = logging.getLogger(__name__)
# after opening an archive, how long to leave the window alone before building the index
PREPARE_DELAY_MS = 1500


def source_lines(sources: list, doc_titles: dict[str, str]) -> list[str]:
    """Every place that prints a figure: 《title》第P页：the sentence or cell."""
    lines = []
    for fact in sources:
        page = S.STATS_PAGE.format(page=fact.page) if fact.page is not None else ""
        title = doc_titles.get(fact.doc, fact.doc)
        lines.append(f"《{title}》{page}：{' '.join(fact.source_text.split())}")
    return lines


def sources_tip(sources: list, doc_titles: dict[str, str]) -> str:
    """:func:`source_lines` as a tooltip, one a line; document text escaped, since Qt
    reads a tooltip that looks like markup as markup."""
    lines = source_lines(sources, doc_titles)
    return "<qt>" + "<br>".join(html.escape(line) for line in lines) + "</qt>"


class _AskSignals(QObject):
    answered = Signal(int, object)  # serial, FactAnswer


class _PrepareTask(QRunnable):
    """Builds the figure index in the background, so the first question is quick."""

    def __init__(self, archive) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.archive = archive

    def run(self) -> None:
        try:
            self.archive.prepare_facts()
        except Exception:  # the first question will try again and say what went wrong
            log.exception("building the figure index")


class _AskTask(QRunnable):
    """Asks one question off the GUI thread (the first builds the figure index)."""

    def __init__(self, archive, text: str, serial: int, signals: _AskSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.archive, self.text, self.serial, self.signals = archive, text, serial, signals

    def run(self) -> None:
        try:
            answer = self.archive.ask(self.text, limit=1)
        except Exception:  # never let a worker exception reach Qt; no answer is shown
            log.exception("figure question failed: %r", self.text)
            answer = None
        self.signals.answered.emit(self.serial, answer)


class FigureAnswer(QFrame):
    """One line: the answer and its source, an 出处 button; hidden when there is none."""

    node_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureAnswer")
        self.figure = None
        self.doc_titles: dict[str, str] = {}
        self._serial = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _AskSignals()
        self._signals.answered.connect(self._on_answered)
        self.label = QLabel(self)
        self.label.setObjectName("figureAnswerText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # document text, never markup
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QToolButton(self)
        self.open_button.setText(S.FACT_ANSWER_OPEN)
        self.open_button.setToolTip(S.FACT_ANSWER_TIP_OPEN)
        self.open_button.clicked.connect(self._on_open)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def text(self) -> str:
        """The answer as shown (empty when hidden)."""
        return self.label.text() if self.figure is not None else ""

    def show_figure(self, figure) -> None:
        """Show a figure as the answer (None: hide)."""
        self.figure = figure
        if figure is None:
            self.label.clear()
            self.hide()
            return
        line = figure.line.removesuffix("　" + figure.warning) if figure.warning else figure.line
        text = S.FACT_ANSWER.format(line=line)
        if len(figure.sources) > 1:
            text += S.FACT_ANSWER_MORE.format(count=len(figure.sources))
        if figure.warning:
            text += "　" + figure.warning
        self.label.setText(text)
        tip = sources_tip(figure.sources, self.doc_titles)
        self.label.setToolTip(tip)
        self.setToolTip(tip)
        self.show()

    def ask(self, archive, text: str) -> None:
        """Ask ``text`` in the background; show the answer if it is a confident one."""
        self._serial += 1
        self._pool.clear()
        if archive is None or not text.strip():
            self.show_figure(None)
            return
        self._pool.start(_AskTask(archive, text, self._serial, self._signals))

    def prepare(self, archive) -> None:
        """Build ``archive``'s figure index on the worker thread once the window has
        settled (:data:`PREPARE_DELAY_MS`), unless another archive is given by then."""
        serial = self._serial

        def start() -> None:
            if serial == self._serial and archive is not None:
                self._pool.start(_PrepareTask(archive))

        QTimer.singleShot(PREPARE_DELAY_MS, self, start)

    def wait(self, msecs: int = 5000) -> None:
        """Wait for a question still being asked (tests, shutting down)."""
        self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Drop a queued question and wait for a running one."""
        self._serial += 1
        self._pool.clear()
        self._pool.waitForDone()

    def _on_answered(self, serial: int, answer) -> None:
        if serial != self._serial:
            return  # newer text was asked meanwhile
        self.show_figure(answer.best if answer is not None and answer.confident else None)

    def _on_open(self) -> None:
        if self.figure is not None:
            self.node_requested.emit(self.figure.fact.node_id)
