"""Each member's first and last moment per UTC week (`bot.week_store.Span`), for streaks, in one
statement whose answer stays small however long the group's history.

Each member's UTC weeks come from `step_weeks` (`storage.step_weeks`: a row per member and
week, kept as steps are written), but for the two weeks at the ends of [since, until), which
may hold steps outside it: those are grouped from the steps (activities and rejections) of
those days. The database then finds for each member the latest week after a clean break: a
UTC week with no step that no local week can reach across (nothing in the last `EAST_SECONDS`
of the week before it, nothing in the first `WEST_SECONDS` of the week after it; two or more
empty weeks in a row always hold such a week). Every local week after that break is told
exactly by the spans after it, and the empty week stops any streak, so only those spans come
back, with the member's earliest one (whether they were active before is all that is asked of
the past). A year of a busy group is tens of thousands of week rows; what comes back is a few
per member.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, select, union, union_all
from sqlalchemy.orm import Session

from bot.records import Privacy
from bot.week_store import EAST_SECONDS, WEEK, WEST_SECONDS, Span
from storage.models import MemberRow, StepWeekRow
from storage.step_weeks import MONDAY, STEP_TABLES, WEEK_SECONDS, seconds, week_of


def spans(session: Session, group_id: int, since: datetime, until: datetime) -> tuple[Span, ...]:
    """The spans in [since, until) of the members (but `private` ones) with a step in the last
    seven days before `until`: only they have a line, so only their streaks are asked for."""
    postgres = session.get_bind().dialect.name == "postgresql"
    active = union(
        *(
            select(table.member_id)
            .join(MemberRow, table.member_id == MemberRow.id)
            .where(
                table.group_id == group_id,
                moment >= until - WEEK,
                moment < until,
                MemberRow.privacy != Privacy.PRIVATE.value,
            )
            for table, moment in STEP_TABLES
        )
    )
    weeks = union_all(
        _stored(group_id, since, until, active), _ends(group_id, since, until, active, postgres)
    ).subquery()
    by_member: dict[str, Any] = {"partition_by": weeks.c.member_id, "order_by": weeks.c.week}
    marked = select(
        weeks,
        (weeks.c.week - func.lag(weeks.c.week).over(**by_member)).label("gap"),
        func.lag(weeks.c.last).over(**by_member).label("before_last"),
    ).subquery()
    week, gap, first, before_last = (
        marked.c.week,
        marked.c.gap,
        marked.c.first,
        marked.c.before_last,
    )
    # the week before the break ended early enough, or this one began late enough
    ended_early = before_last < (week - gap + 1) * WEEK_SECONDS + MONDAY - EAST_SECONDS
    began_late = first >= week * WEEK_SECONDS + MONDAY + WEST_SECONDS
    clean = or_(
        gap >= 4,  # the second of three empty weeks has empty weeks on both sides
        and_(gap == 3, or_(ended_early, began_late)),
        and_(gap == 2, ended_early, began_late),
    )
    cut = select(
        marked,
        func.max(case((clean, week))).over(partition_by=marked.c.member_id).label("cut"),
    ).subquery()
    query = select(cut.c.member_id, cut.c.first, cut.c.last).where(
        or_(cut.c.cut.is_(None), cut.c.week >= cut.c.cut, cut.c.gap.is_(None))
    )
    return tuple(Span(member, first, last) for member, first, last in session.execute(query))


def _interior(since: datetime, until: datetime) -> tuple[int, int]:
    """The UTC weeks strictly between these two are read from `step_weeks`: every step of
    them lies in [since, until), with a second to spare for SQLite's rounding to the
    millisecond; the weeks at the ends are grouped from the steps themselves."""
    low = (math.floor(since.timestamp()) + 1 - MONDAY) // WEEK_SECONDS
    high = (math.floor(until.timestamp()) - 1 - MONDAY) // WEEK_SECONDS
    return low, high


def _stored(group_id: int, since: datetime, until: datetime, active: Any) -> Any:
    low, high = _interior(since, until)
    return select(
        StepWeekRow.member_id, StepWeekRow.week, StepWeekRow.first, StepWeekRow.last
    ).where(
        StepWeekRow.group_id == group_id,
        StepWeekRow.member_id.in_(active),
        StepWeekRow.week > low,
        StepWeekRow.week < high,
    )


def _ends(group_id: int, since: datetime, until: datetime, active: Any, postgres: bool) -> Any:
    """The weeks at both ends, grouped from the steps in [since, until), read by the index
    in two stretches that never overlap (a history of two weeks or less is all ends)."""
    low, high = _interior(since, until)
    slack = timedelta(seconds=1)
    early_end = min(until, _start(low + 1) + slack)
    late_start = min(until, max(early_end, _start(high) - slack))
    parts = [
        select(table.member_id.label("member_id"), seconds(moment, postgres).label("sec")).where(
            table.group_id == group_id,
            moment >= begin,
            moment < end,
            table.member_id.in_(active),
        )
        for table, moment in STEP_TABLES
        for begin, end in ((since, early_end), (late_start, until))
    ]
    moments = union_all(*parts).subquery()
    week = week_of(moments.c.sec)
    return (
        select(
            moments.c.member_id,
            week.label("week"),
            func.min(moments.c.sec).label("first"),
            func.max(moments.c.sec).label("last"),
        )
        .where(or_(week <= low, week >= high))
        .group_by(moments.c.member_id, week)
    )


def _start(week: int) -> datetime:
    return datetime.fromtimestamp(week * WEEK_SECONDS + MONDAY, UTC)
