"""The subject index panel: letters, filtering, page refs, activation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.widget_archive import widget_archive, widget_archive_path  # noqa: F401
from wuwei_desktop.api import IndexHit
from wuwei_desktop.gui.index_panel import (
    KIND_REF,
    KIND_TERM,
    ROLE_KIND,
    IndexPanel,
    group_terms,
)

pytestmark = pytest.mark.gui


def commit(widget, text: str) -> None:
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture()
def panel(qtbot, widget_archive):  # noqa: F811
    widget = IndexPanel(widget_archive)
    qtbot.addWidget(widget)
    widget.resize(360, 600)
    return widget


def term_item(panel: IndexPanel, term: str):
    for letter in panel._letter_items.values():
        for i in range(letter.childCount()):
            if letter.child(i).text(0) == term:
                return letter.child(i)
    raise AssertionError(term)


def test_terms_grouped_by_letter_with_page_refs(panel, widget_archive):  # noqa: F811
    hits = widget_archive.index_terms()
    assert hits
    terms = group_terms(hits)
    assert panel.letters == list(dict.fromkeys(t.letter for t in terms))
    assert panel.visible_terms() == [t.term for t in terms]
    assert f"共 {len(terms)} 个索引词" == panel.count_label.text()
    multi = next(t for t in terms if len(t.refs) > 1)
    item = term_item(panel, multi.term)
    assert item.text(1) == " ".join(f"{r.page}{r.col or ''}" for r in multi.refs)
    assert item.childCount() == len(multi.refs)
    assert item.child(0).data(0, ROLE_KIND) == KIND_REF


def test_filter_by_substring(qtbot, panel, widget_archive):  # noqa: F811
    terms = {t.term for t in group_terms(widget_archive.index_terms())}
    commit(panel.filter_box, "人口")
    assert panel.visible_terms() and all("人口" in t for t in panel.visible_terms())
    assert set(panel.visible_terms()) == {t for t in terms if "人口" in t}
    assert "筛选出" in panel.count_label.text()
    panel.filter_box.setText("没有这样的索引词啊")
    assert panel.visible_terms() == [] and "没有" in panel.count_label.text()
    panel.filter_box.clear()
    assert len(panel.visible_terms()) == len(terms)


def test_activating_a_term_and_a_ref(qtbot, panel, widget_archive):  # noqa: F811
    terms = group_terms(widget_archive.index_terms())
    multi = next(t for t in terms if len(t.refs) > 1 and t.first_node)
    panel.show()
    qtbot.waitExposed(panel)
    item = term_item(panel, multi.term)
    panel.tree.scrollToItem(item)
    rect = panel.tree.visualItemRect(item)
    with qtbot.waitSignal(panel.node_requested) as blocker:
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [multi.first_node, [multi.term]]
    assert item.data(0, ROLE_KIND) == KIND_TERM
    resolved = [i for i, r in enumerate(multi.refs) if r.node_id]
    last = resolved[-1]
    item.setExpanded(True)
    child = item.child(last)
    panel.tree.setCurrentItem(child)
    with qtbot.waitSignal(panel.node_requested) as blocker:
        qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert blocker.args == [multi.refs[last].node_id, [multi.term]]


def test_letter_buttons_jump(qtbot, panel):
    panel.show()
    qtbot.waitExposed(panel)
    last = panel.letters[-1]
    panel._letter_buttons[last].click()
    assert panel.tree.currentItem() is panel._letter_items[last]
    commit(panel.filter_box, "没有这样的索引词啊")
    assert panel._letter_buttons and not any(b.isEnabled() for b in panel._letter_buttons.values())


def test_unresolved_refs_do_not_emit(qtbot):
    hits = [
        IndexHit("常住人口", 55, "a", "yearbook-2024/a", "【常住人口】", "C"),
        IndexHit("常住人口", 55, "b", None, None, "C"),
        IndexHit("无处可去", 999, None, None, None, "W"),
    ]
    panel = IndexPanel()
    qtbot.addWidget(panel)
    panel.set_hits(hits)
    assert panel.letters == ["C", "W"]
    assert term_item(panel, "常住人口").text(1) == "55a 55b"
    with qtbot.assertNotEmitted(panel.node_requested):
        panel._on_item_clicked(term_item(panel, "无处可去"))
        panel._on_item_clicked(term_item(panel, "常住人口").child(1))
    with qtbot.waitSignal(panel.node_requested) as blocker:
        panel._on_item_clicked(term_item(panel, "常住人口"))
    assert blocker.args == ["yearbook-2024/a", ["常住人口"]]


def test_no_archive_and_a_broken_index(qtbot):
    panel = IndexPanel()
    qtbot.addWidget(panel)
    assert panel.letters == [] and "没有主题索引" in panel.count_label.text()

    class Broken:
        def index_terms(self):
            raise RuntimeError("数据库已关闭")

    panel.set_archive(Broken())
    assert not panel.loaded  # hidden: read when first shown
    panel.show()
    assert panel.loaded and "读取索引出错" in panel.count_label.text()


def test_the_hidden_index_tab_is_filled_when_first_shown(main_window):
    panel = main_window.index_panel
    assert main_window.tabs.currentWidget() is not panel
    assert not panel.loaded and panel.tree.topLevelItemCount() == 0
    main_window.tabs.setCurrentWidget(panel)
    assert panel.loaded and panel.tree.topLevelItemCount() > 20
    assert "“两志”编纂" in panel.visible_terms()
