"""An event's reminders going out (issue 11 item 4): once each, to the right people, at the
right time, in quiet hours' shadow, and never for a cancelled event. On the fake and SQLite."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.delivery.report import PassReport
from bot.event_records import Event, RsvpChoice
from bot.events import reminders
from bot.ports import Delivery, UnitOfWork
from bot.records import ActivityKind, Privacy
from bot.values import DestinationKind, Outbound
from tests.helpers import RecordingMessenger, actor, button, buttons, press, text

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=BERLIN)


FAIR = berlin("2026-12-17T18:00")  # a Thursday
ADDED = berlin("2026-12-01T12:00")


@pytest.fixture
def core(uow: UnitOfWork) -> Core:
    return Core(uow, "Europe/Berlin")


@pytest.fixture
def work(uow: UnitOfWork) -> DueWork:
    return DueWork(uow, "Europe/Berlin")


def seed(
    uow: UnitOfWork,
    start: datetime = FAIR,
    answers: tuple[tuple[str, RsvpChoice], ...] = (
        ("Alex", RsvpChoice.GOING),
        ("Sam", RsvpChoice.INTERESTED),
        ("Kim", RsvpChoice.GOING),
        ("Lee", RsvpChoice.NOT_GOING),
    ),
) -> Event:
    """Four members of #general, an event added at ADDED with its reminders planned, and each
    member's answer; the weekly posts are off, so every post here is the event's."""
    with uow() as repo:
        members = {
            name: repo.ensure_member(actor(name), ADDED) for name in ("Alex", "Sam", "Kim", "Lee")
        }
        for each in repo.groups():
            repo.save_group(replace(each, summary_schedule="", networking_schedule=""))
        group = repo.get_group("console", "T1", "general")
        assert group is not None
        event = repo.add_event(
            group.id,
            members["Alex"].id,
            "Tech <!channel> fair",
            start,
            start + reminders.LENGTH,
            "Europe/Berlin",
            "https://fair.example/",
            "Hall 3",
            ADDED,
        )
        reminders.plan_group_reminders(repo, event, ADDED)
        for name, choice in answers:
            repo.set_rsvp(event.id, members[name].id, choice, ADDED)
            if choice is RsvpChoice.GOING:
                reminders.plan_member_reminders(repo, event, members[name].id, ADDED)
    return event


async def at_times(work: DueWork, platform: RecordingMessenger, *moments: datetime) -> PassReport:
    """A pass at each moment, twice (as two replicas would): one report for all."""
    report = PassReport()
    for moment in moments:
        for _ in range(2):
            await run_due_pass(work, platform.route, moment, report)
    return report


def posts(platform: RecordingMessenger) -> list[Outbound]:
    return [m for m in platform.sent if m.destination.kind is DestinationKind.CHANNEL]


def dms(platform: RecordingMessenger) -> list[tuple[str, str]]:
    return [
        (m.destination.user_id, m.summary)
        for m in platform.sent
        if m.destination.kind is DestinationKind.DM
    ]


async def test_each_reminder_goes_once_to_the_right_people_at_the_right_time(
    uow: UnitOfWork, work: DueWork
) -> None:
    event = seed(uow)
    platform = RecordingMessenger()
    await at_times(work, platform, FAIR - timedelta(days=7, minutes=1))
    assert platform.sent == [], "nothing before a week ahead"
    await at_times(work, platform, FAIR - timedelta(days=7))
    (week,) = posts(platform)
    assert week.destination.channel_id == "general"
    words = text(week)
    assert words.startswith("In a week: Tech <!channel> fair")
    assert "Hall 3" in words and "2 members are going." in words
    await at_times(work, platform, FAIR - timedelta(days=1))
    assert text(posts(platform)[1]).startswith("Tomorrow: Tech <!channel> fair")
    assert dms(platform) == []
    await at_times(work, platform, FAIR - timedelta(hours=2))
    assert dms(platform) == [
        ("alex", "Soon: Tech <!channel> fair"),
        ("kim", "Soon: Tech <!channel> fair"),
    ], "only those going"
    await at_times(work, platform, FAIR + reminders.LENGTH, FAIR + timedelta(days=5))
    assert dms(platform)[2:] == [
        ("alex", "Did you make it to Tech <!channel> fair?"),
        ("kim", "Did you make it to Tech <!channel> fair?"),
    ]
    assert len(platform.sent) == 6, "two posts and four DMs, each once"
    after = platform.sent[-1]
    assert [b.label for b in buttons(after)] == ["I went", "Didn't make it"]
    assert "/networked" in text(after)
    assert event.id  # the keys named it: nothing else was sent


async def test_a_member_who_stops_going_gets_no_dm_and_a_cancelled_event_sends_nothing_more(
    uow: UnitOfWork, work: DueWork
) -> None:
    event = seed(uow)
    platform = RecordingMessenger()
    await at_times(work, platform, FAIR - timedelta(days=7))
    assert len(posts(platform)) == 1
    with uow() as repo:
        kim = repo.find_member(actor("Kim"))
        assert kim is not None
        repo.set_rsvp(event.id, kim.id, RsvpChoice.NOT_GOING, ADDED)
    await at_times(work, platform, FAIR - timedelta(hours=2))
    assert [who for who, _ in dms(platform)] == ["alex"]
    with uow() as repo:
        current = repo.get_event(event.id)
        assert current is not None
        repo.cancel_event(event.id, FAIR - timedelta(hours=1))
        reminders.cancel(repo, current, FAIR - timedelta(hours=1))
    sent = len(platform.sent)
    await at_times(work, platform, FAIR + reminders.LENGTH, FAIR + timedelta(days=3))
    assert len(platform.sent) == sent, "no 'did you make it?' for a cancelled event"


async def test_an_event_cancelled_while_its_reminders_are_on_their_way_sends_no_more(
    uow: UnitOfWork, work: DueWork
) -> None:
    event = seed(uow)

    class CancelsOnFirstSend(RecordingMessenger):
        async def send(self, message: Outbound) -> Delivery:
            delivered = await super().send(message)
            if len(self.sent) == 1:  # the organiser cancels as the first DM lands
                with uow() as repo:
                    repo.cancel_event(event.id, FAIR)
            return delivered

    platform = CancelsOnFirstSend()
    await at_times(work, platform, FAIR - timedelta(hours=2))
    assert len(dms(platform)) == 1, "the second DM was checked just before sending"


async def test_quiet_hours_delay_the_dm_before_or_skip_it_when_they_last_until_the_start(
    uow: UnitOfWork, work: DueWork
) -> None:
    breakfast = seed(uow, start=berlin("2026-12-17T08:30"))  # the DM falls at 06:30
    platform = RecordingMessenger()
    report = await at_times(work, platform, berlin("2026-12-17T06:30"))
    assert dms(platform) == [] and report.deferred_reminders == 2
    await at_times(work, platform, berlin("2026-12-17T08:00"))
    assert [who for who, _ in dms(platform)] == ["alex", "kim"], "at the end of quiet hours"
    del breakfast


async def test_a_dm_that_quiet_hours_would_push_past_the_start_is_skipped(
    uow: UnitOfWork, work: DueWork
) -> None:
    seed(uow, start=berlin("2026-12-17T07:30"))
    platform = RecordingMessenger()
    report = await at_times(work, platform, berlin("2026-12-17T05:30"), berlin("2026-12-17T08:00"))
    assert dms(platform) == [] and report.skipped == 2


async def test_channel_reminders_missed_while_offline_are_not_sent_late(
    uow: UnitOfWork, work: DueWork
) -> None:
    seed(uow)
    platform = RecordingMessenger()
    report = await at_times(work, platform, FAIR + timedelta(minutes=5))
    assert posts(platform) == []
    assert report.missed["event_week"] == 1 and report.missed["event_day"] == 1
    assert report.missed["event_soon"] == 2


async def test_i_went_logs_the_event_once_and_didnt_make_it_takes_it_back(
    uow: UnitOfWork, work: DueWork, core: Core
) -> None:
    seed(uow)
    platform = RecordingMessenger()
    await at_times(work, platform, FAIR + reminders.LENGTH)
    alex_dm = next(m for m in platform.sent if m.destination.user_id == "alex")
    later = FAIR + timedelta(hours=3)
    (first,) = core.handle(press(button(alex_dm, "I went"), "Alex"), later)
    assert "Logged: you went to Tech <!channel> fair" in text(first)
    (again,) = core.handle(press(button(alex_dm, "I went"), "Alex"), later)
    assert "already" in text(again)

    def events_logged() -> list[tuple[str, datetime]]:
        with uow() as repo:
            alex = repo.find_member(actor("Alex"))
            assert alex is not None
            return [
                (a.detail, a.occurred_at)
                for a in repo.activities_for_member(alex.id)
                if a.kind is ActivityKind.EVENT
            ]

    assert events_logged() == [("Tech <!channel> fair", FAIR)], "once, in the event's week"
    (undone,) = core.handle(press(button(alex_dm, "Didn't make it"), "Alex"), later)
    assert "no longer logged" in text(undone)
    assert events_logged() == []
    (stranger,) = core.handle(press(button(alex_dm, "I went"), "Pat"), later)
    assert "only for members who answered" in text(stranger)
    assert events_logged() == []


async def test_the_networking_prompt_names_full_members_who_networked_and_lists_events(
    uow: UnitOfWork, work: DueWork
) -> None:
    seed(uow)  # the fair on Thursday 17 December
    prompt_at = berlin("2026-12-09T12:00")  # Wednesday: the fair is 8 days ahead
    with uow() as repo:
        far = repo.get_group("console", "T1", "general")
        assert far is not None
        repo.add_event(
            far.id,
            None,
            "Too far",
            prompt_at + timedelta(days=15),
            prompt_at + timedelta(days=15),
            "UTC",
            "",
            "",
            ADDED,
        )
        repo.save_group(replace(far, networking_schedule="wed 12:00"))
        for name, privacy, when in (
            ("Alex", "full", berlin("2026-12-07T09:00")),  # this week, Monday
            ("Sam", "counts", berlin("2026-12-08T09:00")),  # named only with `full`
            ("Kim", "full", berlin("2026-12-06T20:00")),  # last week (Sunday)
        ):
            member = repo.find_member(actor(name))
            assert member is not None
            repo.save_member(replace(member, privacy=Privacy(privacy)))
            repo.add_activity(member.id, ActivityKind.NETWORKED, "coffee with Jo at Acme", when)
    platform = RecordingMessenger()
    await at_times(work, platform, prompt_at)
    (prompt,) = [p for p in posts(platform) if "Networking prompt" in text(p)]
    words = text(prompt)
    assert "Of those who share their names, Alex logged networking this week so far." in words
    for hidden in ("Sam", "Kim", "Jo", "Acme"):
        assert hidden not in words
    assert "Coming up in the next two weeks:" in words and "Tech <!channel> fair" in words
    assert "Too far" not in words
