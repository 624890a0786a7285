"""A platform that keeps answering "rate limited, retry after 0" slows a nudge down; it never
uses up the nudge's attempts within seconds and fails it for good (found by a break-it session:
five sends in one pass, no wait between them, then `failed`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.delivery.due import Deliverer, DueWork
from bot.ports import Delivery, UnitOfWork
from bot.records import FollowUpKind, FollowUpState
from tests.helpers import RecordingMessenger, actor

DUE = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def seed(uow: UnitOfWork) -> int:
    logged = DUE - timedelta(days=2)
    with uow() as repo:
        member = repo.ensure_member(actor("Alex"), logged)
        rejection = repo.add_rejection(member.id, "Acme", "", "", logged)
        return repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, DUE, logged).id


async def test_retry_after_zero_waits_a_second_and_spends_no_attempt(uow: UnitOfWork) -> None:
    item = seed(uow)
    messenger = RecordingMessenger()
    messenger.failures = [Delivery(ok=False, error="ratelimited", retry_after=0.0)] * 8
    deliverer = Deliverer(DueWork(uow, "Europe/Berlin"), messenger.route)
    now = DUE
    await deliverer.run(lambda: now)  # a pass whose clock stands still: tried once
    assert len(messenger.failures) == 7
    for _ in range(7):  # seven more refusals, a second apart
        now += timedelta(seconds=1)
        await deliverer.run(lambda: now)  # noqa: B023 (run before `now` moves on)
    assert messenger.failures == []
    with uow() as repo:
        row = repo.get_followup(item)
    assert row is not None and row.state is FollowUpState.PENDING, "still waiting, not failed"
    assert row.due_at == now + timedelta(seconds=1)
    now += timedelta(seconds=1)
    await deliverer.run(lambda: now)
    assert [m.destination.user_id for m in messenger.sent] == ["alex"]
