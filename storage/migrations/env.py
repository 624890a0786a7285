"""Alembic's entry point, run by `storage.migrate` with an engine in `config.attributes`.

On SQLite, foreign keys are switched off while migrating: batch mode rebuilds a table by copying
it and dropping the original, and with foreign keys on, that drop would cascade into every table
that references it. A foreign key check before commit makes up for it. On PostgreSQL, an
advisory lock lets replicas that start together migrate one after another.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, Engine

from storage.db import UTCDateTime
from storage.models import Base


def render_item(kind: str, item: Any, autogen: AutogenContext) -> str | Literal[False]:
    """Write `UTCDateTime` as the plain column type, so migrations never import app code."""
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _sqlite_foreign_keys(connection: Connection, on: bool) -> None:
    # Through the driver: SQLite ignores this pragma inside a transaction, and a statement on
    # the SQLAlchemy connection would begin one.
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def run_migrations_online() -> None:
    engine = context.config.attributes.get("engine")
    if not isinstance(engine, Engine):
        raise RuntimeError("run migrations through storage.migrate, which supplies the engine")
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        try:
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                compare_type=True,
                render_as_batch=sqlite,
                render_item=render_item,
                transactional_ddl=True,  # true on SQLite too: storage.db emits a real BEGIN
            )
            with context.begin_transaction():
                if not sqlite:
                    # A migration may rewrite a large table: the statement timeout that keeps a
                    # command from hanging must not cut it off half-way.
                    connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
                    # Replicas of a new deployment start together and each migrates: one at a
                    # time, so the later ones find the schema at head instead of failing on a
                    # table the first one is creating. Per schema; freed at commit.
                    connection.exec_driver_sql(
                        "SELECT pg_advisory_xact_lock("
                        "hashtext('rebound migrate ' || current_schema()))"
                    )
                context.run_migrations()
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("the migration left rows with broken foreign keys")
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported; migrate a live database")
run_migrations_online()
