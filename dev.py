#!/usr/bin/env python3
"""Set up and run 武威档案 with one command, on Debian or Windows, with Python 3.11+.

    python3 dev.py run [APP ARGS]     the desktop app
    python3 dev.py test [PYTEST ARGS] lint and the whole test suite
    python3 dev.py cli [CLI ARGS]     the command line (python -m wuwei_desktop)
    python3 dev.py bundle             the standalone program, a portable zip, the installer

Each command first makes sure that ``.venv`` exists with exactly the pinned
``requirements.txt`` installed (re-installing when that file changes). ``run`` and
``cli`` also build ``data/wuwei.db`` when it is missing, corrupt or older than the
sources. ``bundle`` always rebuilds it (a parser fix changes it too), runs PyInstaller
with ``build.spec`` into ``dist/wuwei/``, signs the executables when a certificate is
given (installer/sign.py), runs the frozen program's ``--self-test`` and the frozen
command line, zips the folder as the portable version, compiles
``installer/wuwei.nsi`` into ``dist/`` when ``makensis`` is on PATH, and writes
``SHA256SUMS.txt``. ``test`` and ``bundle`` install Debian's ``nsis`` (makensis) and
``icu-devtools`` (icupkg, to trim Qt's ICU data on Linux) first when they are missing
and apt-get can (as root). Uses only the standard library, so
it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import shutil
import stat
import subprocess
import sys
import time
import venv
import zipfile
from pathlib import Path

from installer import sign
from installer.versioninfo import CLI_NAME, EXE_NAME, PUBLISHER, package_version, version_tuple

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


def program_path(name: str) -> Path:
    """An executable of the bundle in dist/wuwei/."""
    return DIST / EXE_NAME / (f"{name}.exe" if os.name == "nt" else name)


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


def frozen_cli_test(program: Path) -> bool:
    """The frozen command line names itself in its help and answers a search."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    usage = subprocess.run([str(program), "--help"], capture_output=True, env=env, timeout=120)
    found = subprocess.run(
        [str(program), "--json", "search", "民勤", "--limit", "1"],
        capture_output=True,
        env=env,
        timeout=120,
    )
    help_text = usage.stdout.decode("utf-8", "replace")
    ok = usage.returncode == 0 and f"用法：{program.name}" in help_text
    ok = ok and found.returncode == 0 and '"node_id"' in found.stdout.decode("utf-8", "replace")
    print(f"{'通过' if ok else '失败'}  命令行 {program.name}：--help 与 search 民勤")
    if not ok:
        print(
            (usage.stdout + usage.stderr + found.stdout + found.stderr).decode("utf-8", "replace")
        )
    return ok


def portable_zip(folder: Path, version: str) -> Path:
    """The portable version: the program folder, zipped as ``wuwei-VERSION/``."""
    system = "windows-x64" if os.name == "nt" else f"{sys.platform}-{platform.machine()}"
    out = DIST / f"{EXE_NAME}-{version}-{system}.zip"
    top = f"{EXE_NAME}-{version}"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            name = f"{top}/{path.relative_to(folder).as_posix()}"
            if path.is_symlink():  # Linux: kept as a link (unzip restores it)
                if path.exists():
                    info = zipfile.ZipInfo(name)
                    info.external_attr = (stat.S_IFLNK | 0o777) << 16
                    archive.writestr(info, os.readlink(path))
                continue
            # from_file keeps the Unix permissions (the executables stay executable)
            info = zipfile.ZipInfo.from_file(path, name)
            if path.is_dir():
                archive.writestr(info, b"")
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                with path.open("rb") as source, archive.open(info, "w") as target:
                    shutil.copyfileobj(source, target, 1 << 20)
    return out


def glibc_needed(folder: Path) -> str | None:
    """Linux: the highest ``GLIBC_x.y`` symbol version the bundle's libraries ask for (the
    oldest glibc the program runs on); None without ``objdump`` or off Linux."""
    objdump = shutil.which("objdump")
    if objdump is None or not sys.platform.startswith("linux"):
        return None
    found: set[tuple[int, ...]] = set()
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file() or path.read_bytes()[:4] != b"\x7fELF":
            continue
        table = subprocess.run([objdump, "-T", str(path)], capture_output=True, text=True).stdout
        for version in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", table):
            found.add(tuple(int(part) for part in version.split(".")))
    return ".".join(map(str, max(found))) if found else None


