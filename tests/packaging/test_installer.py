"""The NSIS installer script compiles (against a stand-in program folder).

The real installer, built from the real bundle, is compiled by ``python3 dev.py
bundle`` (which fails when makensis fails) and by the Windows CI workflow; this test
needs Debian's ``makensis`` (apt-get install nsis) and is skipped without it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NSI = ROOT / "installer" / "wuwei.nsi"
MAKENSIS = shutil.which("makensis")
needs_makensis = pytest.mark.skipif(
    MAKENSIS is None,
    reason="makensis 不在 PATH 上（apt-get install nsis）；dev.py bundle 会编译安装程序",
)


def fake_bundle(folder: Path) -> Path:
    """A folder shaped like PyInstaller's dist/wuwei."""
    (folder / "_internal" / "data").mkdir(parents=True)
    (folder / "wuwei.exe").write_bytes(b"MZ stand-in")
    (folder / "wuwei-cli.exe").write_bytes(b"MZ stand-in")
    (folder / "_internal" / "data" / "wuwei.db").write_bytes(b"SQLite stand-in")
    return folder


def makensis(*defines: str) -> subprocess.CompletedProcess:
    command = [MAKENSIS, "-V2", "-INPUTCHARSET", "UTF8", *defines, str(NSI)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@needs_makensis
def test_installer_script_compiles(tmp_path: Path) -> None:
    source = fake_bundle(tmp_path / "wuwei")
    out = tmp_path / "wuwei-0.1.0-setup.exe"
    done = makensis(
        "-DVERSION=0.1.0", "-DFILE_VERSION=0.1.0.0", f"-DSOURCE_DIR={source}", f"-DOUTFILE={out}"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning" not in (done.stdout + done.stderr).lower()
    assert out.read_bytes()[:2] == b"MZ"  # a Windows executable
    assert "武威档案".encode("utf-16-le") in out.read_bytes()  # version info: ProductName


@needs_makensis
def test_installer_script_refuses_a_build_without_a_version(tmp_path: Path) -> None:
    done = makensis(f"-DSOURCE_DIR={fake_bundle(tmp_path / 'wuwei')}")
    assert done.returncode != 0
    assert "VERSION" in done.stdout + done.stderr


def test_installer_script_is_chinese_and_keeps_user_data_by_default() -> None:
    text = NSI.read_text(encoding="utf-8-sig")
    assert NSI.read_bytes()[:3] == b"\xef\xbb\xbf"  # UTF-8 with BOM: makensis reads it as UTF-8
    assert "Unicode true" in text
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in text
    assert '!define PRODUCT "武威档案"' in text
    # for one user without administrator rights by default; /ALLUSERS for IT
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${PRODUCT}"' in text
    assert "RequestExecutionLevel user" in text
    assert 'StrCpy $INSTDIR "$PROGRAMFILES64\\${PRODUCT}"' in text
    assert 'WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"' in text
    assert 'CreateShortcut "$SMPROGRAMS\\${PRODUCT}.lnk"' in text
    assert 'CreateShortcut "$DESKTOP\\${PRODUCT}.lnk"' in text
    # the user's data folder is platformdirs' user_data_path("wuwei-desktop") on Windows
    assert '!define USER_DATA "$LOCALAPPDATA\\wuwei-desktop"' in text
    # removing it is an unticked (/o) uninstaller section
    assert 'Section /o "un.同时删除我的书签、设置和日志"' in text


def test_the_folders_the_uninstaller_removes_are_the_apps(monkeypatch: pytest.MonkeyPatch) -> None:
    # platformdirs' Windows rules, with %LOCALAPPDATA% given through its override variable
    from platformdirs.windows import Windows

    from wuwei_desktop.paths import APP_NAME

    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", "C:\\Users\\clerk\\AppData\\Local")
    dirs = Windows(appname=APP_NAME, appauthor=False)
    data = Path(dirs.user_data_dir.replace("\\", "/"))
    cache = Path(dirs.user_cache_dir.replace("\\", "/"))
    assert data == Path("C:/Users/clerk/AppData/Local/wuwei-desktop")  # ${USER_DATA}
    assert cache == data / "Cache"  # ${USER_DATA}\Cache, removed with the program
    text = NSI.read_text(encoding="utf-8-sig")
    assert 'RMDir /r "${USER_DATA}\\Cache"' in text


@needs_makensis
def test_the_installer_and_its_uninstaller_are_signed_when_a_command_is_given(
    tmp_path: Path,
) -> None:
    """-DSIGN_COMMAND runs on the uninstaller (!uninstfinalize) and on the setup (!finalize)."""
    signed = tmp_path / "signed.txt"
    stub = tmp_path / "sign.py"
    stub.write_text(
        "import sys\n"
        f"with open({str(signed)!r}, 'a') as f:\n"
        "    f.write(open(sys.argv[1], 'rb').read(2).decode() + ' ' + sys.argv[1] + '\\n')\n",
        encoding="utf-8",
    )
    out = tmp_path / "setup.exe"
    done = makensis(
        "-DVERSION=0.1.0",
        "-DFILE_VERSION=0.1.0.0",
        f"-DSOURCE_DIR={fake_bundle(tmp_path / 'wuwei')}",
        f"-DOUTFILE={out}",
        f"-DSIGN_COMMAND={sys.executable} {stub}",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = signed.read_text().splitlines()
    assert len(lines) == 2 and all(line.startswith("MZ ") for line in lines)
    assert lines[-1] == f"MZ {out}"  # the setup last, after the uninstaller inside it
