"""Databases for tests: every test that asks for one runs on SQLite and on PostgreSQL.

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


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rebound.db'}"
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip(
            "TEST_DATABASE_URL is not set; to run the PostgreSQL tests, set it to e.g. "
            "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        )
    return url


@pytest.fixture
def schema(database_url: str) -> Iterator[str | None]:
    """A fresh PostgreSQL schema for this test (dropped afterwards); None on SQLite."""
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
def uow(engine: Engine) -> UnitOfWork:
    return SqlUnitOfWork(engine)