def write_checksums(files: list[Path]) -> Path:
    """``SHA256SUMS.txt`` beside the files (``sha256sum -c`` / ``Get-FileHash`` format)."""
    out = DIST / "SHA256SUMS.txt"
    lines = []
    for path in files:
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        lines.append(f"{digest.hexdigest()}  {path.name}\n")
    out.write_text("".join(lines), encoding="utf-8")
    return out


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
    if sign.configured():
        defines["SIGN_COMMAND"] = sign.command_line()
    options = [f"-D{key}={value}" for key, value in defines.items()]
    nsi = ROOT / "installer" / "wuwei.nsi"
    subprocess.run([makensis, "-V2", "-INPUTCHARSET", "UTF8", *options, str(nsi)], check=True)
    return out


def ensure_debian_package(command: str, package: str, needed_for: str) -> None:
    """Install a Debian package when ``command`` is missing and apt-get can (as root);
    otherwise say what will be skipped. Nothing to do on Windows."""
    if shutil.which(command) or os.name == "nt" or not shutil.which("apt-get"):
        return
    if os.geteuid() != 0:
        print(
            f"没有 {command}，且不是 root：{needed_for}将跳过（sudo apt-get install {package}）。"
        )
        return
    print(f"正在安装 {command}（apt-get install {package}）…", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", package]
    if subprocess.run(install, env=env, **quiet).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, **quiet)
        if subprocess.run(install, env=env, **quiet).returncode != 0:
            print(f"无法安装 {package}（apt-get 失败）：{needed_for}将跳过。")


def bundle(python: Path) -> int:
    """PyInstaller onedir, its frozen self-test, then the installer when makensis exists."""
    started = time.perf_counter()
    ensure_debian_package("icupkg", "icu-devtools", "ICU 数据精简（Linux 程序文件夹约大 22 MB）")
    ensure_debian_package("makensis", "nsis", "安装程序的生成")
    # Always rebuilt for a release: the frozen program cannot tell its archive is stale
    # (it carries no parsing code to compare with), so it must ship a fresh one.
    ensure_archive(python, always=True)
    print("正在打包（PyInstaller build.spec）…", flush=True)
    pyinstaller = [str(python), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    where = ["--distpath", str(DIST), "--workpath", str(BUILD)]
    subprocess.run([*pyinstaller, *where, str(ROOT / "build.spec")], check=True, cwd=ROOT)
    folder = DIST / EXE_NAME
    version = package_version(ROOT)
    built = time.perf_counter() - started
    print(f"程序文件夹 {folder}：{folder_size(folder) / 1e6:.1f} MB（用时 {built:.0f} 秒）")
    if os.name == "nt":
        if sign.configured():
            for name in (EXE_NAME, CLI_NAME):
                sign.sign(program_path(name))
        else:
            print(sign.NOT_SIGNED)
    print("正在运行打包后程序的自检（--self-test）…", flush=True)
    if not frozen_self_test(program_path(EXE_NAME)) or not frozen_cli_test(program_path(CLI_NAME)):
        print("打包后的程序自检失败：见上面的报告。", file=sys.stderr)
        return 1
    glibc = glibc_needed(folder)
    if glibc:
        print(f"需要 glibc {glibc} 或更新（GLIBC_ 符号版本的最大值）")
    print("正在生成便携版（zip）…", flush=True)
    packages = [portable_zip(folder, version)]
    print(f"便携版 {packages[0]}：{packages[0].stat().st_size / 1e6:.1f} MB")
    makensis = shutil.which("makensis")
    if makensis is None:
        print(
            "没有找到 makensis，未生成安装程序"
            "（Debian：apt-get install nsis；Windows：choco install nsis）。"
        )
    else:
        print("正在生成安装程序（makensis installer/wuwei.nsi）…", flush=True)
        setup = compile_installer(makensis, version)
        print(f"安装程序 {setup}：{setup.stat().st_size / 1e6:.1f} MB")
        packages.append(setup)
    print(f"校验和 {write_checksums(packages)}")
    print(f"完成，共用时 {time.perf_counter() - started:.0f} 秒。")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "cli", "bundle"}:
        print(__doc__)
        return 2
    action, rest = argv[0], argv[1:]
    python = ensure_venv()
    if action == "test":
        ensure_debian_package("makensis", "nsis", "安装程序测试")
        ensure_debian_package("icupkg", "icu-devtools", "ICU 数据精简的测试")
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
