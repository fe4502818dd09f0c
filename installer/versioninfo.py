"""The Windows version resource of the executable, generated from the package version.

``build.spec`` writes :func:`version_file_text` to a file and passes it to PyInstaller
(``EXE(version=...)``); PyInstaller evaluates that text with its own ``VSVersionInfo``
classes. Standard library only: ``dev.py`` (outside the venv) reads the names from here
too, so the executable, the installer and Add/Remove Programs say the same thing.
"""

from __future__ import annotations

import re
from pathlib import Path

PRODUCT_NAME = "武威档案"
PUBLISHER = "武威档案项目组"
DESCRIPTION = "武威档案：武威市政府文献的离线档案浏览器"
EXE_NAME = "wuwei"
"""File name of the executable (ASCII; see README § 发布 for why)."""
CLI_NAME = "wuwei-cli"
"""The command line's console executable beside it."""

LANGUAGE_ZH_CN = 0x0804
CODEPAGE_UNICODE = 1200


def package_version(root: Path) -> str:
    """``__version__`` of ``wuwei_desktop`` read from its source, without importing it."""
    text = (root / "wuwei_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        raise ValueError("wuwei_desktop/__init__.py 中没有 __version__")
    return match.group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """``"0.1.0"`` → ``(0, 1, 0, 0)``: the four numbers Windows keeps (pre-release tags dropped)."""
    numbers = [int(part) for part in re.findall(r"\d+", version.split("+")[0])[:4]]
    if not numbers:
        raise ValueError(f"版本号无法识别：{version}")
    return (*numbers, 0, 0, 0)[:4]  # type: ignore[return-value]


def version_file_text(version: str, cli: bool = False) -> str:
    """PyInstaller's text form of the version resource (Chinese strings, zh-CN table) of
    ``wuwei.exe``, or with ``cli`` of ``wuwei-cli.exe``."""
    numbers = version_tuple(version)
    name = CLI_NAME if cli else EXE_NAME
    table = f"{LANGUAGE_ZH_CN:04x}{CODEPAGE_UNICODE:04x}"
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": f"{PRODUCT_NAME} 命令行" if cli else PRODUCT_NAME,
        "FileVersion": version,
        "InternalName": name,
        "LegalCopyright": f"© {PUBLISHER}",
        "OriginalFilename": f"{name}.exe",
        "ProductName": PRODUCT_NAME,
        "ProductVersion": version,
        "Comments": DESCRIPTION,
    }
    structs = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""# -*- coding: utf-8 -*-
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0),
  ),
  kids=[
    StringFileInfo([
      StringTable(
        {table!r},
        [
          {structs},
        ],
      )
    ]),
    VarFileInfo([VarStruct('Translation', [{LANGUAGE_ZH_CN}, {CODEPAGE_UNICODE}])]),
  ],
)
"""
