"""Delivery rules on storage (the fake and SQLite): quiet hours, weekends, catch-up after
downtime, grace periods, retries, closed DMs, crash recovery and the group's weekly rhythm."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core import Core
from bot.delivery.due import Deliverer, DueWork, run_due_pass
from bot.ports import Delivery, UnitOfWork
from bot.records import FollowUp, FollowUpKind, FollowUpState, Member
from bot.values import DestinationKind, Fields, Outbound, Span
from tests.helpers import RecordingMessenger, actor, button, buttons, press, slash, text

BERLIN = ZoneInfo("Europe/Berlin")
PLATFORMS = frozenset({"console"})


def berlin(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=BERLIN)


@pytest.fixture
def core(uow: UnitOfWork) -> Core:
    return Core(uow, "Europe/Berlin")


@pytest.fixture
def work(uow: UnitOfWork) -> DueWork:
    return DueWork(uow, "Europe/Berlin")


@pytest.fixture
def messenger() -> RecordingMessenger:
    return RecordingMessenger()


def seed(
    uow: UnitOfWork,
    due: datetime,
    *,
    who: str = "Alex",
    company: str = "Acme",
    kind: FollowUpKind = FollowUpKind.THANK_YOU,
    **settings: object,
) -> FollowUp:
    """A member (with optional settings) and one follow-up due at `due`."""
    logged = due - timedelta(days=30)
    with uow() as repo:
        member = repo.ensure_member(actor(who), logged)
        if settings:
            chosen = {"quiet_hours_chosen": True, "weekends_chosen": True}
            repo.save_member(replace(member, **chosen, **settings))  # type: ignore[arg-type]
        rejection = repo.add_rejection(member.id, company, "", "", logged)
        return repo.add_followup(rejection.id, member.id, kind, due, logged)


def quiet_group(uow: UnitOfWork) -> None:
    """Turn the group's weekly posts off, for tests about nudges alone."""
    with uow() as repo:
        for group in repo.groups():
            repo.save_group(replace(group, summary_schedule="", networking_schedule=""))


def member(uow: UnitOfWork, who: str = "Alex") -> Member:
    with uow() as repo:
        return repo.ensure_member(actor(who), berlin("2026-01-01T00:00"))


def followup(uow: UnitOfWork, followup_id: int) -> FollowUp:
    with uow() as repo:
        found = repo.get_followup(followup_id)
    assert found is not None
    return found


async def deliver(work: DueWork, messenger: RecordingMessenger, when: datetime) -> list[Outbound]:
    return await run_due_pass(work, messenger.route, when)


def dms(messages: list[Outbound]) -> list[Outbound]:
    return [m for m in messages if m.destination.kind is DestinationKind.DM]


