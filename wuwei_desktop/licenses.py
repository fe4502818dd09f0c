"""The licences of everything the program bundles, read from what is installed (no Qt).

From source, :func:`collect` reads them from the running environment's distributions
(``importlib.metadata``: the licence files in each ``*.dist-info``), following the
program's run-time requirements. ``build.spec`` calls it at bundle time and ships the
result as ``licenses.json`` (and ``LICENSES.txt`` beside the executable), so the list
is always the one of the versions actually bundled; the frozen program reads that file.
Shown in 帮助 › 关于 › 许可证.

    python -m wuwei_desktop.licenses [--json FILE] [--text FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .resources import app_root, resource_path

REQUIREMENTS_FILE = "requirements.txt"
RUNTIME_SECTION = "# runtime"
"""The heading of the run-time part of ``requirements.txt`` (the one place dependencies
are pinned); the licences follow those distributions and what they require."""

VENDORED_LICENCES = {
    "libpq": "PostgreSQL License",
    "libssl": "Apache-2.0 (OpenSSL 3)",
    "libcrypto": "Apache-2.0 (OpenSSL 3)",
    "libgssapi_krb5": "MIT (MIT Kerberos)",
    "libkrb5": "MIT (MIT Kerberos)",
    "libk5crypto": "MIT (MIT Kerberos)",
    "libkrb5support": "MIT (MIT Kerberos)",
    "libcom_err": "MIT",
    "libldap": "OpenLDAP Public License",
    "liblber": "OpenLDAP Public License",
    "libsasl2": "BSD-4-Clause-like (Cyrus SASL, CMU)",
    "libkeyutils": "LGPL-2.1-or-later",
    "libcrypt": "LGPL-2.1-or-later (libxcrypt)",
    "libscipy_openblas64_": "BSD-3-Clause (OpenBLAS)",
    "libgfortran": "GPL-3.0-or-later WITH GCC-exception-3.1",
    "libquadmath": "LGPL-2.1-or-later",
    "libXau": "MIT",
    "libxcb": "MIT",
    "libavif": "BSD-2-Clause",
    "libbrotlicommon": "MIT",
    "libbrotlidec": "MIT",
    "libfreetype": "FTL",
    "libharfbuzz": "MIT",
    "libjpeg": "IJG",
    "liblcms2": "MIT",
    "liblzma": "0BSD",
    "libopenjp2": "BSD-2-Clause",
    "libpng16": "libpng-2.0",
    "libsharpyuv": "BSD-3-Clause",
    "libtiff": "libtiff",
    "libwebp": "BSD-3-Clause",
    "libwebpdemux": "BSD-3-Clause",
    "libwebpmux": "BSD-3-Clause",
    "libzstd": "BSD-3-Clause",
    "zlib": "Zlib",
}
"""Licences of the shared libraries a wheel vendors (``<package>.libs``), by name stem."""

BOOTLOADER = "pyinstaller"
"""PyInstaller's bootloader is inside the executable (GPL with a linking exception)."""

BOOTLOADER_NOTE = (
    "wuwei.exe 和 wuwei-cli.exe 中的启动程序（bootloader）来自 PyInstaller，按 GPL-2.0 或更高版本"
    "及其例外条款提供：例外条款允许它与任何程序一起分发，不影响程序本身的许可。"
)
BUNDLED_FILE = "licenses.json"
TEXT_FILE = "LICENSES.txt"
LICENCE_NAME = re.compile(r"(LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)

QT_NOTE = (
    "Qt {version} 与 PySide6 {version}（Qt for Python）按 GNU 宽通用公共许可证第 3 版"
    "（LGPL-3.0）使用，未作修改，以动态库形式随程序提供（_internal/PySide6 文件夹），"
    "您可以用自己编译的兼容版本替换它们。\n"
    "源代码：https://download.qt.io/official_releases/qt/ 和 "
    "https://download.qt.io/official_releases/QtForPython/pyside6/"
    "（版本 {version}）；也可向本程序的发布者索取。\n"
    "Qt 自带的第三方组件（ICU、HarfBuzz、FreeType、libpng、zlib、PCRE2 等）及其许可证见 "
    "https://doc.qt.io/qt-6/licenses-used-in-qt.html\n"
    "Qt and PySide6 are used under the LGPL-3.0, unmodified, as shared libraries that can be "
    "replaced; the corresponding source is available at the addresses above."
)


@dataclass(frozen=True)
class Licence:
    """One bundled component: its name, version, licence and the licence texts."""

    name: str
    version: str
    licence: str
    texts: tuple[tuple[str, str], ...] = field(default=())
    note: str = ""

    def full_text(self) -> str:
        """Everything about this component as plain text."""
        parts = [f"{self.name} {self.version}".strip(), f"许可证：{self.licence}"]
        if self.note:
            parts.append(self.note)
        for file_name, text in self.texts:
            parts.append(f"—— {file_name} ——\n{text.strip()}")
        return "\n\n".join(parts)


def _requirements(dist: metadata.Distribution) -> list[str]:
    """Names of what ``dist`` needs on this platform (extras and other platforms left out)."""
    names = []
    for line in dist.requires or []:
        requirement = Requirement(line)
        marker = requirement.marker
        if marker is None or marker.evaluate({"extra": ""}):
            names.append(requirement.name)
    return names


def _top_level(dist: metadata.Distribution) -> set[str]:
    """The import names a distribution provides."""
    text = dist.read_text("top_level.txt")
    if text:
        return {line.strip() for line in text.splitlines() if line.strip()}
    names = set()
    for file in dist.files or []:
        first = file.parts[0]
        if first.endswith((".dist-info", ".data")) or first.startswith(".."):
            continue
        names.add(first.removesuffix(".py").split(".")[0])
    return names


def _licence_field(dist: metadata.Distribution) -> str:
    """The licence as the metadata states it: SPDX expression, short field or classifiers."""
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    short = (meta.get("License") or "").strip()
    if short and "\n" not in short and len(short) <= 120:
        return short
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.split("::")[-1].strip() != "OSI Approved"
    ]
    if classifiers:
        return "; ".join(classifiers)
    return short.splitlines()[0] if short else "见许可证文本"


