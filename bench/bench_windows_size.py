"""Estimate the Windows program folder (onedir) and installer from the Linux one. Run by
hand after ``python3 dev.py bundle`` (targets: onedir ≤ 130 MB, installer ≤ 50 MB; the
Windows workflow prints the real figures):

    .venv/bin/python -m bench.bench_windows_size [--wheels DIR]

No Windows Python runs here, so the folder is put together file by file: every file of
the Linux ``dist/wuwei`` is mapped to its Windows counterpart in the win_amd64 wheels of
the pinned versions (downloaded with ``pip download`` into ``--wheels``): Qt libraries,
plugins and bindings, extension modules, the libraries a wheel vendors; data files are
the same bytes. The Python code (PYZ) is the same on both; the executables are
PyInstaller's Windows bootloaders plus that code. Python's own DLLs, which no wheel
holds, come from :data:`PYTHON_RUNTIME` (CPython 3.11 amd64, rounded). The installer
figure compresses the mapped files with LZMA as NSIS does (solid, 64 MB dictionary).
"""

from __future__ import annotations

import argparse
import lzma
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import PyInstaller

from bench.machine import describe
from installer.bundle_files import MODULE_EXCLUDES, keep
from wuwei_desktop import licenses

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "dist" / "wuwei"
MB = 1e6

PYTHON_RUNTIME = {
    "python311.dll": 5.75, "python3.dll": 0.07, "vcruntime140.dll": 0.12,
    "vcruntime140_1.dll": 0.05, "libffi-8.dll": 0.04, "sqlite3.dll": 1.6,
    "unicodedata.pyd": 1.12,
    "_decimal.pyd": 0.26, "pyexpat.pyd": 0.2, "_ssl.pyd": 0.18, "_lzma.pyd": 0.16,
    "_ctypes.pyd": 0.125, "_sqlite3.pyd": 0.09, "_bz2.pyd": 0.08, "_socket.pyd": 0.08,
    "_asyncio.pyd": 0.065, "_hashlib.pyd": 0.06, "_elementtree.pyd": 0.06,
    "_overlapped.pyd": 0.05, "_zoneinfo.pyd": 0.045, "_wmi.pyd": 0.04, "select.pyd": 0.03,
    "_queue.pyd": 0.03, "_multiprocessing.pyd": 0.03, "_uuid.pyd": 0.025,
}  # fmt: skip
"""MB of the interpreter, its DLLs and the standard library's extension modules on
Windows (python.org's CPython 3.11 amd64; most of Linux's lib-dynload is built into
python311.dll there). Rounded: the estimate is good to about ±1 MB here."""
PYTHON_OPENSSL = {"libcrypto-3.dll": 5.0, "libssl-3.dll": 0.78}
"""Python's OpenSSL, which only its ``_ssl`` and ``_hashlib`` modules load."""
PYTHON_RUNTIME_LZMA = 0.45
"""Compressed / plain size assumed for those DLLs (they are not on this machine)."""
LINUX_ONLY = re.compile(r"^lib(?!python)|^python3\.\d+/|\.so(\.|$)")
LINUX_ONLY_QT = ("Qt6DBus", "Qt6XcbQpa", "Qt6WaylandClient")
"""Qt libraries the Linux bundle needs for X11 and the IBus plugin; not on Windows."""


def wheels(folder: Path) -> dict[str, tuple[zipfile.ZipFile, zipfile.ZipInfo]]:
    """Every file of the win_amd64 wheels of the pinned run-time versions, by its path."""
    requirements = ROOT / "requirements.txt"
    pins = [line.split("#")[0].strip() for line in requirements.read_text("utf-8").splitlines()]
    runtime = {name.lower() for name in licenses.runtime_requirements(ROOT)} | {"pyinstaller"}
    wanted = [pin for pin in pins if re.split(r"[=\[]", pin)[0].lower() in runtime]
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:",
               "--platform", "win_amd64", "--python-version", "3.11", "--no-deps",
               "-d", str(folder), *wanted]  # fmt: skip
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    files = {}
    for wheel in sorted(folder.glob("*.whl")):
        archive = zipfile.ZipFile(wheel)
        for info in archive.infolist():
            if not info.is_dir():
                files[info.filename] = (archive, info)
    return files


def windows_name(dest: str) -> str | None:
    """The Windows path of a Linux bundle file inside ``_internal``, or None when Windows
    has no such file (Linux system libraries, ICU, X11/D-Bus plugins)."""
    dest = dest.replace("\\", "/")
    qt = re.fullmatch(r"PySide6/Qt/lib/libQt6(\w+)\.so\.6", dest)
    if qt:
        return None if f"Qt6{qt[1]}" in LINUX_ONLY_QT else f"PySide6/Qt6{qt[1]}.dll"
    plugin = re.fullmatch(r"PySide6/Qt/plugins/(\w+)/lib(\w+)\.so", dest)
    if plugin:
        return f"PySide6/plugins/{plugin[1]}/{plugin[2]}.dll"
    if dest.startswith("PySide6/Qt/translations/"):
        return dest.replace("PySide6/Qt/translations/", "PySide6/translations/")
    binding = re.fullmatch(r"(.+)\.abi3\.so", dest)
    if binding:
        return f"{binding[1]}.pyd"
    helper = re.fullmatch(r"(PySide6|shiboken6)/lib(pyside6|shiboken6)\.abi3\.so\.[\d.]+", dest)
    if helper:
        return f"{helper[1]}/{helper[2]}.abi3.dll"
    extension = re.fullmatch(r"(.+)\.cpython-311-x86_64-linux-gnu\.so", dest)
    if extension:
        return f"{extension[1]}.cp311-win_amd64.pyd"
    if LINUX_ONLY.search(dest.split("/")[-1]) or dest.startswith("python3."):
        return None
    return dest  # a data file: the same on both


