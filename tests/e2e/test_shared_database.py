"""`rebound tick` without Slack credentials on a database Slack also uses: it delivers the
console's nudges and leaves Slack members' nudges for the Slack process, untouched and unprinted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.records import FollowUpKind, FollowUpState
from bot.values import Actor
from storage.db import make_engine
from storage.uow import SqlUnitOfWork
from tests.e2e.conftest import Run
from tests.e2e.seeding import seed_due_followups

DUE = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def test_tick_without_slack_leaves_slack_nudges_alone(run_rebound: Run, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rebound.db'}"
    seed_due_followups(url, 1, DUE)
    engine = make_engine(url)
    try:
        uow = SqlUnitOfWork(engine)
        with uow() as repo:
            sam = repo.ensure_member(Actor("slack", "T1", "U9", "Sam", "C1", "jobs"), DUE)
            rejection = repo.add_rejection(sam.id, "Globex", "", "", DUE - timedelta(days=1))
            slack_id = repo.add_followup(
                rejection.id, sam.id, FollowUpKind.THANK_YOU, DUE, DUE - timedelta(days=1)
            ).id
        done = run_rebound("tick", "--at", DUE.isoformat(), env={"REBOUND_TIMEZONE": "UTC"})
        assert done.returncode == 0, done.stderr
        assert "Company 0" in done.stdout and "Globex" not in done.stdout
        assert "delivered 1 message." in done.stdout
        with uow() as repo:
            untouched = repo.get_followup(slack_id)
        assert untouched is not None
        assert (untouched.state, untouched.attempts, untouched.last_error) == (
            FollowUpState.PENDING,
            0,
            "",
        )
    finally:
        engine.dispose()