def _licence_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """The licence files a distribution installed, by their path under its dist-info."""
    texts: list[tuple[str, str]] = []
    for file in dist.files or []:
        if not file.parts[0].endswith(".dist-info") or not LICENCE_NAME.search(file.name):
            continue
        try:
            text = Path(dist.locate_file(file)).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        inside = "/".join(file.parts[1:]).removeprefix("licenses/")
        texts.append((inside, text))
    if not texts:
        long_text = dist.metadata.get("License") or ""
        if "\n" in long_text.strip():
            texts.append(("METADATA License", long_text))
    return texts


def _vendored_libraries(dist: metadata.Distribution) -> list[str]:
    """The shared libraries a wheel carries in ``<package>.libs`` (auditwheel, delvewheel),
    as name stems: ``libpq-e9b5c9ac.so.5.18`` → ``libpq``."""
    stems = {
        re.split(r"[-.]", file.name, maxsplit=1)[0]
        for file in dist.files or []
        if file.parts[0].endswith(".libs") and len(file.parts) == 2
    }
    return sorted(stems)


def _vendored_note(dist: metadata.Distribution) -> str:
    """A line naming the libraries a wheel vendors and their licences, or ''."""
    stems = _vendored_libraries(dist)
    if not stems:
        return ""
    named = [
        f"{stem}（{VENDORED_LICENCES[stem]}）" if stem in VENDORED_LICENCES else stem
        for stem in stems
    ]
    unnamed = "" if set(stems) <= VENDORED_LICENCES.keys() else "；未注明许可证的，见其上游项目"
    return "随附的共享库：" + "、".join(named) + unnamed + "。"


def _from_distribution(dist: metadata.Distribution) -> Licence:
    name = dist.metadata["Name"]
    notes = []
    texts = _licence_texts(dist)
    key = canonicalize_name(name)
    if key in {"pyside6-essentials", "shiboken6"}:
        notes.append(QT_NOTE.format(version=dist.version))
        texts += _qt_licence_texts()
    elif key == BOOTLOADER:
        notes.append(BOOTLOADER_NOTE)
    notes.append(_vendored_note(dist))
    note = "\n".join(n for n in notes if n)
    return Licence(name, dist.version, _licence_field(dist), tuple(texts), note)


def _qt_licence_texts() -> list[tuple[str, str]]:
    """The LGPL-3.0 and the GPL-3.0 it builds on (the Qt wheels carry no licence file)."""
    return [
        (name, resource_path("licenses", name).read_text(encoding="utf-8"))
        for name in ("LGPL-3.0.txt", "GPL-3.0.txt")
    ]


def runtime_requirements(root: Path | None = None) -> list[str]:
    """The distribution names of the run-time section of ``requirements.txt`` (none in a
    frozen program, which ships ``licenses.json`` instead)."""
    path = (root or app_root()) / REQUIREMENTS_FILE
    if not path.is_file():
        return []
    names, inside = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):  # a section heading: "# runtime", "# tests and lint", …
            inside = stripped == RUNTIME_SECTION
            continue
        requirement = stripped.split("#", 1)[0].strip()
        if inside and requirement:
            names.append(Requirement(requirement).name)
    return names


