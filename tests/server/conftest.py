"""The archive built into the throwaway PostgreSQL cluster, once per session."""

from __future__ import annotations

import pytest

from wuwei_desktop import cli
from wuwei_desktop.paths import default_sources


@pytest.fixture(scope="session")
def server_url(pg_url: str) -> str:
    """The URL of the archive built into the test cluster through ``build --out URL``."""
    code = cli.main(["build", "--out", pg_url, "--sources", str(default_sources())])
    assert code == 0
    return pg_url
