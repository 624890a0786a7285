"""Races on PostgreSQL between a member's button and a pass's bookkeeping, and between replicas
taking over the same abandoned claim: the member's choice always stands, a claim has one owner."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from bot.core import Core
from bot.delivery.due import DueWork
from bot.ports import Delivery, UnitOfWork
from bot.records import FollowUpKind, FollowUpState
from bot.values import ButtonPress
from tests.storage.support import ALEX, NOON, PLATFORMS, POSTGRES_ONLY, member, race


def _seed(uow: UnitOfWork, count: int = 1) -> list[int]:
    with uow() as repo:
        who = member(repo)
        found = []
        for _ in range(count):
            rejection = repo.add_rejection(who.id, "Acme", "", "", NOON - timedelta(days=3))
            found.append(
                repo.add_followup(rejection.id, who.id, FollowUpKind.THANK_YOU, NOON, NOON).id
            )
        return found


def _snooze_while_recording(
    uow: UnitOfWork, database_url: str, schema: str | None, now: datetime, answer: Delivery
) -> None:
    (item,) = _seed(uow)
    jobs, _ = DueWork(uow, "UTC").claim(now, PLATFORMS)
    (job,) = [j for j in jobs if j.targets[0].id == item]
    turns = iter(range(2))
    lock = threading.Lock()

    def act(own: UnitOfWork, start: threading.Barrier) -> None:
        with lock:
            who = next(turns)
        start.wait()
        if who == 0:
            DueWork(own, "UTC").record(job, answer, now)
        else:
            Core(own, "UTC").handle(ButtonPress(ALEX, "followup.snooze_day", f"{item}:0"), now)

    race(2, database_url, schema, act)
    with uow() as repo:
        final = repo.get_followup(item)
    assert final is not None
    assert (final.state, final.generation, final.check_first) == (FollowUpState.SNOOZED, 1, False)


@POSTGRES_ONLY
@pytest.mark.parametrize(
    "answer",
    [Delivery(ok=True, message_ref="C:1"), Delivery(ok=False, error="x", ambiguous=True)],
    ids=["sent", "ambiguous"],
)
def test_a_snooze_racing_the_passs_record_always_stands(
    uow: UnitOfWork, database_url: str, schema: str | None, answer: Delivery
) -> None:
    for round_ in range(4):
        now = NOON + timedelta(minutes=round_)
        _snooze_while_recording(uow, database_url, schema, now, answer)


@POSTGRES_ONLY
def test_replicas_taking_over_the_same_stale_claims_each_get_different_rows(
    uow: UnitOfWork, database_url: str, schema: str | None
) -> None:
    items = _seed(uow, 20)
    DueWork(uow, "UTC").claim(NOON, PLATFORMS)  # a process claims them all, then dies
    later = NOON + timedelta(minutes=11)

    def take_over(own: UnitOfWork, start: threading.Barrier) -> list[int]:
        start.wait()
        with own() as repo:
            return [
                f.id
                for f in repo.claim_stale_followups(
                    later, NOON + timedelta(minutes=1), 50, PLATFORMS
                )
            ]

    taken = race(4, database_url, schema, take_over)
    every = [row for rows in taken for row in rows]
    assert sorted(every) == sorted(items), "each abandoned claim taken over exactly once"
