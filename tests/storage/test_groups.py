"""Groups, their rhythm settings, and the activity counts their summaries show."""

from __future__ import annotations

from dataclasses import MISSING, fields, replace
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.ports import UnitOfWork
from bot.records import DEFAULT_QUIET_HOURS, ActivityKind, Group, Member, Privacy
from bot.values import Actor
from storage import models
from tests.storage.support import ALEX, NOON, SAM, member

KIM = Actor("slack", "T1", "U3", "Kim", "C1", "job-hunt")
LEE = Actor("slack", "T1", "U4", "Lee", "C2", "elsewhere")
APPLIED, NETWORKED, EVENT = ActivityKind.APPLIED, ActivityKind.NETWORKED, ActivityKind.EVENT


def test_the_tables_default_to_what_the_records_default_to() -> None:
    def defaults(record: type[Group | Member]) -> dict[str, object]:
        return {f.name: f.default for f in fields(record) if f.default is not MISSING}

    assert defaults(Group) == {
        "summary_schedule": models.SUMMARY_SCHEDULE,
        "networking_schedule": models.NETWORKING_SCHEDULE,
        "is_group_channel": True,  # read from the workspace's chosen channel, not a column
        "followup_days": "",
        "default_quiet_hours": DEFAULT_QUIET_HOURS,
        "default_skip_weekends": False,
        "posts_on": True,
        "rhythm_from": None,
        "timezone_chosen": False,
    }
    group = {c.name: c.default.arg for c in models.GroupRow.__table__.columns if c.default}
    assert {k: group[k] for k in ("followup_days", "default_quiet_hours", "posts_on")} == {
        "followup_days": "",
        "default_quiet_hours": DEFAULT_QUIET_HOURS,
        "posts_on": True,
    }
    # A member's quiet hours and weekends are NULL until chosen (the group's defaults apply);
    # a record made in code says what it holds is chosen.
    assert defaults(Member) == {
        "skip_weekends": False,
        "quiet_hours_chosen": True,
        "weekends_chosen": True,
    }


def test_save_group_and_read_groups_back(uow: UnitOfWork) -> None:
    with uow() as repo:
        member(repo)
        repo.ensure_member(replace(ALEX, channel_id="C2", channel_name="other"), NOON)
        later = NOON + timedelta(hours=1)
        repo.ensure_member(replace(ALEX, platform="discord", workspace_id="G1"), later)
        first, second, third = repo.groups()
    assert (first.channel_id, second.channel_id, third.channel_id) == ("C1", "C2", "C1")
    assert (third.platform, third.workspace_id, third.created_at) == ("discord", "G1", later)
    assert (first.summary_schedule, first.networking_schedule) == ("mon 09:00", "wed 12:00")

    changed = replace(
        first, timezone="Asia/Kolkata", summary_schedule="fri 17:30", networking_schedule=""
    )
    with uow() as repo:
        repo.save_group(replace(changed, name="renamed", channel_id="C9"))
        assert repo.get_group_by_id(first.id) == changed, "only the settings are written"
    with uow() as repo:
        assert repo.groups() == [changed, second, third], "ordered by id"
        assert repo.get_group_by_id(second.id) == second
        assert repo.get_group_by_id(third.id + 1000) is None
        assert repo.get_group("slack", "T1", "C1") == changed
        assert repo.get_group("discord", "G1", "C1") == third


def test_no_groups_yet(uow: UnitOfWork) -> None:
    with uow() as repo:
        assert repo.groups() == []
        assert repo.get_group_by_id(1) is None


