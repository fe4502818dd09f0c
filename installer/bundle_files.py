"""Which files go into the onedir bundle: the filters ``build.spec`` applies.

PyInstaller's hooks collect every Qt plugin and translation of the modules imported,
and the shared libraries those plugins link to. The app needs few of them; these
functions take PyInstaller's TOC entries ``(dest, src, typecode)`` and keep what is
used. Standard library only, so the tests check them without PyInstaller.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath

Entry = tuple[str, str, str]

QT_MODULES_UNUSED = (
    "QtQml", "QtQuick", "QtQuickWidgets", "QtQuickControls2", "QtQuick3D",
    "QtOpenGL", "QtOpenGLWidgets", "QtDBus", "QtPdf", "QtPdfWidgets", "QtSql", "QtTest",
    "QtXml", "QtConcurrent", "QtDesigner", "QtHelp", "QtMultimedia",
    "QtMultimediaWidgets", "QtWebEngineCore", "QtWebEngineWidgets", "QtWebChannel",
    "QtWebSockets", "QtStateMachine", "QtSvgWidgets", "QtCharts", "QtDataVisualization",
    "QtGraphs", "QtPositioning", "QtLocation", "QtBluetooth", "QtNfc", "QtSerialPort",
    "QtSensors", "QtTextToSpeech", "QtRemoteObjects", "QtScxml", "QtSpatialAudio",
    "QtHttpServer", "QtNetwork", "QtNetworkAuth", "QtAxContainer", "Qt3DCore",
)  # fmt: skip
"""PySide6 modules the app never imports (it uses QtCore, QtGui, QtWidgets,
QtPrintSupport, QtUiTools for the forms in ui/, and QtSvg through matplotlib's Qt backend;
the one running program per user talks through the standard library's
``multiprocessing.connection``, not QtNetwork)."""

MODULE_EXCLUDES = (
    *(f"PySide6.{name}" for name in QT_MODULES_UNUSED),
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc_data",
    "pydoc", "doctest", "xmlrpc", "mpl_toolkits",
    "pytest", "_pytest", "pytestqt", "hypothesis", "ruff", "pluggy", "iniconfig",
    "pygments", "PyInstaller", "_pyinstaller_hooks_contrib", "altgraph", "setuptools",
    "pkg_resources", "pip", "IPython", "jinja2",
    "numpy.tests", "numpy.f2py", "numpy.testing", "numpy.random", "numpy.fft",
    "numpy.polynomial", "numpy._core._multiarray_tests", "matplotlib.tests",
    "matplotlib._qhull", "matplotlib._tri",
    "pandas", "pytz", "tzdata",
    "PIL.ImageQt", "PIL.ImageTk", "PIL._imagingtk", "PIL.ImageFont", "PIL._imagingft",
    "PIL.ImageDraw", "PIL._avif", "PIL.AvifImagePlugin",
    "PIL._webp", "PIL.WebPImagePlugin", "PIL._imagingcms", "PIL.ImageCms",
    *(f"matplotlib.backends.{name}" for name in ("backend_pdf", "backend_ps", "backend_pgf",
                                                   "_backend_pdf_ps")),
    *(f"fontTools.{name}" for name in (
        "ttLib", "subset", "varLib", "cffLib", "otlLib", "designspaceLib", "feaLib", "ufoLib",
        "pens", "t1Lib", "cu2qu", "qu2cu", "merge", "colorLib", "mtiLib", "voltLib", "svgLib",
    )),
    *(f"sqlalchemy.dialects.{name}" for name in ("mysql", "oracle", "mssql")),
    "sqlalchemy.orm", "sqlalchemy.ext",
    "ssl", "_ssl", "_hashlib",
)  # fmt: skip
"""Modules left out, none of which the program imports (tests/packaging/test_excludes_unused.py
runs its work without them):

- unused Qt modules; test and build tools, with the standard library's ``doctest`` and
  ``pydoc`` (pyparsing imports ``unittest``, which stays); the dependencies' test suites;
- matplotlib's 3-D axes (``mpl_toolkits``), triangulation (``_qhull``, ``_tri``: 1 MB,
  imported only for triangle plots) and PDF/PS backends with the font tools only they
  use (2.4 MB; charts are PNG and SVG, the PDF export is Qt's);
- the parts of numpy charts never use (random numbers, FFT, polynomials: 3 MB);
- pandas (25 MB with pytz/tzdata: only ``ParsedTable.to_dataframe`` uses it, for analysis
  from Python; the program never calls it);
- Pillow's AVIF/WebP codecs, colour management and FreeType text (8 MB on Windows;
  matplotlib draws text itself);
