"""slack_sdk's installation store (looked up for every request and every scheduled message with
OAuth) waits no longer than Rebound's own connections: a silent or stuck database costs seconds,
not the operating system's minutes."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.runtime.slack import installation_engine


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_installation_store_connections_bound_every_wait(database_url: str) -> None:
    engine = installation_engine(database_url)
    try:
        async with engine.connect() as connection:
            statement = await connection.scalar(text("SHOW statement_timeout"))
            idle = await connection.scalar(text("SHOW idle_in_transaction_session_timeout"))
            raw = await connection.get_raw_connection()
            driver = raw.driver_connection
            assert driver is not None
            client = driver.info.get_parameters()
    finally:
        await engine.dispose()
    assert (statement, idle) == ("15s", "1min")
    assert client["tcp_user_timeout"] == "20000"  # a peer gone silent is noticed in 20 s
    assert client["keepalives"] == "1"
