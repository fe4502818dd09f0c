"""The program's log file and crash records (standard library only, no Qt).

Set up once at start-up (:func:`start`), as Anki and qutebrowser do:

- ``wuwei.log`` in ``logs/`` of the user's data folder (beside the bookmarks), rotated at
  1 MB with 3 old files kept: start, version, platform, the archive opened, every error
  with its traceback (modules log with ``logging.getLogger(__name__)``);
- ``crash.log`` beside it for hard crashes (:mod:`faulthandler`: a segmentation fault in
  Qt or numpy leaves the Python stacks there). A clean exit empties it, so a non-empty
  file at the next start means the last run ended in a crash: it is logged and shown;
- :func:`install_excepthook`: an uncaught exception in any thread is logged with its
  traceback and handed to a callback (the GUI's error dialog) instead of ending the
  program without a trace.

When the folder cannot be written, the log goes to stderr and ``problem`` says why in
Chinese; the program carries on.
"""

from __future__ import annotations

import atexit
import faulthandler
import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from . import __version__

LOG_FILE = "wuwei.log"
CRASH_FILE = "crash.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
UNWRITABLE = "无法写入日志文件夹 {folder}（{error}）：本次运行不记录日志。"

log = logging.getLogger(__name__)


@dataclass
class LogSetup:
    """What :func:`start` set up.

    Attributes:
        folder: the log folder (``logs/`` in the user's data folder).
        log_file: ``wuwei.log``, or None when the folder could not be written.
        previous_crash: what ``crash.log`` held from the last run ("" when it ended well).
        problem: a Chinese message when the folder could not be written, else None.
    """

    folder: Path
    log_file: Path | None
    previous_crash: str = ""
    problem: str | None = None
    handler: logging.Handler | None = field(default=None, repr=False)
    crash_stream: object | None = field(default=None, repr=False)

    def stop(self) -> None:
        """Detach the handler and the crash record (and empty it: a clean end)."""
        if self.handler is not None:
            logging.getLogger().removeHandler(self.handler)
            self.handler.close()
            self.handler = None
        if self.crash_stream is not None:
            faulthandler.disable()
            self.crash_stream.truncate(0)
            self.crash_stream.close()
            self.crash_stream = None


def describe_system() -> str:
    """Version, operating system and Python, for the log and the error report."""
    frozen = "打包版" if getattr(sys, "frozen", False) else "源代码"
    return (
        f"武威档案 {__version__}（{frozen}）；{platform.platform()}；"
        f"Python {platform.python_version()} {platform.architecture()[0]}"
    )


def _read_previous_crash(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        return ""
    except OSError as error:
        return f"（无法读取 {path}：{error}）"


def rotating_handler(path: Path) -> RotatingFileHandler:
    """A log file rotated at 1 MB with 3 old files kept, in this module's format (its
    folder is created); OSError when it cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler


def start(folder: Path, level: int = logging.INFO) -> LogSetup:
    """Log to ``folder/wuwei.log`` (rotating) and record hard crashes in
    ``folder/crash.log``; returns what was set up. Logs the start line and, when the last
    run crashed, what it left."""
    root = logging.getLogger()
    root.setLevel(level)
    logging.captureWarnings(True)
    formatter = logging.Formatter(FORMAT)
    setup = LogSetup(folder=folder, log_file=None)
    try:
        handler: logging.Handler = rotating_handler(folder / LOG_FILE)
        setup.log_file = folder / LOG_FILE
    except OSError as error:
        setup.problem = UNWRITABLE.format(folder=folder, error=error.strerror or error)
        handler = logging.StreamHandler(sys.stderr) if sys.stderr else logging.NullHandler()
    handler.setFormatter(formatter)
    root.addHandler(handler)
    setup.handler = handler
    if setup.log_file is not None:
        crash = folder / CRASH_FILE
        setup.previous_crash = _read_previous_crash(crash)
        try:
            stream = open(crash, "w", encoding="utf-8")  # noqa: SIM115 (kept open for faulthandler)
        except OSError as error:
            log.warning("cannot record crashes in %s: %s", crash, error)
        else:
            faulthandler.enable(stream, all_threads=True)
            setup.crash_stream = stream
    atexit.register(setup.stop)
    log.info("start: %s; argv %s", describe_system(), sys.argv[1:])
    if setup.previous_crash:
        log.error("the previous run crashed:\n%s", setup.previous_crash)
    if setup.problem:
        log.warning("%s", setup.problem)
    return setup


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def error_report(exc_info: ExcInfo, thread: str | None = None) -> str:
    """The text of an error report: when, which version and system, the traceback."""
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %z")
    where = f"线程：{thread}\n" if thread else ""
    trace = "".join(traceback.format_exception(*exc_info)).rstrip()
    return f"时间：{when}\n{describe_system()}\n{where}\n{trace}\n"


def install_excepthook(show: Callable[[str], None]) -> None:
    """Log every uncaught exception (any thread) and pass its report to ``show``.

    ``show`` is called in the thread that raised; the GUI's callback posts to the main
    thread. KeyboardInterrupt keeps Python's behaviour.
    """

    def handle(exc_info: ExcInfo, thread: str | None) -> None:
        if issubclass(exc_info[0], KeyboardInterrupt):
            sys.__excepthook__(*exc_info)
            return
        log.critical("uncaught exception%s", f" in {thread}" if thread else "", exc_info=exc_info)
        try:
            show(error_report(exc_info, thread))
        except Exception:  # the dialog itself failed: the log has the error
            log.exception("cannot show the error report")

    def excepthook(kind, value, tb) -> None:
        handle((kind, value, tb), None)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else None
        handle((args.exc_type, args.exc_value, args.exc_traceback), name)

    sys.excepthook = excepthook
    threading.excepthook = thread_hook
