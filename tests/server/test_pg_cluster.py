"""The throwaway PostgreSQL cluster answers over its unix socket, and only there."""

from __future__ import annotations


def test_cluster_answers_on_its_socket(pg_cluster, pg_url: str) -> None:
    import sqlalchemy

    engine = sqlalchemy.create_engine(pg_url)
    with engine.connect() as connection:
        assert connection.scalar(sqlalchemy.text("select current_database()")) == "wuwei"
        assert connection.scalar(sqlalchemy.text("show listen_addresses")) == ""
        assert connection.scalar(sqlalchemy.text("select '民勤县'::text")) == "民勤县"
    engine.dispose()
    assert (pg_cluster.socket_dir / f".s.PGSQL.{pg_cluster.port}").exists()


def test_without_a_server_and_root_the_reason_is_given(monkeypatch) -> None:
    import pytest

    from tests import pg_cluster

    monkeypatch.setattr(pg_cluster.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(pg_cluster.shutil, "which", lambda name: None)
    monkeypatch.setattr(pg_cluster.os, "geteuid", lambda: 1000)
    with pytest.raises(pg_cluster.ClusterUnavailable, match="没有安装 PostgreSQL 服务器"):
        pg_cluster.ensure_server_installed()
