"""The edges of a nudge's delivery: an unclear answer to its very last attempt, and a member
whose data goes (forget, undo) while their nudge is on its way."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta

import pytest

from bot.delivery.due import Deliverer, DueWork, run_due_pass
from bot.ports import CommitGate, Delivery, Repository, UnitOfWork
from bot.records import FollowUpState
from bot.values import Outbound
from tests.helpers import RecordingMessenger
from tests.unit.test_delivery import PLATFORMS, berlin, deliver, followup, quiet_group, seed

UNCLEAR = Delivery(ok=False, error="internal_error", ambiguous=True)


@pytest.fixture
def work(uow: UnitOfWork) -> DueWork:
    return DueWork(uow, "Europe/Berlin")


class KeepsButAnswersBadly(RecordingMessenger):
    """Every send is kept by the platform (when `keeps`) and answered with a 5xx."""

    def __init__(self, *, keeps: bool) -> None:
        super().__init__()
        self.keeps = keeps
        self.posted = 0

    async def send(self, message: Outbound) -> Delivery:
        self.posted += 1
        if self.failures:
            return self.failures.pop(0)
        if self.keeps:
            self.sent.append(message)
        return UNCLEAR


async def retry_until_settled(
    uow: UnitOfWork, work: DueWork, platform: RecordingMessenger, item_id: int
) -> FollowUpState:
    for _ in range(20):
        row = followup(uow, item_id)
        if row.state is not FollowUpState.PENDING:
            return row.state
        await deliver(work, platform, row.due_at)
    raise AssertionError("never settled")


async def last_attempt_unclear(
    uow: UnitOfWork, work: DueWork, *, keeps: bool
) -> tuple[KeepsButAnswersBadly, FollowUpState]:
    """Four plain failures, then a 5th attempt the platform keeps (or not) and answers with a
    5xx; retried until the nudge settles."""
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)
    platform = KeepsButAnswersBadly(keeps=keeps)
    platform.failures = [Delivery(ok=False, error="timeout")] * 4
    await deliver(work, platform, berlin("2026-12-02T10:00"))
    return platform, await retry_until_settled(uow, work, platform, item.id)


async def test_after_an_unclear_last_attempt_each_further_try_looks_first_then_gives_up(
    uow: UnitOfWork, work: DueWork
) -> None:
    platform, state = await last_attempt_unclear(uow, work, keeps=False)
    assert state is FollowUpState.FAILED
    extra = work.policy.final_looks
    assert platform.posted == 5 + extra, "sent again only where the history showed nothing"
    assert len(platform.lookups) == extra, "every try after an unclear answer looked first"


async def test_a_last_attempt_that_did_arrive_is_recorded_as_sent(
    uow: UnitOfWork, work: DueWork
) -> None:
    platform, state = await last_attempt_unclear(uow, work, keeps=True)
    assert state is FollowUpState.SENT
    assert len(platform.sent) == 1, "exactly one DM reached the member"


async def test_history_unavailable_after_the_last_attempt_is_read_again_a_few_times(
    uow: UnitOfWork, work: DueWork
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)
    platform = KeepsButAnswersBadly(keeps=False)
    platform.failures = [Delivery(ok=False, error="timeout")] * 4

    async def unavailable(message: Outbound) -> Delivery | None:
        platform.lookups.append(message.work_keys)
        return Delivery(ok=False, error="history unavailable", ambiguous=True)

    platform.find = unavailable  # type: ignore[method-assign]
    await deliver(work, platform, berlin("2026-12-02T10:00"))
    assert await retry_until_settled(uow, work, platform, item.id) is FollowUpState.FAILED
    assert platform.posted == 5, "nothing is sent while the history cannot be read"
    assert len(platform.lookups) == work.policy.final_looks


async def test_a_crash_during_the_last_attempt_is_looked_up_and_then_sent(
    uow: UnitOfWork, work: DueWork
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)
    platform = RecordingMessenger()
    platform.failures = [Delivery(ok=False, error="timeout")] * 4
    await deliver(work, platform, berlin("2026-12-02T10:00"))
    for _ in range(3):
        await deliver(work, platform, followup(uow, item.id).due_at)
    due = followup(uow, item.id).due_at
    work.claim(due, PLATFORMS)  # the 5th attempt is claimed, then its process dies
    await deliver(work, platform, due + work.policy.lease + timedelta(minutes=1))
    assert followup(uow, item.id).state is FollowUpState.SENT, "a crash is not a refusal"
    assert len(platform.sent) == 1


class ForgottenMidSend(RecordingMessenger):
    """The member's data is deleted while Slack is still taking their nudge."""

    def __init__(
        self, uow: UnitOfWork, member_id: int, then: Callable[[], object] = lambda: None
    ) -> None:
        super().__init__()
        self._uow = uow
        self.member_id = member_id
        self.then = then  # what happens next, still during the send

    async def send(self, message: Outbound) -> Delivery:
        delivered = await super().send(message)
        with self._uow() as repo:
            repo.delete_member_data(self.member_id)
        self.then()
        return delivered


async def test_a_nudge_that_lands_after_its_member_was_forgotten_is_taken_back(
    uow: UnitOfWork, work: DueWork
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)
    platform = ForgottenMidSend(uow, item.member_id)
    delivered = await run_due_pass(work, platform.route, berlin("2026-12-02T10:00"))
    assert len(platform.sent) == 1
    assert platform.retracted == ["m1"], "the DM naming the company is deleted again"
    assert delivered == [], "and not reported as delivered"


async def test_a_nudge_is_taken_back_even_when_a_new_member_got_the_forgotten_ones_ids(
    uow: UnitOfWork, work: DueWork
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)

    def someone_new_logs_a_rejection() -> None:  # on SQLite they get the deleted rows' ids
        seed(uow, berlin("2026-12-05T10:00"), who="Bo", company="Other")

    platform = ForgottenMidSend(uow, item.member_id, then=someone_new_logs_a_rejection)
    await run_due_pass(work, platform.route, berlin("2026-12-02T10:00"))
    assert platform.retracted == ["m1"]


class FailsWhenArmed:
    """A unit of work whose next transaction fails once armed (the database going away)."""

    def __init__(self, inner: UnitOfWork) -> None:
        self._inner = inner
        self.armed = False

    def __call__(self, gate: CommitGate | None = None) -> AbstractContextManager[Repository]:
        if self.armed:
            self.armed = False
            raise ConnectionError("the database went away")
        return self._inner(gate)


async def test_a_nudge_landing_after_forget_is_taken_back_after_a_database_failure(
    uow: UnitOfWork,
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)
    flaky = FailsWhenArmed(uow)
    platform = ForgottenMidSend(uow, item.member_id, then=lambda: setattr(flaky, "armed", True))
    deliverer = Deliverer(DueWork(flaky, "Europe/Berlin"), platform.route)
    with pytest.raises(ConnectionError):  # recording the delivery failed
        await deliverer.run(lambda: berlin("2026-12-02T10:00"))
    assert platform.retracted == []
    await deliverer.run(lambda: berlin("2026-12-02T10:01"))  # the database is back
    assert platform.retracted == ["m1"]


async def test_a_nudge_delivered_normally_is_never_taken_back(
    uow: UnitOfWork, work: DueWork
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)
    platform = RecordingMessenger()
    await run_due_pass(work, platform.route, berlin("2026-12-02T10:00"))
    assert followup(uow, item.id).state is FollowUpState.SENT
    assert platform.retracted == []
