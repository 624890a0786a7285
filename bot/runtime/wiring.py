"""Composition: settings become a database, a core and a due-work engine, wired once."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Collection, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import NoReturn

from sqlalchemy import Engine

from bot.commands.registry import REGISTRY
from bot.core import Core
from bot.delivery.due import DueWork
from bot.observe import UNOBSERVED, Observer
from storage import migrate
from storage.db import make_engine, normalize_url, one_connection, ping
from storage.problems import explained
from storage.uow import SqlUnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    engine: Engine
    core: Core
    work: DueWork

    def ping(self) -> None:
        """Raise unless the database answers (see `bot.health`)."""
        ping(self.engine)


def build(
    database_url: str,
    default_timezone: str,
    *,
    upgrade: bool = True,
    setting: str = "DATABASE_URL",
    group_timezone: str | None = None,
    registered: Mapping[str, Collection[str] | None] | None = None,
    observer: Observer = UNOBSERVED,
    commands: Executor | None = None,
) -> Services:
    """Open the database (migrating it to the latest schema first) and wire the core to it.

    A database that cannot be opened raises `DatabaseProblem`, naming `setting` (where the URL
    came from) so the person who typed it knows what to fix. `group_timezone` is stored on every
    group the core serves (see `Core`), `registered` names each platform's top-level commands,
    and `observer` counts the commands answered (`bot.observe`). `commands` (one thread, see
    `Workers`) runs the members' commands when the database is an SQLite file.
    """
    with explained(database_url, setting):
        url = normalize_url(database_url)
        if upgrade:
            migrate.upgrade(url)
        engine = make_engine(url)
    uow = SqlUnitOfWork(engine)
    return Services(
        engine,
        Core(
            uow,
            default_timezone,
            group_timezone=group_timezone,
            registered=registered,
            observer=observer,
            executor=commands if one_connection(engine) else None,
        ),
        DueWork(
            uow,
            default_timezone,
            menus={p: REGISTRY.menu(names) for p, names in (registered or {}).items()},
        ),
    )


def settle_memory() -> None:
    """Move everything loaded at start-up out of the garbage collector's way.

    With the platform SDKs imported, a full collection walks over a million long-lived objects
    and can hold the shared event loop for 100 ms or more, long enough to slow a Slack answer.
    Freezing them after start-up leaves the collector only the objects made while running.
    """
    gc.collect()
    gc.freeze()


class Workers:
    """The event loop's worker threads (every `asyncio.to_thread`), which a shutdown can stop
    waiting for.

    A thread blocked on a database that stopped answering cannot be cancelled, and Python waits
    for every worker thread at exit, so SIGTERM would be ignored for as long as the outage lasts.
    `finish` waits a bounded time; the caller then ends the process with `exit_now`. Whatever a
    blocked thread held is rolled back by the database, and unsent claims are taken over after
    their lease.

    `commands` is one more thread, for the members' commands on an SQLite file. Its single
    connection lets one transaction run at a time, so with several worker threads each command
    first waited for the connection and the threads handed it (and the GIL) from one to the
    next (the pool's `Condition.notify`: 18% of the GIL's samples with 8 members typing at
    once, issue 13). One thread runs them in turn, and nothing waits for the connection.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._executor = ThreadPoolExecutor(thread_name_prefix="rebound-worker")
        loop.set_default_executor(self._executor)
        self.commands = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rebound-commands")

    async def finish(self, grace: float) -> bool:
        """Let idle workers go and wait up to `grace` seconds for busy ones; True when all done."""
        for executor in (self._executor, self.commands):
            executor.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + grace
        while _busy_threads() and time.monotonic() < deadline:  # noqa: ASYNC110 (threads have no event)
            await asyncio.sleep(0.05)
        return not _busy_threads()


def _busy_threads() -> list[threading.Thread]:
    main = threading.main_thread()
    return [t for t in threading.enumerate() if t is not main and t.is_alive() and not t.daemon]


def exit_now(code: int = 0) -> NoReturn:
    """End the process without waiting for blocked worker threads (see `Workers`)."""
    busy = len(_busy_threads())
    log.warning("exiting with worker threads still blocked", extra={"threads": busy})
    for handler in logging.getLogger().handlers:
        handler.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
