"""One program per user: a second launch hands its arguments to the first and exits."""

from __future__ import annotations

import json
import logging
import os
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from multiprocessing.connection import AuthenticationError, Client, Listener
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from wuwei_desktop.gui import single_instance
from wuwei_desktop.gui.single_instance import (
    KEY_FILE,
    MAX_MESSAGE,
    SingleInstance,
    address,
    load_key,
    parse_message,
    server_name,
)
from wuwei_desktop.paths import user_data_dir

ROOT = Path(__file__).resolve().parents[2]
NODE = "yearbook-2024/市情概览/自然地理/地理位置"
NOTHING = {"open": None, "search": None}

# a launch as the program makes it, without the window: prints "handed" when the running
# program took the request; else "first", then serves until its stdin closes and prints
# the searches it received
LAUNCH = """
import json, sys
from PySide6.QtCore import QCoreApplication
from wuwei_desktop.gui.single_instance import SingleInstance
from wuwei_desktop.paths import user_data_dir

app = QCoreApplication([])
instance = SingleInstance(user_data_dir())
if instance.hand_over_or_listen({"open": None, "search": sys.argv[1]}):
    print("handed", flush=True)
    sys.exit(0)
print("first", flush=True)
got = []
instance.message_received.connect(lambda message: got.append(message["search"]))
sys.stdin.read()
app.processEvents()  # the requests queued for this (the GUI) thread
print(json.dumps(got, ensure_ascii=False), flush=True)
if sys.argv[2] == "close":
    instance.close()
"""


def launch(search: str, ending: str = "close") -> subprocess.Popen:
    """A launch in a process of its own, with this test's user folders."""
    return subprocess.Popen(
        [sys.executable, "-c", LAUNCH, search, ending],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        encoding="utf-8",
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def finish(qtbot, process: subprocess.Popen) -> tuple[str, str]:
    """Wait (processing Qt events) for ``process`` to end; its stdout and stderr."""
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=60000)
    finally:
        if process.poll() is None:  # it did not hand over: it opened a window of its own
            process.kill()
    return process.communicate()


class Receiver(QObject):
    """A window's stand-in: a QObject whose slot records requests and its thread."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[dict] = []
        self.on_gui_thread: list[bool] = []

    def take(self, message: dict) -> None:
        self.messages.append(message)
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())


@pytest.fixture()
def first(qapp):
    """The first program's listener, in this test process."""
    instance = SingleInstance(user_data_dir())
    assert instance.hand_over_or_listen(NOTHING) is False
    assert instance.listener is not None
    receiver = Receiver()
    instance.message_received.connect(receiver.take)
    yield instance, receiver
    instance.close()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--search", "民勤 防沙"], {"open": None, "search": "民勤 防沙"}),
        (["--open", NODE], {"open": NODE, "search": None}),
        ([], NOTHING),
    ],
)
def test_second_launch_hands_over_and_exits_0(qtbot, first, args, expected) -> None:
    _instance, receiver = first
    program = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    _out, err = finish(qtbot, program)
    assert program.returncode == 0, err.decode("utf-8", "replace")
    qtbot.waitUntil(lambda: receiver.messages != [])
    assert receiver.messages == [expected]
    assert receiver.on_gui_thread == [True]  # the listener's thread never runs the slot


def test_a_program_killed_while_listening_does_not_block_the_next_start(qtbot) -> None:
    crashed = launch("")
    assert crashed.stdout.readline().strip() == "first"
    crashed.kill()  # what a crash leaves: the address (and on macOS its socket file)
    crashed.communicate()
    instance = SingleInstance(user_data_dir())
    try:
        assert instance.hand_over_or_listen(NOTHING) is False
        assert instance.listener is not None
        receiver = Receiver()
        instance.message_received.connect(receiver.take)
        later = launch("武威")
        out, err = finish(qtbot, later)
        assert (later.returncode, out) == (0, "handed\n"), err
        qtbot.waitUntil(lambda: receiver.messages != [])
        assert receiver.messages == [{"open": None, "search": "武威"}]
    finally:
        instance.close()


