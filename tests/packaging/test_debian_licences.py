"""The Linux bundle names the Debian packages of the system libraries it copies, with
their copyright files and the common licence texts these refer to."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from installer.debian_licences import debian_licences, main_licence

STDCXX = Path("/usr/lib/x86_64-linux-gnu/libstdc++.so.6")
GLIB = Path("/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0")


def test_the_licence_of_a_machine_readable_copyright_file() -> None:
    text = (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
        "Files: *\nCopyright: 2008 Kay Sievers\nLicense: LGPL-2.1+\n\n"
        "Files: src/basic/siphash24.c\nCopyright: 2012 J.-P. Aumasson\nLicense: CC0-1.0\n"
    )
    assert main_licence(text) == "LGPL-2.1+"
    assert (
        main_licence("This is libstdc++, under the GPL with an exception.") == "见 Debian 版权文件"
    )


@pytest.mark.skipif(
    shutil.which("dpkg") is None or not (STDCXX.exists() and GLIB.exists()),
    reason="不是 Debian 系统（没有 dpkg 或这两个库）",
)
def test_system_libraries_are_named_by_their_debian_packages() -> None:
    items = {item.name: item for item in debian_licences([str(STDCXX), str(GLIB)])}
    assert {"libstdc++6（Debian）", "libglib2.0-0（Debian）"} <= set(items)
    glib = items["libglib2.0-0（Debian）"]
    assert glib.licence.startswith("LGPL-2+")
    assert glib.version and "libglib-2.0.so.0" in glib.note
    assert "GNU" in items["libstdc++6（Debian）"].full_text()
    common = items["Debian 通用许可证文本"]
    assert "LGPL-2.1" in dict(common.texts)  # GLib's copyright refers to it


def test_nothing_where_no_package_owns_the_files(tmp_path) -> None:
    stray = tmp_path / "libnothing.so.1"
    stray.write_bytes(b"\x7fELF")
    assert debian_licences([str(stray)]) == []
