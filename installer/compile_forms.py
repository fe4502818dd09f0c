"""Compile the Designer forms in ``ui/`` to Python with pyside6-uic, for the bundle.

From source the forms are read when first opened (``QUiLoader``, gui/forms.py). The
bundle instead carries them compiled, as Anki does: ``build.spec`` calls
:func:`compile_forms` into its work folder, so the frozen program needs neither
QtUiTools nor the Qt OpenGL libraries QUiLoader links to (2.9 MB on Windows). Nothing
generated is kept in the repository.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = "wuwei_forms"
"""The package of the compiled forms: ``wuwei_forms.ui_NAME`` for ``ui/NAME.ui``."""

UIC = "import sys; from PySide6.scripts.pyside_tool import uic; uic()"
"""pyside6-uic, started with this interpreter (its script may not be on PATH)."""


def module_name(form: str) -> str:
    """The compiled module of the form ``ui/NAME.ui``."""
    return f"{PACKAGE}.ui_{form}"


def compile_forms(ui_dir: Path, out_dir: Path) -> list[str]:
    """Compile every ``ui_dir/*.ui`` into the package ``out_dir/wuwei_forms``; the
    module names, for PyInstaller's hidden imports. Raises CalledProcessError when uic
    refuses a form."""
    package = out_dir / PACKAGE
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text('"""Forms compiled from ui/ by pyside6-uic."""\n')
    names = []
    for form in sorted(ui_dir.glob("*.ui")):
        target = package / f"ui_{form.stem}.py"
        subprocess.run([sys.executable, "-c", UIC, str(form), "-o", str(target)], check=True)
        names.append(module_name(form.stem))
    return names
