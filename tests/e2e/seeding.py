"""Fill a database with due follow-ups quickly, through the real storage code."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.records import FollowUpKind
from bot.values import Actor
from storage import migrate
from storage.db import make_engine
from storage.uow import SqlUnitOfWork


def seed_due_followups(url: str, count: int, due: datetime, schema: str | None = None) -> None:
    """`count` console members, each with one thank-you note due at `due`."""
    engine = make_engine(url, schema=schema)
    try:
        migrate.upgrade(engine)
        uow = SqlUnitOfWork(engine)
        logged = due - timedelta(days=1)
        with uow() as repo:
            for n in range(count):
                who = Actor("console", "local", f"member-{n}", f"Member {n}", "general", "general")
                member = repo.ensure_member(who, logged)
                rejection = repo.add_rejection(member.id, f"Company {n}", "", "", logged)
                repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, due, logged)
    finally:
        engine.dispose()


def delivered_keys(transcript: str) -> list[str]:
    """Every work key the transcript file shows as delivered, in order, repeats included."""
    keys: list[str] = []
    for line in transcript.splitlines():
        if line.startswith("    · ref "):
            keys.extend(line.removeprefix("    · ref ").split())
    return keys
