"""The compiled installer, run silently under wine: install, upgrade, refusals, uninstall.

Stand-in program folders (shaped like PyInstaller's dist/wuwei) whose wuwei.exe is a tiny
Windows program that waits a few seconds (compiled with makensis too), so "the program is
running" is real. Checks files, shortcuts and the 应用和功能 registry entry (HKCU, or HKLM
with /ALLUSERS). Needs wine and makensis (Debian: apt-get install wine nsis); skipped with
the reason where they are absent. The Windows workflow runs the real installer on Windows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NSI = ROOT / "installer" / "wuwei.nsi"
WINE = shutil.which("wine")
MAKENSIS = shutil.which("makensis")
KEY = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\WuweiDesktop"
TARGET = r"C:\测试 目录\武威 档案"  # Chinese characters and spaces
EXIT_RUNNING, EXIT_SYSTEM, EXIT_DOWNGRADE = 3, 4, 5

pytestmark = [
    pytest.mark.skipif(
        WINE is None, reason="没有安装 wine（apt-get install wine），跳过安装程序实测"
    ),
    pytest.mark.skipif(MAKENSIS is None, reason="makensis 不在 PATH 上（apt-get install nsis）"),
]


class Wine:
    """A throw-away wine prefix (64-bit unless ``arch="win32"``, Windows 10) with its own
    home folder."""

    def __init__(self, folder: Path, arch: str = "win64") -> None:
        self.home = folder / "home"
        self.home.mkdir(parents=True)
        self.prefix = folder / "prefix"
        self.env = {
            **os.environ,
            "HOME": str(self.home),
            "WINEPREFIX": str(self.prefix),
            "WINEDEBUG": "-all",
            "WINEDLLOVERRIDES": "mscoree,mshtml=",  # no Mono/Gecko download prompts
            "WINEARCH": arch,
        }
        self.env.pop("DISPLAY", None)  # nothing on screen; silent installers show nothing
        self.run("wineboot", "-i", timeout=300)
        self.windows_version("win10")
        self.user = next(p.name for p in (self.prefix / "drive_c" / "users").iterdir()
                         if p.name != "Public")  # fmt: skip

    def run(self, *command: str, timeout: int = 180) -> subprocess.CompletedProcess:
        return subprocess.run(
            list(command), env=self.env, capture_output=True, timeout=timeout, check=False
        )

    def windows_version(self, name: str) -> None:
        self.run("winecfg", "-v", name)

    def exe(self, path: Path | str, *args: str) -> int:
        """Run a Windows program; its exit code."""
        return self.run(WINE, str(path), *args).returncode

    def install(self, setup: Path, *args: str, folder: str | None = None) -> int:
        """Run the installer silently; ``folder`` as /D= (split on spaces: NSIS wants the
        rest of the command line unquoted)."""
        target = [] if folder is None else f"/D={folder}".split(" ")
        return self.exe(setup, "/S", *args, *target)

    def path(self, windows: str) -> Path:
        """The Linux path of a ``C:\\...`` path."""
        drive, rest = windows.split(":", 1)
        assert drive.upper() == "C"
        return self.prefix / "drive_c" / Path(*rest.strip("\\").split("\\"))

    def registry(self, root: str) -> dict[str, str]:
        """The uninstall entry's values under HKCU or HKLM (empty when absent)."""
        out = self.home / "key.reg"
        done = self.run(WINE, "reg", "export", f"{root}\\{KEY}", str(out), "/y", "/reg:64")
        if done.returncode != 0 or not out.exists():
            return {}
        text = out.read_bytes().decode("utf-16")
        out.unlink()
        values = {}
        for line in text.splitlines():
            if line.startswith('"') and '"="' in line:
                name, value = line[1:-1].split('"="', 1)
                values[name] = value.replace("\\\\", "\\").replace('\\"', '"')
        return values

    def user_folder(self, *parts: str) -> Path:
        return self.prefix / "drive_c" / "users" / self.user / Path(*parts)


@pytest.fixture(scope="module")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wine]:
    box = Wine(tmp_path_factory.mktemp("wine"))
    yield box
    box.run("wineserver", "-k")


