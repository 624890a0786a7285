"""The fake repository's weekly goals (as `storage.goals`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime

from bot.records import Goal, GoalKind
from tests.fakes.tables import GoalRow, Tables, instant

_ORDER = {kind: index for index, kind in enumerate(GoalKind)}


class GoalMethods:
    _tables: Tables

    def set_goal(self, member_id: int, kind: GoalKind, per_week: int | None, now: datetime) -> None:
        tables = self._tables
        if member_id not in tables.members:
            raise LookupError(f"no member {member_id} (a foreign key would refuse it)")
        found = next(
            (r for r in tables.goals.values() if (r.member_id, r.kind) == (member_id, kind.value)),
            None,
        )
        if per_week is None:
            if found is not None:
                del tables.goals[found.id]
            return
        if found is None:
            found = GoalRow(tables.next_id("goals"), member_id, kind.value, per_week, instant(now))
        tables.goals[found.id] = replace(found, per_week=per_week, set_at=instant(now))

    def goals_for_member(self, member_id: int) -> list[Goal]:
        goals = [
            Goal(r.member_id, GoalKind(r.kind), r.per_week, r.set_at)
            for r in self._tables.goals.values()
            if r.member_id == member_id
        ]
        return sorted(goals, key=lambda goal: _ORDER[goal.kind])

    def members_with_goals(self, platforms: Collection[str]) -> list[int]:
        tables = self._tables
        found = {
            row.member_id
            for row in tables.goals.values()
            if tables.workspaces[tables.members[row.member_id].workspace_id].platform in platforms
        }
        return sorted(found)
