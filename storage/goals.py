"""The repository's goals side (`bot.goal_store`): a mixin of `storage.repository.SqlRepository`."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.records import Goal, GoalKind
from storage import claims
from storage.calendar_rows import GoalRow
from storage.models import MemberRow, WorkspaceRow

_ORDER = {kind: index for index, kind in enumerate(GoalKind)}


class GoalMethods:
    _session: Session

    def set_goal(self, member_id: int, kind: GoalKind, per_week: int | None, now: datetime) -> None:
        if per_week is None:
            claims.rowcount(
                self._session,
                delete(GoalRow).where(GoalRow.member_id == member_id, GoalRow.kind == kind.value),
            )
            return
        insert = (
            postgresql.insert
            if self._session.get_bind().dialect.name == "postgresql"
            else sqlite.insert
        )
        values = {"member_id": member_id, "kind": kind.value, "per_week": per_week, "set_at": now}
        statement = insert(GoalRow).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=[GoalRow.member_id, GoalRow.kind],
            set_={"per_week": per_week, "set_at": now},
        )
        claims.execute(self._session, statement)

    def goals_for_member(self, member_id: int) -> list[Goal]:
        rows = self._session.scalars(
            select(GoalRow)
            .where(GoalRow.member_id == member_id)
            .execution_options(populate_existing=True)
        )
        goals = [Goal(r.member_id, GoalKind(r.kind), r.per_week, r.set_at) for r in rows]
        return sorted(goals, key=lambda goal: _ORDER[goal.kind])

    def members_with_goals(self, platforms: Collection[str]) -> list[int]:
        query = (
            select(GoalRow.member_id)
            .join(MemberRow, GoalRow.member_id == MemberRow.id)
            .join(WorkspaceRow, MemberRow.workspace_id == WorkspaceRow.id)
            .where(WorkspaceRow.platform.in_(sorted(platforms)))
            .distinct()
            .order_by(GoalRow.member_id)
        )
        return list(self._session.scalars(query))
