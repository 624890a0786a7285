"""The weekly summary reads a number of SQL statements that does not grow with the group
(issue 12's speed rule): the same count for 10 members as for 200, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, event

from bot.momentum.post import summary_post
from bot.records import ActivityKind, FollowUpState, GoalKind, Occurrence, OccurrenceKind
from storage.uow import SqlUnitOfWork
from tests.helpers import actor, at, text

END = at("2026-12-28T08:00:00+00:00")


def seed(uow: SqlUnitOfWork, members: int) -> None:
    with uow() as repo:
        for n in range(members):
            member = repo.ensure_member(actor(f"M{n}"), END - timedelta(days=400))
            rejection = repo.add_rejection(member.id, f"Co{n}", "", "", END - timedelta(days=3))
            for week in range(0, 12, 2):
                when = END - timedelta(days=7 * week + 1)
                repo.add_activity(member.id, ActivityKind.APPLIED, f"App{n}", when)
            repo.add_activity(
                member.id, ActivityKind.FOLLOWUP_SENT, "", END - timedelta(days=2), rejection.id
            )
            repo.set_goal(member.id, GoalKind.APPLICATIONS, 2, END - timedelta(days=30))


def statements_for_summary(engine: Engine, members: int) -> tuple[int, str]:
    uow = SqlUnitOfWork(engine)
    seed(uow, members)
    counted: list[str] = []

    def count(*args: Any) -> None:
        counted.append(str(args[2]))

    with uow() as repo:
        (group,) = repo.groups()
        occurrence = Occurrence(
            0,
            "summary:x",
            OccurrenceKind.SUMMARY,
            group.id,
            END,
            FollowUpState.SENDING,
            1,
            "",
            "",
            END,
            scheduled_at=END,
        )
        event.listen(engine, "before_cursor_execute", count)
        try:
            post = summary_post(repo, occurrence, group, "Europe/Berlin")
        finally:
            event.remove(engine, "before_cursor_execute", count)
    return len(counted), text(post)


def test_the_summary_reads_the_same_statements_for_10_and_200_members(
    engine: Engine, empty_engine: Engine
) -> None:
    few, shown = statements_for_summary(engine, 10)
    assert "Applications: 10" in shown and "…and" not in shown
    with engine.begin() as connection:
        for table in (
            "goals",
            "activities",
            "followups",
            "rejections",
            "members",
            "groups",
            "workspaces",
        ):
            connection.exec_driver_sql(f"DELETE FROM {table}")
    many, shown = statements_for_summary(engine, 200)
    assert "Applications: 200" in shown and "…and 188 more members took steps" in shown
    assert few == many, f"{few} statements for 10 members, {many} for 200"
    # the week's steps, the goals, the streaks' spans, the chart's counts, the events, the reply
    # rate
    assert many <= 6
