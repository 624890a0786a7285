"""The repository against real databases: every method, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import StatementError

from bot.ports import UnitOfWork
from bot.records import (
    WAITING_STATES,
    ActivityKind,
    FollowUpKind,
    FollowUpState,
    Privacy,
)
from storage import models
from tests.storage.support import (
    ALEX,
    NOON,
    PLATFORMS,
    POSTGRES_ONLY,
    SAM,
    member,
    race,
    rejection_with_followups,
)

# --- members, groups --------------------------------------------------------------------


def test_ensure_member_creates_workspace_group_and_member(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = member(repo)
        group = repo.get_group("slack", "T1", "C1")
    assert alex.platform == "slack"
    assert alex.workspace_id == "T1"
    assert alex.user_id == "U1"
    assert alex.display_name == "Alex"
    assert alex.home_channel_id == "C1"
    assert alex.timezone is None
    assert alex.quiet_hours == "21:00-08:00"
    assert alex.privacy is Privacy.COUNTS
    assert alex.dm_open is True
    assert alex.last_encouragement is None
    assert alex.created_at == NOON
    assert group is not None
    assert (group.platform, group.workspace_id, group.channel_id) == ("slack", "T1", "C1")
    assert group.name == "job-hunt"
    assert group.timezone is None
    assert group.created_at == NOON
    assert (group.summary_schedule, group.networking_schedule) == ("mon 09:00", "wed 12:00")
    assert alex.skip_weekends is False


def test_ensure_member_again_refreshes_name_and_keeps_home(uow: UnitOfWork) -> None:
    with uow() as repo:
        first = member(repo)
    elsewhere = replace(ALEX, display_name="Alex R.", channel_id="C2", channel_name="other")
    with uow() as repo:
        again = repo.ensure_member(elsewhere, NOON + timedelta(days=1))
        assert repo.get_group("slack", "T1", "C2") is not None
    assert again.id == first.id
    assert again.display_name == "Alex R."
    assert again.home_channel_id == "C1"
    assert again.created_at == NOON


def test_same_user_id_in_another_workspace_is_another_member(uow: UnitOfWork) -> None:
    with uow() as repo:
        one = member(repo)
        other = repo.ensure_member(replace(ALEX, workspace_id="T2"), NOON)
        discord = repo.ensure_member(replace(ALEX, platform="discord"), NOON)
        assert repo.get_group("slack", "T2", "C1") is not None
        assert repo.get_group("slack", "T3", "C1") is None
        assert repo.get_group("slack", "T1", "C9") is None
    assert len({one.id, other.id, discord.id}) == 3


def test_get_and_save_member(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = member(repo)
        assert repo.get_member(alex.id + 1000) is None
    changed = replace(
        alex,
        timezone="Asia/Kolkata",
        quiet_hours="",
        privacy=Privacy.PRIVATE,
        dm_open=False,
        last_encouragement=3,
        skip_weekends=True,
        quiet_hours_chosen=True,
        weekends_chosen=True,
    )
    with uow() as repo:
        repo.save_member(changed)
        assert repo.get_member(alex.id) == changed
    with uow() as repo:
        assert repo.get_member(alex.id) == changed


# --- rejections -------------------------------------------------------------------------


def test_add_get_and_list_rejections(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = member(repo)
        older = repo.add_rejection(alex.id, "Acme", "Analyst", "note", NOON)
        newer = repo.add_rejection(alex.id, "Globex", "", "", NOON + timedelta(hours=1))
    with uow() as repo:
        assert repo.get_rejection(older.id) == older
        assert repo.get_rejection(older.id + 1000) is None
        assert repo.rejections_for_member(alex.id) == [newer, older]
        assert repo.rejections_for_member(alex.id + 1000) == []
    assert (older.company, older.role, older.note, older.logged_at) == (
        "Acme",
        "Analyst",
        "note",
        NOON,
    )


def test_find_recent_rejection_ignores_case_age_and_other_members(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex, sam = member(repo), member(repo, SAM)
        repo.add_rejection(alex.id, "Acme Corp", "old", "", NOON - timedelta(days=2))
        recent = repo.add_rejection(alex.id, "Acme Corp", "new", "", NOON)
        repo.add_rejection(sam.id, "Acme Corp", "sam's", "", NOON + timedelta(hours=1))
    since = NOON - timedelta(days=1)
    with uow() as repo:
        assert repo.find_recent_rejection(alex.id, "ACME CORP", since) == recent
        assert repo.find_recent_rejection(alex.id, "acme corp", NOON) == recent
        assert repo.find_recent_rejection(alex.id, "acme corp", NOON + timedelta(seconds=1)) is None
        assert repo.find_recent_rejection(alex.id, "Acme", since) is None


def test_delete_rejection_takes_its_followups_and_linked_activities(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = member(repo)
        gone = rejection_with_followups(repo, alex, "Acme")
        kept = rejection_with_followups(repo, alex, "Globex")
        repo.add_activity(alex.id, ActivityKind.FOLLOWUP_SENT, "linked", NOON, rejection_id=gone)
        unlinked = repo.add_activity(alex.id, ActivityKind.APPLIED, "Initech", NOON)
    with uow() as repo:
        repo.delete_rejection(gone)
    with uow() as repo:
        assert repo.get_rejection(gone) is None
        assert repo.followups_for_rejection(gone) == []
        assert len(repo.followups_for_rejection(kept)) == 3
        assert repo.activities_for_member(alex.id) == [unlinked]


# --- follow-ups -------------------------------------------------------------------------


def test_followups_carry_company_and_role_and_are_ordered_by_due_time(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = member(repo)
        rejection = repo.add_rejection(alex.id, "Acme", "Analyst", "", NOON)
        late = repo.add_followup(
            rejection.id, alex.id, FollowUpKind.FUTURE, NOON + timedelta(days=21), NOON
        )
        early = repo.add_followup(
            rejection.id, alex.id, FollowUpKind.THANK_YOU, NOON + timedelta(days=1), NOON
        )
    assert (early.company, early.role, early.kind) == ("Acme", "Analyst", FollowUpKind.THANK_YOU)
    assert early.state is FollowUpState.PENDING
    assert (early.attempts, early.last_error, early.sent_at, early.done_at) == (0, "", None, None)
    assert early.updated_at == NOON
    with uow() as repo:
        assert repo.get_followup(early.id) == early
        assert repo.get_followup(early.id + 1000) is None
        assert repo.followups_for_rejection(rejection.id) == [early, late]
        assert repo.followups_for_member(alex.id) == [early, late]
        assert repo.followups_for_member(alex.id + 1000) == []


def test_transition_is_conditional(uow: UnitOfWork) -> None:
    with uow() as repo:
        rejection = rejection_with_followups(repo, member(repo))
        followup = repo.followups_for_rejection(rejection)[0]
    later = NOON + timedelta(minutes=5)
    with uow() as repo:
        assert repo.get_followup(followup.id) == followup
        pending = (FollowUpState.PENDING,)
        assert repo.transition_followup(followup.id, pending, FollowUpState.SENDING, later)
        assert not repo.transition_followup(followup.id, pending, FollowUpState.SENDING, later)
        # The same unit of work reads the new state, not a cached one.
        claimed = repo.get_followup(followup.id)
    assert claimed is not None
    assert claimed.state is FollowUpState.SENDING
    assert claimed.attempts == 1
    assert claimed.updated_at == later
    with uow() as repo:
        assert not repo.transition_followup(
            followup.id + 1000, pending, FollowUpState.SENDING, later
        )
        assert repo.get_followup(followup.id) == claimed


def test_transition_sets_times_due_and_error(uow: UnitOfWork) -> None:
    with uow() as repo:
        rejection = rejection_with_followups(repo, member(repo))
        first, second, third = repo.followups_for_rejection(rejection)
    t1, t2, t3 = (NOON + timedelta(hours=n) for n in (1, 2, 3))
    retry_at = t1 + timedelta(minutes=2)
    with uow() as repo:
        sending = (FollowUpState.SENDING,)
        repo.transition_followup(first.id, WAITING_STATES, FollowUpState.SENDING, t1)
        repo.transition_followup(
            first.id, sending, FollowUpState.PENDING, t1, due_at=retry_at, error="timeout"
        )
        retried = repo.get_followup(first.id)
        repo.transition_followup(first.id, WAITING_STATES, FollowUpState.SENDING, t2)
        repo.transition_followup(first.id, sending, FollowUpState.SENT, t2)
        sent = repo.get_followup(first.id)
        repo.transition_followup(second.id, WAITING_STATES, FollowUpState.DONE, t3)
        done = repo.get_followup(second.id)
        repo.transition_followup(
            third.id, WAITING_STATES, FollowUpState.FAILED, t3, error="dm closed"
        )
        failed = repo.get_followup(third.id)
    assert retried is not None and sent is not None and done is not None and failed is not None
    assert (retried.state, retried.due_at, retried.last_error) == (
        FollowUpState.PENDING,
        retry_at,
        "timeout",
    )
    # A delivery starts the retry budget again (a snoozed nudge gets its full set of retries).
    assert (sent.state, sent.sent_at, sent.attempts) == (FollowUpState.SENT, t2, 0)
    assert sent.last_error == "timeout", "no error given: the last one stays"
    assert sent.done_at is None
    assert (done.state, done.done_at, done.sent_at, done.attempts) == (
        FollowUpState.DONE,
        t3,
        None,
        0,
    )
    assert (failed.state, failed.last_error, failed.updated_at) == (
        FollowUpState.FAILED,
        "dm closed",
        t3,
    )


def test_due_followups_and_next_due_at(uow: UnitOfWork) -> None:
    with uow() as repo:
        assert repo.next_due_at(PLATFORMS) is None
        alex = member(repo)
        ids = [rejection_with_followups(repo, alex, f"Company {n}") for n in range(3)]
        a, b, c = (repo.followups_for_rejection(rejection_id) for rejection_id in ids)
    day = timedelta(days=1)
    with uow() as repo:
        # a[0] is snoozed to later than b[0]; b[0] is already sent; c[0] is being delivered.
        repo.transition_followup(
            a[0].id, WAITING_STATES, FollowUpState.SNOOZED, NOON, due_at=NOON + day + day / 2
        )
        repo.transition_followup(b[0].id, WAITING_STATES, FollowUpState.SENT, NOON)
        repo.transition_followup(c[0].id, WAITING_STATES, FollowUpState.SENDING, NOON)
        assert repo.due_followups(NOON + day / 2, 10) == []
        assert repo.next_due_at(PLATFORMS) == NOON + day + day / 2
        due = repo.due_followups(NOON + 2 * day, 10)
        assert [f.id for f in due] == [a[0].id, a[1].id, b[1].id, c[1].id]
        assert due[0].state is FollowUpState.SNOOZED
        assert [f.id for f in repo.due_followups(NOON + 2 * day, 2)] == [a[0].id, a[1].id]
        assert [f.id for f in repo.due_followups(NOON + day + day / 2, 10)] == [a[0].id]


def test_next_due_at_ignores_finished_followups(uow: UnitOfWork) -> None:
    with uow() as repo:
        rejection = rejection_with_followups(repo, member(repo))
        followups = repo.followups_for_rejection(rejection)
        for followup in followups:
            repo.transition_followup(followup.id, WAITING_STATES, FollowUpState.SKIPPED, NOON)
        assert repo.next_due_at(PLATFORMS) is None
        assert repo.due_followups(NOON + timedelta(days=365), 10) == []


# --- activities -------------------------------------------------------------------------


def test_activities_oldest_first(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex, sam = member(repo), member(repo, SAM)
        rejection = repo.add_rejection(alex.id, "Acme", "", "", NOON)
        later = repo.add_activity(
            alex.id, ActivityKind.FOLLOWUP_SENT, "thanks", NOON + timedelta(hours=1), rejection.id
        )
        earlier = repo.add_activity(alex.id, ActivityKind.NETWORKED, "coffee", NOON)
        repo.add_activity(sam.id, ActivityKind.EVENT, "meetup", NOON)
    assert (later.kind, later.detail, later.rejection_id) == (
        ActivityKind.FOLLOWUP_SENT,
        "thanks",
        rejection.id,
    )
    assert earlier.rejection_id is None
    with uow() as repo:
        assert repo.activities_for_member(alex.id) == [earlier, later]


# --- time -------------------------------------------------------------------------------


def test_times_come_back_as_the_same_instant_aware_in_utc(uow: UnitOfWork) -> None:
    kolkata = datetime(2026, 12, 1, 9, 30, 15, 123456, tzinfo=ZoneInfo("Asia/Kolkata"))
    with uow() as repo:
        alex = member(repo)
        added = repo.add_rejection(alex.id, "Acme", "", "", kolkata)
        repo.add_followup(added.id, alex.id, FollowUpKind.THANK_YOU, kolkata, kolkata)
    with uow() as repo:
        rejection = repo.get_rejection(added.id)
        (followup,) = repo.followups_for_rejection(added.id)
        next_due = repo.next_due_at(PLATFORMS)
    assert rejection is not None and next_due is not None
    for moment in (rejection.logged_at, followup.due_at, followup.updated_at, next_due):
        assert moment == kolkata
        assert moment.utcoffset() == timedelta(0)
        assert moment.tzname() == "UTC"
        assert moment.isoformat() == "2026-12-01T04:00:15.123456+00:00"
    with uow() as repo:
        assert repo.due_followups(kolkata - timedelta(microseconds=1), 10) == []
        assert [f.id for f in repo.due_followups(kolkata, 10)] == [followup.id]


def test_naive_datetimes_are_refused(uow: UnitOfWork) -> None:
    with pytest.raises(StatementError) as raised, uow() as repo:
        alex = member(repo)
        repo.add_rejection(alex.id, "Acme", "", "", datetime(2026, 12, 1, 12, 0))  # noqa: DTZ001
    assert isinstance(raised.value.orig, ValueError)
    assert "naive" in str(raised.value.orig)


# --- units of work ----------------------------------------------------------------------


def test_an_error_rolls_the_whole_unit_of_work_back(uow: UnitOfWork) -> None:
    with pytest.raises(RuntimeError), uow() as repo:
        member(repo)
        raise RuntimeError("handler failed")
    with uow() as repo:
        assert repo.get_group("slack", "T1", "C1") is None


# --- deleting a member ------------------------------------------------------------------


def count_rows(engine: Engine, member_id: int) -> dict[str, int]:
    tables = (models.RejectionRow, models.FollowUpRow, models.ActivityRow)
    with engine.connect() as db:
        counts = {
            table.__tablename__: db.scalar(
                select(func.count()).select_from(table).where(table.member_id == member_id)
            )
            or 0
            for table in tables
        }
        counts["members"] = (
            db.scalar(select(func.count()).where(models.MemberRow.id == member_id)) or 0
        )
    return counts


def test_delete_member_data_removes_every_row_of_theirs_only(
    uow: UnitOfWork, engine: Engine
) -> None:
    with uow() as repo:
        alex, sam = member(repo), member(repo, SAM)
        for who in (alex, sam):
            rejection = rejection_with_followups(repo, who, "Acme")
            rejection_with_followups(repo, who, "Globex")
            repo.add_activity(who.id, ActivityKind.FOLLOWUP_SENT, "", NOON, rejection)
            repo.add_activity(who.id, ActivityKind.APPLIED, "Initech", NOON)
    alex_before, sam_before = count_rows(engine, alex.id), count_rows(engine, sam.id)
    assert alex_before == {"rejections": 2, "followups": 6, "activities": 2, "members": 1}
    with uow() as repo:
        deleted = repo.delete_member_data(alex.id)
        assert repo.get_member(alex.id) is None
    assert deleted == sum(alex_before.values())
    assert count_rows(engine, alex.id) == dict.fromkeys(alex_before, 0)
    assert count_rows(engine, sam.id) == sam_before
    with uow() as repo:
        assert repo.get_member(sam.id) == sam
        assert repo.get_group("slack", "T1", "C1") is not None, "the group is everyone's"
        assert repo.delete_member_data(alex.id) == 0


def test_find_member_reads_without_creating(uow: UnitOfWork) -> None:
    with uow() as repo:
        assert repo.find_member(ALEX) is None
        alex = member(repo)
        assert repo.find_member(ALEX) == alex
        assert repo.find_member(SAM) is None
        assert repo.find_member(replace(ALEX, workspace_id="T2")) is None
    with uow() as repo:
        assert repo.find_member(SAM) is None, "looking did not create Sam"


def test_delete_activity_removes_one_entry_of_its_owner_once(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex, sam = member(repo), member(repo, SAM)
        first = repo.add_activity(alex.id, ActivityKind.APPLIED, "Globex", NOON)
        kept = repo.add_activity(alex.id, ActivityKind.NETWORKED, "coffee", NOON)
        theirs = repo.add_activity(sam.id, ActivityKind.EVENT, "job fair", NOON)
    with uow() as repo:
        assert repo.delete_activity(sam.id, first.id) is None, "not Sam's to remove"
        assert repo.delete_activity(alex.id, first.id) == first
        assert repo.delete_activity(alex.id, first.id) is None, "already gone"
        assert repo.delete_activity(alex.id, first.id + 1000) is None
    with uow() as repo:
        assert repo.activities_for_member(alex.id) == [kept]
        assert repo.activities_for_member(sam.id) == [theirs]


# --- concurrency (PostgreSQL) -----------------------------------------------------------


@POSTGRES_ONLY
def test_each_followup_is_claimed_exactly_once(
    uow: UnitOfWork, database_url: str, schema: str | None
) -> None:
    with uow() as repo:
        alex = member(repo)
        for n in range(200):
            rejection = repo.add_rejection(alex.id, f"Company {n}", "", "", NOON)
            repo.add_followup(rejection.id, alex.id, FollowUpKind.THANK_YOU, NOON, NOON)
        ids = [f.id for f in repo.due_followups(NOON, 1000)]
    assert len(ids) == 200

    def claim(own: UnitOfWork, start: threading.Barrier) -> list[int]:
        start.wait()
        claimed = []
        for followup_id in ids:
            with own() as repo:
                if repo.transition_followup(
                    followup_id, WAITING_STATES, FollowUpState.SENDING, NOON
                ):
                    claimed.append(followup_id)
        return claimed

    claims = race(3, database_url, schema, claim)
    everything = [followup_id for own in claims for followup_id in own]
    assert sorted(everything) == sorted(ids), "each follow-up claimed exactly once"
    with uow() as repo:
        after = repo.followups_for_member(alex.id)
    assert {(f.state, f.attempts) for f in after} == {(FollowUpState.SENDING, 1)}


@POSTGRES_ONLY
def test_concurrent_first_contact_makes_one_member(
    uow: UnitOfWork, database_url: str, schema: str | None
) -> None:
    def first_contact(own: UnitOfWork, start: threading.Barrier) -> int:
        with own() as repo:
            start.wait()
            return repo.ensure_member(ALEX, NOON).id

    seen = race(4, database_url, schema, first_contact, timeout=60)
    assert len(set(seen)) == 1
    with uow() as repo:
        assert repo.get_member(seen[0]) is not None
