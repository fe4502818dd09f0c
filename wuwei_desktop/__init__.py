"""武威档案 — an offline archive browser for the government documents of 武威市."""

import logging

__version__ = "0.1.0"

# The package logs; the program configures where it goes (the app's log file). Without
# that (the command line, a script), nothing is printed: a user sees Chinese messages,
# never Python's fallback output of a logged traceback.
logging.getLogger(__name__).addHandler(logging.NullHandler())
