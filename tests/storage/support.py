"""What the storage tests share: a moment, two people, seeding, and racing workers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import pytest

from bot.ports import Repository, UnitOfWork
from bot.records import FollowUpKind, Member
from bot.values import Actor
from storage.db import make_engine
from storage.uow import SqlUnitOfWork
from tests.helpers import at

T = TypeVar("T")

NOON = at("2026-12-01T12:00:00+00:00")
ALEX = Actor("slack", "T1", "U1", "Alex", "C1", "job-hunt")
SAM = Actor("slack", "T1", "U2", "Sam", "C1", "job-hunt")
PLATFORMS = frozenset({"slack"})  # the platforms a claiming process can deliver to
POSTGRES_ONLY = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


def member(repo: Repository, actor: Actor = ALEX) -> Member:
    return repo.ensure_member(actor, NOON)


def rejection_with_followups(repo: Repository, who: Member, company: str = "Acme") -> int:
    rejection = repo.add_rejection(who.id, company, "Analyst", "a note", NOON)
    for days, kind in enumerate(FollowUpKind, start=1):
        repo.add_followup(rejection.id, who.id, kind, NOON + timedelta(days=days), NOON)
    return rejection.id


def race(
    count: int,
    database_url: str,
    schema: str | None,
    work: Callable[[UnitOfWork, threading.Barrier], T],
    timeout: float = 120,
) -> list[T]:
    """Run `work` in `count` threads at once, each with its own engine (like a replica).

    `work` gets its unit of work and a barrier to wait on where the race should start. Returns
    each thread's result in thread order; fails if any thread raised or did not finish.
    """
    start = threading.Barrier(count)
    results: dict[int, T] = {}
    errors: list[BaseException] = []

    def run(index: int) -> None:
        engine = make_engine(database_url, schema=schema)
        try:
            results[index] = work(SqlUnitOfWork(engine), start)
        except BaseException as error:
            errors.append(error)
            start.abort()  # the others must not wait for a thread that is gone
        finally:
            engine.dispose()

    workers = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=timeout)
    assert not any(worker.is_alive() for worker in workers), "a worker did not finish in time"
    assert not errors, errors
    return [results[index] for index in range(count)]
