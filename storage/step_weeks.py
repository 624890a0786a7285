"""Each member's UTC weeks with a step (table `step_weeks`), kept beside the steps themselves.

Streaks need, per member and UTC week, the first and last moment (`bot.week_store.Span`).
Grouping a year of a large group's steps by member and week on every summary was most of its
time (issue 12: about 85 of 150 ms on SQLite, a sort of 75,000 rows), so the weeks are stored
as the steps are written, one row per member and week, and a summary reads a row a week.

Every write of an activity or rejection goes through here: a new step widens its week's row
(one upsert, computed by the database from the row just written, so its seconds are exactly
those `seconds` gives everywhere else); removing steps or moving a member's steps to another
group rebuilds that member's rows from their steps (a member's history is a few hundred rows).
Migration 0012 filled the table from the steps already logged.

Seconds since 1970 come from `julianday` on SQLite (its `strftime('%s')` is three times slower;
`unixepoch` needs SQLite 3.38), rounded to the millisecond SQLite keeps, then truncated to the
second as `strftime('%s')` would; on PostgreSQL from `date_part('epoch')` (a float: `extract`'s
numeric is slower), truncated alike.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    bindparam,
    cast,
    delete,
    func,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.week_store import WEEK
from storage.models import ActivityRow, RejectionRow, StepWeekRow

WEEK_SECONDS = int(WEEK.total_seconds())
MONDAY = 4 * 86400  # 1970-01-05 00:00 UTC, the first Monday: UTC weeks are counted from it
STEP_TABLES = ((ActivityRow, ActivityRow.occurred_at), (RejectionRow, RejectionRow.logged_at))
Table = type[ActivityRow] | type[RejectionRow]


def seconds(moment: InstrumentedAttribute[datetime], postgres: bool) -> Any:
    """Whole seconds since 1970 UTC of a stored moment (see the module's docstring)."""
    if postgres:
        return cast(func.floor(func.date_part("epoch", moment)), BigInteger)
    milliseconds = cast(func.round((func.julianday(moment) - 2440587.5) * 86400000), Integer)
    return milliseconds // 1000


def week_of(second: Any) -> Any:
    """The UTC week (counted from 1970-01-05) of a moment in seconds."""
    return (second - MONDAY) // WEEK_SECONDS


def record(session: Session, table: Table, row_id: int) -> None:
    """Widen the week of the step just written (by id) to take it in: one statement, built
    once per table and database kind (building it anew, with its cache key, took 17% of a
    `/rejected`'s CPU under load, issue 13). The caller has flushed the step."""
    postgres = _postgres(session)
    upsert = _upserts.get((table, postgres))
    if upsert is None:
        upsert = _upserts[(table, postgres)] = _upsert(table, postgres)
    session.connection().execute(upsert, {"row_id": row_id})


_upserts: dict[tuple[Table, bool], Any] = {}


def _upsert(table: Table, postgres: bool) -> Any:
    """`record`'s statement for `table`, the step's id a parameter (`row_id`). On the tables,
    not the ORM classes: the ORM would read a parameter as rows to insert."""
    steps: Any = table.__table__.c
    weeks: Any = StepWeekRow.__table__
    second = seconds(steps.occurred_at if table is ActivityRow else steps.logged_at, postgres)
    new = select(steps.group_id, steps.member_id, week_of(second), second, second).where(
        steps.id == bindparam("row_id"), steps.group_id.is_not(None)
    )
    columns = ["group_id", "member_id", "week", "first", "last"]
    if postgres:
        upsert: Any = postgresql.insert(weeks).from_select(columns, new)
        earliest: Any = func.least
        latest: Any = func.greatest
    else:
        upsert = sqlite.insert(weeks).from_select(columns, new)
        earliest, latest = func.min, func.max  # SQLite's two-argument min and max
    return upsert.on_conflict_do_update(
        index_elements=["group_id", "member_id", "week"],
        set_={
            "first": earliest(weeks.c.first, upsert.excluded.first),
            "last": latest(weeks.c.last, upsert.excluded.last),
        },
    )


def rebuild(session: Session, members: Callable[[Any], ColumnElement[bool]]) -> None:
    """Rewrite the rows of the members `members` picks (a condition on a table's `member_id`,
    as a function of the table) from their steps: after steps were removed, or moved to
    another group. Two statements, however many members."""
    session.execute(delete(StepWeekRow).where(members(StepWeekRow)))
    postgres = _postgres(session)
    moments = union_all(
        *(
            select(
                table.group_id.label("group_id"),
                table.member_id.label("member_id"),
                seconds(moment, postgres).label("sec"),
            ).where(members(table), table.group_id.is_not(None))
            for table, moment in STEP_TABLES
        )
    ).subquery()
    week = week_of(moments.c.sec)
    grouped = select(
        moments.c.group_id,
        moments.c.member_id,
        week,
        func.min(moments.c.sec),
        func.max(moments.c.sec),
    ).group_by(moments.c.group_id, moments.c.member_id, week)
    columns = ["group_id", "member_id", "week", "first", "last"]
    session.execute(StepWeekRow.__table__.insert().from_select(columns, grouped))  # type: ignore[attr-defined]


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