- SQLAlchemy's ORM (the archive is written and read with SQLAlchemy Core) and its
  dialects other than SQLite and PostgreSQL (the shared archive);
- Python's ``ssl`` and ``_hashlib`` (OpenSSL: 6 MB on Windows): the program opens no TLS
  connection of its own, ``hashlib`` falls back to its built-in hashes, and the
  PostgreSQL driver's libpq has its own OpenSSL (``wuwei_desktop.db.driver``)."""

QT_PLUGINS_KEPT: dict[str, tuple[str, ...] | None] = {
    "platforms": ("offscreen", "xcb", "windows"),
    # typing Chinese on Linux: IBus (Fcitx 5 speaks its protocol too) and the compose keys
    "platforminputcontexts": ("ibus", "compose"),
    # SVG icons; PNG is built into QtGui. No JPEG/ICO: nothing reads them (the window icon
    # is app.png; charts go into PDFs as vectors, so Qt's PDF writer needs no JPEG coder)
    "imageformats": ("svg",),
    "iconengines": ("svg",),  # the toolbar's SVG icons, drawn sharp at any scaling
    "printsupport": None,  # all: CUPS on Linux, the Windows print system
    "styles": None,  # Windows 11 / Vista style (Windows only)
}
"""Qt plugin folders kept, with the name parts of the plugins kept (None: all)."""

QT_TRANSLATIONS_KEPT = ("qtbase_zh_CN.qm",)
MPL_FONTS_KEPT = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LastResortHE-Regular.ttf")
"""matplotlib's own fonts kept: its default family and last resort (charts use the
bundled Chinese font; the STIX/Computer Modern fonts only serve ``$…$`` math text)."""
LEFT_TO_THE_SYSTEM = (
    # printing: CUPS and the TLS, Kerberos and Zeroconf libraries only it links to
    "libcups.so", "libavahi-", "libgnutls", "libgssapi_krb5", "libkrb5", "libk5crypto",
    "libcom_err", "libkeyutils", "libp11-kit", "libidn2", "libunistring", "libtasn1",
    "libnettle", "libhogweed", "libgmp", "libssl.so", "libcrypto.so",
    # the desktop: X11 and keyboards, fonts, GLib, D-Bus with systemd, the C++ runtime
    "libX11", "libxcb", "libXau", "libXdmcp", "libbsd.so", "libmd.so", "libxkbcommon",
    "libfontconfig", "libfreetype", "libpng16", "libbrotli", "libexpat",
    "libglib-2.0", "libgthread-2.0", "libpcre2-8", "libdbus-1", "libsystemd", "libgcrypt",
    "libgpg-error", "libzstd", "liblz4", "libcap.so", "libstdc++", "libgcc_s",
)  # fmt: skip
"""Linux libraries not bundled; the frozen program loads the system's:

- CUPS (the print client every Linux desktop that prints has, talking to the system's
  own print server) and the TLS, Kerberos and Zeroconf libraries only it links to (~9
  MB). With no CUPS installed, Qt's CUPS plugin does not load: no printers, PDF export
  still works. OpenSSL: Python's ``ssl`` is not bundled, and the PostgreSQL driver's
  libpq carries its own (``wuwei_desktop.db.driver``).
- The desktop's own libraries (12 MB): those PySide6 from PyPI expects of the system
  (X11/xcb and xkbcommon, fontconfig and FreeType, GLib, D-Bus) and what they link to,
  and the C++ runtime, which every system new enough for the bundle's glibc (2.35) has
  in a newer version than the wheels were built against. They belong with the system's
  X server, font configuration and session bus (an old bundled fontconfig cannot read a
  newer system's configuration), as in AppImage's list of libraries never bundled.

Not the libraries Python's own modules link to (zlib, bz2, lzma, libffi, libuuid,
SQLite: the archive's FTS5 behaviour is tested with the bundled SQLite), and not the
copies a wheel vendors under a hashed name in ``<dist>.libs/`` (psycopg-binary's libpq
links to its own Kerberos libraries, Pillow to its own zstd): no system library answers
to those names. (PyInstaller's ldd-based dependency list is transitive, so these are
named here rather than found unreachable.)"""
QT_LIBS_UNUSED = ("Qml", "Quick", "Pdf", "VirtualKeyboard", "Wayland", "Network")
"""Qt libraries nothing bundled loads (Network: only plugins left out link to it, such
as TLS, network information and VNC). Not OpenGL / OpenGLWidgets: QtUiTools (the forms
in ui/) links to both."""


