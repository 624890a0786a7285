"""The core's two ports: storage (through a unit of work) and messengers (per platform).

The core depends on these protocols only; `storage/` implements the repository and each adapter
implements a messenger. Tests use the real storage on SQLite or PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.records import (
    Activity,
    ActivityKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Group,
    Member,
    Rejection,
)
from bot.values import Actor, Outbound


class Repository(Protocol):
    """Everything the core reads or writes, inside one transaction."""

    # members, groups, workspaces
    def ensure_member(self, actor: Actor, now: datetime) -> Member:
        """Create (or refresh the display name of) the workspace, channel group and member."""
        ...

    def get_member(self, member_id: int) -> Member | None: ...

    def save_member(self, member: Member) -> None:
        """Write the member's settings (timezone, quiet hours, privacy, dm_open, encouragement)."""
        ...

    def get_group(self, platform: str, workspace_id: str, channel_id: str) -> Group | None: ...

    def delete_member_data(self, member_id: int) -> int:
        """Delete the member and every row that belongs to them; return how many rows went."""
        ...

    # rejections
    def add_rejection(
        self, member_id: int, company: str, role: str, note: str, logged_at: datetime
    ) -> Rejection: ...

    def get_rejection(self, rejection_id: int) -> Rejection | None: ...

    def find_recent_rejection(
        self, member_id: int, company: str, since: datetime
    ) -> Rejection | None:
        """The newest rejection of this member for this company (any case) logged since `since`."""
        ...

    def rejections_for_member(self, member_id: int) -> list[Rejection]:
        """Newest first."""
        ...

    def delete_rejection(self, rejection_id: int) -> None:
        """Remove a rejection with its follow-ups and the activities linked to it."""
        ...

    # follow-ups
    def add_followup(
        self,
        rejection_id: int,
        member_id: int,
        kind: FollowUpKind,
        due_at: datetime,
        now: datetime,
    ) -> FollowUp: ...

    def get_followup(self, followup_id: int) -> FollowUp | None: ...

    def followups_for_rejection(self, rejection_id: int) -> list[FollowUp]:
        """Ordered by due time."""
        ...

    def followups_for_member(self, member_id: int) -> list[FollowUp]:
        """Ordered by due time."""
        ...

    def transition_followup(
        self,
        followup_id: int,
        from_states: Collection[FollowUpState],
        to_state: FollowUpState,
        now: datetime,
        *,
        due_at: datetime | None = None,
        error: str | None = None,
    ) -> bool:
        """Move a follow-up to `to_state` only if it is in one of `from_states`, atomically.

        Returns False when another actor (a button press, another replica) changed it first. Sets
        `sent_at` when moving to SENT, `done_at` when moving to DONE, and counts an attempt when
        moving to SENDING.
        """
        ...

    def due_followups(self, now: datetime, limit: int) -> list[FollowUp]:
        """Waiting follow-ups (pending or snoozed) due at or before `now`, oldest first."""
        ...

    def next_due_at(self) -> datetime | None:
        """The earliest due time of any waiting follow-up."""
        ...

    # activities
    def add_activity(
        self,
        member_id: int,
        kind: ActivityKind,
        detail: str,
        occurred_at: datetime,
        rejection_id: int | None = None,
    ) -> Activity: ...

    def activities_for_member(self, member_id: int) -> list[Activity]:
        """Oldest first."""
        ...


class UnitOfWork(Protocol):
    """Opens a transaction: `with uow() as repo:` commits on success and rolls back on error."""

    def __call__(self) -> AbstractContextManager[Repository]: ...


@dataclass(frozen=True)
class Delivery:
    """What a messenger reports for one outbound message."""

    ok: bool
    message_ref: str = ""
    error: str = ""
    permanent: bool = False  # retrying cannot help (for example the member closed their DMs)


class Messenger(Protocol):
    async def send(self, message: Outbound) -> Delivery: ...
