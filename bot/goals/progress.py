"""How far a member is with their weekly goals: pure functions of their goals, what they
logged, and their local week (Monday 00:00 to Monday 00:00 in their own zone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.records import Activity, Goal, GoalKind
from bot.timezones import at_local, zone

MAX_PER_WEEK = 50


@dataclass(frozen=True)
class Progress:
    kind: GoalKind
    per_week: int
    done: int

    @property
    def behind_at_midweek(self) -> bool:
        """Less than half of the goal done (rounded up: 1 of 3 is behind, 2 of 3 is not)."""
        return self.done < -(-self.per_week // 2)

    @property
    def met(self) -> bool:
        return self.done >= self.per_week


def local_week(now: datetime, tz: str) -> tuple[datetime, datetime]:
    """The member's week around `now`: from Monday 00:00 to the next Monday 00:00, local time."""
    monday = now.astimezone(zone(tz)).date()
    monday -= timedelta(days=monday.weekday())
    return at_local(monday, 0, 0, tz), at_local(monday + timedelta(days=7), 0, 0, tz)


def progress(
    goals: list[Goal], activities: list[Activity], start: datetime, end: datetime
) -> list[Progress]:
    """Each goal with how many of its activities fall in [start, end)."""
    return [
        Progress(
            goal.kind,
            goal.per_week,
            sum(
                1
                for activity in activities
                if activity.kind is goal.kind.activity and start <= activity.occurred_at < end
            ),
        )
        for goal in goals
    ]
