"""What the core's tests share: a core and a due-work pass on the test's backend, in UTC.

A test module that needs another default zone defines its own `core` or `work`, which pytest
prefers over these.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import Core
from bot.delivery.due import DueWork
from bot.ports import UnitOfWork
from tests.backends import CORE_BACKENDS, url_for


@pytest.fixture
def core(uow: UnitOfWork) -> Core:
    return Core(uow, "UTC")


@pytest.fixture
def work(uow: UnitOfWork) -> DueWork:
    return DueWork(uow, "UTC")


@pytest.fixture(params=CORE_BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The core's tests run on the in-memory fake too (a test that reads the database itself
    says so with `tests.backends.real_databases_only`)."""
    return url_for(request.param, tmp_path)
