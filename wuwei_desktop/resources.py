"""Where the app's static files are: fonts, icons, stylesheet (no Qt here).

From a source checkout the root is the repository; in a PyInstaller build it is
``sys._MEIPASS`` (the onedir ``_internal`` folder or onefile's unpack folder), so the
spec must ship ``resources/`` as ``resources`` (``datas=[("resources", "resources")]``).
"""

from __future__ import annotations

import sys
from pathlib import Path

FONT_FAMILY = "Wuwei Sans"
"""Family name of the bundled font (a renamed subset of Noto Sans CJK SC)."""

FONT_FILES = ("WuweiSans-Regular.otf", "WuweiSans-Bold.otf")


def app_root() -> Path:
    """The folder that holds ``resources/`` (repository root, or the frozen bundle)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """A path under ``resources/``, e.g. ``resource_path("icons", "app.png")``."""
    return app_root().joinpath("resources", *parts)


def font_files() -> list[Path]:
    """The bundled font files, Regular first (paths may not exist in a broken install)."""
    return [resource_path("fonts", name) for name in FONT_FILES]


def icon_path(ext: str = "png") -> Path:
    """The application icon: ``app.png`` (256 px) or ``app.ico`` (16–256 px, Windows)."""
    return resource_path("icons", f"app.{ext}")


def stylesheet_path() -> Path:
    """The Qt stylesheet ``resources/style.qss``."""
    return resource_path("style.qss")
