"""Databases for tests: every test that asks for one runs on SQLite and on PostgreSQL.

A folder whose tests check the core rather than storage (tests/unit) adds the in-memory fake as a
third backend of `uow` by overriding `database_url` (see `tests.backends`).

PostgreSQL runs when TEST_DATABASE_URL is set; each test gets its own schema there, so tests
neither see each other's rows nor need cleaning up after, and may run in parallel.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine

from bot.ports import UnitOfWork
from storage import migrate
from storage.db import make_engine
from storage.uow import SqlUnitOfWork
from tests.backends import MEMORY, REAL_DATABASES, url_for
from tests.fakes import MemoryUnitOfWork

# Property tests (tests/properties): `make test` runs a fixed, repeatable sample that stays fast;
# HYPOTHESIS_PROFILE=explore searches far wider with fresh randomness, for a hunt before a release.
settings.register_profile(
    "ci",
    max_examples=40,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(params=REAL_DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return url_for(request.param, tmp_path)


@pytest.fixture
def schema(database_url: str) -> Iterator[str | None]:
    """A fresh PostgreSQL schema for this test (dropped afterwards); None on SQLite."""
    if database_url == MEMORY:
        pytest.fail("this test reads a database itself: mark it `real_databases_only`, saying why")
    if database_url.startswith("sqlite"):
        yield None
        return
    name = f"t_{uuid.uuid4().hex}"
    admin = make_engine(database_url)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {name}")
        yield name
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
    finally:
        admin.dispose()


@pytest.fixture
def empty_engine(database_url: str, schema: str | None) -> Iterator[Engine]:
    """An engine on an empty database (nothing migrated)."""
    engine = make_engine(database_url, schema=schema)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    migrate.upgrade(empty_engine)
    return empty_engine


@pytest.fixture
def uow(database_url: str, request: pytest.FixtureRequest) -> UnitOfWork:
    """The unit of work on the test's backend: the fake, or the SQL one on a migrated database."""
    if database_url == MEMORY:
        return MemoryUnitOfWork()
    engine: Engine = request.getfixturevalue("engine")
    return SqlUnitOfWork(engine)
