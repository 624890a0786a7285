"""A member's own momentum: their week so far (Monday in their zone until now), their streak,
their goals and their last eight weeks, read from their own records only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.context import Context
from bot.momentum.week import Kind, active_weeks, local_week, streak_to, weekly_counts
from bot.timezones import at_local
from bot.week_store import Step


@dataclass(frozen=True)
class MyWeek:
    start: datetime  # Monday 00:00 in their zone
    counts: Counter[Kind]
    companies: tuple[tuple[Kind, str], ...]  # what they applied to or followed up with
    streak: int
    weekly: tuple[tuple[datetime, Counter[Kind]], ...]


def my_steps(ctx: Context) -> list[Step]:
    """Everything the member logged, as the summary counts it (activities and rejections)."""
    member = ctx.member.id
    rejections = {r.id: r for r in ctx.repo.rejections_for_member(member)}
    steps = []
    for activity in ctx.repo.activities_for_member(member):
        company = ""
        if activity.kind.value == "applied":
            company = activity.detail
        elif activity.kind.value == "followup_sent" and activity.rejection_id in rejections:
            linked = rejections[activity.rejection_id]
            company = f"{linked.company} ({linked.role})" if linked.role else linked.company
        steps.append(Step(member, activity.kind, activity.occurred_at, company))
    steps += [Step(member, None, r.logged_at) for r in rejections.values()]
    return sorted(steps, key=lambda step: step.at)


def my_week(ctx: Context) -> MyWeek:
    steps = my_steps(ctx)
    monday = local_week(ctx.now, ctx.tz)
    start = at_local(monday, 0, 0, ctx.tz)
    mine = [s for s in steps if start <= s.at <= ctx.now]
    return MyWeek(
        start,
        Counter(s.kind for s in mine),
        tuple((s.kind, s.company) for s in mine if s.company),
        streak_to(active_weeks(steps, ctx.tz), monday),
        weekly_counts(steps, ctx.now + timedelta(microseconds=1)),
    )
