"""Engines for SQLite and PostgreSQL, and the one timestamp type every table uses.

SQLite is configured so that several threads or processes (the chat handlers, the scheduler,
`rebound tick`) can share one file: WAL lets readers run beside a writer, a busy timeout makes a
writer wait instead of failing, and every transaction starts with `BEGIN IMMEDIATE` so that a
read followed by a write can never fail half-way on a lock upgrade. The claims need
`UPDATE ... RETURNING`, so an SQLite library older than 3.35 is refused when the engine is made.

Every wait is bounded, so a database that stops answering turns into an error a command can
report ("try again") instead of a hang: SQLite waits at most `BUSY_TIMEOUT_MS` for a lock;
PostgreSQL connections time out on connect, send TCP keepalives and give up on unacknowledged
data (a network partition), and the server cancels long statements and ends sessions left idle
in a transaction (whose row locks would otherwise block the member's next command). The pool
waits at most `POOL_TIMEOUT` for a free connection. SQL parameters (notes, company names) are
kept out of error messages, and so out of logs.
"""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, Dialect, Engine, create_engine, event, exc, make_url
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool
from sqlalchemy.types import TypeDecorator

_PSYCOPG = "postgresql+psycopg://"
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
SQLITE_MINIMUM = (3, 35, 0)  # UPDATE ... RETURNING
BUSY_TIMEOUT_MS = 5_000
POOL_TIMEOUT = 5.0  # seconds to wait for a free pooled connection
CONNECT_TIMEOUT = 5  # seconds (libpq's unit)
STATEMENT_TIMEOUT_MS = 15_000
# A pooled PostgreSQL connection idle longer than this is pinged before use (see `_ping_if_idle`).
IDLE_PING_AFTER = 10.0  # seconds
IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000
# A dead peer is noticed after about 10 + 3 * 5 seconds of silence, or 20 seconds of unacknowledged
# data, instead of the operating system's default of two hours or more.
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 20_000,
}


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


def make_engine(
    url: str, schema: str | None = None, *, idle_ping_after: float = IDLE_PING_AFTER
) -> Engine:
    """An engine for `url`; `schema` puts a PostgreSQL connection's tables in that schema;
    a PostgreSQL connection idle longer than `idle_ping_after` seconds is pinged before use."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        if schema is not None:
            raise ValueError("a schema can only be chosen on PostgreSQL")
        check_sqlite_version()
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
            hide_parameters=True,
            **_one_writer_pool(url),
        )
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    engine = create_engine(
        url,
        connect_args=postgres_connect_args(url, schema),
        pool_timeout=POOL_TIMEOUT,
        hide_parameters=True,
    )
    event.listen(engine.pool, "checkout", partial(_ping_if_idle, idle_ping_after))
    event.listen(engine.pool, "checkin", _note_last_use)
    return engine


def _ping_if_idle(
    idle_ping_after: float, dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any
) -> None:
    """Ping a connection that sat idle in the pool before handing it out, and have the pool
    open a fresh one if it is gone (a restarted server, a firewall's idle timeout).

    Only idle ones: a ping on every checkout (`pool_pre_ping`) was a round trip and about 6% of
    a busy process's CPU per command (issue 13's throughput), and a connection in constant use
    is proven by its last statement; a failure mid-traffic invalidates the pool anyway.
    """
    last_use = record.info.get("last_use")
    if last_use is not None and time.monotonic() - last_use < idle_ping_after:
        return
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        dbapi_connection.rollback()  # end the ping's transaction: the caller begins its own
    except Exception as error:
        raise exc.DisconnectionError("the pooled connection is gone") from error


def _note_last_use(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    record.info["last_use"] = time.monotonic()


def _one_writer_pool(url: str) -> dict[str, Any]:
    """One pooled connection for an SQLite file, so this process's threads take turns in the
    pool's queue, woken the moment the previous transaction ends.

    Every transaction takes SQLite's write lock (`BEGIN IMMEDIATE`), so a second connection
    never ran anything beside the first: it waited in SQLite's busy handler, which sleeps in
    growing steps (up to 100 ms) and wakes in no order. With 8 members typing at once that
    made a command wait up to seconds (issue 13: p99 2-3 s at 50 commands/s). The wait stays
    bounded by the same `BUSY_TIMEOUT_MS`; other processes on the file still meet the busy
    handler. An in-memory database keeps SQLAlchemy's own pool (one connection per thread).
    """
    database = make_url(url).database
    if not database or database == ":memory:" or "mode=memory" in url:
        return {}
    return {
        "poolclass": QueuePool,
        "pool_size": 1,
        "max_overflow": 0,
        "pool_timeout": BUSY_TIMEOUT_MS / 1000,
    }


def one_connection(engine: Engine) -> bool:
    """Whether `engine` is an SQLite file's single pooled connection (`_one_writer_pool`):
    its transactions run one after another whichever thread starts them."""
    return isinstance(engine.pool, QueuePool) and engine.pool.size() == 1


def postgres_connect_args(url: str, schema: str | None = None) -> dict[str, Any]:
    """Bounded waits for every PostgreSQL connection (ours and slack_sdk's installation store):
    connecting, each statement, an idle transaction, and a peer that went silent."""
    options = [
        f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
        f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_TIMEOUT_MS}",
    ]
    if schema is not None:
        if not _SCHEMA_NAME.fullmatch(schema):
            raise ValueError(f"not a plain schema name: {schema!r}")
        options.append(f"-c search_path={schema}")
    # Options written in the URL (`?options=-csearch_path%3Dmine`) still apply.
    in_url = make_url(url).query.get("options")
    options.extend([in_url] if isinstance(in_url, str) else list(in_url or ()))
    return {"connect_timeout": CONNECT_TIMEOUT, "options": " ".join(options), **KEEPALIVES}


def ping(engine: Engine) -> None:
    """Raise unless the database answers a trivial query (for health checks)."""
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")


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
    dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    dbapi_connection.execute("PRAGMA journal_mode = WAL")
    # WAL's recommended setting: a commit is appended to the log without an fsync (the log is
    # synced at checkpoints), which took 3 ms of every command's time holding the write lock.
    # The file stays consistent through any crash; only an operating-system crash or power cut
    # may lose the last commits before a checkpoint. A crash of Rebound itself loses nothing.
    dbapi_connection.execute("PRAGMA synchronous = NORMAL")
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
