"""A pooled PostgreSQL connection that died while idle (a restarted server, a firewall's idle
timeout) is replaced before use: the next command works instead of failing once. Connections in
steady use are not pinged: that was a round trip per command (issue 13's throughput)."""

from __future__ import annotations

from sqlalchemy import text

from storage.db import make_engine
from tests.storage.support import POSTGRES_ONLY


@POSTGRES_ONLY
def test_a_connection_killed_while_idle_is_replaced_before_use(
    database_url: str, schema: str | None
) -> None:
    engine = make_engine(database_url, schema=schema, idle_ping_after=0.0)
    admin = make_engine(database_url)
    try:
        with engine.connect() as connection:
            first = connection.scalar(text("SELECT pg_backend_pid()"))
        with admin.begin() as connection:  # the server drops the pooled connection
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        with engine.connect() as connection:
            second = connection.scalar(text("SELECT pg_backend_pid()"))
        assert second != first
    finally:
        engine.dispose()
        admin.dispose()
