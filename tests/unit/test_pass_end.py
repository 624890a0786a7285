"""When a due-work pass ends (issue 13): only when nothing due is left, however much was due, or
when the process stops, which `rebound tick`'s summary then says plainly; and what it keeps of
what it delivered is a count, so a long pass holds no more memory than a short one."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.delivery.due import Deliverer, DueWork
from bot.delivery.policy import Policy
from bot.delivery.report import PassReport, describe
from bot.ports import Delivery, UnitOfWork
from bot.records import FollowUpKind, FollowUpState
from bot.values import Outbound
from tests.helpers import RecordingMessenger, actor

DUE = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def seed(uow: UnitOfWork, members: int) -> list[int]:
    """One due nudge for each of `members` members, the group's posts off."""
    logged = DUE - timedelta(days=2)
    ids = []
    with uow() as repo:
        for n in range(members):
            member = repo.ensure_member(actor(f"Member {n}"), logged)
            rejection = repo.add_rejection(member.id, f"Company {n}", "", "", logged)
            ids.append(
                repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, DUE, logged).id
            )
        for group in repo.groups():
            repo.save_group(replace(group, summary_schedule="", networking_schedule=""))
    return ids


def states(uow: UnitOfWork, ids: list[int]) -> list[FollowUpState]:
    with uow() as repo:
        return [f.state for i in ids if (f := repo.get_followup(i)) is not None]


async def test_a_pass_goes_on_until_nothing_due_is_left(uow: UnitOfWork) -> None:
    # A thousand rounds used to be the most a pass made: one more than that is delivered too.
    ids = seed(uow, 1_001)
    messenger = RecordingMessenger()
    report = PassReport()
    work = DueWork(uow, "Europe/Berlin", Policy(batch=1))
    await Deliverer(work, messenger.route).run(lambda: DUE, report)
    assert states(uow, ids) == [FollowUpState.SENT] * 1_001
    assert report.delivered == 1_001 and report.stopped == ""
    assert describe(report, DUE) == "As of 2026-12-02T10:00:00+01:00: delivered 1001 messages."


async def test_each_delivered_message_is_handed_over_and_not_kept(uow: UnitOfWork) -> None:
    seed(uow, 3)
    seen: list[Outbound] = []
    report = PassReport()
    work = DueWork(uow, "Europe/Berlin")
    await Deliverer(work, RecordingMessenger().route).run(lambda: DUE, report, seen.append)
    assert sorted(m.destination.user_id for m in seen) == ["member 0", "member 1", "member 2"]
    assert report.delivered == 3, "the report counts them"


async def test_a_pass_stopped_by_a_shutdown_says_so_and_hands_the_rest_back(
    uow: UnitOfWork,
) -> None:
    ids = seed(uow, 4)
    sending = asyncio.Event()
    go_on = asyncio.Event()

    class Slow(RecordingMessenger):
        async def send(self, message: Outbound) -> Delivery:
            sending.set()
            await go_on.wait()
            return await super().send(message)

    slow = Slow()
    report = PassReport()
    deliverer = Deliverer(DueWork(uow, "Europe/Berlin"), slow.route)
    running = asyncio.create_task(deliverer.run(lambda: DUE, report))
    await sending.wait()
    stopping = asyncio.create_task(deliverer.stop())
    await asyncio.sleep(0.05)
    go_on.set()
    await stopping
    await running
    assert sorted(states(uow, ids)) == [FollowUpState.PENDING] * 3 + [FollowUpState.SENT]
    said = describe(report, DUE)
    assert said.startswith("As of 2026-12-02T10:00:00+01:00: delivered 1 message; stopped")
    assert "shutting down" in said and "handed back" in said


async def test_each_batch_is_reported_as_progress(uow: UnitOfWork) -> None:
    """/readyz counts a finished batch as due work moving (bot.health.pass_progressed)."""
    seed(uow, 5)
    batches: list[int] = []
    report = PassReport()
    work = DueWork(uow, "Europe/Berlin", Policy(batch=2))
    await Deliverer(work, RecordingMessenger().route).run(
        lambda: DUE, report, on_batch=lambda: batches.append(report.delivered)
    )
    assert batches == [2, 4, 5]
