"""A fresh database on the test cluster for the user-data tests, with office users."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import sqlalchemy

USERS = ("alice", "bob", "carol")
_numbers = itertools.count()


def fresh_database(cluster) -> Callable[[str], str]:
    """Create an empty database (and the roles ``USERS``, if missing) on ``cluster``;
    return ``url_for(user)``, the URL that logs ``user`` into it ("postgres": the owner)."""
    name = f"userdata_{next(_numbers)}"
    admin = sqlalchemy.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
        for user in USERS:
            exists = conn.scalar(
                sqlalchemy.text("SELECT 1 FROM pg_roles WHERE rolname = :u"), {"u": user}
            )
            if not exists:
                conn.exec_driver_sql(f"CREATE ROLE {user} LOGIN")
    admin.dispose()
    owner_url = cluster.url(name)

    def url_for(user: str) -> str:
        return owner_url.replace("postgres@", f"{user}@", 1)

    return url_for
