"""Tell whether the program ended cleanly last time (no Qt here).

While the window is open, a small ``running`` file lies in the per-user data folder; a
clean exit removes it. Finding it at start means the last session was killed, crashed
or lost power: the archive is then read through once (``PRAGMA quick_check``) before it
is used, so a page damaged by that is found at once rather than as wrong answers later.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "running"


class RunMarker:
    """The ``running`` file of one session.

    Args:
        folder: the per-user data folder.
    """

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / FILE_NAME

    def begin(self) -> bool:
        """Leave the marker; True when the previous session left its own (unclean end)."""
        unclean = self.path.exists()
        if unclean:
            log.warning("the previous session did not end cleanly (%s was left)", self.path)
        try:
            stamp = datetime.now().isoformat(timespec="seconds")
            self.path.write_text(f"{os.getpid()} {stamp}\n", encoding="utf-8")
        except OSError:
            log.warning("cannot write %s", self.path, exc_info=True)
        return unclean

    def end(self) -> None:
        """A clean exit: remove the marker."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            log.warning("cannot remove %s", self.path, exc_info=True)
