"""What build.spec puts into the bundle, and the version resource it writes (no PyInstaller)."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path, PurePath

import pytest

import wuwei_desktop
from installer.bundle_files import (
    ICU_TOOLS,
    MODULE_EXCLUDES,
    QT_LIBS_UNUSED,
    icu_items_removed,
    is_root,
    keep,
    prune_unreachable,
    trimmed_icu_library,
)
from installer.versioninfo import package_version, version_file_text, version_tuple

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        # Linux wheel layout
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qt_zh_CN.qm", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/lib/libQt6Svg.so.6", True),
        ("PySide6/Qt/lib/libQt6Network.so.6", False),  # the hand-over needs no QtNetwork
        ("PySide6/Qt/lib/libQt6WaylandClient.so.6", False),
        # QtUiTools (ui/ forms) links to Qt's OpenGL libraries
        ("PySide6/Qt/lib/libQt6UiTools.so.6", True),
        ("PySide6/Qt/lib/libQt6OpenGL.so.6", True),
        ("PySide6/Qt/lib/libQt6OpenGLWidgets.so.6", True),
        # input methods: IBus (and Fcitx 5 through it), compose keys; no virtual keyboard
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        # Windows wheel layout
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6\\plugins\\imageformats\\qjpeg.dll", False),
        ("PySide6\\plugins\\imageformats\\qico.dll", False),
        ("PySide6\\plugins\\imageformats\\qsvg.dll", True),
        ("PySide6\\plugins\\imageformats\\qwebp.dll", False),
        ("PySide6\\translations\\qtbase_zh_CN.qm", True),
        ("PySide6\\opengl32sw.dll", False),
        ("PySide6\\Qt6Quick.dll", False),
        ("PySide6\\Qt6Network.dll", False),
        ("PySide6\\Qt6PrintSupport.dll", True),
        ("PySide6\\Qt6OpenGLWidgets.dll", True),
        # the system's own print client (Linux)
        ("libcups.so.2", False),
        ("libgnutls.so.30", False),
        ("libgssapi_krb5.so.2", False),
        ("libssl.so.3", False),  # Python's ssl is not bundled
        ("libcrypto.so.3", False),
        # the desktop's libraries (Linux): the system's, as PySide6 from PyPI expects
        ("libX11.so.6", False),
        ("libxcb-icccm.so.4", False),
        ("libfontconfig.so.1", False),
        ("libglib-2.0.so.0", False),
        ("libgcrypt.so.20", False),
        ("libstdc++.so.6", False),
        # ... not those Python's own modules link to
        ("libpython3.11.so.1.0", True),
        ("libsqlite3.so.0", True),
        ("libz.so.1", True),
        ("libffi.so.8", True),
        ("liblzma.so.5", True),
        ("pillow.libs/libzstd-40ad5e7e.so.1.5.7", True),
        ("pillow.libs/libxcb-9065bb12.so.1.1.0", True),
        ("psycopg_binary.libs/libcrypto-3a0647ea.so.3", True),
        # ... but a wheel's own hash-named copies stay (psycopg-binary's libpq needs them)
        ("psycopg_binary.libs/libgssapi_krb5-923083ce.so.2.2", True),
        ("psycopg_binary.libs/libkrb5-f18b4d11.so.3.3", True),
        # matplotlib data
        ("matplotlib/mpl-data/sample_data/goog.npz", False),
        ("matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf", True),
        ("matplotlib/mpl-data/fonts/ttf/STIXGeneral.ttf", False),
        ("matplotlib/mpl-data/matplotlibrc", True),
        ("matplotlib/mpl-data/fonts/afm/putr8a.afm", False),
        ("matplotlib/mpl-data/fonts/pdfcorefonts/Helvetica.afm", False),
        # the app's own files
        ("data/wuwei.db", True),
        ("resources/fonts/WuweiSans-Regular.otf", True),
    ],
)
def test_keep_selects_what_the_app_loads(dest: str, kept: bool) -> None:
    assert keep(dest) is kept


def test_excludes_keep_what_the_app_imports() -> None:
    excluded = set(MODULE_EXCLUDES)
    assert {"tkinter", "pytest", "hypothesis", "PyInstaller", "PySide6.QtQml"} <= excluded
    # one program per user: multiprocessing.connection, not QLocalServer
    assert "PySide6.QtNetwork" in excluded
    assert "multiprocessing" not in excluded
    # matplotlib's Qt backend needs QtSvg; printing needs QtPrintSupport
    # the PDF export draws charts with QtSvg and writes bookmarks with pypdf
    for needed in (
        "PySide6.QtSvg",
        "PySide6.QtPrintSupport",
        "PySide6.QtWidgets",
        "sqlite3",
        "pypdf",
        # the shared archive: psycopg, and SQLAlchemy's engine for the shared bookmarks
        "psycopg",
        "sqlalchemy.dialects.postgresql",
    ):
        assert needed not in excluded
    assert "sqlalchemy.dialects.mysql" in excluded
    assert "pandas" in excluded  # only ParsedTable.to_dataframe imports it
    assert "sqlalchemy.dialects.sqlite" not in excluded


@pytest.mark.skipif(
    not (sys.platform.startswith("linux") and shutil.which("readelf")),
    reason="需要 Linux 上的 readelf（apt-get install binutils）",
)
def test_no_qt_module_or_plugin_kept_needs_a_qt_library_left_out() -> None:
    """The Qt libraries that the bindings the program imports and the plugins kept link
    to (followed as ``prune_unreachable`` follows them in build.spec) include none of
    ``QT_LIBS_UNUSED``."""
    import PySide6

    folder = Path(PySide6.__file__).parent
    used = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtUiTools", "QtSvg")
    assert not {f"PySide6.{name}" for name in used} & set(MODULE_EXCLUDES)
    modules = [folder / f"{name}.abi3.so" for name in used]
    plugins = [p for p in (folder / "Qt" / "plugins").rglob("*.so") if keep(str(p))]
    binaries = [*modules, *plugins, *(folder / "Qt" / "lib").glob("libQt6*.so.6")]

    def needed(src: str) -> list[str]:
        dynamic = subprocess.run(["readelf", "-d", src], capture_output=True, text=True)
        return re.findall(r"\(NEEDED\)\s+Shared library: \[([^]]+)\]", dynamic.stdout)

    entries = [(p.relative_to(folder.parent).as_posix(), str(p), "BINARY") for p in binaries]
    kept, _dropped = prune_unreachable(entries, needed)
    names = {PurePath(dest).name for dest, _src, _kind in kept}
    assert {"QtUiTools.abi3.so", "libQt6Widgets.so.6", "libqxcb.so"} <= names
    assert "QtNetwork.abi3.so" not in names
    assert not {n for n in names if n.startswith(tuple(f"libQt6{x}" for x in QT_LIBS_UNUSED))}


def test_roots_are_modules_plugins_and_python() -> None:
    assert is_root("PySide6/QtCore.abi3.so")
    assert is_root("numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so")
    assert is_root("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert is_root("PySide6\\plugins\\platforms\\qwindows.dll")
    assert is_root("libpython3.11.so.1.0")
    assert is_root("python311.dll")
    assert is_root("numpy\\_core\\_multiarray_umath.cp311-win_amd64.pyd")
    assert not is_root("libgtk-3.so.0")
    assert not is_root("PySide6/Qt/lib/libQt6Core.so.6")


def test_prune_keeps_what_roots_link_to_and_drops_the_rest() -> None:
    binaries = [
        ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("libfreetype.so.6", "/src/libfreetype.so.6", "BINARY"),
        ("libpng16.so.16", "/src/libpng16.so.16", "BINARY"),
        ("libgtk-3.so.0", "/src/libgtk-3.so.0", "BINARY"),  # only the dropped theme plugin
        ("libatk-1.0.so.0", "/src/libatk-1.0.so.0", "BINARY"),
        ("libpng.so", "libpng16.so.16", "SYMLINK"),
        ("libgtk.so", "libgtk-3.so.0", "SYMLINK"),
    ]
    links = {
        "/src/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/src/libQt6Gui.so.6": ["libfreetype.so.6"],
        "/src/libfreetype.so.6": ["LIBPNG16.so.16"],  # names compare case-insensitively
        "/src/libgtk-3.so.0": ["libatk-1.0.so.0"],
    }
    kept, dropped = prune_unreachable(binaries, lambda src: links.get(src, []))
    assert [d for d, *_ in kept] == [
        "PySide6/QtGui.abi3.so",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libfreetype.so.6",
        "libpng16.so.16",
        "libpng.so",
    ]
    assert [d for d, *_ in dropped] == ["libgtk-3.so.0", "libatk-1.0.so.0", "libgtk.so"]


def test_version_comes_from_the_package() -> None:
    assert package_version(ROOT) == wuwei_desktop.__version__
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["version"] == wuwei_desktop.__version__
    assert version_tuple("0.1.0") == (0, 1, 0, 0)
    assert version_tuple("2.10.3.7") == (2, 10, 3, 7)
    assert version_tuple("1.2rc1") == (1, 2, 1, 0)


def test_version_file_is_the_expression_pyinstaller_evaluates() -> None:
    text = version_file_text("0.1.0")
    tree = ast.parse(text, mode="eval").body
    assert isinstance(tree, ast.Call) and tree.func.id == "VSVersionInfo"
    strings = {
        node.args[0].value: node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StringStruct"
    }
    assert strings["ProductName"] == "武威档案"
    assert strings["FileDescription"] == "武威档案"
    assert strings["ProductVersion"] == "0.1.0"
    assert strings["OriginalFilename"] == "wuwei.exe"
    assert strings["CompanyName"]
    assert "filevers=(0, 1, 0, 0)" in text
    assert "'080404b0'" in text  # Simplified Chinese, Unicode


def test_pandas_is_left_out_because_the_program_never_imports_it() -> None:
    """The bundle has no pandas: the only import of it in the package must stay inside
    ``ParsedTable.to_dataframe`` (analysis from Python), never on a path the program runs."""
    places = []
    for path in sorted((ROOT / "wuwei_desktop").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            if any(name.split(".")[0] == "pandas" for name in names):
                inside = [f.name for f in functions if node in ast.walk(f)]
                places.append((path.relative_to(ROOT).as_posix(), inside[-1:] or ["<module>"]))
    assert places == [("wuwei_desktop/ingest/tables.py", ["to_dataframe"])]


def test_icu_keeps_chinese_english_and_everything_that_is_not_locale_data() -> None:
    items = [
        "zh.res", "zh_Hans_CN.res", "en_GB.res", "root.res", "res_index.res", "pool.res",
        "fr.res", "de_AT.res", "coll/zh.res", "coll/ucadata.icu", "coll/ja.res",
        "brkitr/cjdict.dict", "brkitr/line.brk", "lang/ar.res", "zone/en.res",
        "supplementalData.res", "likelySubtags.res", "gb18030.cnv", "nfkc.nrm", "yue.res",
    ]  # fmt: skip
    assert icu_items_removed(items) == ["fr.res", "de_AT.res", "coll/ja.res", "lang/ar.res",
                                        "gb18030.cnv", "yue.res"]  # fmt: skip


ICU_CHECK = """
from PySide6.QtCore import QCollator, QLocale, QTimeZone
collator = QCollator(QLocale("zh_CN"))
print(" ".join(sorted(["武威", "民勤", "古浪", "天祝", "凉州"], key=collator.sortKey)))
print(QTimeZone(b"Asia/Shanghai").displayName(
    QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale("zh_CN")))
print(QLocale("tr_TR").toUpper("i"))
"""


@pytest.mark.skipif(
    not (sys.platform.startswith("linux") and all(map(shutil.which, ICU_TOOLS))),
    reason="需要 Linux 上的 icupkg 和 binutils（apt-get install icu-devtools binutils）",
)
def test_trimmed_icu_still_sorts_chinese_by_pinyin(tmp_path: Path) -> None:
    import PySide6

    qt_lib = Path(PySide6.__file__).parent / "Qt" / "lib"
    original = next(qt_lib.glob("libicudata.so.*[0-9]"))
    trimmed = trimmed_icu_library(original, tmp_path)
    assert trimmed.stat().st_size < original.stat().st_size * 0.6
    env = {**os.environ, "LD_PRELOAD": str(trimmed), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", ICU_CHECK], env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["古浪 凉州 民勤 天祝 武威", "中国标准时间", "İ"]
    assert "Could not create collator" not in done.stderr
