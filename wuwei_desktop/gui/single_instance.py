"""One running program per user: a second launch hands its arguments to the first.

The first program listens on a local socket (``QLocalServer``: a named pipe on Windows,
a socket file in the temporary folder elsewhere) whose name is made from the user and
their data folder. A later launch connects, sends one line of JSON
(``{"open": NODE_ID or null, "search": QUERY or null}``), waits for ``ok`` and exits;
the first window comes to the front and opens or searches what was asked.

Connecting and listening happen under a file lock in the data folder, so two launches
at the same moment cannot both become "the first". A socket file left by a program that
crashed answers no one: the launch that finds it removes it and listens in its place.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
from pathlib import Path

from filelock import FileLock, Timeout
from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_MS = 1000
REPLY_MS = 10000
MAX_MESSAGE = 64 * 1024  # bytes; a launch's arguments are far shorter


def server_name(data_dir: Path) -> str:
    """The socket's name: per user and per data folder (tests use their own folders)."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: the folder still separates
        user = "user"
    digest = hashlib.sha256(f"{user}\0{data_dir}".encode()).hexdigest()[:16]
    return f"wuwei-desktop-{digest}"


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


class SingleInstance(QObject):
    """The first program's listener, or the messenger of a later launch.

    Args:
        data_dir: the per-user data folder (the lock file lives there).

    Signals:
        message_received(dict): a later launch asked to ``open`` a node or ``search``.
    """

    message_received = Signal(dict)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._lock = FileLock(Path(data_dir) / "instance.lock", timeout=10)
        self.server: QLocalServer | None = None

    def hand_over_or_listen(self, message: dict) -> bool:
        """True when another program took ``message`` (this launch should exit); False
        when this program is now the first one and listens for later launches."""
        try:
            with self._lock:
                if self._send(message):
                    return True
                self._listen()
        except Timeout:  # another launch holds the lock for long: do not block the user
            log.warning("single-instance lock busy; starting without it")
            return self._send(message)
        return False

    def _send(self, message: dict) -> bool:
        """Hand ``message`` to a running program; False when none answers the socket.

        A program that accepts the connection is alive: the request is its own even if
        it is too busy to acknowledge it in time (a second window would break the rule).
        """
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_MS):
            return False
        _allow_foreground()
        socket.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
        socket.flush()
        written = socket.waitForBytesWritten(REPLY_MS)
        while written and not socket.canReadLine() and socket.waitForReadyRead(REPLY_MS):
            pass
        if not (written and bytes(socket.readLine()).strip() == b"ok"):
            log.warning("the running program did not acknowledge the request in time")
        socket.disconnectFromServer()
        return True

    def _listen(self) -> None:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # a socket file left by a crash (no one answered it): remove it, listen again
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                log.warning("cannot listen on %s: %s", self.name, server.errorString())
                return
        server.newConnection.connect(self._on_new_connection)
        self.server = server

    def _on_new_connection(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(socket.deleteLater)
            self._on_ready_read(socket)  # what arrived before the signal was connected

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        if socket.bytesAvailable() > MAX_MESSAGE:
            socket.abort()
            return
        if not socket.canReadLine():
            return
        socket.readyRead.disconnect()
        message = parse_message(bytes(socket.readLine()))
        if message is None:
            socket.abort()
            return
        socket.write(b"ok\n")
        socket.flush()
        self.message_received.emit(message)

    def close(self) -> None:
        """Stop listening (at exit)."""
        if self.server is not None:
            self.server.close()
            self.server = None


def _allow_foreground() -> None:
    """Windows: let the running program bring its window to the front (a background
    process may not, unless the launch that the user started allows it)."""
    if os.name == "nt":
        import ctypes

        try:
            ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
        except (AttributeError, OSError):
            log.debug("AllowSetForegroundWindow unavailable")
