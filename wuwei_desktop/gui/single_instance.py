"""One running program per user: a second launch hands its arguments to the first.

The first program listens with the standard library's ``multiprocessing.connection`` on
an address made from the user and their data folder: a named pipe on Windows, an
abstract socket on Linux (no file: it goes when the program ends, even by a crash), a
socket file in the user's temporary folder elsewhere. A later launch connects, sends one
JSON message (``{"open": NODE_ID or null, "search": QUERY or null}``), waits for ``ok``
and exits; the first window comes to the front and opens or searches what was asked.

Both sides prove they hold the key in ``instance.key`` in the user's data folder (an HMAC
challenge each way), so another user, who may reach a pipe or an abstract socket, can
neither send requests nor pose as the running program. Connecting and listening happen
under a file lock in the data folder, so two launches at the same moment cannot both
become "the first". An address that does not answer (a crash's leftover, a hung or
foreign program) never blocks a start: the launch opens a window of its own.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import queue
import secrets
import sys
import tempfile
import threading
from multiprocessing.connection import (
    Client,
    Connection,
    Listener,
    answer_challenge,
    deliver_challenge,
)
from pathlib import Path

from filelock import FileLock, Timeout
from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

HANDSHAKE_S = 10.0  # a launch connects and both sides authenticate within this
REPLY_S = 10.0  # then the running program acknowledges within this
READ_S = 10.0  # the running program waits this long for each part of a launch's message
MAX_MESSAGE = 64 * 1024  # bytes; a launch's arguments are far shorter
KEY_FILE = "instance.key"
KEY_BYTES = 32


def server_name(data_dir: Path) -> str:
    """The listener's name: per user and per data folder (tests use their own folders)."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: the folder still separates
        user = "user"
    digest = hashlib.sha256(f"{user}\0{data_dir}".encode()).hexdigest()[:16]
    return f"wuwei-desktop-{digest}"


def address(data_dir: Path) -> str:
    """Where the first program listens (a pipe or an abstract socket ends with the program)."""
    name = server_name(data_dir)
    if os.name == "nt":
        return rf"\\.\pipe\{name}"
    if sys.platform.startswith("linux"):
        return f"\0{name}"
    return os.path.join(tempfile.gettempdir(), name)  # macOS: a per-user folder


def load_key(data_dir: Path) -> bytes:
    """The user's key, made anew (and logged) when missing, unreadable, damaged or
    readable by others; call it under the instance lock."""
    path = Path(data_dir) / KEY_FILE
    try:
        key = path.read_bytes()
        if len(key) == KEY_BYTES and not (os.name == "posix" and path.stat().st_mode & 0o077):
            return key
        log.warning("%s is damaged or readable by others: making a new key", path)
    except FileNotFoundError:
        log.info("making the single-instance key %s", path)
    except OSError:
        log.exception("cannot read %s: making a new key", path)
    key = secrets.token_bytes(KEY_BYTES)
    partial = path.with_name(KEY_FILE + ".tmp")
    try:
        partial.unlink(missing_ok=True)
        partial.touch(mode=0o600)  # only the user may read it, before the key is in it
        partial.write_bytes(key)
        os.replace(partial, path)
    except OSError:  # this program still runs; later launches will open their own window
        log.exception("cannot save %s", path)
    return key


def parse_message(data: bytes) -> dict | None:
    """A launch's request from its bytes; None if it is not one."""
    try:
        message = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(message, dict):
        return None
    return {
        key: message[key] if isinstance(message.get(key), str) else None
        for key in ("open", "search")
    }


