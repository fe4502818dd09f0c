"""武威档案 — start the desktop app (or, started as ``wuwei-cli``, the command line).

    python main.py [--open NODE_ID] [--search QUERY] [--screenshot FILE.png]

Kept tiny: every import happens inside :func:`wuwei_desktop.gui.app.main`, after the
clock for the start-up figure has started.

The bundle's console companion ``wuwei-cli`` (``wuwei-cli.exe``) is this same entry
point under another name: started as ``wuwei-cli`` it runs the command line
(``wuwei_desktop.cli``, as ``python -m wuwei_desktop``) instead of the window. On
Windows it is a second, console executable; on Linux a symbolic link (build.spec).
"""

import os
import time

_STARTED = time.perf_counter()
CLI_PROGRAM = "wuwei-cli"

if __name__ == "__main__":
    import sys

    if os.path.splitext(os.path.basename(sys.argv[0]))[0].lower() == CLI_PROGRAM:
        from wuwei_desktop.cli import main as command_line

        sys.exit(command_line())

    from wuwei_desktop.gui.app import main

    sys.exit(main(started=_STARTED))
