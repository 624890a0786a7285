"""Every command gets an answer, and the answer is true about what was saved."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime

from bot.answering import answer
from bot.core import Core
from bot.ports import CommitGate, UnitOfWork
from bot.values import Command, Outbound
from tests.helpers import actor, at, slash, text

NOON = at("2026-12-01T12:00:00+00:00")


def rejections(uow: UnitOfWork) -> int:
    """How many rejections Alex has stored."""
    with uow() as repo:
        alex = repo.find_member(actor("Alex"))
        return 0 if alex is None else len(repo.rejections_for_member(alex.id))


class SlowCore(Core):
    """The real core, with a pause where a stalled database would hold it."""

    def __init__(self, uow: UnitOfWork, pause: float, before_commit: bool) -> None:
        super().__init__(uow)
        self._pause = pause
        self._before_commit = before_commit

    def handle(
        self, command: Command, now: datetime, gate: CommitGate | None = None
    ) -> list[Outbound]:
        outer = gate

        class Stalled:
            def may_commit(inner) -> bool:
                if self._before_commit:
                    time.sleep(self._pause)
                allowed = outer is None or outer.may_commit()
                if allowed and not self._before_commit:
                    time.sleep(self._pause)  # the COMMIT itself is slow to come back
                return allowed

        return super().handle(command, now, Stalled())


async def test_a_stalled_command_is_answered_and_never_committed_later(
    uow: UnitOfWork,
) -> None:
    core = SlowCore(uow, pause=1.0, before_commit=True)
    (reply,) = await answer(core, slash("rejected", "Acme"), NOON, patience=0.2)
    assert "nothing was recorded" in text(reply)
    await asyncio.sleep(1.2)  # the work finishes after we gave up
    assert rejections(uow) == 0


async def test_a_commit_under_way_is_awaited_not_denied(uow: UnitOfWork) -> None:
    # Reaching the COMMIT must take less than `patience` even on a loaded machine, and the
    # COMMIT itself (3 s) ends within the second wait of `patience`.
    core = SlowCore(uow, pause=3.0, before_commit=False)
    (reply,) = await answer(core, slash("rejected", "Acme"), NOON, patience=2.5)
    assert "Logged" in text(reply)
    assert rejections(uow) == 1


async def test_a_commit_that_never_returns_is_reported_as_unknown(uow: UnitOfWork) -> None:
    core = SlowCore(uow, pause=8.0, before_commit=False)
    (reply,) = await answer(core, slash("rejected", "Acme"), NOON, patience=2.5)
    assert "can't tell whether it went through" in text(reply)
