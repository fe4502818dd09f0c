"""The search pane: results while typing, grouping, filters, activation, hostile input."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.gui.widget_archive import widget_archive, widget_archive_path  # noqa: F401  (fixtures)
from wuwei_desktop.gui.search_pane import (
    KIND_GROUP,
    KIND_HIT,
    ROLE_KIND,
    ROLE_NODE,
    SearchPane,
    shorter_queries,
    snippet_html,
)

pytestmark = pytest.mark.gui


def commit(widget, text: str) -> None:
    """Type ``text`` the way an input method commits it (keyClicks crashes on Chinese)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_chars(widget, text: str) -> None:
    """Type ``text`` one character at a time as key events without a Qt key code."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


@pytest.fixture()
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture()
def pane(qtbot, widget_archive, settings):  # noqa: F811
    widget = SearchPane(widget_archive, settings=settings)
    qtbot.addWidget(widget)
    widget.resize(420, 640)
    yield widget
    widget.set_archive(None)  # before the archive fixture closes it


def groups(pane: SearchPane) -> list:
    items = [pane.results.topLevelItem(i) for i in range(pane.results.topLevelItemCount())]
    return [item for item in items if item.data(0, ROLE_KIND) == KIND_GROUP]


def search(qtbot, pane: SearchPane, text: str) -> None:
    with qtbot.waitSignal(pane.results_shown, timeout=5000):
        commit(pane.search_box, text)
    qtbot.waitUntil(lambda: pane._shown is not None and pane._shown.query == pane.query)


def test_typing_shows_results_grouped_by_document_and_category(qtbot, pane, widget_archive):  # noqa: F811
    search(qtbot, pane, "民勤")
    expected = widget_archive.search("民勤", limit=100, facets=True)
    assert expected.total > 0
    titles = {d.id: d.title for d in widget_archive.documents()}
    counts = {c.node_id: (c.title, c.count, c.doc) for c in expected.facets.by_category}
    shown = groups(pane)
    assert shown
    for group in shown:
        key = group.data(0, ROLE_NODE)
        title, count, doc = counts[key]
        if key == doc:
            assert group.text(0) == f"{titles[doc]} ({count})"
        else:
            assert group.text(0) == f"{titles[doc]} · {title} ({count})"
        for j in range(group.childCount()):
            assert group.child(j).data(0, ROLE_NODE).startswith(key)
    # every hit of the first page is shown, under its group
    hit_ids = [g.child(j).data(0, ROLE_NODE) for g in shown for j in range(g.childCount())]
    assert sorted(hit_ids) == sorted(h.node_id for h in expected.hits)
    assert "共 " in pane.status_label.text()
    # a hit row shows the title and the printed page
    best = expected.hits[0]
    item = next(
        g.child(j)
        for g in shown
        for j in range(g.childCount())
        if g.child(j).data(0, ROLE_NODE) == best.node_id
    )
    assert item.data(0, ROLE_KIND) == KIND_HIT
    assert best.title in item.text(0)
    if best.page is not None:
        assert f"第{best.page}页" in item.text(0)
    # the first group holds the best hit
    assert shown[0].data(0, ROLE_NODE) == best.node_id.split("/")[0] + (
        "/" + best.node_id.split("/")[1] if "/" in best.node_id else ""
    )


def test_typing_character_by_character_ends_with_the_whole_word(qtbot, pane, widget_archive):  # noqa: F811
    with qtbot.waitSignal(pane.results_shown, timeout=5000):
        type_chars(pane.search_box, "常住人口")
    qtbot.waitUntil(lambda: pane._shown is not None and pane._shown.query == "常住人口")
    expected = widget_archive.search("常住人口", limit=100)
    assert expected.total > 0
    assert pane._shown_total == expected.total
    shown_ids = {g.child(j).data(0, ROLE_NODE) for g in groups(pane) for j in range(g.childCount())}
    assert shown_ids == {h.node_id for h in expected.hits}


def test_clicking_a_hit_requests_its_node_with_the_terms(qtbot, pane, settings):
    search(qtbot, pane, "民勤")
    first = groups(pane)[0].child(0)
    pane.show()
    qtbot.waitExposed(pane)
    pane.results.scrollToItem(first)
    rect = pane.results.visualItemRect(first)
    with qtbot.waitSignal(pane.node_requested, timeout=2000) as blocker:
        qtbot.mouseClick(pane.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [first.data(0, ROLE_NODE), ["民勤"]]
    # the query is remembered, and offered again by a new pane
    assert pane.recent_searches == ["民勤"]
    again = SearchPane(None, settings=settings)
    qtbot.addWidget(again)
    assert again.recent_searches == ["民勤"]
    assert again.search_box.completer().model().stringList() == ["民勤"]


def test_enter_in_the_box_opens_the_first_hit(qtbot, pane):
    pane.show()
    qtbot.waitExposed(pane)
    pane.focus_search()
    search(qtbot, pane, "民勤")
    first = groups(pane)[0].child(0)
    with qtbot.waitSignal(pane.node_requested, timeout=2000) as blocker:
        qtbot.keyClick(pane.search_box, Qt.Key.Key_Return)
    assert blocker.args[0] == first.data(0, ROLE_NODE)
    assert pane.results.currentItem() is first  # Down, Enter: the next hit
    second = pane.results.itemBelow(first)
    qtbot.keyClick(pane.results, Qt.Key.Key_Down)
    with qtbot.waitSignal(pane.node_requested, timeout=2000) as blocker:
        qtbot.keyClick(pane.results, Qt.Key.Key_Return)
    assert blocker.args[0] == second.data(0, ROLE_NODE)


def test_enter_before_the_results_arrive_opens_the_first_hit_when_they_do(qtbot, pane):
    pane.show()
    qtbot.waitExposed(pane)
    pane.search_box.setText("民")
    pane.search_box.setText("民勤")  # within the debounce: 民勤 is not searched yet
    assert pane._shown is None or pane._shown.query != "民勤"
    with qtbot.waitSignal(pane.node_requested, timeout=5000) as blocker:
        qtbot.keyClick(pane.search_box, Qt.Key.Key_Return)
    first = groups(pane)[0].child(0)
    assert blocker.args[0] == first.data(0, ROLE_NODE)


def test_focus_search_selects_the_text(qtbot, pane):
    pane.show()
    qtbot.waitExposed(pane)
    pane.search_box.setText("民勤")
    pane.search_box.deselect()
    pane.focus_search()
    qtbot.waitUntil(pane.search_box.hasFocus)
    assert pane.search_box.selectedText() == "民勤"


def test_nothing_found_says_so_and_suggests_shorter_queries(qtbot, pane, widget_archive):  # noqa: F811
    query = "民勤沙漠里的企鹅博物馆"
    assert widget_archive.search(query).total == 0
    search(qtbot, pane, query)
    text = pane.status_label.text()
    assert "没有找到" in text and "请尝试更短的检索词" in text
    assert "民勤" in text  # the first two characters, which do find something
    assert not groups(pane)
    with qtbot.waitSignal(pane.results_shown, timeout=5000):
        pane.status_label.linkActivated.emit("q:民勤")
    assert pane.query == "民勤" and groups(pane)


def test_a_phrase_remembered_approximately_suggests_its_pieces(qtbot, pane, widget_archive):  # noqa: F811
    # no entry holds it as one phrase; the 2022 report holds 古浪八步沙 and 六老汉 apart
    query = "古浪八步沙六老汉"
    assert widget_archive.search(query).total == 0
    search(qtbot, pane, query)
    assert "古浪八步沙 六老汉" in pane.status_label.text()
    with qtbot.waitSignal(pane.results_shown, timeout=5000):
        pane.status_label.linkActivated.emit("q:古浪八步沙 六老汉")
    assert pane.query == "古浪八步沙 六老汉" and groups(pane)


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "*",
        '"民勤',
        "-",
        "NOT OR AND",
        "民勤 -民勤",
        "a:b (c) ^d {e} [f]",
        "\x00\x1b\t\u2028民勤\ufffd",
        "\ud800",
        "<b>&amp;</b>",
        "民" * 10_000,
        "x" * 10_000,
    ],
)
def test_nasty_input_never_raises(qtbot, pane, text):
    with qtbot.waitSignal(pane.results_shown, timeout=10_000):
        commit(pane.search_box, text)
        pane.search_now()
    assert not pane.status_label.isHidden() or pane.status_label.text() == ""
    assert "检索出错" not in pane.status_label.text()


def test_document_and_category_filters(qtbot, pane, widget_archive):  # noqa: F811
    documents = widget_archive.documents()
    doc = documents[0].id
    search(qtbot, pane, "民勤")
    assert not pane.category_combo.isEnabled()
    with qtbot.waitSignal(pane.results_shown, timeout=5000):
        pane.doc_combo.setCurrentIndex(pane.doc_combo.findData(doc))
    assert {g.data(0, ROLE_NODE).split("/")[0] for g in groups(pane)} == {doc}
    categories = [c.title for c in widget_archive.tree(doc, depth=1)[0].children]
    combo = [pane.category_combo.itemText(i) for i in range(1, pane.category_combo.count())]
    assert combo == categories and pane.category_combo.isEnabled()
    key = groups(pane)[-1].data(0, ROLE_NODE)
    with qtbot.waitSignal(pane.results_shown, timeout=5000):
        pane.category_combo.setCurrentIndex(pane.category_combo.findData(key))
    assert [g.data(0, ROLE_NODE) for g in groups(pane)] == [key]
    expected = widget_archive.search("民勤", doc=doc, category=key, limit=100)
    assert pane._shown_total == expected.total


class HeldArchive:
    """The archive, except that a search for ``held`` waits until released (in its
    worker thread): lets a test finish an older query after a newer one."""

    def __init__(self, archive, held: str) -> None:
        self._archive = archive
        self.held = held
        self.started = threading.Event()
        self.release = threading.Event()

    def search(self, query, *args, **kwargs):
        if query == self.held:
            self.started.set()
            assert self.release.wait(30)
        return self._archive.search(query, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._archive, name)


def test_a_newer_query_wins_over_an_older_one(qtbot, widget_archive, settings):  # noqa: F811
    """Two queries in flight; the older one finishes last and must not replace the
    newer one's results."""
    held = HeldArchive(widget_archive, "民")
    pane = SearchPane(held, settings=settings)
    qtbot.addWidget(pane)
    pane._pool.setMaxThreadCount(2)  # both searches run at once
    finished = []
    pane._signals.finished.connect(lambda request, *_: finished.append(request.query))
    commit(pane.search_box, "民")  # the first key after a pause searches at once
    qtbot.waitUntil(held.started.is_set, timeout=5000)
    commit(pane.search_box, "勤")  # now 民勤
    qtbot.waitUntil(lambda: finished == ["民勤"], timeout=5000)
    newer = widget_archive.search("民勤", limit=100)
    assert pane._shown.query == "民勤" and pane._shown_total == newer.total
    assert widget_archive.search("民", limit=1).total != newer.total  # they differ
    held.release.set()
    qtbot.waitUntil(lambda: finished == ["民勤", "民"], timeout=10000)  # the older, last
    qtbot.wait(50)
    assert pane._shown.query == "民勤" and pane._shown_total == newer.total
    shown = {g.child(j).data(0, ROLE_NODE) for g in groups(pane) for j in range(g.childCount())}
    assert shown == {h.node_id for h in newer.hits}
    pane.set_archive(None)


def test_without_an_archive_the_pane_is_inert(qtbot, settings):
    pane = SearchPane(None, settings=settings)
    qtbot.addWidget(pane)
    assert not pane.search_box.isEnabled()
    pane.set_query("民勤")  # no archive: nothing happens, nothing raises
    assert "未打开档案" in pane.status_label.text()


def test_snippet_html_escapes_document_text() -> None:
    html = snippet_html("<b>粗体</b> & «民勤»县 «<i>»")
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert html.count("<span") == 2 and ">民勤</span>" in html and "&lt;i&gt;</span>" in html


def test_shorter_queries() -> None:
    assert shorter_queries(["民勤县蜜瓜产业"]) == ["民勤县蜜", "民勤"]
    assert shorter_queries(["民勤", "企鹅"]) == ["民勤", "企鹅"]
    assert shorter_queries(["甘肃 武威"]) == ["“甘肃 武”", "甘肃"]
    assert shorter_queries([]) == []
