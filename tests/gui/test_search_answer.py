"""A figure question typed into 检索 shows its answer above the hits, in the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_main_window import type_chinese

pytestmark = pytest.mark.gui


def ask(qtbot, window, text: str):
    pane = window.search_pane
    window.tabs.setCurrentWidget(pane)
    pane.search_box.clear()
    type_chinese(qtbot, pane.search_box, text)
    pane.wait_for_results()
    qtbot.waitUntil(lambda: pane._shown is not None and pane._shown.query == text, timeout=5000)
    pane.wait_for_results()
    return pane


def test_a_question_is_answered_above_the_hits(qtbot, main_window):
    pane = ask(qtbot, main_window, "2023年凉州区粮食产量是多少？")
    answer = pane.figure_answer
    qtbot.waitUntil(answer.isVisible, timeout=5000)
    line = "2023年 凉州区 粮食总产量 68.77万吨 —《武威年鉴（2024）》表18，第352页"
    assert answer.text() == f"答：{line}"
    layout = pane.layout()
    assert layout.indexOf(answer) < layout.indexOf(pane.results)  # above the hits
    assert answer.geometry().bottom() <= pane.results.geometry().top()
    assert "《武威年鉴（2024）》第352页：表18 粮食总产量·凉州区 2023年" in answer.label.toolTip()

    qtbot.mouseClick(answer.open_button, Qt.MouseButton.LeftButton)
    assert main_window.current_node_id() == "yearbook-2024/附录/统计资料/表18"


def test_agreeing_sources_are_counted_and_listed(qtbot, main_window):
    pane = ask(qtbot, main_window, "全市GDP是多少")
    answer = pane.figure_answer
    qtbot.waitUntil(answer.isVisible, timeout=5000)
    assert answer.text().startswith("答：2023年 全市 生产总值 708.08亿元 —《武威年鉴（2024）》表11")
    assert f"（共 {len(answer.figure.sources)} 处出处）" in answer.text()
    tip = answer.label.toolTip().removeprefix("<qt>").removesuffix("</qt>").split("<br>")
    assert len(tip) == len(answer.figure.sources) >= 2


def test_a_plain_search_shows_no_answer(qtbot, main_window):
    pane = ask(qtbot, main_window, "2023年凉州区粮食产量是多少？")
    qtbot.waitUntil(pane.figure_answer.isVisible, timeout=5000)
    pane = ask(qtbot, main_window, "防沙治沙")
    qtbot.waitUntil(lambda: not pane.figure_answer.isVisible(), timeout=5000)
    assert pane.figure_answer.text() == ""
    assert pane.results.topLevelItemCount() > 0  # the hits are there as before


def test_document_text_in_the_answer_is_plain_text(qtbot, main_window):
    pane = ask(qtbot, main_window, "凉州区旅游收入是多少")
    answer = pane.figure_answer
    qtbot.waitUntil(answer.isVisible, timeout=5000)
    assert answer.label.textFormat() == Qt.TextFormat.PlainText
    assert "82亿元" in answer.text() and "第296页" in answer.text()


def test_an_answer_to_older_text_is_dropped(qtbot, archive):
    from PySide6.QtWidgets import QApplication

    from wuwei_desktop.gui.figure_answer import FigureAnswer

    widget = FigureAnswer()
    qtbot.addWidget(widget)
    widget.show()
    shown = []
    show = widget.show_figure
    widget.show_figure = lambda figure: (shown.append(figure), show(figure))
    widget.ask(archive, "2023年凉州区粮食产量是多少？")
    widget.wait()  # answered; the answer waits in the event queue
    widget.ask(archive, "天祝县常住人口有多少")  # typed on meanwhile
    widget.wait()
    QApplication.processEvents()  # both answers are delivered now
    assert [f.fact.region for f in shown] == ["天祝县"]  # the older one was dropped
    assert widget.text().startswith("答：2023年 天祝县 常住人口 14.5万人")
    widget.ask(archive, "")
    assert not widget.isVisible() and widget.text() == ""
    widget.shutdown()


def test_the_figure_index_is_built_in_the_background_after_opening(qtbot, main_window):
    archive = main_window.archive
    qtbot.waitUntil(lambda: archive._fact_index_cache is not None, timeout=10000)
    main_window.search_pane.set_archive(None)  # closing waits for it, nothing left running
    main_window.search_pane.set_archive(archive)


def test_document_text_in_a_tooltip_is_never_markup(qtbot):
    from types import SimpleNamespace as Record

    from PySide6.QtGui import QTextDocument

    from wuwei_desktop.gui.figure_answer import sources_tip

    fact = Record(doc="d", page=3, source_text="<b>粗体</b> & <i>不是</i>")
    tip = sources_tip([fact], {"d": "文献"})
    shown = QTextDocument()
    shown.setHtml(tip)
    assert shown.toPlainText() == "《文献》第3页：<b>粗体</b> & <i>不是</i>"
