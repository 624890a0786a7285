"""A group's reply figures are one SELECT however many members it has (issue 12's rule that a
weekly summary's statement count does not grow with the group)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, event

from bot.records import OPEN_STATES, FollowUpKind, FollowUpState, ReplyOutcome
from bot.values import Actor
from storage.uow import SqlUnitOfWork
from tests.storage.support import NOON

WEEK = timedelta(days=7)


def seed(engine: Engine, members: int, start: int) -> int:
    with SqlUnitOfWork(engine)() as repo:
        for number in range(start, start + members):
            who = repo.ensure_member(Actor("slack", "T1", f"U{number}", "M", "C1", "g"), NOON)
            rejection = repo.add_rejection(who.id, "Acme", "", "", NOON)
            followup = repo.add_followup(rejection.id, who.id, FollowUpKind.THANK_YOU, NOON, NOON)
            repo.transition_followup(followup.id, OPEN_STATES, FollowUpState.DONE, NOON)
            repo.record_reply_outcome(followup.id, ReplyOutcome.REPLIED, NOON + WEEK)
        group = repo.get_group("slack", "T1", "C1")
        assert group is not None
        return group.id


def statements_for_counts(engine: Engine, group_id: int) -> tuple[list[str], int]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        if not args[2].startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE
            seen.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        with SqlUnitOfWork(engine)() as repo:
            counts = repo.group_reply_counts(group_id, NOON, NOON + WEEK)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen, counts.sent


def test_the_group_counts_are_one_select_for_10_or_60_members(engine: Engine) -> None:
    group_id = seed(engine, 10, 0)
    few, sent = statements_for_counts(engine, group_id)
    assert sent == 10
    seed(engine, 50, 10)
    many, sent = statements_for_counts(engine, group_id)
    assert sent == 60
    assert len(few) == len(many) == 1 and many[0].lstrip().startswith("SELECT")
