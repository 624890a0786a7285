"""The repository port's goals side: what each member aims for in a week (`/rebound goal`).

Part of `bot.ports.Repository`; `storage.goals` implements it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol

from bot.records import Goal, GoalKind


class GoalStore(Protocol):
    def set_goal(self, member_id: int, kind: GoalKind, per_week: int | None, now: datetime) -> None:
        """Set the member's weekly goal of this kind, or clear it with None."""
        ...

    def goals_for_member(self, member_id: int) -> list[Goal]:
        """The member's goals, in `GoalKind` order."""
        ...

    def members_with_goals(self, platforms: Collection[str]) -> list[int]:
        """Ids of the members on `platforms` with at least one goal, lowest first."""
        ...