def keep(dest: str) -> bool:
    """False for a bundle file the app never loads (``dest``: path inside the bundle)."""
    parts = PurePath(dest.replace("\\", "/")).parts
    name = parts[-1]
    lower = name.lower()
    if "PySide6" in parts:
        if "translations" in parts:
            return name in QT_TRANSLATIONS_KEPT
        if "plugins" in parts:
            folder = parts[parts.index("plugins") + 1]
            if folder not in QT_PLUGINS_KEPT:
                return False
            wanted = QT_PLUGINS_KEPT[folder]
            return wanted is None or any(part in lower for part in wanted)
        if lower.startswith("opengl32sw"):  # software OpenGL: widgets do not use it
            return False
    if name.startswith(tuple(f"{p}{lib}" for p in ("libQt6", "Qt6") for lib in QT_LIBS_UNUSED)):
        return False
    # a wheel's own copies (``<dist>.libs/``, hash-named) are not the system's libraries
    if name.startswith(LEFT_TO_THE_SYSTEM) and not parts[0].endswith(".libs"):
        return False
    if "mpl-data" in parts:
        # sample data; the Adobe font metrics only the PDF/PS backends (left out) read
        if {"sample_data", "afm", "pdfcorefonts"} & set(parts):
            return False
        if "ttf" in parts and lower.endswith(".ttf"):
            return name in MPL_FONTS_KEPT
    return True


def is_root(dest: str) -> bool:
    """True for binaries loaded by Python itself: the interpreter library, extension
    modules and Qt plugins. Every other shared library is a dependency of these."""
    name = PurePath(dest.replace("\\", "/")).name.lower()
    return (
        name.endswith(".pyd")
        or ".cpython-" in name
        or ".abi3.so" in name
        or "/plugins/" in dest.replace("\\", "/")
        or name.startswith(("libpython", "python3"))
    )


def prune_unreachable(
    binaries: Iterable[Entry], imports_of: Callable[[str], Iterable[str]]
) -> tuple[list[Entry], list[Entry]]:
    """Keep the roots and the libraries they link to (transitively); returns (kept,
    dropped). ``imports_of(src)`` names the libraries a binary links to.

    Drops what only removed plugins needed (GTK for the gtk3 theme, Wayland, …).
    Symbolic links are kept when their target is kept.
    """
    entries = list(binaries)
    files = [e for e in entries if e[2] != "SYMLINK"]
    by_name = {PurePath(e[0]).name.lower(): e for e in files}
    needed: set[str] = set()
    queue = [e for e in files if is_root(e[0])]
    while queue:
        dest, src, _kind = queue.pop()
        if dest in needed:
            continue
        needed.add(dest)
        for name in imports_of(src):
            entry = by_name.get(PurePath(name.replace("\\", "/")).name.lower())
            if entry is not None and entry[0] not in needed:
                queue.append(entry)
    kept, dropped = [], []
    for entry in entries:
        dest, src, kind = entry
        if kind == "SYMLINK":
            target = os.path.normpath(os.path.join(os.path.dirname(dest), src))
            ok = target in needed
        else:
            ok = dest in needed
        (kept if ok else dropped).append(entry)
    return kept, dropped


def stripped_copies(binaries: Iterable[Entry], workdir: Path) -> list[Entry]:
    """Linux: strip symbols from copies of the binaries (the libraries beside the app
    shrink by ~50 MB). Libraries that auditwheel or delvewheel vendored into ``*.libs``
    folders (numpy's OpenBLAS among them) stay as they are: stripped, OpenBLAS no
    longer loads. Elsewhere, or without ``strip``, the entries come back unchanged."""
    strip = shutil.which("strip")
    out: list[Entry] = []
    for dest, src, kind in binaries:
        vendored = any(part.endswith(".libs") for part in PurePath(dest).parts)
        if strip is None or os.name == "nt" or kind == "SYMLINK" or vendored:
            out.append((dest, src, kind))
            continue
        copy = workdir / dest
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, copy)
        copy.chmod(0o755)
        subprocess.run([strip, "--strip-unneeded", str(copy)], check=True)
        out.append((dest, str(copy), kind))
    return out


ICU_LANGUAGES_KEPT = ("zh", "en")
"""Languages whose ICU locale data the Linux bundle keeps. ICU is Qt's Unicode library on
Linux (collation for sorting, case mapping, time-zone names, legacy encodings); its data
library holds every language of the world (32 MB). Chinese (pinyin order, names) and
English (Qt's own fallback) are what the program shows; the rest goes (~17 MB), and so do
the legacy-encoding converters (``*.cnv``, 5 MB: the program reads and writes UTF-8
only; Qt handles UTF-8/16/32 and Latin-1 without them). Everything else stays:
normalisation, case mapping, break rules and dictionaries, the UCA table. Windows Qt has
no ICU of its own (it uses Windows')."""
ICU_LOCALE_ITEM = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*\.res$")
ICU_TOOLS = ("icupkg", "as", "ld", "nm", "readelf")
ICU_DATA_LIB = re.compile(r"^libicudata\.so\.\d+$")


