"""Which backends a test's `uow` runs on: the in-memory fake, SQLite, PostgreSQL.

PostgreSQL runs when TEST_DATABASE_URL is set, and is skipped (with a hint) otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

MEMORY = "memory"  # the in-memory fake (tests/fakes) in place of a database
REAL_DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
ALL_BACKENDS = [MEMORY, *REAL_DATABASES]  # the contract suite (tests/contract)
# The core's tests: the fake, and one real database so the core is seen on SQL too. PostgreSQL's
# own behaviour is covered by tests/storage and tests/contract; three backends would cost time.
CORE_BACKENDS = [MEMORY, "sqlite"]
# A test that needs a real database where its folder also offers the fake; say why beside it.
real_databases_only = pytest.mark.parametrize("database_url", REAL_DATABASES, indirect=True)


def url_for(backend: str, tmp_path: Path) -> str:
    """The URL of `backend` ("memory", "sqlite" or "postgresql") for one test."""
    if backend == MEMORY:
        return MEMORY
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'rebound.db'}"
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip(
            "TEST_DATABASE_URL is not set; to run the PostgreSQL tests, set it to e.g. "
            "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        )
    return url
