"""Replicas that start together on an empty database both migrate it, and neither fails.

Every `rebound run` migrates at start, so two replicas of a fresh deployment race: without a lock
both read "no revision yet", both create the first tables, and one dies on a duplicate type.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from storage import migrate
from storage.db import make_engine
from tests.storage.test_migrations import HEAD, TABLES, tables


def _start_replica(database_url: str, schema: str | None) -> None:
    """What `rebound run` does first. A process each: Alembic's context is process-global."""
    engine = make_engine(database_url, schema=schema)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()


def test_replicas_migrating_an_empty_database_at_once_all_succeed(
    database_url: str, schema: str | None
) -> None:
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(3, mp_context=spawn) as pool:
        starts = [pool.submit(_start_replica, database_url, schema) for _ in range(3)]
        for start in starts:
            start.result()  # raises what a replica would have died of
    engine = make_engine(database_url, schema=schema)
    try:
        assert migrate.current(engine) == HEAD
        assert tables(engine) == TABLES
    finally:
        engine.dispose()