def icu_items_removed(items: Iterable[str]) -> list[str]:
    """The items of an ICU data package (``coll/fr.res``, ``de_AT.res`` …) that are locale
    data of a language not in :data:`ICU_LANGUAGES_KEPT`, and the converter tables."""
    removed = []
    for item in items:
        name = item.rsplit("/", 1)[-1]
        if name.endswith(".cnv"):
            removed.append(item)
            continue
        if name in ("root.res", "res_index.res", "pool.res") or not ICU_LOCALE_ITEM.match(name):
            continue
        if name.split("_")[0].removesuffix(".res") not in ICU_LANGUAGES_KEPT:
            removed.append(item)
    return removed


def _icu_blob(library: Path) -> tuple[str, bytes]:
    """The ICU data symbol (``icudt73_dat``) of a libicudata and its bytes."""
    symbols = subprocess.run(["nm", "-D", "--defined-only", "-S", str(library)],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    address, size, _kind, name = next(
        line.split() for line in symbols.splitlines() if re.search(r" icudt\d+_dat$", line)
    )
    sections = subprocess.run(["readelf", "-SW", str(library)],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
    rodata = next(line for line in sections.splitlines() if " .rodata " in line).split()
    at = rodata.index(".rodata")
    section_address, section_offset = int(rodata[at + 2], 16), int(rodata[at + 3], 16)
    start = int(address, 16) - section_address + section_offset
    return name, library.read_bytes()[start : start + int(size, 16)]


def trimmed_icu_library(library: Path, workdir: Path) -> Path:
    """A copy of ``libicudata.so.NN`` without the locale data of other languages (see
    :data:`ICU_LANGUAGES_KEPT`), made with ICU's ``icupkg`` and binutils' ``as``/``ld``."""
    symbol, blob = _icu_blob(library)
    package = symbol.removesuffix("_dat") + "l"  # icudt73l: little-endian data
    full, out = workdir / "full", workdir / "out"
    for folder in (full, out):
        folder.mkdir(parents=True, exist_ok=True)
    (full / f"{package}.dat").write_bytes(blob)
    listed = subprocess.run(["icupkg", "-l", str(full / f"{package}.dat")],
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    removed = set(icu_items_removed(line.strip() for line in listed.splitlines()))
    removals = workdir / "removed.txt"
    for _attempt in range(5):  # an item kept may depend on one removed: keep that too
        removals.write_text("\n".join(sorted(removed)) + "\n", encoding="utf-8")
        command = ["icupkg", "-r", str(removals), str(full / f"{package}.dat"),
                   str(out / f"{package}.dat")]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True)
        needed = set(re.findall(r"depends on missing item (\S+)", done.stdout + done.stderr))
        if not needed:
            break
        removed -= needed
    if done.returncode != 0:
        raise RuntimeError(f"icupkg failed: {done.stdout}{done.stderr}")
    source = workdir / "icudata.s"
    source.write_text(
        f"""    .section .rodata
    .globl {symbol}
    .type {symbol}, @object
    .balign 16
{symbol}:
    .incbin "{out / f"{package}.dat"}"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack,"",@progbits
""",
        encoding="utf-8",
    )
    trimmed, obj = workdir / library.name, workdir / "icudata.o"
    subprocess.run(["as", "-o", str(obj), str(source)], check=True)
    link = ["ld", "-shared", "-z", "noexecstack", "-soname", library.name, "-o", str(trimmed)]
    subprocess.run([*link, str(obj)], check=True)
    return trimmed


def trimmed_icu(binaries: Iterable[Entry], workdir: Path) -> list[Entry]:
    """Linux: the entries with libicudata replaced by :func:`trimmed_icu_library`'s copy.
    Without ``icupkg`` (Debian: icu-devtools) or binutils the entries come back unchanged
    and a line says so."""
    entries = list(binaries)
    tools = all(shutil.which(tool) for tool in ICU_TOOLS)
    out: list[Entry] = []
    for dest, src, kind in entries:
        if kind != "SYMLINK" and ICU_DATA_LIB.match(PurePath(dest).name):
            if not tools:
                print("build.spec: ICU data not trimmed (apt-get install icu-devtools binutils)")
            else:
                src = str(trimmed_icu_library(Path(src), workdir))
        out.append((dest, src, kind))
    return out
