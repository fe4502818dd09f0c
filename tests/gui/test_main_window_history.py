"""The reader's back/forward history (no Qt)."""

from wuwei_desktop.gui.history import History


def test_back_and_forward_walk_the_visits():
    history = History()
    for place in "ABC":
        history.visit(place)
    assert history.current == "C"
    assert history.back() == "B"
    assert history.back() == "A"
    assert history.back() is None
    assert history.current == "A"
    assert history.forward() == "B"
    assert history.can_forward()


def test_a_new_visit_after_going_back_drops_the_forward_part():
    history = History()
    for place in "ABC":
        history.visit(place)
    history.back()
    history.visit("D")
    assert history.current == "D"
    assert not history.can_forward()
    assert history.back() == "B"


def test_repeating_the_current_place_is_recorded_once():
    history = History()
    history.visit("A")
    history.visit("A")
    assert len(history) == 1
    assert not history.can_back()


def test_empty_history_has_nowhere_to_go():
    history = History()
    assert history.current is None
    assert history.back() is None
    assert history.forward() is None


def test_the_oldest_entries_are_dropped_beyond_the_limit():
    history = History(limit=3)
    for place in "ABCDE":
        history.visit(place)
    assert len(history) == 3
    assert history.back() == "D"
    assert history.back() == "C"
    assert history.back() is None


def test_replace_current_keeps_position():
    history = History()
    history.visit("A")
    history.visit("B")
    history.replace_current("B2")
    assert history.current == "B2"
    assert history.back() == "A"
    assert history.forward() == "B2"
