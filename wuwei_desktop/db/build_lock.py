"""Builds of one archive take turns, and what a killed build left is cleared.

A module of its own (``filelock`` and the standard library only) so that the window can
clear leftovers at start without importing the build (SQLAlchemy costs ~0.4 s).
"""

from __future__ import annotations

import os
from pathlib import Path

from filelock import FileLock, Timeout

from ..atomic_write import remove_leftovers


def build_lock(out: Path, timeout: float = -1) -> FileLock:
    """The lock builds of ``out`` take turns under (``NAME.lock`` beside it)."""
    return FileLock(out.with_name(out.name + ".lock"), timeout=timeout)


def remove_build_leftovers(out: Path) -> list[Path]:
    """At start: delete what an interrupted build of ``out`` left, unless a build of it
    is running now (or its folder cannot be written, as in an installed program)."""
    if not out.parent.is_dir() or not os.access(out.parent, os.W_OK):
        return []
    try:
        with build_lock(out, timeout=0):
            return remove_leftovers(out)
    except (Timeout, OSError):
        return []
