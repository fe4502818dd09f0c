"""Where an archive lives: a SQLite file (a path) or a PostgreSQL server (an SQLAlchemy URL).

Only string handling here: the single-PC program must not import SQLAlchemy or the
PostgreSQL driver to tell a file from a server.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

_SERVER_URL = re.compile(r"^postgres(?:ql)?(?:\+\w+)?://", re.IGNORECASE)


def is_server_url(location: object) -> bool:
    """Whether ``location`` is a PostgreSQL URL (``postgresql+psycopg://…``)."""
    return isinstance(location, str) and bool(_SERVER_URL.match(location.strip()))


def archive_location(text: str) -> Path | str:
    """A ``--db`` / ``WUWEI_DB`` value: the URL as given for a server, else a file path."""
    return text.strip() if is_server_url(text) else Path(text)


def without_password(url: str) -> tuple[str, bool]:
    """``url`` with any password removed, and whether there was one (it is never stored:
    the server is reached with PostgreSQL's own means, a pgpass file, peer or GSSAPI)."""
    parts = urlsplit(url.strip())
    if parts.password is None:
        return url.strip(), False
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    netloc = f"{user}@{host}" if user else host
    return urlunsplit(parts._replace(netloc=netloc)), True


def display_location(location: Path | str) -> str:
    """How a location is shown to the user (a URL never with a password)."""
    return without_password(location)[0] if is_server_url(location) else str(location)
