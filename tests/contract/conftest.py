"""The contract suite runs on every backend: the in-memory fake, SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.backends import ALL_BACKENDS, url_for


@pytest.fixture(params=ALL_BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return url_for(request.param, tmp_path)
