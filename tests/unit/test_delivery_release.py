"""A claim taken over from a dead process and handed back on shutdown before it was sent: the
dead process may have sent it, so whoever takes it next still looks in the history first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.due import DueWork
from bot.ports import UnitOfWork
from bot.records import FollowUpState
from tests.helpers import RecordingMessenger
from tests.unit.test_delivery import PLATFORMS, berlin, deliver, followup, quiet_group, seed


@pytest.fixture
def work(uow: UnitOfWork) -> DueWork:
    return DueWork(uow, "Europe/Berlin")


async def test_a_recovered_claim_handed_back_on_shutdown_is_still_looked_for_first(
    uow: UnitOfWork, work: DueWork
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)
    messenger = RecordingMessenger()
    now = berlin("2026-12-02T10:00")
    jobs, _ = work.claim(now, PLATFORMS)
    messenger.sent.append(jobs[0].message)  # sent, then the process died before recording it
    later = now + timedelta(minutes=11)
    recovered, _ = work.claim(later, PLATFORMS)  # another process takes the claim over ...
    assert [job.recovered for job in recovered] == [True]
    work.release(recovered, later)  # ... and is stopped before it gets to send it
    assert followup(uow, item.id).check_first is True
    await deliver(work, messenger, later + timedelta(minutes=1))
    assert len(messenger.sent) == 1, "the DM the dead process sent was found, not sent again"
    assert followup(uow, item.id).state is FollowUpState.SENT
