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


async def test_a_command_queued_when_the_process_shuts_down_is_told_nothing_was_recorded(
    uow: UnitOfWork,
) -> None:
    """One command thread (SQLite): a shutdown drops what still queues for it, and a command
    arriving after that cannot start. Both members hear that nothing was recorded, instead of
    nothing at all (found by a break-it session)."""
    from concurrent.futures import ThreadPoolExecutor

    thread = ThreadPoolExecutor(1)
    core = Core(uow, executor=thread)
    busy = asyncio.get_running_loop().run_in_executor(thread, time.sleep, 0.5)
    queued = asyncio.create_task(answer(core, slash("rejected", "Acme"), NOON))
    await asyncio.sleep(0.1)
    thread.shutdown(wait=False, cancel_futures=True)  # what stopping the workers does
    (reply,) = await queued
    assert "nothing was recorded" in text(reply)
    (late,) = await answer(core, slash("rejected", "Beta"), NOON)
    assert "nothing was recorded" in text(late)
    await busy
    assert rejections(uow) == 0
