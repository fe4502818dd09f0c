"""``wuwei-cli.exe``: the console companion of the windowed ``wuwei.exe`` (Windows bundle).

A windowed (GUI-subsystem) program has no console: started from cmd or PowerShell it
cannot print, and the shell does not wait for it. This small console program starts
``wuwei.exe`` beside it with the same arguments and the environment variable
:data:`CLI_ENV` set to its own name (``main.py`` then runs the command line, not the
window), copies the output to its console as it comes, and exits with its exit code.

``build.spec`` makes it a second executable from this file alone (standard library
only), so it stays small: the program's Python code lives once, in ``wuwei.exe``. A
second PyInstaller executable of ``main.py`` would carry its own 14 MB copy of it
(PyInstaller cannot share it between executables; pyinstaller issue 8424). On Linux
``wuwei-cli`` is a symbolic link to ``wuwei`` instead.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import BinaryIO, TextIO

CLI_ENV = "WUWEI_CLI"
"""Set to the companion's file name: ``main.py`` runs the command line under that name."""
PROGRAM = "wuwei"
INTERRUPTED = 130
STARTF_FORCEOFFFEEDBACK = 0x80
"""No "working in background" cursor while the windowed program runs (Windows)."""


def program_beside(companion: Path) -> Path:
    """The windowed program in the companion's folder (same suffix: ``.exe`` on Windows)."""
    return companion.with_name(PROGRAM + companion.suffix)


def _copy(source: BinaryIO, target: TextIO) -> None:
    """Copy the child's UTF-8 output to ``target`` as it arrives, chunk by chunk."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    while chunk := source.read1(65536):  # type: ignore[attr-defined]
        target.write(decoder.decode(chunk))
        target.flush()
    target.write(decoder.decode(b"", final=True))
    target.flush()


def run(command: list[str], name: str) -> int:
    """Run ``command`` as the command line called ``name``; its output goes to this
    process's stdout and stderr. Returns its exit code."""
    options: dict = {}
    if os.name == "nt":
        options["startupinfo"] = subprocess.STARTUPINFO(dwFlags=STARTF_FORCEOFFFEEDBACK)
    try:
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, CLI_ENV: name},
            **options,
        )
    except OSError as error:
        print(f"无法启动 {command[0]}：{error.strerror or error}", file=sys.stderr)
        return 1
    copies = [
        threading.Thread(target=_copy, args=(child.stdout, sys.stdout), daemon=True),
        threading.Thread(target=_copy, args=(child.stderr, sys.stderr), daemon=True),
    ]
    for copy in copies:
        copy.start()
    try:
        code = child.wait()
    except KeyboardInterrupt:  # Ctrl+C reaches only the console program
        child.terminate()
        child.wait()
        print("已中断。", file=sys.stderr)
        return INTERRUPTED
    for copy in copies:
        copy.join()
    return code


def main() -> int:
    for stream in (sys.stdout, sys.stderr):  # the same bytes the command line writes
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    companion = Path(sys.executable if getattr(sys, "frozen", False) else sys.argv[0])
    program = program_beside(companion.resolve())
    if not program.is_file():
        where = f"它应与 {companion.name} 在同一个文件夹（{program.parent}）"
        print(f"找不到 {program.name}：{where}。", file=sys.stderr)
        return 1
    return run([str(program), *sys.argv[1:]], companion.name)


if __name__ == "__main__":
    sys.exit(main())
