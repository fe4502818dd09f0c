"""One program per user: a second launch hands its arguments to the first and exits."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDir

from wuwei_desktop.gui.single_instance import SingleInstance, parse_message, server_name
from wuwei_desktop.paths import user_data_dir

ROOT = Path(__file__).resolve().parents[2]
NODE = "yearbook-2024/市情概览/自然地理/地理位置"


@pytest.fixture()
def first(qapp):
    """The first program's listener, in this test process."""
    instance = SingleInstance(user_data_dir())
    assert instance.hand_over_or_listen({"open": None, "search": None}) is False
    assert instance.server is not None and instance.server.isListening()
    received: list[dict] = []
    instance.message_received.connect(received.append)
    yield instance, received
    instance.close()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--search", "民勤 防沙"], {"open": None, "search": "民勤 防沙"}),
        (["--open", NODE], {"open": NODE, "search": None}),
        ([], {"open": None, "search": None}),
    ],
)
def test_second_launch_hands_over_and_exits_0(qtbot, first, args, expected) -> None:
    _instance, received = first
    launch = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        qtbot.waitUntil(lambda: launch.poll() is not None, timeout=60000)
    finally:
        if launch.poll() is None:  # it did not hand over: it opened a window of its own
            launch.kill()
    _out, err = launch.communicate()
    assert launch.returncode == 0, err.decode("utf-8", "replace")
    assert received == [expected]


@pytest.mark.skipif(os.name != "posix", reason="Windows 的命名管道不会在崩溃后残留")
def test_a_stale_socket_left_by_a_crash_does_not_block_start(qtbot) -> None:
    name = server_name(user_data_dir())
    path = Path(QDir.tempPath()) / name
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(path))  # bound and closed, never unlinked: what a killed program leaves
    stale.close()
    assert path.exists()
    instance = SingleInstance(user_data_dir())
    try:
        assert instance.hand_over_or_listen({"open": None, "search": None}) is False
        assert instance.server is not None and instance.server.isListening()
        received: list[dict] = []
        instance.message_received.connect(received.append)
        # the later launch blocks in waitFor…, so it runs in a child process while
        # this one's event loop answers
        code = (
            "import sys; from PySide6.QtCore import QCoreApplication;"
            "from wuwei_desktop.gui.single_instance import SingleInstance;"
            "from wuwei_desktop.paths import user_data_dir;"
            "app = QCoreApplication([]);"
            "sys.exit(0 if SingleInstance(user_data_dir()).hand_over_or_listen("
            "{'open': 'x', 'search': None}) else 3)"
        )
        child = subprocess.Popen([sys.executable, "-c", code])
        try:
            qtbot.waitUntil(lambda: child.poll() is not None, timeout=30000)
        finally:
            if child.poll() is None:
                child.kill()
        assert child.returncode == 0
        assert received == [{"open": "x", "search": None}]
    finally:
        instance.close()


def test_users_and_data_folders_get_their_own_name(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a")


@pytest.mark.parametrize(
    "data",
    [b"not json\n", b"[1, 2]\n", b"[" * 100000 + b"\n", b"\xff\xfe\n", b'{"open": 5}\n'],
)
def test_a_junk_message_is_refused_or_emptied(data: bytes) -> None:
    message = parse_message(data)
    assert message is None or message == {"open": None, "search": None}


def test_the_window_comes_forward_and_does_what_was_asked(main_window, qtbot) -> None:
    window = main_window
    window.showMinimized()
    window.handle_request({"open": NODE, "search": None})
    assert not window.isMinimized()
    assert window.current_node_id() == NODE
    window.handle_request({"open": None, "search": "防沙治沙"})
    assert window.tabs.currentWidget() is window.search_pane
    assert window.search_pane.query == "防沙治沙"
    assert "防沙治沙" in window.reader.plain_text()
    shown = window.current_node_id()
    window.handle_request({"open": "yearbook-2024/没有这个条目", "search": None})
    assert "没有这个条目" in window.statusBar().currentMessage()
    assert window.current_node_id() == shown
