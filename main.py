"""武威档案 — start the desktop app (or, started as ``wuwei-cli``, the command line).

    python main.py [--open NODE_ID] [--search QUERY] [--screenshot FILE.png]

Kept tiny: every import happens inside :func:`wuwei_desktop.gui.app.main`, after the
clock for the start-up figure has started.

The bundle's command line ``wuwei-cli`` is this same entry point: started under that
name (on Linux a symbolic link to ``wuwei``), or with the environment variable
``WUWEI_CLI`` naming it (set by ``wuwei-cli.exe``, the small console companion that runs
the windowed ``wuwei.exe`` on Windows: installer/console_companion.py), it runs the
command line (``wuwei_desktop.cli``, as ``python -m wuwei_desktop``) instead of the window.
"""

import os
import time

_STARTED = time.perf_counter()
CLI_PROGRAM = "wuwei-cli"
CLI_ENV = "WUWEI_CLI"  # installer/console_companion.py sets it to its own file name

if __name__ == "__main__":
    import sys
    import warnings

    # the bundle leaves matplotlib's 3-D axes out on purpose (installer/bundle_files.py):
    # its warning ("multiple versions of Matplotlib…") would mislead users and IT
    warnings.filterwarnings("ignore", "Unable to import Axes3D", UserWarning)

    companion = os.environ.pop(CLI_ENV, "")
    if companion:
        sys.argv[0] = companion
    if os.path.splitext(os.path.basename(sys.argv[0]))[0].lower() == CLI_PROGRAM:
        from wuwei_desktop.cli import main as command_line

        sys.exit(command_line())

    from wuwei_desktop.gui.app import main

    sys.exit(main(started=_STARTED))
