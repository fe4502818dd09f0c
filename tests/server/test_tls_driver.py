"""TLS to the shared archive's server works without Python's ``ssl``, which the bundle
leaves out: psycopg-binary's libpq carries its own OpenSSL (``wuwei_desktop.db.driver``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CLIENT = """
import importlib.abc, sys

class LeftOut(importlib.abc.MetaPathFinder):  # as in the bundle: no ssl, no _hashlib
    def find_spec(self, name, path=None, target=None):
        if name in ("ssl", "_ssl", "_hashlib"):
            raise ModuleNotFoundError(f"not bundled: {name}", name=name)
        return None

sys.meta_path.insert(0, LeftOut())
from sqlalchemy import text
from wuwei_desktop.db.server import connect
from wuwei_desktop.server_userdata import make_engine

url = sys.argv[1]
QUERY = "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
with connect(url) as direct:
    print("archive", *direct.execute(QUERY).fetchone())
engine = make_engine(url)
with engine.connect() as pooled:
    print("userdata", *pooled.execute(text(QUERY)).one())
engine.dispose()
print("ssl module loaded:", "ssl" in sys.modules)
"""


@pytest.fixture(scope="module")
def tls_cluster():
    from tests.pg_cluster import ClusterUnavailable, start_cluster

    try:
        cluster = start_cluster(tls=True)
    except ClusterUnavailable as error:
        pytest.skip(f"没有 PostgreSQL：{error}")
    yield cluster
    cluster.stop()


def test_sslmode_require_connects_over_tls_without_pythons_ssl(tls_cluster) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{tls_cluster.port}/wuwei?sslmode=require"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-OO", "-c", CLIENT, url],
        capture_output=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("archive True TLSv1.")
    assert lines[1].startswith("userdata True TLSv1.")
    assert lines[2] == "ssl module loaded: False"
