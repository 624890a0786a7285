"""A due pass cut short by a database failure: once the database answers again, the next pass
finishes what was claimed (records the nudge that went out, sends the rest) without waiting for
the claims' 10-minute lease, and nothing is sent twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select

from bot.delivery.due import Deliverer, DueWork
from bot.ports import UnitOfWork
from bot.records import FollowUpKind
from bot.values import Actor
from storage import models
from tests.backends import real_databases_only
from tests.helpers import RecordingMessenger

DUE = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
MEMBERS = 3


def refuse_recording_sent(engine: Engine) -> None:
    """The database itself fails every move of a follow-up to `sent` (a real database error)."""
    with engine.begin() as db:
        if engine.dialect.name == "sqlite":
            db.exec_driver_sql(
                "CREATE TRIGGER refuse_sent BEFORE UPDATE OF state ON followups "
                "WHEN NEW.state = 'sent' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        else:
            db.exec_driver_sql(
                "CREATE OR REPLACE FUNCTION refuse() RETURNS trigger AS "
                "$$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql"
            )
            db.exec_driver_sql(
                "CREATE TRIGGER refuse_sent BEFORE UPDATE ON followups FOR EACH ROW "
                "WHEN (NEW.state = 'sent') EXECUTE FUNCTION refuse()"
            )


def allow_recording_sent(engine: Engine) -> None:
    with engine.begin() as db:
        if engine.dialect.name == "sqlite":
            db.exec_driver_sql("DROP TRIGGER refuse_sent")
        else:
            db.exec_driver_sql("DROP TRIGGER refuse_sent ON followups")


def states(engine: Engine) -> list[str]:
    with engine.connect() as db:
        return list(db.scalars(select(models.FollowUpRow.state)))


# A real database error (a trigger refusing the write) is what cuts the pass short here.
@real_databases_only
async def test_a_pass_cut_short_by_the_database_is_finished_by_the_next_one(
    uow: UnitOfWork, engine: Engine
) -> None:
    logged = DUE - timedelta(days=2)
    with uow() as repo:
        for n in range(MEMBERS):
            who = Actor("slack", "T1", f"U{n}", f"Member {n}", "C1", "job-hunt")
            member = repo.ensure_member(who, logged)
            rejection = repo.add_rejection(member.id, f"Company {n}", "", "", logged)
            repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, DUE, logged)
        for group in repo.groups():
            repo.save_group(replace(group, summary_schedule="", networking_schedule=""))
    messenger = RecordingMessenger()
    deliverer = Deliverer(DueWork(uow, "Europe/Berlin"), messenger.route)

    refuse_recording_sent(engine)
    with pytest.raises(Exception, match="refused"):
        await deliverer.run(lambda: DUE)
    # A batch is recorded in one transaction after it went out: that is what failed.
    assert len(messenger.sent) == MEMBERS, "the batch went out before the failure"
    assert states(engine) == ["sending"] * MEMBERS

    allow_recording_sent(engine)  # the database is back a minute later, well within the lease
    await deliverer.run(lambda: DUE + timedelta(minutes=1))
    assert states(engine) == ["sent"] * MEMBERS
    assert sorted(m.destination.user_id for m in messenger.sent) == ["U0", "U1", "U2"]
