"""Closed DMs (issue 10 item 6): a nudge refused because the member's DMs are closed is tried
once more, later; the member is mentioned once in their group's channel, with no content; and
their next command's answer tells them. On the fake and SQLite."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.commands.menu import Menu
from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.messages.replies import DMS_CLOSED
from bot.ports import Delivery, UnitOfWork
from bot.records import FollowUp, FollowUpKind, FollowUpState, Member
from bot.values import Actor, DestinationKind, Mention, Outbound, Paragraph
from tests.helpers import RecordingMessenger, actor, buttons, slash, text

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=BERLIN)


class ClosedDMs(RecordingMessenger):
    """A platform on which the member's DMs are closed (until `closed` is cleared): every DM is
    refused and remembered in `refused`; channel posts arrive."""

    def __init__(self) -> None:
        super().__init__()
        self.closed = True
        self.refused: list[Outbound] = []

    async def send(self, message: Outbound) -> Delivery:
        if self.closed and message.destination.kind is DestinationKind.DM:
            self.refused.append(message)
            return Delivery(ok=False, error="cannot_dm_bot", dm_closed=True)
        return await super().send(message)

    def posts(self) -> list[Outbound]:
        return [m for m in self.sent if m.destination.kind is DestinationKind.CHANNEL]

    def attempts(self, key_part: str) -> int:
        """How many DMs were tried for the follow-up whose work key contains `key_part`."""
        return sum(1 for m in self.refused for k in m.work_keys if k.startswith(key_part))


@pytest.fixture
def core(uow: UnitOfWork) -> Core:
    return Core(uow, "Europe/Berlin")


@pytest.fixture
def work(uow: UnitOfWork) -> DueWork:
    return DueWork(uow, "Europe/Berlin")


@pytest.fixture
def platform() -> ClosedDMs:
    return ClosedDMs()


def seed(
    uow: UnitOfWork, due: datetime, company: str = "Acme", who: Actor | None = None
) -> FollowUp:
    """A member in channel #general with one thank-you note due at `due`; the group's weekly
    posts turned off, so every channel post is a mention."""
    logged = due - timedelta(days=2)
    with uow() as repo:
        member = repo.ensure_member(who or actor("Alex"), logged)
        for group in repo.groups():
            repo.save_group(replace(group, summary_schedule="", networking_schedule=""))
        rejection = repo.add_rejection(member.id, company, "Analyst", "private note", logged)
        return repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, due, logged)


def current(uow: UnitOfWork, followup_id: int) -> FollowUp:
    with uow() as repo:
        found = repo.get_followup(followup_id)
    assert found is not None
    return found


def member(uow: UnitOfWork, member_id: int) -> Member:
    with uow() as repo:
        found = repo.get_member(member_id)
    assert found is not None
    return found


async def hourly(work: DueWork, platform: ClosedDMs, start: datetime, hours: int) -> None:
    """A pass every hour from `start`, as the heartbeat would run them."""
    for hour in range(hours + 1):
        await run_due_pass(work, platform.route, start + timedelta(hours=hour))


async def test_a_closed_dm_is_tried_exactly_twice_and_the_member_mentioned_once(
    uow: UnitOfWork, work: DueWork, platform: ClosedDMs
) -> None:
    acme = seed(uow, berlin("2026-12-02T10:00"))
    await run_due_pass(work, platform.route, berlin("2026-12-02T10:00"))
    assert member(uow, acme.member_id).dm_open is False
    retry = current(uow, acme.id)
    assert retry.state is FollowUpState.PENDING
    assert retry.due_at == berlin("2026-12-02T14:00"), "once more, four hours later"
    await hourly(work, platform, berlin("2026-12-02T11:00"), hours=24 * 6)
    assert platform.attempts(f"followup:{acme.id}:") == 2
    assert len(platform.refused) == 2
    final = current(uow, acme.id)
    assert (final.state, final.last_error) == (FollowUpState.FAILED, DMS_CLOSED)
    [post] = platform.posts()
    assert post.destination.channel_id == "general"
    words = text(post)
    assert words.startswith("@Alex, ")
    assert "1 follow-up waiting" in words and "`/followups`" in words
    for secret in ("Acme", "Analyst", "private note", "thank"):
        assert secret not in words, "the group never sees what is waiting"
    mentions = [i for b in post.blocks if isinstance(b, Paragraph) for i in b.content]
    assert [m for m in mentions if isinstance(m, Mention)] == [Mention("alex", "Alex")]


async def test_the_retry_waits_for_the_end_of_quiet_hours(
    uow: UnitOfWork, work: DueWork, platform: ClosedDMs
) -> None:
    late = seed(uow, berlin("2026-12-02T19:00"))  # the retry would fall at 23:00
    await run_due_pass(work, platform.route, berlin("2026-12-02T19:00"))
    await run_due_pass(work, platform.route, berlin("2026-12-02T23:00"))
    assert len(platform.refused) == 1
    assert current(uow, late.id).due_at == berlin("2026-12-03T08:00")
    await run_due_pass(work, platform.route, berlin("2026-12-03T08:00"))
    assert len(platform.refused) == 2
    assert current(uow, late.id).state is FollowUpState.FAILED


async def test_nudges_that_come_due_while_unreachable_get_one_try_and_stay_in_followups(
    core: Core, uow: UnitOfWork, work: DueWork, platform: ClosedDMs
) -> None:
    acme = seed(uow, berlin("2026-12-02T10:00"))
    globex = seed(uow, berlin("2026-12-03T10:00"), company="Globex")
    initech = seed(uow, berlin("2026-12-03T10:00"), company="Initech")
    await hourly(work, platform, berlin("2026-12-02T10:00"), hours=24 * 7)
    assert platform.attempts(f"followup:{acme.id}:") == 2
    assert platform.attempts(f"followup:{globex.id}:") == 1
    assert platform.attempts(f"followup:{initech.id}:") == 1
    assert len(platform.refused) == 3, "Globex and Initech were due together: one message"
    for item in (acme, globex, initech):
        assert current(uow, item.id).state is FollowUpState.FAILED
    [post] = platform.posts()
    assert "3 follow-ups waiting" in text(post), "as many as /followups shows open"
    listing = core.handle(slash("followups"), berlin("2026-12-09T12:00"))[0]
    assert text(listing).count("your DMs are closed to me") == 3, "each one is still there"
    assert len([b for b in buttons(listing) if b.label == "I sent it"]) == 3


async def test_the_next_command_tells_them_once_and_dms_are_tried_again(
    core: Core, uow: UnitOfWork, work: DueWork, platform: ClosedDMs
) -> None:
    acme = seed(uow, berlin("2026-12-02T10:00"))
    await run_due_pass(work, platform.route, berlin("2026-12-02T10:00"))
    answer, notice = core.handle(slash("applied", "Globex"), berlin("2026-12-02T11:00"))
    assert "Globex" in text(answer)
    assert notice.destination.kind is DestinationKind.EPHEMERAL
    told = text(notice)
    assert "Your direct messages were closed to Rebound" in told
    assert "1 follow-up waiting" in told and "`/followups`" in told
    assert "allow direct messages from Rebound" in told
    assert member(uow, acme.member_id).dm_open is True
    listing = text(core.handle(slash("followups"), berlin("2026-12-02T11:01"))[0])
    assert "not delivered: your DMs were closed to me; I'll try once more Wed 2 Dec" in listing
    assert len(core.handle(slash("applied", "Initech"), berlin("2026-12-02T11:05"))) == 1
    platform.closed = False  # they opened their DMs
    await run_due_pass(work, platform.route, berlin("2026-12-02T14:00"))
    assert current(uow, acme.id).state is FollowUpState.SENT
    assert [m.work_keys for m in platform.sent if m.destination.kind is DestinationKind.DM] == [
        (f"followup:{acme.id}:0",)
    ]


async def test_a_member_told_before_the_mention_went_out_is_not_mentioned(
    core: Core, uow: UnitOfWork, work: DueWork, platform: ClosedDMs
) -> None:
    acme = seed(uow, berlin("2026-12-02T10:00"))
    jobs, _ = work.claim(berlin("2026-12-02T10:00"), frozenset({"console"}))
    refused = Delivery(ok=False, error="cannot_dm_bot", dm_closed=True)
    for _ in range(2):  # recorded twice (a pass's leftovers, or a replica): one spell
        work.record(jobs[0], refused, berlin("2026-12-02T10:00"))
    assert member(uow, acme.member_id).dm_open is False
    core.handle(slash("followups"), berlin("2026-12-02T10:01"))  # the spell ends here
    await run_due_pass(work, platform.route, berlin("2026-12-02T10:02"))
    assert platform.posts() == []


async def test_a_member_forgotten_before_the_mention_went_out_is_not_mentioned(
    uow: UnitOfWork, work: DueWork, platform: ClosedDMs
) -> None:
    acme = seed(uow, berlin("2026-12-02T10:00"))
    jobs, _ = work.claim(berlin("2026-12-02T10:00"), frozenset({"console"}))
    work.record(jobs[0], Delivery(ok=False, dm_closed=True), berlin("2026-12-02T10:00"))
    with uow() as repo:
        repo.delete_member_data(acme.member_id)
    await run_due_pass(work, platform.route, berlin("2026-12-02T10:01"))
    assert platform.posts() == []


async def test_each_spell_is_mentioned_once(
    core: Core, uow: UnitOfWork, work: DueWork, platform: ClosedDMs
) -> None:
    seed(uow, berlin("2026-12-02T10:00"))
    await hourly(work, platform, berlin("2026-12-02T10:00"), hours=6)
    assert len(platform.posts()) == 1
    core.handle(slash("followups"), berlin("2026-12-02T17:00"))
    seed(uow, berlin("2026-12-04T10:00"), company="Globex")  # DMs still closed: a new spell
    await hourly(work, platform, berlin("2026-12-04T10:00"), hours=24)
    assert len(platform.posts()) == 2


async def test_the_mention_names_the_command_as_the_platform_spells_it(
    uow: UnitOfWork, platform: ClosedDMs
) -> None:
    menus = {"console": Menu(unregistered=frozenset({"followups"}))}
    work = DueWork(uow, "Europe/Berlin", menus=menus)
    seed(uow, berlin("2026-12-02T10:00"))
    await run_due_pass(work, platform.route, berlin("2026-12-02T10:00"))
    [post] = platform.posts()
    assert "`/rebound followups`" in text(post)


async def test_no_group_channel_means_no_post_and_a_log_without_names(
    uow: UnitOfWork, work: DueWork, platform: ClosedDMs, caplog: pytest.LogCaptureFixture
) -> None:
    loner = Actor("console", "T1", "sam", "Sam Secret", "")
    item = seed(uow, berlin("2026-12-02T10:00"), who=loner)
    with caplog.at_level(logging.INFO, logger="bot"):  # whatever an earlier test set
        await hourly(work, platform, berlin("2026-12-02T10:00"), hours=24)
    assert platform.posts() == []
    assert len(platform.refused) == 2
    assert current(uow, item.id).state is FollowUpState.FAILED
    [logged] = [r for r in caplog.records if "no group channel" in r.getMessage()]
    assert "Sam" not in logged.getMessage() and "Acme" not in logged.getMessage()


class FlakyChannel(ClosedDMs):
    """Closed DMs, and a channel whose first post fails: `kept` says whether the platform kept
    it anyway (a 5xx after storing it: unclear) or not (a passing error)."""

    def __init__(self, *, kept: bool) -> None:
        super().__init__()
        self.kept = kept
        self.failed = False

    async def send(self, message: Outbound) -> Delivery:
        if message.destination.kind is DestinationKind.CHANNEL and not self.failed:
            self.failed = True
            if not self.kept:
                return Delivery(ok=False, error="internal_error")
            await super().send(message)
            return Delivery(ok=False, error="500", ambiguous=True)
        return await super().send(message)


async def test_a_mention_whose_post_was_unclear_is_looked_for_not_posted_twice(
    uow: UnitOfWork, work: DueWork
) -> None:
    platform = FlakyChannel(kept=True)
    seed(uow, berlin("2026-12-02T10:00"))
    now = berlin("2026-12-02T10:00")
    for minutes in range(0, 180, 5):
        await run_due_pass(work, platform.route, now + timedelta(minutes=minutes))
    assert platform.failed
    assert len(platform.posts()) == 1, "the member was mentioned twice"


async def test_a_mention_planned_before_setup_goes_to_the_chosen_channel(
    uow: UnitOfWork, work: DueWork
) -> None:
    platform = FlakyChannel(kept=False)
    seed(uow, berlin("2026-12-02T10:00"))
    with uow() as repo:  # someone wrote in #jobs, so its group exists
        repo.ensure_member(actor("Sam", channel="jobs"), berlin("2026-12-01T10:00"))
    await run_due_pass(work, platform.route, berlin("2026-12-02T10:00"))
    assert platform.failed and platform.posts() == []
    with uow() as repo:  # an organiser runs /rebound setup in #jobs
        repo.choose_group_channel("console", "T1", "jobs")
    await run_due_pass(work, platform.route, berlin("2026-12-02T10:30"))
    [post] = platform.posts()
    assert post.destination.channel_id == "jobs"
