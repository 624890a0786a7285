"""Composition: settings become a database, a core and a due-work engine, wired once."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from sqlalchemy import Engine

from bot.core import Core
from bot.due import DueWork
from storage import migrate
from storage.db import make_engine, normalize_url
from storage.uow import SqlUnitOfWork


@dataclass(frozen=True)
class Services:
    engine: Engine
    core: Core
    work: DueWork


def build(database_url: str, default_timezone: str, *, upgrade: bool = True) -> Services:
    """Open the database (migrating it to the latest schema first) and wire the core to it."""
    url = normalize_url(database_url)
    if upgrade:
        migrate.upgrade(url)
    engine = make_engine(url)
    uow = SqlUnitOfWork(engine)
    return Services(engine, Core(uow, default_timezone), DueWork(uow, default_timezone))


def settle_memory() -> None:
    """Move everything loaded at start-up out of the garbage collector's way.

    With the platform SDKs imported, a full collection walks over a million long-lived objects
    and can hold the shared event loop for 100 ms or more, long enough to slow a Slack answer.
    Freezing them after start-up leaves the collector only the objects made while running.
    """
    gc.collect()
    gc.freeze()
