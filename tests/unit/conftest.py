"""What the core's tests share: a core and a due-work pass on the test's real database, in UTC.

A test module that needs another default zone defines its own `core` or `work`, which pytest
prefers over these.
"""

from __future__ import annotations

import pytest

from bot.core import Core
from bot.delivery.due import DueWork
from bot.ports import UnitOfWork


@pytest.fixture
def core(uow: UnitOfWork) -> Core:
    return Core(uow, "UTC")


@pytest.fixture
def work(uow: UnitOfWork) -> DueWork:
    return DueWork(uow, "UTC")
