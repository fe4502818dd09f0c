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