def python_runtime() -> dict[str, float]:
    """MB of each Python DLL and extension module the Windows bundle has: the table's, less
    the modules ``MODULE_EXCLUDES`` leaves out (and OpenSSL when no module loads it)."""
    excluded = set(MODULE_EXCLUDES)
    files = {n: mb for n, mb in PYTHON_RUNTIME.items() if n.removesuffix(".pyd") not in excluded}
    if not {"_ssl", "_hashlib"} <= excluded:
        files |= PYTHON_OPENSSL
    return files


def windows_licences() -> list[bytes]:
    """The licence files of the Windows bundle: the Linux one adds Debian's packages."""
    collected = licenses.collect(MODULE_EXCLUDES)
    return [licenses.to_json(collected).encode(), licenses.to_text(collected).encode()]


def estimate(folder: Path, files: dict) -> tuple[Counter, list[bytes]]:
    """MB by part of the Windows folder, and the contents to compress for the installer."""
    sizes: Counter = Counter()
    contents: list[bytes] = []
    internal = folder / "_internal"
    vendored = set()

    def add(part: str, data: bytes) -> None:
        sizes[part] += len(data) / MB
        contents.append(data)

    for path in sorted(p for p in internal.rglob("*") if p.is_file() and not p.is_symlink()):
        dest = path.relative_to(internal).as_posix()
        top = dest.split("/")[0]
        if top.endswith(".libs"):  # a wheel's own libraries: Windows has its own set
            if top not in vendored:
                vendored.add(top)
                for name, (archive, info) in files.items():
                    if name.startswith(top + "/") and name.endswith(".dll"):
                        add(top.removesuffix(".libs"), archive.read(info))
            continue
        name = windows_name(dest)
        if name is None or name == licenses.BUNDLED_FILE:
            continue
        if name == dest and not name.endswith((".dll", ".pyd")):
            add(top if top in ("data", "resources") else "other data", path.read_bytes())
        elif name in files:
            archive, info = files[name]
            add(top, archive.read(info))
    # what only Windows has: its platform plugin and style, the C++ runtime Qt links to
    for name, (archive, info) in files.items():
        windows_only = re.fullmatch(r"PySide6/plugins/(platforms|styles)/q\w+\.dll", name)
        runtime = re.fullmatch(r"PySide6/(msvcp140\w*|concrt140)\.dll", name)
        if (windows_only or runtime) and keep(name) and "offscreen" not in name:
            add("PySide6", archive.read(info))
    for licence_file in windows_licences():
        add("licences", licence_file)
    sizes["Python runtime (table)"] = sum(python_runtime().values())
    return sizes, contents


def executables(files: dict, folder: Path, work: Path) -> tuple[float, float, list[bytes]]:
    """MB of wuwei.exe and wuwei-cli.exe: Windows bootloader + each one's Python code."""
    linux_boot = Path(PyInstaller.__file__).parent / "bootloader"
    linux_run = (linux_boot / "Linux-64bit-intel" / "run").stat().st_size
    code = (folder / "wuwei").read_bytes()[linux_run:]
    runw = files["PyInstaller/bootloader/Windows-64bit-intel/runw.exe"]
    run = files["PyInstaller/bootloader/Windows-64bit-intel/run.exe"]
    companion = ROOT / "installer" / "console_companion.py"
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
                    "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
                    "--specpath", str(work), str(companion)], check=True)  # fmt: skip
    built = work / "dist" / "console_companion" / "console_companion"
    companion_code = built.read_bytes()[linux_run:]
    gui = runw[0].read(runw[1]) + code
    cli = run[0].read(run[1]) + companion_code
    return len(gui) / MB, len(cli) / MB, [gui, cli]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wheels", type=Path, default=Path(tempfile.gettempdir()) / "winwheels")
    parser.add_argument(
        "--check-method", action="store_true",
        help="also compress the Linux folder the same way, to compare with its NSIS installer",
    )  # fmt: skip
    args = parser.parse_args()
    if not (FOLDER / "wuwei").is_file():
        raise SystemExit("没有 dist/wuwei：请先运行 python3 dev.py bundle")
    print(f"machine: {describe()}")
    files = wheels(args.wheels)
    sizes, contents = estimate(FOLDER, files)
    with tempfile.TemporaryDirectory() as work:
        gui, cli, programs = executables(files, FOLDER, Path(work))
    sizes["wuwei.exe"], sizes["wuwei-cli.exe"] = gui, cli
    total = sum(sizes.values())
    for part, size in sizes.most_common():
        print(f"  {part:28s} {size:7.1f} MB")
    print(f"Windows onedir (estimate): {total:.1f} MB (target ≤ 130)")
    packed = lzma.compress(b"".join(programs + contents), preset=9 | lzma.PRESET_EXTREME)
    runtime = sizes["Python runtime (table)"] * PYTHON_RUNTIME_LZMA
    print(f"installer (LZMA, estimate): {len(packed) / MB + runtime:.1f} MB (target ≤ 50)")
    if args.check_method:
        linux = [p for p in sorted(FOLDER.rglob("*")) if p.is_file() and not p.is_symlink()]
        same = lzma.compress(
            b"".join(p.read_bytes() for p in linux), preset=9 | lzma.PRESET_EXTREME
        )
        setups = sorted(FOLDER.parent.glob("*-setup.exe"))
        made = f"{setups[-1].stat().st_size / MB:.1f} MB" if setups else "no installer built"
        print(f"method check: the Linux folder this way {len(same) / MB:.1f} MB; NSIS made {made}")


if __name__ == "__main__":
    main()
