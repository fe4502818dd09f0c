"""The app's one icon set: simple line icons drawn as SVG in ``resources/icons/``,
sharp at any scaling (Qt renders them through QtSvg at the size asked for)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from ..resources import resource_path


def icon_file(name: str) -> Path:
    """The SVG file of icon ``name``."""
    return resource_path("icons", f"{name}.svg")


def icon_names() -> list[str]:
    """Every icon of the set."""
    return sorted(p.stem for p in resource_path("icons").glob("*.svg"))


@cache
def icon(name: str) -> QIcon:
    """Icon ``name`` of the set (one shared QIcon per name)."""
    return QIcon(str(icon_file(name)))