@pytest.mark.skipif(os.name != "posix", reason="Windows 的命名管道不会在崩溃后残留")
def test_a_socket_file_left_by_a_crash_does_not_block_start(qtbot) -> None:
    """Where there is no abstract socket (macOS), the address is a socket file."""
    with tempfile.TemporaryDirectory() as folder:  # short: a socket path has ~100 bytes
        path = os.path.join(folder, server_name(user_data_dir()))
        stale = socket.socket(socket.AF_UNIX)
        stale.bind(path)  # bound and closed, never unlinked: what a killed program leaves
        stale.close()
        instance, later = SingleInstance(user_data_dir()), SingleInstance(user_data_dir())
        instance.address = later.address = path
        try:
            assert instance.hand_over_or_listen(NOTHING) is False
            assert instance.listener is not None
            receiver = Receiver()
            instance.message_received.connect(receiver.take)
            assert later.hand_over_or_listen({"open": "x", "search": None}) is True
            qtbot.waitUntil(lambda: receiver.messages != [])
            assert receiver.messages == [{"open": "x", "search": None}]
        finally:
            instance.close()
        assert not os.path.exists(path)  # a program that ends removes its socket file


def test_an_address_that_does_not_answer_never_blocks_a_start(monkeypatch, caplog) -> None:
    monkeypatch.setattr(single_instance, "HANDSHAKE_S", 0.5)
    hung = Listener(address(user_data_dir()))  # takes connections, never answers them
    try:
        instance = SingleInstance(user_data_dir())
        assert instance.hand_over_or_listen(NOTHING) is False  # starts a window of its own
        assert instance.listener is None  # the address is taken: it cannot listen
        assert "does not answer" in caplog.text
    finally:
        hung.close()


def test_a_program_with_another_key_gets_no_request(caplog) -> None:
    squatter = Listener(address(user_data_dir()), authkey=b"someone else's key")
    refused: list[Exception] = []

    def serve() -> None:
        try:
            squatter.accept()
        except AuthenticationError as error:
            refused.append(error)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        instance = SingleInstance(user_data_dir())
        assert instance.hand_over_or_listen({"open": None, "search": "秘密"}) is False
        thread.join(30)
        assert len(refused) == 1  # the squatter could not authenticate the launch
        assert "cannot hand over" in caplog.text
    finally:
        squatter.close()


def test_a_client_without_the_key_is_refused_and_the_next_launch_served(qtbot, first) -> None:
    instance, receiver = first
    with pytest.raises(AuthenticationError):
        Client(instance.address, authkey=b"a guess" * 5)
    with Client(instance.address) as foreign:  # no key: it just talks
        foreign.send_bytes(json.dumps({"open": None, "search": "冒充"}).encode())
        with pytest.raises((EOFError, OSError)):
            while True:  # the challenge, then 'failure', then the end: never 'ok'
                assert foreign.recv_bytes(MAX_MESSAGE) != b"ok"
    later = launch("凉州")
    out, err = finish(qtbot, later)
    assert (later.returncode, out) == (0, "handed\n"), err
    qtbot.waitUntil(lambda: receiver.messages != [])
    assert receiver.messages == [{"open": None, "search": "凉州"}]


@pytest.mark.parametrize(
    "data", [b"not json", b"[1, 2]", b"\xff\xfe", b"[" * 100000, b"x" * (MAX_MESSAGE + 1)]
)
def test_a_garbage_or_oversized_message_is_refused(qtbot, first, data: bytes) -> None:
    instance, receiver = first
    key = load_key(user_data_dir())
    client = Client(instance.address, authkey=key)  # a launch with the key
    with client, pytest.raises((EOFError, OSError)):  # no 'ok': the connection ends
        client.send_bytes(data)  # (an oversized one may end while it is sent)
        client.recv_bytes(16)
    with Client(instance.address, authkey=key) as client:
        client.send_bytes('{"search": "古浪"}'.encode())
        assert client.recv_bytes(16) == b"ok"
    qtbot.waitUntil(lambda: receiver.messages != [])
    assert receiver.messages == [{"open": None, "search": "古浪"}]


