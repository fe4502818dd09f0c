#!/usr/bin/env python3
"""Set up and run 武威档案 with one command, on Debian or Windows, with Python 3.11+.

    python3 dev.py run [APP ARGS]     the desktop app
    python3 dev.py test [PYTEST ARGS] lint and the whole test suite
    python3 dev.py cli [CLI ARGS]     the command line (python -m wuwei_desktop)
    python3 dev.py bundle             the standalone program (and the Windows installer)

Each command first makes sure that ``.venv`` exists with exactly the pinned
``requirements.txt`` installed (re-installing when that file changes). ``run`` and
``cli`` also build ``data/wuwei.db`` when it is missing, corrupt or older than the
sources. ``bundle`` always rebuilds it (a parser fix changes it too), runs PyInstaller
with ``build.spec`` into ``dist/wuwei/``, runs the frozen program's ``--self-test``,
and compiles ``installer/wuwei.nsi`` into ``dist/`` when ``makensis`` is on PATH.
Uses only the standard library, so it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

from installer.versioninfo import EXE_NAME, PUBLISHER, package_version, version_tuple

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "requirements.txt"
STAMP = VENV / "requirements.sha256"
DIST = ROOT / "dist"
BUILD = ROOT / "build"


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


def ensure_archive(python: Path, always: bool = False) -> None:
    """Build data/wuwei.db when it is missing, corrupt or stale (or ``always``)."""
    command = [str(python), "-m", "wuwei_desktop", "build", *([] if always else ["--if-stale"])]
    subprocess.run(command, check=True, cwd=ROOT)


def cli_command(args: list[str]) -> str | None:
    """The command word of a command line (``build`` in ``--db X --json build``)."""
    words = iter(args)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def folder_size(folder: Path) -> int:
    """Bytes in every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def frozen_self_test(program: Path) -> bool:
    """Run the bundle's ``--self-test`` headless and show its report."""
    report = BUILD / "selftest.txt"
    report.unlink(missing_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # the report goes to a file: a windowed Windows program may have no stdout
    command = [str(program), "--self-test", "--report", str(report)]
    done = subprocess.run(command, env=env, capture_output=True, cwd=BUILD, timeout=300)
    if report.is_file():
        print(report.read_text(encoding="utf-8"), end="")
    else:
        print(done.stderr.decode("utf-8", "replace") or "（程序没有写出自检报告）")
    return done.returncode == 0


def compile_installer(makensis: str, version: str) -> Path:
    """Compile installer/wuwei.nsi against dist/wuwei; returns the installer's path."""
    out = DIST / f"{EXE_NAME}-{version}-setup.exe"
    defines = {
        "VERSION": version,
        "FILE_VERSION": ".".join(map(str, version_tuple(version))),
        "SOURCE_DIR": str(DIST / EXE_NAME),
        "OUTFILE": str(out),
        "PUBLISHER": PUBLISHER,
    }
    options = [f"-D{key}={value}" for key, value in defines.items()]
    nsi = ROOT / "installer" / "wuwei.nsi"
    subprocess.run([makensis, "-V2", "-INPUTCHARSET", "UTF8", *options, str(nsi)], check=True)
    return out


def bundle(python: Path) -> int:
    """PyInstaller onedir, its frozen self-test, then the installer when makensis exists."""
    started = time.perf_counter()
    # Always rebuilt for a release: the frozen program cannot tell its archive is stale
    # (it carries no parsing code to compare with), so it must ship a fresh one.
    ensure_archive(python, always=True)
    print("正在打包（PyInstaller build.spec）…", flush=True)
    pyinstaller = [str(python), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    where = ["--distpath", str(DIST), "--workpath", str(BUILD)]
    subprocess.run([*pyinstaller, *where, str(ROOT / "build.spec")], check=True, cwd=ROOT)
    folder = DIST / EXE_NAME
    built = time.perf_counter() - started
    print(f"程序文件夹 {folder}：{folder_size(folder) / 1e6:.1f} MB（用时 {built:.0f} 秒）")
    print("正在运行打包后程序的自检（--self-test）…", flush=True)
    program = folder / (f"{EXE_NAME}.exe" if os.name == "nt" else EXE_NAME)
    if not frozen_self_test(program):
        print("打包后的程序自检失败：见上面的报告。", file=sys.stderr)
        return 1
    makensis = shutil.which("makensis")
    if makensis is None:
        print(
            "没有找到 makensis，未生成安装程序"
            "（Debian：apt-get install nsis；Windows：choco install nsis）。"
        )
    else:
        print("正在生成安装程序（makensis installer/wuwei.nsi）…", flush=True)
        setup = compile_installer(makensis, package_version(ROOT))
        print(f"安装程序 {setup}：{setup.stat().st_size / 1e6:.1f} MB")
    print(f"完成，共用时 {time.perf_counter() - started:.0f} 秒。")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "cli", "bundle"}:
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
    if action == "bundle":
        return bundle(python)
    if cli_command(rest) != "build" or action != "cli":  # `cli build` builds it once itself
        ensure_archive(python)
    if action == "cli":
        return subprocess.run([str(python), "-m", "wuwei_desktop", *rest], cwd=ROOT).returncode
    return subprocess.run([str(python), str(ROOT / "main.py"), *rest], cwd=ROOT).returncode


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode or 1)
