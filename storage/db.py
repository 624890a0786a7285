"""Engines for SQLite and PostgreSQL, and the one timestamp type every table uses.

SQLite is configured so that several threads or processes (the chat handlers, the scheduler,
`rebound tick`) can share one file: WAL lets readers run beside a writer, a busy timeout makes a
writer wait instead of failing, and every transaction starts with `BEGIN IMMEDIATE` so that a
read followed by a write can never fail half-way on a lock upgrade. The claims need
`UPDATE ... RETURNING`, so an SQLite library older than 3.35 is refused when the engine is made.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, Dialect, Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

_PSYCOPG = "postgresql+psycopg://"
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
SQLITE_MINIMUM = (3, 35, 0)  # UPDATE ... RETURNING


def normalize_url(url: str) -> str:
    """Accept what operators type: `postgres://` (as hosting providers print it) and bare paths."""
    url = url.strip()
    if not url:
        raise ValueError("the database URL is empty")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return _PSYCOPG + url.removeprefix(prefix)
    if "://" in url:
        return url
    return f"sqlite:///{Path(url).expanduser()}"


def make_engine(url: str, schema: str | None = None) -> Engine:
    """An engine for `url`; `schema` puts a PostgreSQL connection's tables in that schema."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        if schema is not None:
            raise ValueError("a schema can only be chosen on PostgreSQL")
        check_sqlite_version()
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    connect_args: dict[str, Any] = {}
    if schema is not None:
        if not _SCHEMA_NAME.fullmatch(schema):
            raise ValueError(f"not a plain schema name: {schema!r}")
        connect_args["options"] = f"-csearch_path={schema}"
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True)


def check_sqlite_version() -> None:
    """Refuse an SQLite library that cannot run the claims, rather than fail at the first one."""
    if sqlite3.sqlite_version_info < SQLITE_MINIMUM:
        needed = ".".join(str(part) for part in SQLITE_MINIMUM)
        raise RuntimeError(
            f"SQLite {sqlite3.sqlite_version} is too old: Rebound needs {needed} or newer "
            "(for UPDATE ... RETURNING); use a newer Python build, or PostgreSQL"
        )


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    # Take BEGIN away from the sqlite3 module, which skips it before SELECT and SAVEPOINT and so
    # breaks both isolation and savepoints; `_begin_immediate` emits it instead.
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA busy_timeout = 5000")
    dbapi_connection.execute("PRAGMA journal_mode = WAL")
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


def _begin_immediate(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


class UTCDateTime(TypeDecorator[datetime]):
    """An instant: naive datetimes are refused, values come back aware and in UTC.

    A naive datetime is ambiguous (whose wall clock?), so it is a bug to store one. SQLite keeps
    no zone at all, so values are stored there as naive UTC and the zone is restored on reading.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"refusing a naive datetime: {value.isoformat()}")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
