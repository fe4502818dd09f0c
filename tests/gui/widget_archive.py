"""The archive the search, index and bookmark widget tests run on: the real one.

``archive_path`` in ``tests/conftest.py`` builds it from data/sources once per session;
a build that fails fails these tests too (there is no stand-in archive to hide it).
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def widget_archive_path(archive_path: Path) -> Path:
    """The real archive, built from data/sources."""
    return archive_path


@pytest.fixture()
def widget_archive(widget_archive_path: Path):
    from wuwei_desktop.api import Archive

    with Archive.open(widget_archive_path) as opened:
        yield opened
