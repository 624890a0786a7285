"""The goals half of the repository contract (`bot.goal_store`), on every backend."""

from __future__ import annotations

from datetime import timedelta

from bot.ports import UnitOfWork
from bot.records import Goal, GoalKind
from bot.values import Actor
from tests.helpers import at

NOON = at("2026-12-01T12:00:00+00:00")
ALEX = Actor("slack", "T1", "U1", "Alex", "C1", "job-hunt")
SAM = Actor("slack", "T1", "U2", "Sam", "C1", "job-hunt")
CORY = Actor("console", "T1", "U1", "Cory", "C1", "general")


def test_goals_are_set_replaced_cleared_and_forgotten_with_their_member(uow: UnitOfWork) -> None:
    later = NOON + timedelta(days=1)
    with uow() as repo:
        alex, sam = repo.ensure_member(ALEX, NOON), repo.ensure_member(SAM, NOON)
        cory = repo.ensure_member(CORY, NOON)
        repo.set_goal(alex.id, GoalKind.NETWORKING, 3, NOON)
        repo.set_goal(alex.id, GoalKind.APPLICATIONS, 5, NOON)
        repo.set_goal(alex.id, GoalKind.NETWORKING, 2, later)
        repo.set_goal(sam.id, GoalKind.EVENTS, 1, NOON)
        repo.set_goal(sam.id, GoalKind.EVENTS, None, NOON)
        repo.set_goal(sam.id, GoalKind.FOLLOWUPS, None, NOON)  # nothing to clear: no error
        repo.set_goal(cory.id, GoalKind.FOLLOWUPS, 4, NOON)
    with uow() as repo:
        assert repo.goals_for_member(alex.id) == [
            Goal(alex.id, GoalKind.APPLICATIONS, 5, NOON),
            Goal(alex.id, GoalKind.NETWORKING, 2, later),
        ]
        assert repo.goals_for_member(sam.id) == []
        assert repo.members_with_goals({"slack"}) == [alex.id]
        assert repo.members_with_goals({"slack", "console"}) == sorted([alex.id, cory.id])
        repo.delete_member_data(alex.id)
    with uow() as repo:
        assert repo.goals_for_member(alex.id) == []
        assert repo.members_with_goals({"slack"}) == []
