"""A claim takes at most its batch, however many rows are due and however PostgreSQL plans it.

`UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)` may re-run its subquery for
every row it updates, and each re-run skips the rows this very statement already changed: one
replica then claimed all 1,000 due nudges at once, left nothing for the others, and held claims
far longer than a batch should (found by tests/e2e/test_replicas_on_slack.py).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, text

from bot.records import FollowUpKind
from bot.values import Actor
from storage.uow import SqlUnitOfWork
from tests.storage.support import NOON, member

DUE = 400


def test_a_claim_never_takes_more_than_its_batch(engine: Engine) -> None:
    uow = SqlUnitOfWork(engine)
    with uow() as repo:
        for n in range(DUE):
            who = member(repo, Actor("slack", "T1", f"U{n}", f"M{n}", "C1", "general"))
            rejection = repo.add_rejection(who.id, "Acme", "", "", NOON - timedelta(days=1))
            repo.add_followup(
                rejection.id, who.id, FollowUpKind.THANK_YOU, NOON - timedelta(minutes=1), NOON
            )
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:  # the statistics a busy database has
            connection.execute(text("ANALYZE"))
    taken: list[int] = []
    while True:
        with uow() as repo:
            batch = [f.id for f in repo.claim_due_followups(NOON, 50, {"slack"})]
        if not batch:
            break
        assert len(batch) <= 50
        taken += batch
    assert len(taken) == len(set(taken)) == DUE
