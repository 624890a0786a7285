"""One suite for every `bot.ports.Repository`: the in-memory fake and the SQL repository on SQLite
and PostgreSQL must behave alike, so that what the core's tests show on the fake holds in
production. Each test asserts what the core relies on, read back through the port."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.ports import Abandoned, Repository, UnitOfWork
from bot.records import (
    ActivityKind,
    FollowUpKind,
    FollowUpState,
    Member,
    OccurrenceKind,
    Privacy,
    Stage,
)
from bot.values import Actor
from tests.helpers import at

NOON = at("2026-12-01T12:00:00+00:00")
ALEX = Actor("slack", "T1", "U1", "Alex", "C1", "job-hunt")
SAM = Actor("slack", "T1", "U2", "Sam", "C1", "job-hunt")
CONSOLE = Actor("console", "T1", "U1", "Cory", "C1", "general")
SLACK = frozenset({"slack"})
S = FollowUpState


class No:
    def may_commit(self) -> bool:
        return False


def test_a_transaction_commits_on_success_and_rolls_back_on_error_or_a_closed_gate(
    uow: UnitOfWork,
) -> None:
    with pytest.raises(RuntimeError), uow() as repo:
        repo.ensure_member(ALEX, NOON)
        raise RuntimeError("boom")
    with pytest.raises(Abandoned), uow(No()) as repo:
        repo.ensure_member(ALEX, NOON)
    with uow() as repo:
        assert repo.find_member(ALEX) is None
        repo.ensure_member(ALEX, NOON)
    with uow() as repo:
        assert repo.find_member(ALEX) is not None


def test_entering_makes_the_member_once_and_says_so(uow: UnitOfWork) -> None:
    with uow() as repo:
        first = repo.enter(ALEX, NOON)
        assert first.created and first.member == repo.get_member(first.member.id)
        assert first.member.home_channel_id == "C1"
    with uow() as repo:
        again = repo.enter(replace(ALEX, display_name="Alexandra"), NOON)
        assert not again.created and again.member.id == first.member.id
        assert again.member.display_name == "Alexandra"
        repo.delete_member_data(again.member.id)
    with uow() as repo:
        assert repo.enter(ALEX, NOON).created  # forgotten, then back: made anew


def test_members_groups_and_workspaces(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = repo.ensure_member(replace(ALEX, organization_id="E1"), NOON)
        assert (alex.platform, alex.workspace_id, alex.user_id) == ("slack", "T1", "U1")
        assert (alex.home_channel_id, alex.privacy, alex.dm_open) == ("C1", Privacy.COUNTS, True)
        assert alex.created_at == NOON and alex.timezone is None
        again = repo.ensure_member(replace(ALEX, display_name="Alexandra", channel_id="C2"), NOON)
        assert again.id == alex.id and again.display_name == "Alexandra"
        assert again.home_channel_id == "C1", "the first channel stays home"
        assert repo.workspace_organization("slack", "T1") == "E1"
        assert repo.workspace_organization("slack", "T9") == ""
        repo.save_member(replace(again, timezone="Europe/Berlin", privacy=Privacy.FULL))
        dm = repo.ensure_member(replace(SAM, channel_id="", channel_name=""), NOON)
        assert dm.home_channel_id == ""
    with uow() as repo:
        stored = repo.get_member(alex.id)
        assert stored is not None
        assert (stored.timezone, stored.privacy) == ("Europe/Berlin", Privacy.FULL)
        assert repo.find_member(replace(ALEX, platform="console")) is None
        groups = repo.groups()
        assert [g.channel_id for g in groups] == ["C1", "C2"]
        group = repo.get_group("slack", "T1", "C1")
        assert group is not None and group.name == "job-hunt"
        assert (group.summary_schedule, group.networking_schedule) == ("mon 09:00", "wed 12:00")
        repo.save_group(replace(group, timezone="Asia/Tokyo", summary_schedule=""))
    with uow() as repo:
        saved = repo.get_group_by_id(group.id)
        assert saved is not None and (saved.timezone, saved.summary_schedule) == ("Asia/Tokyo", "")


def test_a_chosen_group_channel_takes_every_member_of_its_workspace_only(
    uow: UnitOfWork,
) -> None:
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOON)
        repo.add_activity(alex.id, ActivityKind.APPLIED, "Acme", NOON)
        repo.ensure_member(replace(SAM, channel_id="C2"), NOON)
        in_dm = repo.ensure_member(Actor("slack", "T1", "U3", "Kim", "", ""), NOON)
        other = repo.ensure_member(replace(ALEX, workspace_id="T2"), NOON)
        repo.ensure_member(replace(SAM, channel_id="C9"), NOON)  # makes #C9's group
        assert repo.choose_group_channel("slack", "T1", "C9") == 3
        assert repo.choose_group_channel("slack", "T1", "C9") == 0  # all there already
    with uow() as repo:
        assert {m.user_id: m.home_channel_id for m in _members(repo)} == {
            "U1": "C9",
            "U2": "C9",
            "U3": "C9",
        }
        assert repo.get_member(in_dm.id) is not None
        assert getattr(repo.get_member(other.id), "home_channel_id", None) == "C1"
        late = repo.ensure_member(Actor("slack", "T1", "U4", "Lee", "C2", "random"), NOON)
        assert late.home_channel_id == "C9", "someone new belongs to the chosen channel"
        group = repo.get_group("slack", "T1", "C9")
        assert group is not None
        week = repo.group_activity_counts(group.id, NOON, NOON + timedelta(days=7))
        assert week == {ActivityKind.APPLIED: 1}, "what they logged before counts there too"
        chosen = {(g.workspace_id, g.channel_id): g.is_group_channel for g in repo.groups()}
        assert chosen == {
            ("T1", "C1"): False,
            ("T1", "C2"): False,
            ("T1", "C9"): True,
            ("T2", "C1"): True,
        }


def _members(repo: Repository) -> list[Member]:
    found = (repo.find_member(Actor("slack", "T1", u, "", "", "")) for u in ("U1", "U2", "U3"))
    return [member for member in found if member is not None]


def test_rejections_are_found_by_company_any_case_and_role(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOON)
        first = repo.add_rejection(alex.id, "Acme", "Analyst", "n", NOON, Stage.FINAL)
        second = repo.add_rejection(alex.id, "ACME ", "", "", NOON + timedelta(hours=1))
        assert repo.get_rejection(first.id) == first and first.stage is Stage.FINAL
        since = NOON - timedelta(hours=1)
        assert repo.find_recent_rejection(alex.id, "acme", since) == second
        assert repo.find_recent_rejection(alex.id, "acme", since, "ANALYST ") == first
        assert repo.find_recent_rejection(alex.id, "acme", since, "") == second
        assert repo.find_recent_rejection(alex.id, "acme", NOON + timedelta(hours=2)) is None
        assert repo.rejections_for_member(alex.id) == [second, first]
        repo.add_activity(alex.id, ActivityKind.APPLIED, "Globex", NOON, company="Globex")
        assert repo.companies_for_member(alex.id) == ["Acme", "Globex"]


def test_a_companys_first_spelling_is_the_members_oldest_in_any_case(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex, sam = repo.ensure_member(ALEX, NOON), repo.ensure_member(SAM, NOON)
        assert repo.first_spelling(alex.id, "acme") is None
        repo.add_activity(alex.id, ActivityKind.APPLIED, "x", NOON, company="ÄCME Labs")
        repo.add_rejection(alex.id, "äcme labs", "", "", NOON + timedelta(hours=1))
        repo.add_rejection(alex.id, "Globex", "", "", NOON - timedelta(hours=1))
        repo.add_rejection(sam.id, "acme", "", "", NOON - timedelta(days=1))
        repo.add_activity(alex.id, ActivityKind.NETWORKED, "acme", NOON - timedelta(days=2))
        assert repo.first_spelling(alex.id, "äcme LABS ") == "ÄCME Labs"  # casefold, not lower
        assert repo.first_spelling(alex.id, "GLOBEX") == "Globex"
        assert repo.first_spelling(alex.id, "acme") is None  # Sam's, and a note is no company
        assert repo.first_spelling(sam.id, "Acme") == "acme"


def test_deleting_a_rejection_keeps_feedback_unlinked(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOON)
        rejection = repo.add_rejection(alex.id, "Acme", "", "", NOON)
        repo.add_followup(rejection.id, alex.id, FollowUpKind.THANK_YOU, NOON, NOON)
        repo.add_activity(alex.id, ActivityKind.FOLLOWUP_SENT, "", NOON, rejection.id)
        repo.add_activity(alex.id, ActivityKind.FEEDBACK, "more SQL", NOON, rejection.id, "Acme")
        repo.delete_rejection(rejection.id)
    with uow() as repo:
        assert repo.get_rejection(rejection.id) is None
        assert repo.followups_for_member(alex.id) == []
        (kept,) = repo.activities_for_member(alex.id)
        assert (kept.kind, kept.rejection_id) == (ActivityKind.FEEDBACK, None)
        assert repo.delete_activity(alex.id + 1, kept.id) is None, "not theirs"
        assert repo.delete_activity(alex.id, kept.id) == kept
        assert repo.delete_activity(alex.id, kept.id) is None


def test_deleting_a_member_takes_every_row_of_theirs_and_counts_them(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex, sam = repo.ensure_member(ALEX, NOON), repo.ensure_member(SAM, NOON)
        for who in (alex, sam):
            rejection = repo.add_rejection(who.id, "Acme", "", "", NOON)
            repo.add_followup(rejection.id, who.id, FollowUpKind.FEEDBACK, NOON, NOON)
            repo.add_activity(who.id, ActivityKind.APPLIED, "Globex", NOON)
        assert repo.delete_member_data(alex.id) == 4
    with uow() as repo:
        assert repo.get_member(alex.id) is None and repo.find_member(ALEX) is None
        assert len(repo.followups_for_member(sam.id)) == 1
        assert len(repo.activities_for_member(sam.id)) == 1


def test_group_counts_leave_out_private_members_and_steps_name_only_full_ones(
    uow: UnitOfWork,
) -> None:
    with uow() as repo:
        alex, sam = repo.ensure_member(ALEX, NOON), repo.ensure_member(SAM, NOON)
        repo.save_member(replace(alex, privacy=Privacy.FULL))
        rejection = repo.add_rejection(alex.id, "Acme", "Analyst", "", NOON)
        repo.add_activity(alex.id, ActivityKind.APPLIED, "Globex (PM)", NOON)
        repo.add_activity(alex.id, ActivityKind.FOLLOWUP_SENT, "", NOON, rejection.id)
        repo.add_activity(sam.id, ActivityKind.APPLIED, "Initech", NOON)
        repo.add_activity(sam.id, ActivityKind.NETWORKED, "", NOON + timedelta(days=8))
        repo.add_activity(sam.id, ActivityKind.NETWORKED, "coffee with Jo", NOON)
        repo.add_activity(alex.id, ActivityKind.NETWORKED, "lunch with Kim at Acme", NOON)
        group = repo.get_group("slack", "T1", "C1")
        assert group is not None
        week = (NOON - timedelta(days=1), NOON + timedelta(days=6))
        assert repo.group_activity_counts(group.id, *week) == {
            ActivityKind.APPLIED: 2,
            ActivityKind.FOLLOWUP_SENT: 1,
            ActivityKind.NETWORKED: 2,
        }
        steps = repo.group_shared_steps(group.id, *week)
        assert [(s.display_name, s.kind, s.company) for s in steps] == [
            ("Alex", ActivityKind.APPLIED, "Globex (PM)"),
            ("Alex", ActivityKind.FOLLOWUP_SENT, "Acme (Analyst)"),
            ("Alex", ActivityKind.NETWORKED, ""),
        ], "networking by name only, never what the member wrote about it"
        repo.save_member(replace(sam, privacy=Privacy.PRIVATE))
        assert repo.group_activity_counts(group.id, *week)[ActivityKind.APPLIED] == 1


def test_follow_ups_are_claimed_once_by_platform_oldest_first(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex, cory = repo.ensure_member(ALEX, NOON), repo.ensure_member(CONSOLE, NOON)
        ids = []
        for who, hours in ((alex, 2), (alex, 1), (cory, 0), (alex, 30)):
            rejection = repo.add_rejection(who.id, f"Co{hours}", "", "", NOON)
            due = NOON + timedelta(hours=hours)
            ids.append(repo.add_followup(rejection.id, who.id, FollowUpKind.FEEDBACK, due, NOON).id)
        assert repo.next_due_at(SLACK) == NOON + timedelta(hours=1)
        assert repo.next_due_at({"console"}) == NOON
        later = NOON + timedelta(hours=3)
        assert [f.id for f in repo.due_followups(later, 10)] == [ids[2], ids[1], ids[0]]
        assert repo.claim_due_followups(later, 0, SLACK) == []
        (first,) = repo.claim_due_followups(later, 1, SLACK)
        assert (first.id, first.state, first.attempts) == (ids[1], S.SENDING, 1)
        assert first.updated_at == later and first.company == "Co1"
        (second,) = repo.claim_due_followups(later, 5, SLACK)
        assert second.id == ids[0]
        assert repo.claim_due_followups(later, 5, SLACK) == []
        assert repo.next_due_at(SLACK) == NOON + timedelta(hours=30)
        # A claim older than the lease is taken over; a newer one is left alone.
        stale = later + timedelta(minutes=11)
        assert repo.claim_stale_followups(stale, later, 5, SLACK) == []
        taken = repo.claim_stale_followups(stale, stale, 5, SLACK)
        assert [(f.id, f.attempts) for f in taken] == [(ids[1], 2), (ids[0], 2)]


def test_a_follow_up_moves_only_from_the_states_and_claim_given(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOON)
        rejection = repo.add_rejection(alex.id, "Acme", "", "", NOON)
        added = repo.add_followup(rejection.id, alex.id, FollowUpKind.FEEDBACK, NOON, NOON)
        fid = added.id
        (claimed,) = repo.claim_due_followups(NOON, 1, SLACK)
        t1 = NOON + timedelta(minutes=1)
        assert not repo.transition_followup(fid, [S.PENDING], S.SENT, t1)
        assert not repo.transition_followup(
            fid, [S.SENDING], S.SENT, t1, claimed_at=NOON - t1 + NOON
        )
        assert repo.renew_claim("followup", fid, claimed.updated_at, t1)
        assert not repo.renew_claim("followup", fid, claimed.updated_at, t1), "claim moved on"
        assert repo.transition_followup(
            fid, [S.SENDING], S.PENDING, t1, claimed_at=t1, due_at=t1, error="429", check_first=True
        )
        back = repo.get_followup(fid)
        assert back is not None
        assert (back.state, back.attempts, back.last_error, back.check_first) == (
            S.PENDING, 1, "429", True,
        )  # fmt: skip
        (again,) = repo.claim_due_followups(t1, 1, SLACK)
        assert again.attempts == 2 and again.check_first
        assert repo.transition_followup(fid, [S.SENDING], S.SENT, t1, message_ref="m1")
        sent = repo.get_followup(fid)
        assert sent is not None
        assert (sent.sent_at, sent.attempts, sent.check_first, sent.message_ref) == (
            t1, 0, False, "m1",
        )  # fmt: skip
        assert not repo.transition_followup(fid, [S.SENT], S.SNOOZED, t1, generation=1)
        assert repo.transition_followup(fid, [S.SENT], S.SNOOZED, t1, due_at=t1, generation=0)
        snoozed = repo.get_followup(fid)
        assert snoozed is not None and (snoozed.generation, snoozed.due_at) == (1, t1)
        repo.claim_due_followups(t1, 1, SLACK)
        assert repo.transition_followup(fid, [S.SENDING], S.FAILED, t1, reset_attempts=True)
        assert repo.transition_followup(fid, [S.FAILED], S.DONE, t1)
        done = repo.get_followup(fid)
        assert done is not None and (done.state, done.done_at, done.attempts) == (S.DONE, t1, 0)
    with uow() as repo:
        assert repo.followups_for_rejection(rejection.id) == [done]


def test_the_email_as_sent_is_kept_and_nothing_else_moves(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOON)
        rejection = repo.add_rejection(alex.id, "Acme", "", "", NOON)
        added = repo.add_followup(rejection.id, alex.id, FollowUpKind.THANK_YOU, NOON, NOON)
        assert (added.sent_subject, added.sent_body) == (None, None)
        repo.keep_sent_draft(added.id, "Thanks", "first")
        repo.keep_sent_draft(added.id, "Thanks!", "Dear team,\n\nthank you.")
        kept = repo.get_followup(added.id)
    assert kept is not None
    assert (kept.sent_subject, kept.sent_body) == ("Thanks!", "Dear team,\n\nthank you.")
    assert replace(kept, sent_subject=None, sent_body=None) == added


def test_a_plan_is_added_at_once_and_reads_back_as_it_was_returned(uow: UnitOfWork) -> None:
    plan = [
        (FollowUpKind.FEEDBACK, NOON + timedelta(days=3)),
        (FollowUpKind.THANK_YOU, NOON + timedelta(days=1)),
    ]
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOON)
        rejection = repo.add_rejection(alex.id, "Acme", "Analyst", "", NOON, Stage.FINAL)
        added = repo.add_followups(rejection.id, alex.id, plan, NOON)
        assert [(f.kind, f.due_at) for f in added] == plan  # in the plan's order
        assert repo.add_followups(rejection.id, alex.id, [], NOON) == []
    with uow() as repo:
        assert repo.followups_for_rejection(rejection.id) == [added[1], added[0]]  # by due time
    assert {(f.company, f.role, f.stage, f.state) for f in added} == {
        ("Acme", "Analyst", Stage.FINAL, S.PENDING)
    }
    with uow() as repo:  # a rejection of an earlier transaction: its names are read
        more = repo.add_followups(rejection.id, alex.id, [(FollowUpKind.FUTURE, NOON)], NOON)
        assert more == [repo.get_followup(more[0].id)] and more[0].company == "Acme"


def test_occurrences_exist_once_per_key_and_move_like_follow_ups(uow: UnitOfWork) -> None:
    with uow() as repo:
        repo.ensure_member(ALEX, NOON)
        repo.ensure_member(CONSOLE, NOON)
        slack = repo.get_group("slack", "T1", "C1")
        console = repo.get_group("console", "T1", "C1")
        assert slack is not None and console is not None
        kind = OccurrenceKind.SUMMARY
        assert repo.add_occurrence("summary:1:W49", kind, slack.id, NOON, NOON)
        assert not repo.add_occurrence("summary:1:W49", kind, slack.id, NOON + timedelta(1), NOON)
        assert repo.add_occurrence("summary:2:W49", kind, console.id, NOON, NOON)
        assert repo.next_occurrence_due_at(SLACK) == NOON
        assert repo.claim_due_occurrences(NOON - timedelta(seconds=1), 5, SLACK) == []
        (claimed,) = repo.claim_due_occurrences(NOON, 5, SLACK)
        assert (claimed.key, claimed.state, claimed.attempts) == ("summary:1:W49", S.SENDING, 1)
        assert claimed.scheduled_at == NOON
        assert repo.next_occurrence_due_at(SLACK) is None
        later = NOON + timedelta(minutes=20)
        (stale,) = repo.claim_stale_occurrences(later, later, 5, SLACK)
        assert stale.attempts == 2
        assert not repo.transition_occurrence(
            claimed.id, [S.SENDING], S.SENT, later, claimed_at=NOON
        )
        assert repo.renew_claim("occurrence", claimed.id, later, later + timedelta(seconds=1))
        moved = later + timedelta(seconds=1)
        assert repo.transition_occurrence(
            claimed.id, [S.SENDING], S.SENT, moved, claimed_at=moved, message_ref="m1"
        )
        assert not repo.transition_occurrence(claimed.id, [S.SENDING], S.FAILED, moved)
