"""The licences of the system libraries the Linux bundle carries (Debian's packages).

PyInstaller copies the shared libraries Qt, Python and the wheels link to from the build
machine (libstdc++, GLib, libX11, libxcb, FreeType, systemd's libsystemd, …). Their
licences come from the Debian packages that installed them: ``dpkg -S`` names the
package, ``/usr/share/doc/PACKAGE/copyright`` holds its licence, and the full texts it
refers to in ``/usr/share/common-licenses`` are shipped once. ``build.spec`` adds them to
``licenses.json`` / ``LICENSES.txt`` on Linux; elsewhere (or without dpkg) there are none.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from wuwei_desktop.licenses import Licence

COPYRIGHT = Path("/usr/share/doc")
COMMON = Path("/usr/share/common-licenses")
COMMON_REFERENCE = re.compile(r"/usr/share/common-licenses/([\w+-]+(?:\.\d+)*)")


def owning_packages(libraries: Iterable[str]) -> dict[str, list[str]]:
    """Debian package → the libraries of ``libraries`` (paths) it installed."""
    if shutil.which("dpkg") is None:
        return {}
    owners: dict[str, list[str]] = {}
    for library in libraries:
        real = Path(library).resolve()
        # merged /usr: dpkg may know the file under /lib or under /usr/lib
        candidates = {str(real), str(real).replace("/usr/lib/", "/lib/", 1)}
        for candidate in candidates:
            done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if done.returncode == 0:
                package = done.stdout.split(": ", 1)[0]  # "libglib2.0-0:amd64"
                owners.setdefault(package, []).append(Path(library).name)
                break
    return owners


def main_licence(copyright_text: str) -> str:
    """The licence of a machine-readable copyright file's ``Files: *`` paragraph."""
    match = re.search(r"^Files:\s*\*\s*$.*?^License:[ \t]*([^\n]+)", copyright_text, re.M | re.S)
    return match[1].strip() if match else "见 Debian 版权文件"


def debian_licences(libraries: Iterable[str]) -> list[Licence]:
    """One entry per Debian package that installed one of ``libraries``, then the common
    licence texts their copyright files refer to."""
    items, referenced = [], set()
    for package, names in sorted(owning_packages(libraries).items()):
        name = package.split(":")[0]  # without the architecture
        text_path = COPYRIGHT / name / "copyright"
        if not text_path.is_file():
            continue
        text = text_path.read_text(encoding="utf-8", errors="replace")
        referenced |= set(COMMON_REFERENCE.findall(text))
        version = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True
        ).stdout.strip()
        note = "Linux 版程序文件夹中的系统库：" + "、".join(sorted(set(names)))
        licence = main_licence(text)
        items.append(Licence(f"{name}（Debian）", version, licence, (("copyright", text),), note))
    texts = tuple(
        (common, (COMMON / common).read_text(encoding="utf-8", errors="replace"))
        for common in sorted(referenced)
        if (COMMON / common).is_file()
    )
    if texts:
        note = "上面的 Debian 系统库所引用的许可证全文（/usr/share/common-licenses）。"
        items.append(Licence("Debian 通用许可证文本", "", "见各文本", texts, note))
    return items
