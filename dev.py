#!/usr/bin/env python3
"""Set up and run 武威档案 with one command, on Debian or Windows, with Python 3.11+.

    python3 dev.py run [APP ARGS]     the desktop app
    python3 dev.py test [PYTEST ARGS] lint and the whole test suite
    python3 dev.py cli [CLI ARGS]     the command line (python -m wuwei_desktop)

Each command first makes sure that ``.venv`` exists with exactly the pinned
``requirements.txt`` installed (re-installing when that file changes). ``run`` and
``cli`` also build ``data/wuwei.db`` when it is missing, corrupt or older than the
sources. Uses only the standard library, so it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "requirements.txt"
STAMP = VENV / "requirements.sha256"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_venv() -> Path:
    """Create .venv and install the pinned requirements when they changed."""
    python = venv_python()
    if not python.exists():
        print("正在创建虚拟环境 .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != digest:
        print("正在安装依赖（requirements.txt）…", flush=True)
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=True, cwd=ROOT)
        STAMP.write_text(digest)
    return python


def ensure_archive(python: Path) -> None:
    """Build data/wuwei.db when it is missing, corrupt or stale."""
    command = [str(python), "-m", "wuwei_desktop", "build", "--if-stale"]
    subprocess.run(command, check=True, cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "cli"}:
        print(__doc__)
        return 2
    action, rest = argv[0], argv[1:]
    python = ensure_venv()
    if action == "test":
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
        for lint in (["check", "."], ["format", "--check", "."]):
            if subprocess.run([str(python), "-m", "ruff", *lint], cwd=ROOT).returncode:
                return 1
        return subprocess.run([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env).returncode
    ensure_archive(python)
    if action == "cli":
        return subprocess.run([str(python), "-m", "wuwei_desktop", *rest], cwd=ROOT).returncode
    return subprocess.run([str(python), str(ROOT / "main.py"), *rest], cwd=ROOT).returncode


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode or 1)