def test_group_activity_counts_respect_the_window_and_privacy(uow: UnitOfWork) -> None:
    since, until = NOON, NOON + timedelta(days=7)
    tick = timedelta(microseconds=1)
    with uow() as repo:
        alex, sam, kim, lee = (member(repo, who) for who in (ALEX, SAM, KIM, LEE))
        repo.save_member(replace(sam, privacy=Privacy.FULL))
        repo.save_member(replace(kim, privacy=Privacy.PRIVATE))
        for who, kind, when in [
            (alex, APPLIED, since),  # the window includes its start...
            (alex, APPLIED, until - tick),
            (sam, APPLIED, since + timedelta(days=1)),
            (sam, NETWORKED, since + timedelta(days=2)),
            (alex, APPLIED, since - tick),  # ...and leaves out what is before it
            (alex, EVENT, until),  # ...and its end
            (kim, APPLIED, since + timedelta(days=1)),  # private: never counted
            (kim, EVENT, until + timedelta(days=1)),
            (lee, APPLIED, since + timedelta(days=1)),  # another group
        ]:
            repo.add_activity(who.id, kind, "", when)
        here, there = repo.get_group("slack", "T1", "C1"), repo.get_group("slack", "T1", "C2")
        assert here is not None and there is not None
        week = timedelta(days=7)
        assert repo.group_activity_counts(here.id, since, until) == {APPLIED: 3, NETWORKED: 1}
        assert repo.group_activity_counts(here.id, until, until + week) == {EVENT: 1}
        assert repo.group_activity_counts(here.id, since - week, since) == {APPLIED: 1}
        assert repo.group_activity_counts(there.id, since, until) == {APPLIED: 1}
        assert repo.group_activity_counts(there.id + 1000, since, until) == {}
        kolkata = ZoneInfo("Asia/Kolkata")
        assert repo.group_activity_counts(
            here.id, since.astimezone(kolkata), until.astimezone(kolkata)
        ) == {APPLIED: 3, NETWORKED: 1}, "the same instants in another zone"


def test_group_shared_steps_name_only_full_members_applications_followups_and_networking(
    uow: UnitOfWork,
) -> None:
    since, until = NOON, NOON + timedelta(days=7)
    day = timedelta(days=1)
    with uow() as repo:
        alex, sam, kim, lee = (member(repo, who) for who in (ALEX, SAM, KIM, LEE))
        for who in (sam, lee):
            repo.save_member(replace(who, privacy=Privacy.FULL))
        repo.save_member(replace(kim, privacy=Privacy.PRIVATE))
        acme = repo.add_rejection(sam.id, "Acme", "Analyst", "a private note", since)
        plain = repo.add_rejection(sam.id, "Initech", "", "", since)
        for who, kind, detail, when, rejection in [
            (sam, APPLIED, "Globex (PM)", since + day, None),
            (sam, ActivityKind.FOLLOWUP_SENT, "Thank-you note", since, acme.id),
            (sam, ActivityKind.FOLLOWUP_SENT, "Feedback request", since + 2 * day, plain.id),
            (sam, ActivityKind.FEEDBACK, "they wanted SQL", since + day, acme.id),
            (sam, NETWORKED, "coffee with Jo", since + day, None),
            (sam, EVENT, "job fair", since + day, None),
            (sam, APPLIED, "Too Early", since - timedelta(microseconds=1), None),
            (sam, APPLIED, "Too Late", until, None),
            (alex, APPLIED, "Counted Only", since + day, None),  # counts: numbers only
            (kim, APPLIED, "Hidden", since + day, None),  # private: nothing
            (lee, APPLIED, "Elsewhere", since + day, None),  # full, but another group
        ]:
            repo.add_activity(who.id, kind, detail, when, rejection_id=rejection)
        here = repo.get_group("slack", "T1", "C1")
        assert here is not None
        steps = repo.group_shared_steps(here.id, since, until)
    assert [(s.member_id, s.display_name, s.kind, s.company) for s in steps] == [
        (sam.id, "Sam", ActivityKind.FOLLOWUP_SENT, "Acme (Analyst)"),
        (sam.id, "Sam", APPLIED, "Globex (PM)"),
        (sam.id, "Sam", NETWORKED, ""),  # that they did, never what they wrote about it
        (sam.id, "Sam", ActivityKind.FOLLOWUP_SENT, "Initech"),
    ]
    assert [s.occurred_at for s in steps] == [since, since + day, since + day, since + 2 * day]
