"""Sign Windows executables with signtool when a code-signing certificate is given.

The certificate comes from the environment (the Windows workflow decodes it from a
repository secret): ``WUWEI_SIGN_PFX`` names the .pfx file, ``WUWEI_SIGN_PASSWORD`` its
password. ``dev.py bundle`` signs ``wuwei.exe`` and ``wuwei-cli.exe`` before the
self-test, and passes :func:`command_line` to makensis, which runs it on the uninstaller
(``!uninstfinalize``) and on the setup (``!finalize``)::

    python installer/sign.py FILE...

Standard library only. Without a certificate nothing is signed and :data:`NOT_SIGNED`
says so in the build log.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

PFX_ENV = "WUWEI_SIGN_PFX"
PASSWORD_ENV = "WUWEI_SIGN_PASSWORD"
TIMESTAMP_URL = "http://timestamp.digicert.com"
DESCRIPTION = "武威档案"
NOT_SIGNED = (
    "未签名：没有提供代码签名证书（环境变量 WUWEI_SIGN_PFX / WUWEI_SIGN_PASSWORD，"
    "工作流中的 secret WINDOWS_SIGNING_PFX_BASE64 / WINDOWS_SIGNING_PASSWORD）。"
    "未签名的程序会被 SmartScreen 提示“未知发布者”，见 README § 发布。"
)


def configured() -> bool:
    """True when a certificate file is named and exists."""
    pfx = os.environ.get(PFX_ENV, "")
    return bool(pfx) and Path(pfx).is_file()


def signtool() -> str:
    """signtool.exe: on PATH, or the newest one of the Windows SDK."""
    found = shutil.which("signtool")
    if found:
        return found
    kits = os.path.join(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"),
                        "Windows Kits", "10", "bin", "*", "x64", "signtool.exe")  # fmt: skip
    candidates = sorted(glob.glob(kits))
    if not candidates:
        raise SystemExit("找不到 signtool.exe（Windows SDK）：无法签名。")
    return candidates[-1]


def sign(path: Path) -> None:
    """Sign one file (SHA-256, RFC 3161 time stamp); raises on failure."""
    command = [
        signtool(), "sign", "/fd", "sha256", "/tr", TIMESTAMP_URL, "/td", "sha256",
        "/d", DESCRIPTION, "/f", os.environ[PFX_ENV],
        "/p", os.environ.get(PASSWORD_ENV, ""), str(path),
    ]  # fmt: skip
    print(f"正在签名 {path} …", flush=True)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def command_line() -> str:
    """The command makensis runs with the file to sign appended (``"%1"``)."""
    return f'"{sys.executable}" "{Path(__file__).resolve()}"'


def main(argv: list[str]) -> int:
    if not configured():
        print(NOT_SIGNED)
        return 1
    for name in argv:
        sign(Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
