"""A process claims only rows for platforms it can deliver to, on SQLite and PostgreSQL: a console
or a `rebound tick` without Slack credentials on a shared database leaves Slack's rows alone."""

from __future__ import annotations

from datetime import timedelta

from bot.ports import UnitOfWork
from bot.records import FollowUpKind, FollowUpState, OccurrenceKind
from bot.values import Actor
from tests.storage.support import ALEX, NOON, member

CONSOLE = Actor("console", "local", "kim", "Kim", "general", "general")


def test_claims_and_next_due_are_per_platform(uow: UnitOfWork) -> None:
    due = NOON - timedelta(minutes=1)
    with uow() as repo:
        ids = {}
        for actor in (ALEX, CONSOLE):
            who = member(repo, actor)
            rejection = repo.add_rejection(who.id, "Acme", "", "", NOON - timedelta(days=1))
            ids[actor.platform] = repo.add_followup(
                rejection.id, who.id, FollowUpKind.THANK_YOU, due, NOON
            ).id
        groups = {group.platform: group.id for group in repo.groups()}
        for platform, group_id in groups.items():
            repo.add_occurrence(f"summary:{platform}", OccurrenceKind.SUMMARY, group_id, due, NOON)
    with uow() as repo:
        assert repo.next_due_at({"console"}) == due
        assert repo.next_due_at({"discord"}) is None
        assert repo.next_occurrence_due_at({"discord"}) is None
        followups = repo.claim_due_followups(NOON, 10, {"console"})
        posts = repo.claim_due_occurrences(NOON, 10, {"console"})
    assert [f.id for f in followups] == [ids["console"]]
    assert [p.key for p in posts] == ["summary:console"]
    later = NOON + timedelta(hours=1)
    with uow() as repo:
        assert repo.claim_stale_followups(later, later, 10, {"slack"}) == []
        assert repo.claim_stale_occurrences(later, later, 10, {"slack"}) == []
        assert [f.id for f in repo.claim_stale_followups(later, later, 10, {"console"})] == [
            ids["console"]
        ]
        slack_row = repo.get_followup(ids["slack"])
        assert slack_row is not None and slack_row.state is FollowUpState.PENDING
        assert [f.id for f in repo.claim_due_followups(later, 10, {"slack"})] == [ids["slack"]]
        assert [p.key for p in repo.claim_due_occurrences(later, 10, {"slack"})] == [
            "summary:slack"
        ]
