"""武威档案 — the command line as a program of its own (``wuwei-cli.exe`` in the bundle).

The same as ``python -m wuwei_desktop``; build.spec freezes it beside the windowed
``wuwei.exe``, as a console program, sharing one ``_internal`` folder.
"""

import sys

from wuwei_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