class _Bounded:
    """A connection whose reads give up after ``READ_S`` (a stalled client frees its thread)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def send_bytes(self, data: bytes) -> None:
        self.connection.send_bytes(data)

    def recv_bytes(self, maxlength: int) -> bytes:
        if not self.connection.poll(READ_S):
            raise TimeoutError("the launch stopped talking")
        return self.connection.recv_bytes(maxlength)


class SingleInstance(QObject):
    """The first program's listener, or the messenger of a later launch.

    Args:
        data_dir: the per-user data folder (the lock and key files live there).

    Signals:
        message_received(dict): a later launch asked to ``open`` a node or ``search``;
            emitted from the listener's thread, so Qt delivers it on the receiver's thread.
    """

    message_received = Signal(dict)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.address = address(self.data_dir)
        self._lock = FileLock(self.data_dir / "instance.lock", timeout=10)
        self._key = b""
        self.listener: Listener | None = None
        self._state = threading.Lock()  # close() against a message being delivered
        self._thread: threading.Thread | None = None

    def hand_over_or_listen(self, message: dict) -> bool:
        """True when another program took ``message`` (this launch should exit); False
        when this program is now the first one and listens for later launches."""
        try:
            with self._lock:
                self._key = load_key(self.data_dir)
                if self._send(message):
                    return True
                self._listen()
        except Timeout:  # another launch holds the lock for long: do not block the user
            log.warning("single-instance lock busy; starting without it")
            self._key = load_key(self.data_dir)
            return self._send(message)
        return False

    def _connect(self) -> Connection | None:
        """An authenticated connection to the running program; None when there is none,
        it does not answer in time or cannot prove it holds the key."""
        answers: queue.SimpleQueue = queue.SimpleQueue()

        def connect() -> None:  # Client() may wait for a busy pipe or a silent peer
            try:
                answers.put(Client(self.address, authkey=self._key))
            except Exception as error:  # refused, no such address, wrong key, garbage
                answers.put(error)

        threading.Thread(target=connect, name="single-instance-connect", daemon=True).start()
        try:
            answer = answers.get(timeout=HANDSHAKE_S)
        except queue.Empty:
            log.warning("%r does not answer; starting a program of its own", self.address)
            return None
        if isinstance(answer, (FileNotFoundError, ConnectionRefusedError)):
            return None  # no program is running: the usual first start
        if isinstance(answer, Exception):
            log.warning("cannot hand over to %r (%r); starting anew", self.address, answer)
            return None
        return answer

    def _send(self, message: dict) -> bool:
        """Hand ``message`` to a running program; False when none answers the address.

        A program that proved it holds the key is alive: the request is its own even if
        it is too busy to acknowledge it in time (a second window would break the rule).
        """
        connection = self._connect()
        if connection is None:
            return False
        _allow_foreground()
        with connection:
            try:
                connection.send_bytes(json.dumps(message, ensure_ascii=False).encode("utf-8"))
                acknowledged = connection.poll(REPLY_S) and connection.recv_bytes(16) == b"ok"
            except (OSError, EOFError):
                acknowledged = False
        if not acknowledged:
            log.warning("the running program did not acknowledge the request in time")
        return True

    def _listen(self) -> None:
        if self.address.startswith("/"):  # a socket file no one answered: a crash's leftover
            Path(self.address).unlink(missing_ok=True)
        try:
            listener = Listener(self.address, backlog=16)
        except OSError:  # taken by a program that does not answer: run without listening
            log.exception("cannot listen on %r", self.address)
            return
        self.listener = listener
        self._thread = threading.Thread(
            target=self._accept_loop, args=(listener,), name="single-instance", daemon=True
        )
        self._thread.start()

    def _accept_loop(self, listener: Listener) -> None:
        """Serve each launch in a thread of its own, so one that stalls keeps no one waiting."""
        with listener:
            while True:
                try:
                    connection = listener.accept()
                except Exception:  # closed, or broken: never the error dialog of a thread
                    if self.listener is listener:
                        log.exception("the single-instance listener stopped")
                    return
                if self.listener is not listener:  # close() woke us up
                    connection.close()
                    return
                threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: Connection) -> None:
        with connection:
            bounded = _Bounded(connection)
            try:
                deliver_challenge(bounded, self._key)
                answer_challenge(bounded, self._key)
                message = parse_message(bounded.recv_bytes(MAX_MESSAGE))
            except Exception as error:  # EOF, a wrong key, garbage: refused, not a crash
                log.warning("refused a launch's connection: %r", error)
                return
            if message is None:
                log.warning("refused a launch's message: not a request")
                return
            with self._state:
                if self.listener is None:  # closing: a launch from now on starts anew
                    return
                self.message_received.emit(message)
            try:
                connection.send_bytes(b"ok")
            except OSError:
                log.warning("the launch left before its acknowledgement")

    def close(self) -> None:
        """Stop listening (at exit); later launches start a program of their own."""
        with self._state:
            listener, self.listener = self.listener, None
        if listener is None:
            return
        try:  # wake the accept loop, which then closes the listener
            Client(self.address).close()
        except OSError:
            log.debug("the single-instance listener had stopped already")
        if self._thread is not None:
            self._thread.join(HANDSHAKE_S)


def _allow_foreground() -> None:
    """Windows: let the running program bring its window to the front (a background
    process may not, unless the launch that the user started allows it)."""
    if os.name == "nt":
        import ctypes

        try:
            ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
        except (AttributeError, OSError):
            log.debug("AllowSetForegroundWindow unavailable")
