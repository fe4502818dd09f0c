"""Hand a finished print file to CUPS (``cupsPrintFile`` of the system's libcups).

Qt's CUPS print engine spools to a temporary file and submits it when the painter ends,
and cannot abort: a cancelled job would still print. So on CUPS the window paints into
a spool file of its own (the same Qt engine, with an output file name) and submits it
here only when every page is done; the answer says whether CUPS took the job (its id)
or why not. No Qt here: plain ctypes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

# ipp_status_t values (cups/ipp.h) the window explains in its own words
NOT_FOUND = 0x0406
NOT_POSSIBLE = 0x0404
NOT_ACCEPTING_JOBS = 0x0506
SERVICE_UNAVAILABLE = 0x0503
INTERNAL_ERROR = 0x0500


class CupsError(Exception):
    """CUPS did not take the job: ``status`` (ipp_status_t) and CUPS' own message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Option(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("value", ctypes.c_char_p)]


@cache
def _library() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("cups")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        log.exception("libcups not loaded")
        return None
    lib.cupsPrintFile.argtypes = [
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(_Option),
    ]
    lib.cupsPrintFile.restype = ctypes.c_int
    lib.cupsLastError.restype = ctypes.c_int
    lib.cupsLastErrorString.restype = ctypes.c_char_p
    lib.cupsServer.restype = ctypes.c_char_p
    lib.ippPort.restype = ctypes.c_int
    lib.httpConnect2.restype = ctypes.c_void_p
    lib.httpConnect2.argtypes = [
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_void_p,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_void_p,
    ]
    lib.httpClose.argtypes = [ctypes.c_void_p]
    return lib


def available() -> bool:
    """True if the system's libcups can be loaded (Linux and other CUPS systems)."""
    return _library() is not None


def server_running() -> bool:
    """True if the CUPS scheduler answers (its socket or port accepts a connection)."""
    lib = _library()
    if lib is None:
        return False
    # AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, blocking, 3 s, no cancel flag
    http = lib.httpConnect2(lib.cupsServer(), lib.ippPort(), None, 0, 0, 1, 3000, None)
    if not http:
        return False
    lib.httpClose(http)
    return True


def print_file(printer: str, path: Path, title: str, options: dict[str, str]) -> int:
    """Submit ``path`` to the queue ``printer`` as job ``title``; return the job id.

    Raises:
        CupsError: CUPS refused the job (queue rejecting, gone, service down …).
    """
    lib = _library()
    if lib is None:
        raise CupsError(INTERNAL_ERROR, "libcups not found")
    pairs = [(k.encode(), v.encode()) for k, v in options.items()]
    array = (_Option * max(len(pairs), 1))(*(_Option(k, v) for k, v in pairs))
    queue = printer.split("/")[0]  # an instance name ("queue/instance") prints on its queue
    job = lib.cupsPrintFile(queue.encode(), str(path).encode(), title.encode(), len(pairs), array)
    if job <= 0:
        message = (lib.cupsLastErrorString() or b"").decode("utf-8", "replace")
        raise CupsError(lib.cupsLastError(), message)
    return job
