"""The edges of a nudge's delivery: an unclear answer to its very last attempt, and a member
whose data goes (forget, undo) while their nudge is on its way."""

from __future__ import annotations

import pytest

from bot.delivery.due import DueWork, run_due_pass
from bot.ports import Delivery, UnitOfWork
from bot.records import FollowUpState
from bot.values import Outbound
from tests.helpers import RecordingMessenger
from tests.unit.test_delivery import berlin, deliver, followup, quiet_group, seed

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


async def test_an_unclear_answer_to_the_last_attempt_is_looked_up_not_sent_again(
    uow: UnitOfWork, work: DueWork
) -> None:
    platform, state = await last_attempt_unclear(uow, work, keeps=False)
    assert state is FollowUpState.FAILED
    assert platform.posted == 5, "attempts 1-4 failed plainly; the unclear 5th was not repeated"
    assert len(platform.lookups) == 1, "the history was read once after the unclear 5th attempt"


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
    assert platform.posted == 5
    assert len(platform.lookups) == work.policy.final_looks


class ForgottenMidSend(RecordingMessenger):
    """The member's data is deleted while Slack is still taking their nudge."""

    def __init__(self, uow: UnitOfWork, member_id: int) -> None:
        super().__init__()
        self._uow = uow
        self.member_id = member_id

    async def send(self, message: Outbound) -> Delivery:
        delivered = await super().send(message)
        with self._uow() as repo:
            repo.delete_member_data(self.member_id)
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


async def test_a_nudge_delivered_normally_is_never_taken_back(
    uow: UnitOfWork, work: DueWork
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)
    platform = RecordingMessenger()
    await run_due_pass(work, platform.route, berlin("2026-12-02T10:00"))
    assert followup(uow, item.id).state is FollowUpState.SENT
    assert platform.retracted == []
