"""The pieces of an extract parsed into QTextDocuments on a worker thread, in order,
while the caller lays out the pieces before them (Qt's HTML parser runs on the second
core; it does not lay anything out).

Each document is made and parsed by the worker alone, then handed to the caller's thread
(``moveToThread``) before the caller sees it: no document is ever used by two threads.
What is parsed does not depend on the threads, so the pages are the same as when every
piece is parsed on the caller's thread (``threaded=False``, or a single core).
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QThread
from PySide6.QtGui import QTextDocument

Parse = Callable[[str], QTextDocument]


class ParseAhead:
    """Documents of ``htmls`` (made by ``parse``), one per :meth:`next` call, in order."""

    def __init__(self, htmls: Sequence[str], parse: Parse, threaded: bool = True) -> None:
        self._htmls = list(htmls)
        self._parse = parse
        self._given = 0
        self._ready: queue.Queue[QTextDocument | BaseException] = queue.Queue()
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None
        if threaded and (os.cpu_count() or 1) > 1 and len(self._htmls) > 1:
            owner = QThread.currentThread()
            self._worker = threading.Thread(target=self._run, args=(owner,), daemon=True)
            self._worker.start()

    def _run(self, owner: QThread) -> None:
        try:
            for html in self._htmls:
                if self._stop.is_set():
                    return
                doc = self._parse(html)
                doc.moveToThread(owner)
                self._ready.put(doc)
                del doc  # the caller's thread holds the only reference
        except BaseException as error:  # handed to the caller, raised there
            self._ready.put(error)

    def next(self) -> QTextDocument:
        """The next piece's document (raises what the worker raised)."""
        html = self._htmls[self._given]
        self._given += 1
        if self._worker is None:
            return self._parse(html)
        item = self._ready.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        """Stop the worker (after the piece it is parsing) and wait for it."""
        self._stop.set()
        if self._worker is not None:
            self._worker.join()
