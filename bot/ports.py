"""The core's two ports: storage (through a unit of work) and messengers (per platform).

The core depends on these protocols only; `storage/` implements the repository and each adapter
implements a messenger. Tests use the real storage on SQLite or PostgreSQL, and an in-memory fake
(`tests/fakes`) held to the same contract (`tests/contract`). The repository's methods are
declared in parts: `bot.record_store`, `bot.delivery_queue`, `bot.group_store`,
`bot.event_store`, `bot.goal_store`, `bot.week_store` and `bot.reply_store`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from bot.delivery_queue import DeliveryQueue
from bot.event_store import EventStore
from bot.goal_store import GoalStore
from bot.group_store import GroupStore
from bot.record_store import RecordStore
from bot.reply_store import ReplyStore
from bot.values import Outbound
from bot.week_store import WeekStore


class Repository(
    RecordStore,
    DeliveryQueue,
    GroupStore,
    EventStore,
    GoalStore,
    WeekStore,
    ReplyStore,
    Protocol,
):
    """Everything the core reads or writes, inside one transaction (the parts say what)."""


class CommitGate(Protocol):
    """Asked once, just before COMMIT, whether the transaction may still commit."""

    def may_commit(self) -> bool:
        """False when whoever waits for the result has given up (and told the member nothing
        was recorded): the transaction then rolls back instead, so that stays true."""
        ...


class UnitOfWork(Protocol):
    """Opens a transaction: `with uow() as repo:` commits on success and rolls back on error.

    With a `gate`, the transaction commits only if `gate.may_commit()` says so when the work
    is done; otherwise it rolls back and `Abandoned` is raised.
    """

    def __call__(self, gate: CommitGate | None = None) -> AbstractContextManager[Repository]: ...


class Abandoned(Exception):
    """The work finished after its caller stopped waiting, so it was rolled back."""


@dataclass(frozen=True)
class Delivery:
    """What a messenger reports for one outbound message."""

    ok: bool
    message_ref: str = ""
    error: str = ""
    permanent: bool = False  # retrying cannot help (for example the member closed their DMs)
    retry_after: float | None = None  # the platform asked us to wait this many seconds (429)
    dm_closed: bool = False  # the member does not accept DMs from the bot
    # The request may have reached the platform (a 5xx, a timeout, a dropped connection after
    # sending): the next attempt looks at the platform's history before sending again.
    ambiguous: bool = False


class Messenger(Protocol):
    async def send(self, message: Outbound) -> Delivery: ...

    async def find(self, message: Outbound) -> Delivery | None:
        """The delivery of an earlier message with this `work_key`, if the platform shows one.

        Asked before sending again whenever an earlier attempt may have arrived (a crash left the
        delivery unfinished, or the platform's answer was ambiguous), so that a message which did
        go out is recorded instead of sent twice. None means "not found, or cannot tell": the caller
        sends again, so an interrupted delivery is at least once where a platform cannot tell. A
        Delivery that is not ok means "could not look just now": the caller looks again later.
        """
        ...

    async def retract(self, message: Outbound, message_ref: str) -> None:
        """Delete `message`, which this messenger delivered (`message_ref` as `send` returned).

        Used when its recipient asked to be forgotten while it was on its way: their data was
        deleted before the message landed, so the platform is asked to delete it too. Failures
        are the messenger's to log; nothing is retried.
        """
        ...
