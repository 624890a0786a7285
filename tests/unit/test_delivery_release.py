"""A claim taken over from a dead process and handed back on shutdown before it was sent: the
dead process may have sent it, so whoever takes it next still looks in the history first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.delivery.due import DueWork
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


async def test_a_press_on_one_item_of_a_catch_up_before_it_is_sent_delays_the_others_no_lease(
    uow: UnitOfWork, work: DueWork
) -> None:
    first = seed(uow, berlin("2026-12-02T10:00"))
    second = seed(uow, berlin("2026-12-02T10:00"), company="Globex")
    third = seed(uow, berlin("2026-12-02T10:00"), company="Initech")
    quiet_group(uow)
    now = berlin("2026-12-02T10:00")
    (catch_up,), _ = work.claim(now, PLATFORMS)  # one message for both, not yet sent
    assert len(catch_up.targets) == 3
    with uow() as repo:  # the member marks the second one done meanwhile (from /followups)
        assert repo.transition_followup(
            second.id, (FollowUpState.SENDING,), FollowUpState.DONE, now
        )
    assert work.renew(catch_up, now) is None, "the message named something no longer due"
    messenger = RecordingMessenger()
    (nudge,) = await deliver(work, messenger, now + timedelta(minutes=1))
    keys = (f"followup:{first.id}:0", f"followup:{third.id}:0")
    assert nudge.work_keys == keys, "the others went a minute later"
    assert followup(uow, second.id).state is FollowUpState.DONE
