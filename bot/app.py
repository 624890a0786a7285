"""Composition: settings become a database, a core and a due-work engine, wired once."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from sqlalchemy import Engine

from bot.core import Core
from bot.due import DueWork
from storage import migrate
from storage.db import make_engine, normalize_url
from storage.problems import explained
from storage.uow import SqlUnitOfWork


@dataclass(frozen=True)
class Services:
    engine: Engine
    core: Core
    work: DueWork


def build(
    database_url: str,
    default_timezone: str,
    *,
    upgrade: bool = True,
    setting: str = "DATABASE_URL",
    group_timezone: str | None = None,
) -> Services:
    """Open the database (migrating it to the latest schema first) and wire the core to it.

    A database that cannot be opened raises `DatabaseProblem`, naming `setting` (where the URL
    came from) so the person who typed it knows what to fix. `group_timezone` is stored on every
    group the core serves (see `Core`).
    """
    with explained(database_url, setting):
        url = normalize_url(database_url)
        if upgrade:
            migrate.upgrade(url)
        engine = make_engine(url)
    uow = SqlUnitOfWork(engine)
    return Services(
        engine,
        Core(uow, default_timezone, group_timezone=group_timezone),
        DueWork(uow, default_timezone),
    )


def settle_memory() -> None:
    """Move everything loaded at start-up out of the garbage collector's way.

    With the platform SDKs imported, a full collection walks over a million long-lived objects
    and can hold the shared event loop for 100 ms or more, long enough to slow a Slack answer.
    Freezing them after start-up leaves the collector only the objects made while running.
    """
    gc.collect()
    gc.freeze()
