"""One transaction per `with uow() as repo:`, so a handler's writes land together or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from bot.ports import Abandoned, CommitGate
from storage.repository import SqlRepository


class SqlUnitOfWork:
    def __init__(self, engine: Engine) -> None:
        # Records are built before commit, so nothing needs reloading after it.
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def __call__(self, gate: CommitGate | None = None) -> Iterator[SqlRepository]:
        with self._sessions() as session, session.begin():
            yield SqlRepository(session)
            if gate is not None and not gate.may_commit():
                raise Abandoned("the caller stopped waiting; rolled back")
