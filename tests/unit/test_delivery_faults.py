"""Delivery when something went wrong half-way: an answer that leaves it unknown whether the
platform kept the message, a crash just before quiet hours, a process without a platform's
credentials, a button pressed while a nudge is being sent, and retries of a weekly summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.ports import Delivery, UnitOfWork
from bot.records import FollowUpKind, FollowUpState
from bot.values import Actor, ButtonPress, DestinationKind, Outbound
from tests.helpers import RecordingMessenger, actor, button, slash, text
from tests.unit.test_delivery import (
    PLATFORMS,
    berlin,
    deliver,
    dms,
    fields,
    followup,
    quiet_group,
    seed,
)


@pytest.fixture
def core(uow: UnitOfWork) -> Core:
    return Core(uow, "Europe/Berlin")


@pytest.fixture
def work(uow: UnitOfWork) -> DueWork:
    return DueWork(uow, "Europe/Berlin")


class AcceptsThenFails(RecordingMessenger):
    """A platform that keeps the next message and then answers badly (a 5xx, or a timeout)."""

    def __init__(self, answer: Delivery | Exception) -> None:
        super().__init__()
        self.answer: Delivery | Exception | None = answer
        self.posted = 0

    async def send(self, message: Outbound) -> Delivery:
        self.posted += 1
        delivered = await super().send(message)
        answer, self.answer = self.answer, None
        if isinstance(answer, Exception):
            raise answer
        return answer or delivered


@pytest.mark.parametrize(
    "answer",
    [Delivery(ok=False, error="internal_error", ambiguous=True), TimeoutError()],
    ids=["5xx", "exception"],
)
async def test_after_an_ambiguous_failure_the_retry_finds_the_nudge_and_sends_nothing(
    uow: UnitOfWork, work: DueWork, answer: Delivery | Exception
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)
    platform = AcceptsThenFails(answer)
    assert await run_due_pass(work, platform.route, berlin("2026-12-02T10:00")) == []
    pending = followup(uow, item.id)
    assert (pending.state, pending.check_first) == (FollowUpState.PENDING, True)
    await run_due_pass(work, platform.route, pending.due_at)
    assert platform.posted == 1, "the retry looked in the history and did not send again"
    assert platform.lookups, "the retry asked the platform first"
    done = followup(uow, item.id)
    assert (done.state, done.check_first) == (FollowUpState.SENT, False)


async def test_a_nudge_keeps_its_key_across_retries_and_a_snooze_gives_a_new_one(
    core: Core, uow: UnitOfWork, work: DueWork
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)
    platform = RecordingMessenger()
    platform.failures = [Delivery(ok=False, error="timeout")]
    await deliver(work, platform, berlin("2026-12-02T10:00"))
    assert followup(uow, item.id).check_first is False, "a plain failure needs no history check"
    (first,) = await deliver(work, platform, berlin("2026-12-02T10:05"))
    core.handle(
        ButtonPress(actor(), "followup.snooze_day", f"{item.id}:0"), berlin("2026-12-02T11:00")
    )
    (second,) = await deliver(work, platform, berlin("2026-12-03T11:00"))
    assert first.work_keys == (f"followup:{item.id}:0",)
    assert second.work_keys == (f"followup:{item.id}:1",)


async def test_a_crash_at_2055_gives_exactly_one_dm_next_morning(
    uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    item = seed(uow, berlin("2026-12-02T20:55"))
    quiet_group(uow)
    jobs, _ = work.claim(berlin("2026-12-02T20:55"), PLATFORMS)
    messenger.sent.append(jobs[0].message)  # sent, then the process died before recording it
    # Another process takes the claim over after the lease, in the member's quiet hours.
    assert await deliver(work, messenger, berlin("2026-12-02T21:06")) == []
    waiting = followup(uow, item.id)
    assert (waiting.due_at, waiting.check_first) == (berlin("2026-12-03T08:00"), True)
    await deliver(work, messenger, berlin("2026-12-03T08:00"))
    assert len(messenger.sent) == 1, "the morning attempt found last night's DM"
    assert followup(uow, item.id).state is FollowUpState.SENT


@pytest.fixture
def messenger() -> RecordingMessenger:
    return RecordingMessenger()


async def test_a_recovered_nudge_past_its_grace_that_did_arrive_is_recorded_as_sent(
    uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    arrived = seed(uow, berlin("2026-12-02T10:00"))
    lost = seed(uow, berlin("2026-12-02T10:00"), who="Sam")
    quiet_group(uow)
    jobs, _ = work.claim(berlin("2026-12-02T10:00"), PLATFORMS)
    (alex_job,) = [j for j in jobs if j.message.destination.user_id == "alex"]
    messenger.sent.append(alex_job.message)  # Alex's went out, then everything stopped
    assert await deliver(work, messenger, berlin("2026-12-03T10:30")) == [alex_job.message]
    assert followup(uow, arrived.id).state is FollowUpState.SENT
    assert followup(uow, lost.id).state is FollowUpState.MISSED
    assert len(messenger.sent) == 1, "too late to send Sam's now"


async def test_a_process_without_a_platform_leaves_that_platforms_rows_alone(
    uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    seed(uow, berlin("2026-12-02T10:00"))
    with uow() as repo:
        slack_member = repo.ensure_member(
            Actor("slack", "T1", "U1", "Sam", "C1", "job-hunt"), berlin("2026-11-01T10:00")
        )
        rejection = repo.add_rejection(
            slack_member.id, "Globex", "", "", berlin("2026-11-01T10:00")
        )
        slack_item = repo.add_followup(
            rejection.id,
            slack_member.id,
            FollowUpKind.THANK_YOU,
            berlin("2026-12-02T10:00"),
            berlin("2026-11-01T10:00"),
        )
    console_only = {"console": messenger}
    delivered = await run_due_pass(work, console_only, berlin("2026-12-02T10:00"))
    assert [m.destination.platform for m in dms(delivered)] == ["console"]
    untouched = followup(uow, slack_item.id)
    assert (untouched.state, untouched.attempts, untouched.last_error) == (
        FollowUpState.PENDING,
        0,
        "",
    )
    assert work.next_due_at(berlin("2026-12-02T10:01"), {"console"}) != untouched.due_at
    later = await run_due_pass(work, {"slack": messenger}, berlin("2026-12-02T10:02"))
    assert [m.destination.user_id for m in dms(later)] == ["U1"]


async def test_buttons_act_while_a_nudge_is_being_sent_and_the_member_wins(
    core: Core, uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)
    now = berlin("2026-12-02T10:00")
    jobs, _ = work.claim(now, PLATFORMS)  # a pass claimed it and is sending (or stuck)
    (reply,) = core.handle(ButtonPress(actor(), "followup.snooze_day", f"{item.id}:0"), now)
    assert "Snoozed" in text(reply)
    work.record(jobs[0], Delivery(ok=True, message_ref="m1"), now)  # the send finishes
    snoozed = followup(uow, item.id)
    assert (snoozed.state, snoozed.due_at) == (FollowUpState.SNOOZED, berlin("2026-12-03T10:00"))
    work.record(jobs[0], Delivery(ok=False, error="timeout", ambiguous=True), now)
    assert followup(uow, item.id).state is FollowUpState.SNOOZED


async def test_snooze_pressed_twice_moves_the_nudge_one_day_and_says_it_is_out_of_date(
    core: Core, uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)
    (nudge,) = await deliver(work, messenger, berlin("2026-12-02T10:00"))
    snooze = button(nudge, "Snooze 1 day")
    first = core.handle(
        ButtonPress(actor(), snooze.action_id, snooze.value), berlin("2026-12-02T11:00")
    )
    assert "Snoozed" in text(first[0])
    again = core.handle(
        ButtonPress(actor(), snooze.action_id, snooze.value), berlin("2026-12-02T11:01")
    )
    shown = text(again[0])
    assert "already used, or the follow-up has moved on since, so I changed nothing" in shown
    assert "snoozed until Thu 3 Dec 2026, 11:00" in shown
    assert followup(uow, item.id).due_at == berlin("2026-12-03T11:00"), "moved one day only"
    fresh = button(again[0], "Snooze 1 day")
    core.handle(ButtonPress(actor(), fresh.action_id, fresh.value), berlin("2026-12-02T11:02"))
    assert followup(uow, item.id).due_at == berlin("2026-12-04T11:00"), "a current button acts"


async def test_a_retried_weekly_summary_counts_the_same_seven_days(
    core: Core, uow: UnitOfWork, work: DueWork
) -> None:
    core.handle(slash("applied", "Last week's"), berlin("2026-11-30T12:00"))
    platform = RecordingMessenger()
    monday = berlin("2026-12-07T09:00")
    await deliver(work, platform, berlin("2026-12-02T12:00"))  # the networking prompt
    platform.failures = [Delivery(ok=False, error="timeout")]
    assert await deliver(work, platform, monday) == []
    core.handle(slash("applied", "This week's"), monday + timedelta(seconds=30))
    (summary,) = [
        m
        for m in await deliver(work, platform, monday + timedelta(minutes=1))
        if m.destination.kind is DestinationKind.CHANNEL
    ]
    assert fields(summary)["Applications"] == "1", "7 Dec 09:00:30 is next week's"
    assert "Weekly momentum, Mon 30 Nov 2026 to Mon 7 Dec 2026" in text(summary)


async def test_a_recovered_summary_past_its_grace_that_did_arrive_is_recorded_as_sent(
    core: Core, uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    core.handle(slash("applied", "Acme"), berlin("2026-12-01T12:00"))
    with uow() as repo:
        (group,) = repo.groups()
        repo.save_group(replace(group, networking_schedule=""))
    monday = berlin("2026-12-07T09:00")
    work.materialize(monday, PLATFORMS)
    jobs, _ = work.claim(monday, PLATFORMS)
    (post,) = [j for j in jobs if j.message.destination.kind is DestinationKind.CHANNEL]
    messenger.sent.append(post.message)  # posted, then the process died before recording it
    assert await deliver(work, messenger, monday + timedelta(hours=13)) == [post.message]
    with uow() as repo:
        (summary,) = repo.occurrences_for_group(group.id)  # type: ignore[attr-defined]
    assert summary.state is FollowUpState.SENT
    assert len(messenger.sent) == 1