def runtime_distributions(left_out: Iterable[str] = ()) -> list[metadata.Distribution]:
    """The run-time distributions (:func:`runtime_requirements`) and everything they
    require, installed here, sorted by name; a distribution whose import names are all
    in ``left_out`` (modules the bundle excludes) is left out."""
    excluded = set(left_out)
    found: dict[str, metadata.Distribution] = {}
    queue = runtime_requirements()
    while queue:
        key = canonicalize_name(queue.pop())
        if key in found:
            continue
        try:
            dist = metadata.distribution(key)
        except metadata.PackageNotFoundError:
            continue
        top = _top_level(dist)
        if top and top <= excluded:
            continue
        found[key] = dist
        queue.extend(_requirements(dist))
    return sorted(found.values(), key=lambda d: canonicalize_name(d.metadata["Name"]))


def python_licence() -> Licence:
    """The interpreter's own licence (``LICENSE.txt`` of the Python installation)."""
    version = ".".join(map(str, sys.version_info[:3]))
    candidates = [
        Path(sysconfig.get_path("stdlib")) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
    ]
    found = next((path for path in candidates if path.is_file()), None)
    texts = () if found is None else ((found.name, found.read_text("utf-8", "replace")),)
    note = "" if texts else "许可证全文：https://docs.python.org/3/license.html"
    return Licence("Python", version, "PSF-2.0", texts, note)


def font_licence() -> Licence:
    """The bundled Chinese font (a subset of Noto Sans CJK SC) under the SIL OFL 1.1."""
    path = resource_path("fonts", "LICENSE-OFL.txt")
    return Licence(
        "Wuwei Sans（Noto Sans CJK SC 子集）",
        "",
        "OFL-1.1",
        ((path.name, path.read_text(encoding="utf-8")),),
        "程序界面、图表和 PDF 使用的中文字体，由 Noto Sans CJK SC 截取子集并改名。",
    )


def collect(left_out: Iterable[str] = ()) -> list[Licence]:
    """Every bundled component's licence: Python, the font, the bootloader when installed,
    then the run-time distributions (see :func:`runtime_distributions`)."""
    items = [python_licence(), font_licence()]
    with contextlib.suppress(metadata.PackageNotFoundError):
        items.append(_from_distribution(metadata.distribution(BOOTLOADER)))
    items += [_from_distribution(dist) for dist in runtime_distributions(left_out)]
    return items


def to_json(items: Iterable[Licence]) -> str:
    return json.dumps([asdict(item) for item in items], ensure_ascii=False, indent=1)


def from_json(text: str) -> list[Licence]:
    records = json.loads(text)
    return [
        Licence(
            name=r["name"],
            version=r["version"],
            licence=r["licence"],
            texts=tuple((str(f), str(t)) for f, t in r["texts"]),
            note=r.get("note", ""),
        )
        for r in records
    ]


def to_text(items: Iterable[Licence]) -> str:
    """``LICENSES.txt``: every component's licence, one after another."""
    items = list(items)
    head = ["武威档案包含以下组件，各自按其许可证提供：", ""]
    head += [f"  {item.name} {item.version}  —  {item.licence}" for item in items]
    rule = "\n\n" + "=" * 78 + "\n\n"
    return "\n".join(head) + rule + rule.join(item.full_text() for item in items) + "\n"


def bundled_or_collected() -> tuple[list[Licence], bool]:
    """The licences shipped with a frozen build, or read from the environment when run
    from source; the flag says whether they came from the bundle."""
    shipped = app_root() / BUNDLED_FILE
    if getattr(sys, "frozen", False) and shipped.is_file():
        return from_json(shipped.read_text(encoding="utf-8")), True
    try:
        from installer.bundle_files import MODULE_EXCLUDES  # a source checkout
    except ImportError:
        MODULE_EXCLUDES = ()
    return collect(MODULE_EXCLUDES), False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="列出并导出打包组件的许可证")
    parser.add_argument("--json", type=Path, help="写出 licenses.json")
    parser.add_argument("--text", type=Path, help="写出 LICENSES.txt")
    args = parser.parse_args(argv)
    items, _ = bundled_or_collected()
    if args.json:
        args.json.write_text(to_json(items), encoding="utf-8")
    if args.text:
        args.text.write_text(to_text(items), encoding="utf-8")
    if not (args.json or args.text):
        for item in items:
            print(f"{item.name} {item.version}  {item.licence}  ({len(item.texts)} 个文本)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