def test_a_stalled_client_does_not_keep_the_next_launch_waiting(qtbot, first, monkeypatch) -> None:
    instance, receiver = first
    monkeypatch.setattr(single_instance, "READ_S", 3600.0)  # it would stall for an hour
    with Client(instance.address):  # connects, then says nothing
        later = launch("天祝")
        out, err = finish(qtbot, later)
    assert (later.returncode, out) == (0, "handed\n"), err
    qtbot.waitUntil(lambda: receiver.messages != [])
    assert receiver.messages == [{"open": None, "search": "天祝"}]


def test_launches_at_the_same_moment_make_exactly_one_first() -> None:
    launches = [launch(f"检索{n}") for n in range(4)]
    try:
        decided = [process.stdout.readline().strip() for process in launches]
        ends = [process.communicate("", timeout=60) for process in launches]
    finally:
        for process in launches:
            process.kill()
    assert [process.returncode for process in launches] == [0] * 4, ends
    assert sorted(decided) == ["first", "handed", "handed", "handed"]
    # the first received the other three requests
    first = decided.index("first")
    received = json.loads(ends[first][0])
    assert sorted(received) == sorted(f"检索{n}" for n in range(4) if n != first)


@pytest.mark.parametrize("ending", ["close", "exit"])
def test_the_listener_never_keeps_the_program_from_ending(ending: str) -> None:
    program = launch("", ending)
    assert program.stdout.readline().strip() == "first"
    with Client(address(user_data_dir())):  # a launch in the middle of its hand-over
        out, err = program.communicate("", timeout=60)
    assert (program.returncode, out) == (0, "[]\n"), err
    assert "Traceback" not in err and "Fatal" not in err


def test_after_close_a_launch_starts_anew(qapp) -> None:
    instance = SingleInstance(user_data_dir())
    assert instance.hand_over_or_listen(NOTHING) is False
    instance.close()
    instance.close()  # at exit too: twice is harmless
    again = SingleInstance(user_data_dir())
    try:
        assert again.hand_over_or_listen(NOTHING) is False  # no one took it: it listens
        assert again.listener is not None
    finally:
        again.close()


def test_users_and_data_folders_get_their_own_name(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a")
    assert address(tmp_path / "a").endswith(server_name(tmp_path / "a"))


def test_the_key_is_kept_private_and_reused(tmp_path: Path) -> None:
    key = load_key(tmp_path)
    assert len(key) == 32
    assert load_key(tmp_path) == key
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600


@pytest.mark.parametrize("damage", ["short", "readable-by-others", "a-folder"])
def test_a_damaged_key_file_never_stops_the_start(qapp, caplog, damage: str) -> None:
    if damage == "readable-by-others" and os.name != "posix":
        pytest.skip("Windows 的用户数据文件夹本身只属于该用户")
    path = user_data_dir() / KEY_FILE
    if damage == "a-folder":
        path.mkdir()
    else:
        path.write_bytes(b"x" * (5 if damage == "short" else 32))
        path.chmod(0o600 if damage == "short" else 0o644)
    instance = SingleInstance(user_data_dir())
    caplog.set_level(logging.INFO)
    try:
        assert instance.hand_over_or_listen(NOTHING) is False
        assert instance.listener is not None
    finally:
        instance.close()
    assert KEY_FILE in caplog.text
    if damage != "a-folder":
        assert path.read_bytes() != b"x" * 32 and len(path.read_bytes()) == 32


@pytest.mark.parametrize(
    "data",
    [b"not json\n", b"[1, 2]\n", b"[" * 100000 + b"\n", b"\xff\xfe\n", b'{"open": 5}\n'],
)
def test_a_junk_message_is_refused_or_emptied(data: bytes) -> None:
    message = parse_message(data)
    assert message is None or message == NOTHING


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
