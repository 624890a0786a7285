"""The repository's history side (`bot.week_store`): five statements for any group size: the
last seven days' activities and rejections, the goals, the chart's weeks counted by the
database, and per member and UTC week the first and last moment, for streaks, only as far back
as the member's streak can reach (the database finds where it is cut).

A mixin of `storage.repository.SqlRepository`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, case, cast, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from bot.records import ActivityKind, Goal, GoalKind, Privacy
from bot.week_store import WEEK, GroupHistory, Person, Step, WeekCount
from storage.calendar_rows import GoalRow
from storage.models import ActivityRow, MemberRow, RejectionRow
from storage.streaks import spans

_PRIVATE = Privacy.PRIVATE.value
_MEMBER = (MemberRow.id, MemberRow.display_name, MemberRow.privacy, MemberRow.timezone)


class WeekMethods:
    _session: Session

    def group_history(
        self, group_id: int, since: datetime, until: datetime, weeks: int
    ) -> GroupHistory:
        people: dict[int, Person] = {}
        recent = until - WEEK
        activities = (
            select(
                ActivityRow.kind,
                ActivityRow.occurred_at.label("at"),
                ActivityRow.detail,
                RejectionRow.company,
                RejectionRow.role,
                *_MEMBER,
            )
            .join(MemberRow, ActivityRow.member_id == MemberRow.id)
            .outerjoin(RejectionRow, ActivityRow.rejection_id == RejectionRow.id)
            .where(
                ActivityRow.group_id == group_id,
                ActivityRow.occurred_at >= recent,
                ActivityRow.occurred_at < until,
                MemberRow.privacy != _PRIVATE,
            )
        )
        rejections = (
            select(
                cast(null(), String).label("kind"),
                RejectionRow.logged_at.label("at"),
                literal("").label("detail"),
                cast(null(), String).label("company"),
                cast(null(), String).label("role"),
                *_MEMBER,
            )
            .join(MemberRow, RejectionRow.member_id == MemberRow.id)
            .where(
                RejectionRow.group_id == group_id,
                RejectionRow.logged_at >= recent,
                RejectionRow.logged_at < until,
                MemberRow.privacy != _PRIVATE,
            )
        )
        steps = [
            Step(
                _person(people, row),
                None if row.kind is None else ActivityKind(row.kind),
                row.at,
                "" if row.kind is None else _company(row.kind, row.detail, row.company, row.role),
            )
            for row in self._session.execute(union_all(activities, rejections))
        ]
        goals = (
            select(GoalRow.kind, GoalRow.per_week, GoalRow.set_at, *_MEMBER)
            .join(MemberRow, GoalRow.member_id == MemberRow.id)
            .where(MemberRow.home_group_id == group_id, MemberRow.privacy != _PRIVATE)
        )
        found = [
            Goal(_person(people, goal), GoalKind(goal.kind), goal.per_week, goal.set_at)
            for goal in self._session.execute(goals)
        ]
        steps.sort(key=lambda step: (step.at, step.member_id))
        found.sort(key=lambda goal: (goal.member_id, list(GoalKind).index(goal.kind)))
        return GroupHistory(
            tuple(sorted(people.values(), key=lambda p: p.member_id)),
            tuple(steps),
            tuple(found),
            spans(self._session, group_id, since, until),
            self._counts(group_id, until, weeks),
        )

    def _counts(self, group_id: int, until: datetime, weeks: int) -> tuple[WeekCount, ...]:
        """Steps per kind and seven-day stretch back from `until`: a few dozen rows, however
        many steps (rejections counted with the kind NULL)."""
        parts = []
        for kind, moment, table in (
            (ActivityRow.kind, ActivityRow.occurred_at, ActivityRow),
            (cast(null(), String), RejectionRow.logged_at, RejectionRow),
        ):
            back: Any = case(
                *((moment >= until - WEEK * (n + 1), n) for n in range(weeks - 1)),
                else_=weeks - 1,
            )
            parts.append(
                select(back.label("back"), kind.label("kind"))
                .join(MemberRow, table.member_id == MemberRow.id)
                .where(
                    table.group_id == group_id,
                    moment >= until - WEEK * weeks,
                    moment < until,
                    MemberRow.privacy != _PRIVATE,
                )
            )
        both = union_all(*parts).subquery()
        query = select(both.c.back, both.c.kind, func.count()).group_by(both.c.back, both.c.kind)
        return tuple(
            WeekCount(back, None if kind is None else ActivityKind(kind), count)
            for back, kind, count in self._session.execute(query)
        )


def _person(people: dict[int, Person], row: Any) -> int:
    """The row's member, noted once (each row carries its member's columns)."""
    member_id: int = row.id
    if member_id not in people:
        people[member_id] = Person(member_id, row.display_name, Privacy(row.privacy), row.timezone)
    return member_id


def _company(kind: str, detail: str, company: str | None, role: str | None) -> str:
    """What a `full` member's line may name: never a note, feedback or networking detail."""
    if kind == ActivityKind.APPLIED.value:
        return detail
    if kind == ActivityKind.FOLLOWUP_SENT.value and company is not None:
        return f"{company} ({role})" if role else company
    return ""
