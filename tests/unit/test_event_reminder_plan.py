"""Which reminders an event plans, under which keys (`bot.events.reminders`)."""

from __future__ import annotations

from datetime import timedelta

from bot.event_records import RsvpChoice
from bot.events import reminders
from bot.events.reminders import ReminderKey
from bot.records import OccurrenceKind
from bot.values import Actor
from tests.fakes.memory import MemoryUnitOfWork
from tests.helpers import at

NOW = at("2026-12-01T12:00:00+00:00")
ALEX = Actor("console", "T1", "U1", "Alex", "C1", "general")


def _planned(uow: MemoryUnitOfWork, until: timedelta) -> dict[str, object]:
    with uow() as repo:
        found = repo.claim_due_occurrences(NOW + until, 100, {"console"})
    return {o.key: o.due_at for o in found}


def test_keys_round_trip_and_other_keys_are_not_reminders() -> None:
    for key in (
        ReminderKey(12, OccurrenceKind.EVENT_WEEK),
        ReminderKey(12, OccurrenceKind.EVENT_DAY),
        ReminderKey(3, OccurrenceKind.EVENT_SOON, 7),
        ReminderKey(3, OccurrenceKind.EVENT_AFTER, 7),
    ):
        assert reminders.parse(str(key)) == key
    assert str(ReminderKey(3, OccurrenceKind.EVENT_SOON, 7)) == "event:3:soon:7"
    for other in ("summary:1:2026-W49", "event:x:week", "event:1:week:2", "event:1:soon", "x"):
        assert reminders.parse(other) is None


def test_an_event_ten_days_away_gets_both_channel_reminders_and_its_goers_two_dms() -> None:
    uow = MemoryUnitOfWork()
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOW)
        group = repo.get_group("console", "T1", "C1")
        assert group is not None
        start = NOW + timedelta(days=10)
        event = repo.add_event(
            group.id, alex.id, "Fair", start, start + reminders.LENGTH, "UTC", "", "", NOW
        )
        assert reminders.plan_group_reminders(repo, event, NOW) == 2
        assert reminders.plan_group_reminders(repo, event, NOW) == 0, "once per key"
        repo.set_rsvp(event.id, alex.id, RsvpChoice.GOING, NOW)
        reminders.plan_member_reminders(repo, event, alex.id, NOW)
        reminders.plan_member_reminders(repo, event, alex.id, NOW)
    assert _planned(uow, timedelta(days=30)) == {
        f"event:{event.id}:week": start - timedelta(days=7),
        f"event:{event.id}:day": start - timedelta(days=1),
        f"event:{event.id}:soon:{alex.id}": start - timedelta(hours=2),
        f"event:{event.id}:after:{alex.id}": start + reminders.LENGTH,
    }


def test_an_event_three_days_away_skips_the_week_reminder_and_cancel_stops_the_rest() -> None:
    uow = MemoryUnitOfWork()
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOW)
        group = repo.get_group("console", "T1", "C1")
        assert group is not None
        start = NOW + timedelta(days=3)
        event = repo.add_event(group.id, alex.id, "Fair", start, start, "UTC", "", "", NOW)
        assert reminders.plan_group_reminders(repo, event, NOW) == 1
        soon = repo.add_event(
            group.id, alex.id, "Soon", NOW + timedelta(hours=3), NOW, "UTC", "", "", NOW
        )
        assert reminders.plan_group_reminders(repo, soon, NOW) == 0
        assert reminders.cancel(repo, event, NOW) == 1
    assert _planned(uow, timedelta(days=30)) == {}
