"""Where an archive lives: a file path, or a PostgreSQL URL that is never stored with a
password."""

from __future__ import annotations

from pathlib import Path

import pytest

from wuwei_desktop.cli import _parser
from wuwei_desktop.db.location import (
    archive_location,
    display_location,
    is_server_url,
    without_password,
)
from wuwei_desktop.paths import default_db

URL = "postgresql+psycopg://zhangsan@dbserver:5432/wuwei?sslmode=require"


@pytest.mark.parametrize(
    ("text", "server"),
    [
        (URL, True),
        ("postgresql://dbserver/wuwei", True),
        ("POSTGRES://dbserver/wuwei", True),
        ("postgresql+psycopg://postgres@/wuwei?host=/tmp/s&port=5", True),
        ("data/wuwei.db", False),
        ("C:\\档案\\wuwei.db", False),
        ("sqlite:///wuwei.db", False),
        ("postgresql.db", False),
    ],
)
def test_server_url_or_file(text: str, server: bool) -> None:
    assert is_server_url(text) is server
    assert isinstance(archive_location(text), str if server else Path)


def test_url_keeps_its_slashes_where_a_path_would_not() -> None:
    socket_url = "postgresql+psycopg://postgres@/wuwei?host=/tmp/s&port=5"
    assert archive_location(socket_url) == socket_url
    args = _parser().parse_args(["--db", socket_url, "docs"])
    assert args.db == socket_url


def test_password_is_taken_out() -> None:
    with_password = "postgresql+psycopg://zhangsan:秘密p%40ss@dbserver:5432/wuwei?sslmode=require"
    assert without_password(with_password) == (URL, True)
    assert without_password(URL) == (URL, False)
    assert "秘密" not in display_location(with_password)
    assert display_location(Path("data/wuwei.db")) == str(Path("data/wuwei.db"))


def test_environment_variable_names_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WUWEI_DB", URL)
    assert default_db() == URL
    monkeypatch.setenv("WUWEI_DB", "/srv/档案/wuwei.db")
    assert default_db() == Path("/srv/档案/wuwei.db")
