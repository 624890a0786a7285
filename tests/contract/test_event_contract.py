"""The calendar half of the repository contract (`bot.event_store`), on every backend."""

from __future__ import annotations

from datetime import timedelta

from bot.event_records import RsvpChoice
from bot.ports import UnitOfWork
from bot.records import OccurrenceKind, Privacy
from bot.values import Actor
from tests.helpers import at

NOON = at("2026-12-01T12:00:00+00:00")
ALEX = Actor("slack", "T1", "U1", "Alex", "C1", "job-hunt")
SAM = Actor("slack", "T1", "U2", "Sam", "C1", "job-hunt")
FAIR = at("2026-12-10T17:00:00+00:00")


def test_events_are_added_listed_by_time_and_cancelled_once(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOON)
        group = repo.get_group("slack", "T1", "C1")
        assert group is not None
        later = repo.add_event(
            group.id,
            alex.id,
            "Meetup",
            FAIR + timedelta(days=2),
            FAIR + timedelta(days=2, hours=2),
            "Europe/Berlin",
            "",
            "",
            NOON,
        )
        fair = repo.add_event(
            group.id,
            alex.id,
            "Tech fair",
            FAIR,
            FAIR + timedelta(hours=2),
            "America/New_York",
            "https://fair.example/",
            "Hall 3",
            NOON,
        )
    with uow() as repo:
        stored = repo.get_event(fair.id)
        assert stored == fair
        assert (stored.title, stored.timezone, stored.url, stored.location) == (
            "Tech fair",
            "America/New_York",
            "https://fair.example/",
            "Hall 3",
        )
        assert stored.starts_at == FAIR and stored.creator_id == alex.id and not stored.cancelled
        window = repo.events_between(group.id, NOON, FAIR + timedelta(days=30))
        assert [e.id for e in window] == [fair.id, later.id], "soonest first"
        assert repo.events_between(group.id, NOON, FAIR) == [], "the end is exclusive"
        assert repo.get_event(999_999) is None
        assert repo.cancel_event(fair.id, NOON) is True
        assert repo.cancel_event(fair.id, NOON) is False, "cancelled once"
    with uow() as repo:
        cancelled = repo.get_event(fair.id)
        assert cancelled is not None and cancelled.cancelled_at == NOON
        assert [e.id for e in repo.events_between(group.id, NOON, FAIR + timedelta(days=30))] == [
            later.id
        ]


def test_one_answer_per_member_and_attendance_recorded_once(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOON)
        sam = repo.ensure_member(SAM, NOON)
        group = repo.get_group("slack", "T1", "C1")
        assert group is not None
        fair = repo.add_event(group.id, alex.id, "Fair", FAIR, FAIR, "UTC", "", "", NOON)
        repo.lock_event(fair.id)
        repo.set_rsvp(fair.id, sam.id, RsvpChoice.INTERESTED, NOON)
        repo.set_rsvp(fair.id, alex.id, RsvpChoice.GOING, NOON + timedelta(minutes=1))
        repo.set_rsvp(fair.id, sam.id, RsvpChoice.GOING, NOON + timedelta(minutes=2))
    with uow() as repo:
        answers = repo.rsvps(fair.id)
        assert [(a.member_id, a.choice) for a in answers] == [
            (alex.id, RsvpChoice.GOING),
            (sam.id, RsvpChoice.GOING),
        ], "Sam's second answer replaced the first"
        assert answers[1].display_name == "Sam" and answers[1].privacy is Privacy.COUNTS
        assert answers[1].attended is None
        assert repo.mark_attended(fair.id, sam.id, True, NOON) is True
        assert repo.mark_attended(fair.id, sam.id, True, NOON) is False, "already recorded"
        assert repo.mark_attended(fair.id, 999_999, True, NOON) is False, "never answered"
    with uow() as repo:
        assert [a.attended for a in repo.rsvps(fair.id)] == [None, True]
        assert repo.mark_attended(fair.id, sam.id, False, NOON) is True


def test_forgetting_a_member_removes_their_answers_but_keeps_their_events(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOON)
        sam = repo.ensure_member(SAM, NOON)
        group = repo.get_group("slack", "T1", "C1")
        assert group is not None
        fair = repo.add_event(group.id, alex.id, "Fair", FAIR, FAIR, "UTC", "", "", NOON)
        repo.set_rsvp(fair.id, alex.id, RsvpChoice.GOING, NOON)
        repo.set_rsvp(fair.id, sam.id, RsvpChoice.GOING, NOON)
    with uow() as repo:
        assert repo.delete_member_data(alex.id) >= 2
    with uow() as repo:
        kept = repo.get_event(fair.id)
        assert kept is not None and kept.creator_id is None and kept.title == "Fair"
        assert [a.member_id for a in repo.rsvps(fair.id)] == [sam.id]


def test_only_waiting_occurrences_under_a_key_prefix_are_cancelled(uow: UnitOfWork) -> None:
    early = NOON - timedelta(hours=1)
    with uow() as repo:
        repo.ensure_member(ALEX, NOON)
        group = repo.get_group("slack", "T1", "C1")
        assert group is not None
        repo.add_occurrence("event:1:day", OccurrenceKind.EVENT_DAY, group.id, early, early)
        for key in ("event:1:week", "event:1:soon:7", "event:12:week", "event_1:x"):
            repo.add_occurrence(key, OccurrenceKind.EVENT_WEEK, group.id, NOON, early)
        (sending,) = repo.claim_due_occurrences(early + timedelta(minutes=30), 5, {"slack"})
        assert sending.key == "event:1:day"
    with uow() as repo:
        assert repo.cancel_pending_occurrences("event:1:", NOON) == 2, "not the one being sent"
        left = {o.key for o in repo.claim_due_occurrences(NOON, 10, {"slack"})}
        assert left == {"event:12:week", "event_1:x"}
