"""Every command gets an answer: its result, or an honest word that nothing was recorded.

A command runs in a worker thread (the core's `executor`: one thread on an SQLite file, where
the transactions take turns anyway), because the database is blocking. If the database fails, or
does not answer within `PATIENCE` seconds, the member is told that nothing was saved. That
sentence must be true, so the wait is settled with the transaction itself (a `CommitGate`): once
we give up, the transaction can no longer commit, however late it finishes. Only a COMMIT
already on its way when we give up leaves the outcome unknown, and then the member is told
exactly that.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
import threading
from datetime import datetime
from enum import Enum

from bot import markup
from bot.core import Core
from bot.messages import replies
from bot.observe import ANSWERED, NOT_SAVED, UNKNOWN
from bot.ports import Abandoned
from bot.values import Actor, Command, Destination, Outbound, SlashCommand

log = logging.getLogger(__name__)

PATIENCE = 5.0  # seconds a member waits before hearing "try again"


class _Stage(Enum):
    RUNNING = "running"
    COMMITTING = "committing"
    ABANDONED = "abandoned"


class Attempt:
    """One command's transaction, and whether its caller still waits for it (a `CommitGate`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stage = _Stage.RUNNING

    def may_commit(self) -> bool:
        with self._lock:
            if self._stage is _Stage.ABANDONED:
                return False
            self._stage = _Stage.COMMITTING
            return True

    def abandon(self) -> bool:
        """Give up waiting; True when the transaction is now certain not to commit."""
        with self._lock:
            if self._stage is _Stage.RUNNING:
                self._stage = _Stage.ABANDONED
            return self._stage is _Stage.ABANDONED

    @property
    def abandoned(self) -> bool:
        with self._lock:
            return self._stage is _Stage.ABANDONED

    @property
    def committing(self) -> bool:
        with self._lock:
            return self._stage is _Stage.COMMITTING


async def answer(
    core: Core, command: Command, now: datetime, patience: float = PATIENCE
) -> list[Outbound]:
    """The core's answers to `command`; never raises and never waits much longer than `patience`."""
    outcome, answers = await _answer(core, command, now, patience)
    core.observer.command_handled(command.actor.platform, core.label(command), outcome)
    return answers


async def _answer(
    core: Core, command: Command, now: datetime, patience: float
) -> tuple[str, list[Outbound]]:
    attempt = Attempt()
    # As `asyncio.to_thread` does, but in the core's executor.
    run = functools.partial(contextvars.copy_context().run, _handle, core, command, now, attempt)
    try:
        work = asyncio.get_running_loop().run_in_executor(core.executor, run)
    except RuntimeError:  # the process is shutting down: its workers take nothing new
        _log("command refused: shutting down", command)
        return NOT_SAVED, [not_saved(command.actor)]
    work.add_done_callback(_settle)
    try:
        return ANSWERED, await asyncio.wait_for(asyncio.shield(work), patience)
    except asyncio.CancelledError:
        if not work.cancelled() or _being_cancelled():
            raise
        # A shutdown dropped it while it queued for its thread: it never ran.
        _log("command dropped at shutdown; nothing ran", command)
        return NOT_SAVED, [not_saved(command.actor)]
    except TimeoutError:
        if attempt.abandon():
            _log("command timed out; rolled back", command)
            return NOT_SAVED, [not_saved(command.actor)]
    except Exception:
        if not attempt.committing:
            log.exception("command failed; rolled back", extra=_fields(command))
            return NOT_SAVED, [not_saved(command.actor)]
    # A COMMIT was under way when the wait ended: it either landed or it did not.
    try:
        return ANSWERED, await asyncio.wait_for(asyncio.shield(work), patience)
    except Exception:
        _log("command outcome unknown", command)
        return UNKNOWN, [_reply(command.actor, replies.SAVE_UNKNOWN)]


def _being_cancelled() -> bool:
    """Whether the caller's own task is being cancelled (not only the work it waits for)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


def _handle(core: Core, command: Command, now: datetime, attempt: Attempt) -> list[Outbound]:
    """The command, unless its member stopped waiting while it queued for a thread: that one
    was already told nothing was saved, so it is not worked through only to be rolled back."""
    if attempt.abandoned:
        raise Abandoned("the caller stopped waiting before it started")
    return core.handle(command, now, attempt)


def not_saved(actor: Actor) -> Outbound:
    return _reply(actor, replies.NOT_SAVED)


def _reply(actor: Actor, template: str) -> Outbound:
    return Outbound(Destination.ephemeral(actor), markup.blocks(template), summary=template)


def _settle(work: asyncio.Future[list[Outbound]]) -> None:
    """Collect a late failure of abandoned work, so asyncio does not log it (and its text)."""
    if not work.cancelled() and work.exception() is not None:
        log.info("abandoned command ended", extra={"error": type(work.exception()).__name__})


def _fields(command: Command) -> dict[str, str]:
    name = command.name if isinstance(command, SlashCommand) else ""
    action = "" if isinstance(command, SlashCommand) else command.action_id
    return {"platform": command.actor.platform, "command": name or action}


def _log(event: str, command: Command) -> None:
    log.warning(event, extra=_fields(command))
