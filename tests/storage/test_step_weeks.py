"""The stored weeks (`storage.step_weeks`) are what the steps say, whatever was written: a
streak read from a stale row would count a week a member deleted, or miss one they logged.
Each write path is followed by a check against the weeks rebuilt from the steps themselves."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.records import ActivityKind
from storage import step_weeks
from storage.models import StepWeekRow
from storage.uow import SqlUnitOfWork
from tests.helpers import actor, at

NOW = at("2026-12-02T10:00:00+00:00")


def stored(engine: Engine) -> set[tuple[int, int, int, int, int]]:
    with Session(engine) as session:
        rows = session.execute(select(StepWeekRow.__table__))
        return {tuple(row) for row in rows}


def rebuilt(engine: Engine) -> set[tuple[int, int, int, int, int]]:
    """The weeks as migration 0012 would store them now, without changing the table."""
    with Session(engine) as session, session.begin():
        step_weeks.rebuild(session, lambda table: table.member_id.is_not(None))
        found = {tuple(row) for row in session.execute(select(StepWeekRow.__table__))}
        session.rollback()
        return found


def test_stored_weeks_follow_every_write(engine: Engine) -> None:
    uow = SqlUnitOfWork(engine)
    with uow() as repo:
        alex = repo.ensure_member(actor("Alex"), NOW)
        sam = repo.ensure_member(actor("Sam"), NOW)
        rejection = repo.add_rejection(alex.id, "Acme", "", "", NOW - timedelta(days=9))
        repo.add_activity(alex.id, ActivityKind.FEEDBACK, "", NOW - timedelta(days=1), rejection.id)
        repo.add_activity(alex.id, ActivityKind.APPLIED, "Globex", NOW - timedelta(days=8))
        kept = repo.add_activity(sam.id, ActivityKind.APPLIED, "Initech", NOW - timedelta(days=2))
        gone = repo.add_activity(sam.id, ActivityKind.NETWORKED, "", NOW - timedelta(days=21))
    assert len(stored(engine)) == 4  # Alex's two UTC weeks, Sam's two
    assert stored(engine) == rebuilt(engine)

    with uow() as repo:
        assert repo.delete_activity(sam.id, gone.id) is not None
    assert stored(engine) == rebuilt(engine)
    assert {row[1] for row in stored(engine)} == {alex.id, sam.id} and len(stored(engine)) == 3

    with uow() as repo:
        repo.delete_rejection(rejection.id)  # the feedback stays, unlinked
    assert stored(engine) == rebuilt(engine)

    with uow() as repo:
        repo.ensure_member(actor("Kim", channel="other"), NOW)
        repo.choose_group_channel("console", "T1", "other")  # everyone's steps move there
    assert stored(engine) == rebuilt(engine)
    assert len({row[0] for row in stored(engine)}) == 1

    with uow() as repo:
        repo.delete_member_data(sam.id)
        assert repo.delete_activity(sam.id, kept.id) is None
    assert stored(engine) == rebuilt(engine)
    assert {row[1] for row in stored(engine)} == {alex.id}
