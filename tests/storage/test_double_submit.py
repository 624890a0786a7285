"""Copies of one command arriving at once (a double click, a client retry) act once."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, func, select

from bot.core import Core
from bot.ports import UnitOfWork
from bot.values import Outbound, SlashCommand
from storage import models
from tests.helpers import text
from tests.storage.support import ALEX, NOON, POSTGRES_ONLY, race


@POSTGRES_ONLY
def test_concurrent_identical_rejections_log_one_with_three_followups(
    uow: UnitOfWork, engine: Engine, database_url: str, schema: str | None
) -> None:
    with uow() as repo:
        repo.ensure_member(ALEX, NOON)  # a known member: the race is on the rejection itself

    def submit(own: UnitOfWork, start: threading.Barrier) -> list[Outbound]:
        core = Core(own, "Europe/Berlin")
        start.wait()
        return core.handle(SlashCommand(ALEX, "rejected", "Acme Corp role: Analyst"), NOON)

    answers = race(8, database_url, schema, submit, timeout=60)
    with engine.connect() as db:
        rejections = db.scalar(select(func.count()).select_from(models.RejectionRow))
        followups = db.scalar(select(func.count()).select_from(models.FollowUpRow))
    assert (rejections, followups) == (1, 3)
    shown = [text(reply) for (reply,) in answers]
    assert sum("Logged Acme Corp" in answer for answer in shown) == 1, shown
    assert sum("already logged" in answer for answer in shown) == 7, shown


@POSTGRES_ONLY
def test_a_first_contact_sent_twice_at_once_makes_one_member_and_one_rejection(
    engine: Engine, database_url: str, schema: str | None
) -> None:
    def submit(own: UnitOfWork, start: threading.Barrier) -> None:
        start.wait()
        Core(own, "UTC").handle(SlashCommand(ALEX, "rejected", "Globex"), NOON)

    race(4, database_url, schema, submit, timeout=60)
    with engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(models.MemberRow)) == 1
        assert db.scalar(select(func.count()).select_from(models.RejectionRow)) == 1
        assert db.scalar(select(func.count()).select_from(models.FollowUpRow)) == 3
