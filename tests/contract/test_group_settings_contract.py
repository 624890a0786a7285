"""The group-settings side of the repository (`bot.group_store`), alike on the fake, SQLite and
PostgreSQL: group admins, a group's settings read back, members' defaults, pending posts."""

from __future__ import annotations

from dataclasses import replace

from bot.ports import UnitOfWork
from bot.records import FollowUpState, OccurrenceKind
from bot.values import Actor
from tests.helpers import at

NOON = at("2026-12-01T12:00:00+00:00")
ALEX = Actor("slack", "T1", "U1", "Alex", "C1", "job-hunt")
SAM = Actor("slack", "T1", "U2", "Sam", "C2", "random")
OTHER = Actor("slack", "T2", "U1", "Alex elsewhere", "C1", "general")


def test_group_admins_are_the_workspaces(uow: UnitOfWork) -> None:
    with uow() as repo:
        repo.ensure_member(ALEX, NOON)
        repo.ensure_member(OTHER, NOON)
        assert repo.add_group_admin("slack", "T1", "U2", "U1", NOON)
        assert not repo.add_group_admin("slack", "T1", "U2", "U9", NOON), "already one"
        assert repo.add_group_admin("slack", "T1", "U1", "U1", NOON)
    with uow() as repo:
        assert repo.is_group_admin("slack", "T1", "U2")
        assert not repo.is_group_admin("slack", "T2", "U2"), "another workspace's"
        assert not repo.is_group_admin("discord", "T1", "U2")
        assert not repo.is_group_admin("slack", "T9", "U2")
        admins = repo.group_admins("slack", "T1")
        assert [(a.user_id, a.added_by, a.added_at) for a in admins] == [
            ("U2", "U1", NOON),
            ("U1", "U1", NOON),
        ]
        assert repo.group_admins("slack", "T2") == []
        assert repo.remove_group_admin("slack", "T1", "U2")
        assert not repo.remove_group_admin("slack", "T1", "U2")
        assert not repo.remove_group_admin("slack", "T9", "U2")
    with uow() as repo:
        assert [a.user_id for a in repo.group_admins("slack", "T1")] == ["U1"]


def test_group_settings_read_back_and_members_follow_their_groups_defaults(
    uow: UnitOfWork,
) -> None:
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOON)
        sam = repo.ensure_member(SAM, NOON)
        assert (alex.quiet_hours, alex.skip_weekends) == ("21:00-08:00", False)
        assert not alex.quiet_hours_chosen and not alex.weekends_chosen
        repo.save_member(replace(sam, quiet_hours="23:00-06:00", quiet_hours_chosen=True))
        group = repo.get_group("slack", "T1", "C1")
        assert group is not None and group.posts_on and group.rhythm_from is None
        assert repo.workspace_group("slack", "T1") is None, "no channel chosen yet"
        changed = replace(
            group,
            timezone="Europe/Berlin",
            followup_days="1 3 21",
            default_quiet_hours="",
            default_skip_weekends=True,
            posts_on=False,
            rhythm_from=NOON,
            timezone_chosen=True,
        )
        repo.save_group(changed)
    with uow() as repo:
        assert repo.get_group_by_id(group.id) == changed
        alex = repo.get_member(alex.id)  # type: ignore[assignment]
        assert alex is not None and (alex.quiet_hours, alex.skip_weekends) == ("", True)
        repo.save_member(replace(alex, privacy=alex.privacy))  # saving keeps "never chose"
        assert [m.user_id for m in repo.group_members(group.id)] == ["U1"]
        repo.choose_group_channel("slack", "T1", "C1")
        chosen = repo.workspace_group("slack", "T1")
        assert chosen is not None and chosen.id == group.id
    with uow() as repo:
        assert [m.user_id for m in repo.group_members(group.id)] == ["U1", "U2"]
        alex_now, sam_now = repo.group_members(group.id)
        assert not alex_now.quiet_hours_chosen and alex_now.quiet_hours == ""
        assert (sam_now.quiet_hours, sam_now.skip_weekends) == ("23:00-06:00", True)
        assert sam_now.quiet_hours_chosen and not sam_now.weekends_chosen


def test_pending_occurrences_are_those_not_claimed_yet(uow: UnitOfWork) -> None:
    with uow() as repo:
        repo.ensure_member(ALEX, NOON)
        group = repo.get_group("slack", "T1", "C1")
        assert group is not None
        repo.add_occurrence("summary:x", OccurrenceKind.SUMMARY, group.id, NOON, NOON)
        repo.add_occurrence("networking:x", OccurrenceKind.NETWORKING, group.id, NOON, NOON)
        (claimed, *_) = repo.claim_due_occurrences(NOON, 1, {"slack"})
    with uow() as repo:
        (pending,) = repo.pending_occurrences(group.id)
        assert pending.id != claimed.id and pending.state is FollowUpState.PENDING
        repo.transition_occurrence(
            pending.id, (FollowUpState.PENDING,), FollowUpState.CANCELLED, NOON
        )
    with uow() as repo:
        assert repo.pending_occurrences(group.id) == []