async def test_a_nudge_due_in_quiet_hours_waits_for_their_end(
    uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    item = seed(uow, berlin("2026-12-02T22:30"))
    assert dms(await deliver(work, messenger, berlin("2026-12-02T22:30"))) == []
    assert followup(uow, item.id).due_at == berlin("2026-12-03T08:00")
    assert dms(await deliver(work, messenger, berlin("2026-12-03T07:59"))) == []
    (arrived,) = dms(await deliver(work, messenger, berlin("2026-12-03T08:00")))
    assert arrived.destination.user_id == "alex"
    assert followup(uow, item.id).state is FollowUpState.SENT


async def test_custom_quiet_hours_and_none(
    uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    seed(uow, berlin("2026-12-02T13:00"), quiet_hours="12:00-14:00")
    seed(uow, berlin("2026-12-02T03:00"), who="Sam", quiet_hours="")
    first = dms(await deliver(work, messenger, berlin("2026-12-02T13:00")))
    assert [m.destination.user_id for m in first] == ["sam"]
    later = dms(await deliver(work, messenger, berlin("2026-12-02T14:00")))
    assert [m.destination.user_id for m in later] == ["alex"]


async def test_weekend_skip_holds_saturday_nudges_until_monday(
    uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    seed(uow, berlin("2026-12-05T10:00"), skip_weekends=True)
    seed(uow, berlin("2026-12-05T10:00"), who="Sam")
    saturday = dms(await deliver(work, messenger, berlin("2026-12-05T10:00")))
    assert [m.destination.user_id for m in saturday] == ["sam"]
    assert dms(await deliver(work, messenger, berlin("2026-12-06T10:00"))) == []
    monday = dms(await deliver(work, messenger, berlin("2026-12-07T10:00")))
    assert [m.destination.user_id for m in monday] == ["alex"]


async def test_nudges_due_while_down_arrive_as_one_catch_up_dm(
    core: Core, uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    items = [
        seed(uow, berlin("2026-12-02T10:00"), company="Acme"),
        seed(uow, berlin("2026-12-02T11:00"), company="Globex"),
        seed(uow, berlin("2026-12-02T12:00"), company="Initech"),
        seed(uow, berlin("2026-12-02T10:00"), who="Sam", company="Umbrella"),
    ]
    delivered = dms(await deliver(work, messenger, berlin("2026-12-02T16:00")))
    by_member = {m.destination.user_id: m for m in delivered}
    assert len(delivered) == 2
    catch_up = by_member["alex"]
    shown = text(catch_up)
    assert "While I was offline, 3 follow-ups came due" in shown
    assert "1. Acme: time to thank them and say you're still interested" in shown
    assert [b.label for b in buttons(catch_up)] == ["1. Acme", "2. Globex", "3. Initech"]
    assert len(catch_up.work_keys) == 3
    for company, label in (("Acme", "1. Acme"), ("Initech", "3. Initech")):
        (draft,) = core.handle(press(button(catch_up, label)), berlin("2026-12-02T16:05"))
        assert f"Subject: Thank you, and my continued interest in {company}" in text(draft)
        labels = [b.label for b in buttons(draft)]
        assert "I sent it" in labels and "Snooze 1 day" in labels
    assert "Umbrella" in text(by_member["sam"])
    assert all(followup(uow, i.id).state is FollowUpState.SENT for i in items)
    assert dms(await deliver(work, messenger, berlin("2026-12-02T16:01"))) == []


async def test_a_nudge_overdue_past_the_grace_period_is_missed_not_sent(
    core: Core, uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    assert dms(await deliver(work, messenger, berlin("2026-12-03T10:01"))) == []
    assert followup(uow, item.id).state is FollowUpState.MISSED
    listing = text(core.handle(slash("followups"), berlin("2026-12-03T10:02"))[0])
    assert "missed while I was offline (due Wed 2 Dec 2026, 10:00 CET)" in listing


async def test_within_grace_a_late_nudge_is_still_delivered_once(
    uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    seed(uow, berlin("2026-12-02T10:00"))
    assert len(dms(await deliver(work, messenger, berlin("2026-12-03T09:59")))) == 1
    assert dms(await deliver(work, messenger, berlin("2026-12-03T10:00"))) == []


async def test_ten_oclock_local_after_dst_in_new_york(
    core: Core, uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    new_york = ZoneInfo("America/New_York")
    core.handle(slash("rebound", "timezone America/New_York"), berlin("2026-03-01T00:00"))
    core.handle(slash("rejected", "Acme"), datetime(2026, 3, 5, 13, 0, tzinfo=new_york))
    # The feedback request falls on 9 March, the day after clocks spring forward: 10:00 EDT.
    thank_you = dms(await deliver(work, messenger, datetime(2026, 3, 6, 10, 0, tzinfo=new_york)))
    assert len(thank_you) == 1
    before = datetime(2026, 3, 9, 13, 59, tzinfo=ZoneInfo("UTC"))
    assert dms(await deliver(work, messenger, before)) == []
    (feedback,) = dms(await deliver(work, messenger, before + timedelta(minutes=1)))
    assert feedback.due_at is not None
    assert feedback.due_at.at.astimezone(new_york).hour == 10
    assert "feedback on my application" in text(feedback)


async def test_retry_after_is_respected_and_the_nudge_arrives_once(
    uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    messenger.failures = [Delivery(ok=False, error="ratelimited", retry_after=30)]
    assert await deliver(work, messenger, berlin("2026-12-02T10:00")) == []
    assert followup(uow, item.id).due_at == berlin("2026-12-02T10:00:30")
    assert await deliver(work, messenger, berlin("2026-12-02T10:00:29")) == []
    assert len(await deliver(work, messenger, berlin("2026-12-02T10:00:30"))) == 1
    assert len(messenger.sent) == 1


async def test_transient_failures_give_up_after_the_limit(
    core: Core, uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    messenger.failures = [Delivery(ok=False, error="timeout")] * 5
    when = berlin("2026-12-02T10:00")
    for _ in range(5):
        await deliver(work, messenger, when)
        when = max(when, followup(uow, item.id).due_at)
    current = followup(uow, item.id)
    assert (current.state, current.attempts, current.last_error) == (
        FollowUpState.FAILED,
        5,
        "timeout",
    )
    listing = text(core.handle(slash("followups"), when)[0])
    assert "not delivered: the platform did not answer in time" in listing


async def test_a_claim_left_by_a_crashed_process_is_finished_exactly_once(
    uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    seed(uow, berlin("2026-12-02T10:00"), company="Acme")
    seed(uow, berlin("2026-12-02T10:00"), who="Sam", company="Globex")
    quiet_group(uow)
    now = berlin("2026-12-02T10:00")
    jobs, claimed = work.claim(now, PLATFORMS)  # a process claims both ...
    assert claimed == 2
    messenger.sent.append(jobs[0].message)  # ... sends one, and dies before recording anything
    assert await deliver(work, messenger, now + timedelta(minutes=5)) == [], "lease still held"
    recovered = await deliver(work, messenger, now + timedelta(minutes=11))
    assert len(recovered) == 2
    keys = [key for message in messenger.sent for key in message.work_keys]
    assert sorted(keys) == sorted(set(keys)) and len(keys) == 2
    assert len(messenger.lookups) == 2
    assert [m.destination.user_id for m in messenger.sent] == [
        jobs[0].message.destination.user_id,
        jobs[1].message.destination.user_id,
    ]


def fields(message: Outbound) -> dict[str, str]:
    (block,) = [b for b in message.blocks if isinstance(b, Fields)]
    return {
        label: "".join(s.text for s in value if isinstance(s, Span)) for label, value in block.pairs
    }


async def test_weekly_summary_posts_once_with_counts_and_respects_privacy(
    core: Core, uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    tuesday = berlin("2026-12-01T12:00")
    core.handle(slash("applied", "Acme"), tuesday)
    core.handle(slash("applied", "Globex"), tuesday)
    core.handle(slash("networked", "coffee with Kim"), tuesday)
    core.handle(slash("rebound", "privacy private", who="Sam"), tuesday)
    for n in range(5):
        core.handle(slash("applied", f"Hidden {n}", who="Sam"), tuesday)
    core.handle(slash("applied", "Initech", who="Kai"), tuesday)

    wednesday = [
        m
        for m in await deliver(work, messenger, berlin("2026-12-02T12:00"))
        if m.destination.kind is DestinationKind.CHANNEL
    ]
    assert len(wednesday) == 1
    assert "Networking prompt of the week" in text(wednesday[0])

    posts = [
        m
        for m in await deliver(work, messenger, berlin("2026-12-07T09:00"))
        if m.destination.kind is DestinationKind.CHANNEL
    ]
    assert len(posts) == 1
    (summary,) = posts
    assert summary.destination.channel_id == "general"
    assert fields(summary) == {
        "Applications": "3",
        "Rejections logged": "0",
        "Follow-ups sent": "0",
        "Feedback received": "0",
        "Networking": "1",
        "Events attended": "0",
    }
    shown = text(summary)
    assert "Weekly momentum" in shown
    assert "Alex: 2 applications, 1 networking step" in shown, "counts: their numbers"
    assert "Kai: 1 application" in shown
    assert "Hidden" not in shown and "Acme" not in shown and "Sam" not in shown
    assert await deliver(work, messenger, berlin("2026-12-07T09:05")) == []


async def test_a_summary_more_than_twelve_hours_late_is_missed(
    core: Core, uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    core.handle(slash("applied", "Acme"), berlin("2026-12-01T12:00"))
    await deliver(work, messenger, berlin("2026-12-02T12:00"))  # the networking prompt
    late = await deliver(work, messenger, berlin("2026-12-07T21:01"))
    assert [m for m in late if m.destination.kind is DestinationKind.CHANNEL] == []


async def test_group_rhythm_can_be_turned_off(
    core: Core, uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    core.handle(slash("applied", "Acme"), berlin("2026-12-01T12:00"))
    with uow() as repo:
        (group,) = repo.groups()
        repo.save_group(replace(group, summary_schedule="", networking_schedule=""))
    assert await deliver(work, messenger, berlin("2026-12-14T12:00")) == []
    assert work.next_due_at(berlin("2026-12-14T12:00"), PLATFORMS) is None


async def test_a_slow_process_whose_claim_was_taken_over_does_not_send_again(
    uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    seed(uow, berlin("2026-12-02T10:00"), company="Acme")
    quiet_group(uow)
    now = berlin("2026-12-02T10:00")
    slow_jobs, _ = work.claim(
        now, PLATFORMS
    )  # process A claims, then stalls for longer than the lease
    later = now + timedelta(minutes=11)
    assert len(await deliver(work, messenger, later)) == 1  # process B takes over and sends
    assert work.renew(slow_jobs[0], later + timedelta(minutes=1)) is None  # A must not send
    work.record(slow_jobs[0], Delivery(ok=False, error="timeout"), later)  # A's late verdict
    (item,) = [followup(uow, t.id) for t in slow_jobs[0].targets]
    assert item.state is FollowUpState.SENT, "B's delivery stands"
    assert len(messenger.sent) == 1


async def test_snoozes_and_deliveries_do_not_use_up_the_retry_budget(
    core: Core, uow: UnitOfWork, work: DueWork, messenger: RecordingMessenger
) -> None:
    item = seed(uow, berlin("2026-12-02T10:00"))
    quiet_group(uow)
    when = berlin("2026-12-02T10:00")
    for _ in range(5):
        assert len(await deliver(work, messenger, when)) == 1
        with uow() as repo:
            repo.transition_followup(
                item.id,
                (FollowUpState.SENT,),
                FollowUpState.SNOOZED,
                when,
                due_at=when + timedelta(days=1),
            )
        when += timedelta(days=1)
    messenger.failures = [Delivery(ok=False, error="timeout")]
    await deliver(work, messenger, when)
    assert followup(uow, item.id).state is FollowUpState.PENDING, "one timeout is retried"


async def test_stopping_hands_unsent_claims_back_at_once(uow: UnitOfWork, work: DueWork) -> None:
    for n in range(5):
        seed(uow, berlin("2026-12-02T10:00"), who=f"Member {n}", company=f"Company {n}")
    quiet_group(uow)
    sending = asyncio.Event()
    release = asyncio.Event()

    class SlowMessenger(RecordingMessenger):
        async def send(self, message: Outbound) -> Delivery:
            sending.set()
            await release.wait()
            return await super().send(message)

    slow = SlowMessenger()
    deliverer = Deliverer(work, slow.route)
    now = berlin("2026-12-02T10:00")
    running = asyncio.create_task(deliverer.run(lambda: now))
    await sending.wait()
    stopping = asyncio.create_task(deliverer.stop())
    await asyncio.sleep(0.05)
    release.set()
    await stopping
    await running
    with uow() as repo:
        states = sorted(
            f.state.value
            for n in range(5)
            for f in repo.followups_for_member(repo.ensure_member(actor(f"Member {n}"), now).id)
        )
    assert states == ["pending"] * 4 + ["sent"]
    assert len(slow.sent) == 1
    await deliverer.run(lambda: now)
    assert len(slow.sent) == 1, "a stopped deliverer starts no new pass"
