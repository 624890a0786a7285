"""Each member's first and last moment per UTC week (`bot.week_store.Span`), for streaks, in one
statement whose answer stays small however long the group's history.

The database groups the group's steps (activities and rejections) by member and UTC week, then
finds for each member the latest week after a clean break: a UTC week with no step that no
local week can reach across (nothing in the last `EAST_SECONDS` of the week before it, nothing
in the first `WEST_SECONDS` of the week after it; two or more empty weeks in a row always hold
such a week). Every local week after that break is told exactly by the spans after it, and the
empty week stops any streak, so only those spans come back, with the member's earliest one
(whether they were active before is all that is asked of the past). A year of a busy group is
tens of thousands of week rows; what comes back is a few per member.

Seconds since 1970 come from `julianday` on SQLite (its `strftime('%s')` is three times slower;
`unixepoch` needs SQLite 3.38), rounded to the millisecond SQLite keeps, then truncated to the
second as `strftime('%s')` would; on PostgreSQL from `date_part('epoch')` (a float: `extract`'s
numeric is slower), truncated alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Integer, and_, case, cast, func, or_, select, union, union_all
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.records import Privacy
from bot.week_store import EAST_SECONDS, WEEK, WEST_SECONDS, Span
from storage.models import ActivityRow, MemberRow, RejectionRow

WEEK_SECONDS = int(WEEK.total_seconds())
MONDAY = 4 * 86400  # 1970-01-05 00:00 UTC, the first Monday: UTC weeks are counted from it


def spans(session: Session, group_id: int, since: datetime, until: datetime) -> tuple[Span, ...]:
    """The spans in [since, until) of the members (but `private` ones) with a step in the last
    seven days before `until`: only they have a line, so only their streaks are asked for."""
    postgres = session.get_bind().dialect.name == "postgresql"
    tables = ((ActivityRow, ActivityRow.occurred_at), (RejectionRow, RejectionRow.logged_at))
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
            for table, moment in tables
        )
    )
    parts = [
        select(table.member_id.label("member_id"), _seconds(moment, postgres).label("sec")).where(
            table.group_id == group_id,
            moment >= since,
            moment < until,
            table.member_id.in_(active),
        )
        for table, moment in tables
    ]
    moments = union_all(*parts).subquery()
    week_of = (moments.c.sec - MONDAY) // WEEK_SECONDS
    weeks = (
        select(
            moments.c.member_id,
            week_of.label("week"),
            func.min(moments.c.sec).label("first"),
            func.max(moments.c.sec).label("last"),
        )
        .group_by(moments.c.member_id, week_of)
        .subquery()
    )
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


def _seconds(moment: InstrumentedAttribute[datetime], postgres: bool) -> Any:
    """Whole seconds since 1970 UTC of a stored moment (see the module's docstring)."""
    if postgres:
        return cast(func.floor(func.date_part("epoch", moment)), BigInteger)
    milliseconds = cast(func.round((func.julianday(moment) - 2440587.5) * 86400000), Integer)
    return milliseconds // 1000
