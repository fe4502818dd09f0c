"""武威档案 — start the desktop app.

    python main.py [--open NODE_ID] [--search QUERY] [--screenshot FILE.png]

Kept tiny: every import happens inside :func:`wuwei_desktop.gui.app.main`, after the
clock for the start-up figure has started.
"""

import time

_STARTED = time.perf_counter()

if __name__ == "__main__":
    import sys

    from wuwei_desktop.gui.app import main

    sys.exit(main(started=_STARTED))
