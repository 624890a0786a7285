"""A `/rejected` costs a fixed, small number of SQL statements (issue 13's speed rule), so the
count cannot creep back: on a first contact (workspace, group and member made) and for a
returning member, on SQLite and PostgreSQL. Every statement is a round trip inside the
transaction that holds the member's lock (and on SQLite the only write lock), so each one
costs every member waiting behind it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, event

from bot.core import Core
from bot.values import Actor, SlashCommand
from storage.uow import SqlUnitOfWork
from tests.helpers import at, text

NOON = at("2026-12-01T12:00:00+00:00")
ALEX = Actor("slack", "T1", "U1", "Alex", "C1", "job-hunt", "Europe/Berlin")
# Counted with `before_cursor_execute`: SQLite's `BEGIN IMMEDIATE` is one of them; COMMIT is not
# (the driver's own call). PostgreSQL takes the workspace's shared lock and the member's row lock
# in the statements that read them (`SqlRepository.enter`), so it runs one fewer (no BEGIN).
# One of them stores the rejection's week for streaks (`storage.step_weeks`, issue 12's
# summary speed). Before issue 13's work: 28 and 18 on SQLite, 30 and 20 on PostgreSQL.
LIMITS = {
    "sqlite": {"first contact": 22, "returning": 12},
    "postgresql": {"first contact": 21, "returning": 11},
}


def statements(engine: Engine, core: Core, company: str, minutes: int) -> tuple[int, str]:
    counted: list[str] = []

    def count(*args: Any) -> None:
        counted.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        command = SlashCommand(ALEX, "rejected", f"{company} role: Analyst")
        (answer,) = core.handle(command, NOON + timedelta(minutes=minutes))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(counted), text(answer)


def test_rejected_costs_a_fixed_number_of_statements(engine: Engine) -> None:
    core = Core(SqlUnitOfWork(engine), "Europe/Berlin")
    limits = LIMITS[engine.dialect.name]
    first, said = statements(engine, core, "Acme", 0)
    assert "Acme" in said and "Analyst" in said
    assert said.count("•") == 3, said  # the three planned follow-ups, as stored
    returning, said = statements(engine, core, "Globex", 1)
    assert said.count("•") == 3, said
    assert first <= limits["first contact"], f"{first} statements on first contact"
    assert returning <= limits["returning"], f"{returning} statements for a returning member"
    # and the plan it showed is the one stored (not read back, so compare)
    with SqlUnitOfWork(engine)() as repo:
        member = repo.find_member(ALEX)
        assert member is not None
        stored = [f.company for f in repo.followups_for_member(member.id)]
    assert sorted(stored) == ["Acme"] * 3 + ["Globex"] * 3
