"""The PostgreSQL driver, psycopg, imported the way every server path of the program needs.

psycopg's libpq wrappers run ``import ssl`` for a side effect only: where Python and libpq
share an OpenSSL older than 1.1.0, Python's ``ssl`` must set up its callbacks before
libpq does (psycopg_c/pq.pyx, psycopg/pq/pq_ctypes.py). psycopg-binary's libpq carries
its own OpenSSL 3, which sets itself up (PostgreSQL's documentation: PQinitOpenSSL is
obsolete from OpenSSL 1.1.0 on), and the program opens no TLS connection of its own. The
bundle therefore leaves Python's ``ssl`` out (libcrypto, libssl, ``_ssl`` and ``_hashlib``:
6 MB on Windows); where it is missing, that one import finds an empty module. TLS to the
server (``sslmode=require``) is libpq's own and works either way.
"""

from __future__ import annotations

import sys
import types
from types import ModuleType


def import_psycopg() -> ModuleType:
    """psycopg, with an empty stand-in for its ``import ssl`` where Python's ``ssl`` is
    not bundled. The stand-in is visible only while psycopg loads; ``asyncio``, whose own
    ``import ssl`` is optional and must see none, is loaded before it."""
    if "psycopg" in sys.modules:
        return sys.modules["psycopg"]
    try:
        import ssl  # noqa: F401
    except ImportError:
        import asyncio  # noqa: F401

        stand_in = types.ModuleType("ssl", "psycopg's side-effect import; see db.driver")
        sys.modules["ssl"] = stand_in
        try:
            import psycopg
        finally:
            if sys.modules.get("ssl") is stand_in:
                del sys.modules["ssl"]
        return psycopg
    import psycopg

    return psycopg
