"""The repository's history side (`bot.week_store`): five statements for any group size: the
recent activities and rejections, the goals, and per member and UTC week the first and last
moment of each, for streaks; each joined with its member.

A mixin of `storage.repository.SqlRepository`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Integer, cast, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.records import ActivityKind, Goal, GoalKind, Privacy
from bot.week_store import GroupHistory, Person, Span, Step
from storage.models import ActivityRow, GoalRow, MemberRow, RejectionRow

_PRIVATE = Privacy.PRIVATE.value
_MEMBER = (MemberRow.id, MemberRow.display_name, MemberRow.privacy, MemberRow.timezone)


class WeekMethods:
    _session: Session

    def group_history(
        self, group_id: int, since: datetime, recent: datetime, until: datetime
    ) -> GroupHistory:
        people: dict[int, Person] = {}
        steps: list[Step] = []
        activities = (
            select(
                ActivityRow.kind,
                ActivityRow.occurred_at,
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
        for row in self._session.execute(activities):
            shown = _company(row.kind, row.detail, row.company, row.role)
            steps.append(Step(_person(people, row), ActivityKind(row.kind), row.occurred_at, shown))
        rejections = (
            select(RejectionRow.logged_at, *_MEMBER)
            .join(MemberRow, RejectionRow.member_id == MemberRow.id)
            .where(
                RejectionRow.group_id == group_id,
                RejectionRow.logged_at >= recent,
                RejectionRow.logged_at < until,
                MemberRow.privacy != _PRIVATE,
            )
        )
        for rejected in self._session.execute(rejections):
            steps.append(Step(_person(people, rejected), None, rejected.logged_at))
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
        spans = [
            *self._spans(ActivityRow, ActivityRow.occurred_at, group_id, since, until),
            *self._spans(RejectionRow, RejectionRow.logged_at, group_id, since, until),
        ]
        return GroupHistory(
            tuple(sorted(people.values(), key=lambda p: p.member_id)),
            tuple(steps),
            tuple(found),
            tuple(spans),
        )

    def _spans(
        self,
        table: type[ActivityRow] | type[RejectionRow],
        moment: InstrumentedAttribute[datetime],
        group_id: int,
        since: datetime,
        until: datetime,
    ) -> list[Span]:
        """One row per member and UTC week with a step: its first and last moment (the
        database groups; a year of a large group's steps come back as a few rows each)."""
        if self._session.get_bind().dialect.name == "postgresql":
            week: Any = func.date_trunc("week", func.timezone("UTC", moment))
            first: Any = cast(func.extract("epoch", func.min(moment)), BigInteger)
            last: Any = cast(func.extract("epoch", func.max(moment)), BigInteger)
        else:  # SQLite keeps UTC text: %W numbers Monday-started weeks (split at New Year)
            week = func.strftime("%Y-%W", moment)
            first = cast(func.strftime("%s", func.min(moment)), Integer)
            last = cast(func.strftime("%s", func.max(moment)), Integer)
        query = (
            select(table.member_id, first, last)
            .join(MemberRow, table.member_id == MemberRow.id)
            .where(
                table.group_id == group_id,
                moment >= since,
                moment < until,
                MemberRow.privacy != _PRIVATE,
            )
            .group_by(table.member_id, week)
        )
        return [Span(member, first, last) for member, first, last in self._session.execute(query)]


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