def compile_nsis(script: Path, *defines: str) -> None:
    command = [MAKENSIS, "-V2", "-INPUTCHARSET", "UTF8", *defines, str(script)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def installers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Installers 0.1.0 and 0.2.0 of stand-in programs (0.1.0 has a file 0.2.0 lacks)."""
    folder = tmp_path_factory.mktemp("installers")
    waiter = folder / "waiter.nsi"
    waiter.write_text(
        'Unicode true\nOutFile "wait.exe"\nSilentInstall silent\nRequestExecutionLevel user\n'
        "Section\n  Sleep 20000\nSectionEnd\n",
        encoding="utf-8",
    )
    compile_nsis(waiter)
    made = {}
    for version in ("0.1.0", "0.2.0"):
        bundle = folder / version / "wuwei"
        (bundle / "_internal" / "data").mkdir(parents=True)
        shutil.copy(folder / "wait.exe", bundle / "wuwei.exe")
        shutil.copy(folder / "wait.exe", bundle / "wuwei-cli.exe")
        (bundle / "_internal" / "data" / "wuwei.db").write_text(version, encoding="utf-8")
        (bundle / "LICENSES.txt").write_text("licences", encoding="utf-8")
        if version == "0.1.0":
            (bundle / "_internal" / "only-in-0.1.0.txt").write_text("old", encoding="utf-8")
        made[version] = folder / f"wuwei-{version}-setup.exe"
        compile_nsis(
            NSI,
            f"-DVERSION={version}",
            f"-DFILE_VERSION={version}.0",
            f"-DSOURCE_DIR={bundle}",
            f"-DOUTFILE={made[version]}",
        )
    return made


def program_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_silent_install_upgrade_refusals_and_uninstall(wine: Wine, installers) -> None:
    folder = wine.path(TARGET)
    start_menu = wine.user_folder(
        "AppData", "Roaming", "Microsoft", "Windows", "Start Menu", "Programs", "武威档案.lnk"
    )
    desktop = wine.user_folder("Desktop", "武威档案.lnk")

    # a per-user install into a folder with Chinese characters and spaces
    assert wine.install(installers["0.1.0"], folder=TARGET) == 0
    assert program_files(folder) == {
        "wuwei.exe", "wuwei-cli.exe", "uninstall.exe", "LICENSES.txt",
        "_internal/data/wuwei.db", "_internal/only-in-0.1.0.txt",
    }  # fmt: skip
    assert start_menu.is_file() and desktop.is_file()
    entry = wine.registry("HKCU")
    assert entry["DisplayName"] == "武威档案"
    assert entry["DisplayVersion"] == "0.1.0"
    assert entry["InstallLocation"] == TARGET
    assert entry["QuietUninstallString"] == f'"{TARGET}\\uninstall.exe" /S'
    assert wine.registry("HKLM") == {}  # nothing machine-wide without /ALLUSERS

    # the user's data, which no installer or uninstaller may touch by default
    data = wine.user_folder("AppData", "Local", "wuwei-desktop")
    (data / "Cache").mkdir(parents=True)
    (data / "bookmarks.json").write_text("[]", encoding="utf-8")

    # an upgrade finds the old folder by itself and leaves no old file behind
    assert wine.install(installers["0.2.0"]) == 0
    assert "_internal/only-in-0.1.0.txt" not in program_files(folder)
    assert (folder / "_internal" / "data" / "wuwei.db").read_text() == "0.2.0"
    assert wine.registry("HKCU")["DisplayVersion"] == "0.2.0"

    # a downgrade is refused when silent, unless asked for
    assert wine.install(installers["0.1.0"]) == EXIT_DOWNGRADE
    assert wine.registry("HKCU")["DisplayVersion"] == "0.2.0"
    assert wine.install(installers["0.1.0"], "/ALLOWDOWNGRADE") == 0
    assert wine.registry("HKCU")["DisplayVersion"] == "0.1.0"
    assert wine.install(installers["0.2.0"]) == 0

    # installing over the running program is refused, and nothing is changed
    running = subprocess.Popen([WINE, str(folder / "wuwei.exe")], env=wine.env)
    try:
        time.sleep(3)
        before = program_files(folder)
        assert wine.install(installers["0.2.0"]) == EXIT_RUNNING
        assert program_files(folder) == before
    finally:
        running.kill()
        running.wait()
        wine.run("wineserver", "-w", timeout=60)  # until the waiting program is gone

    # the uninstaller run in place (_?=) returns when done
    assert wine.exe(folder / "uninstall.exe", "/S", f"_?={TARGET}") == 0
    # on Windows a running uninstaller cannot delete itself (wine can): at most it is left
    assert program_files(folder) <= {"uninstall.exe"} if folder.exists() else True
    assert not start_menu.exists() and not desktop.exists()
    assert wine.registry("HKCU") == {}
    assert (data / "bookmarks.json").read_text(encoding="utf-8") == "[]"  # kept
    assert not (data / "Cache").exists()  # matplotlib's font cache goes
    shutil.rmtree(folder, ignore_errors=True)


def test_windows_older_than_10_is_refused(wine: Wine, installers) -> None:
    wine.windows_version("win7")
    try:
        assert wine.install(installers["0.2.0"], folder=r"C:\win7") == EXIT_SYSTEM
    finally:
        wine.windows_version("win10")
    assert not wine.path(r"C:\win7").exists()
    assert wine.registry("HKCU") == {}


def test_all_users_install_goes_to_program_files_and_hklm(wine: Wine, installers) -> None:
    # wine's user is an administrator, as IT's elevated prompt is
    assert wine.install(installers["0.2.0"], "/ALLUSERS") == 0
    folder = wine.path(r"C:\Program Files\武威档案")
    assert (folder / "wuwei.exe").is_file()
    entry = wine.registry("HKLM")
    assert entry["InstallLocation"] == r"C:\Program Files\武威档案"
    assert wine.registry("HKCU") == {}
    common = wine.prefix / "drive_c" / "ProgramData" / "Microsoft" / "Windows" / "Start Menu"
    assert (common / "Programs" / "武威档案.lnk").is_file()
    # the uninstaller finds the machine-wide entry by itself
    assert wine.exe(folder / "uninstall.exe", "/S", r"_?=C:\Program Files\武威档案") == 0
    assert wine.registry("HKLM") == {}
    assert not (common / "Programs" / "武威档案.lnk").exists()
    assert program_files(folder) <= {"uninstall.exe"} if folder.exists() else True


def test_32_bit_windows_is_refused(tmp_path: Path, installers) -> None:
    box = Wine(tmp_path, arch="win32")  # Windows 10, 32-bit
    try:
        assert box.install(installers["0.2.0"], folder=r"C:\x86") == EXIT_SYSTEM
        assert not box.path(r"C:\x86").exists()
        assert box.registry("HKCU") == {}
    finally:
        box.run("wineserver", "-k")
