"""The fake unit of work: one transaction at a time, over a copy of the tables.

Like `storage.uow.SqlUnitOfWork`, `with uow() as repo:` commits what the block did when it ends
normally and discards it when it raises; with a gate that says no at the end, it discards it and
raises `Abandoned`. Transactions take turns (a lock, as SQLite's `BEGIN IMMEDIATE` makes them),
which also gives `lock_member` its meaning: a second copy of a command sees what the first one
committed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from bot.ports import Abandoned, CommitGate
from tests.fakes.events import EventMethods
from tests.fakes.followups import FollowUpMethods
from tests.fakes.goals import GoalMethods
from tests.fakes.groups import GroupSettingsMethods
from tests.fakes.history import HistoryMethods
from tests.fakes.members import MemberMethods
from tests.fakes.occurrences import OccurrenceMethods
from tests.fakes.replies import ReplyMethods
from tests.fakes.tables import Tables
from tests.fakes.week import WeekMethods

# A transaction that waits longer than this for another is a test that opened one inside another
# (which would deadlock SQLite too): fail it with a clear message instead of hanging.
WAIT_SECONDS = 10.0


class MemoryRepository(
    MemberMethods,
    GroupSettingsMethods,
    HistoryMethods,
    FollowUpMethods,
    OccurrenceMethods,
    EventMethods,
    GoalMethods,
    WeekMethods,
    ReplyMethods,
):
    """`bot.ports.Repository` over one transaction's tables."""

    def __init__(self, tables: Tables) -> None:
        self._tables = tables


class MemoryUnitOfWork:
    def __init__(self) -> None:
        self._tables = Tables()
        self._turn = threading.Lock()

    @contextmanager
    def __call__(self, gate: CommitGate | None = None) -> Iterator[MemoryRepository]:
        if not self._turn.acquire(timeout=WAIT_SECONDS):
            raise TimeoutError("another transaction of the in-memory store did not end")
        try:
            working = self._tables.copy()
            yield MemoryRepository(working)
            if gate is not None and not gate.may_commit():
                raise Abandoned("the caller stopped waiting; rolled back")
            self._tables = working
        finally:
            self._turn.release()
