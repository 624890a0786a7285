"""The core's two ports: storage (through a unit of work) and messengers (per platform).

The core depends on these protocols only; `storage/` implements the repository and each adapter
implements a messenger. Tests use the real storage on SQLite or PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from bot.records import (
    Activity,
    ActivityKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Group,
    Member,
    Occurrence,
    OccurrenceKind,
    Rejection,
    SharedStep,
    Stage,
)
from bot.values import Actor, Outbound


class Repository(Protocol):
    """Everything the core reads or writes, inside one transaction."""

    # members, groups, workspaces
    def ensure_member(self, actor: Actor, now: datetime) -> Member:
        """Create (or refresh the display name of) the workspace, channel group and member, and
        remember the workspace's organization when the actor names one."""
        ...

    def lock_member(self, member_id: int) -> None:
        """Make every other transaction of this member wait until this one ends.

        The core takes it at the start of each command, so a rule that checks before it writes
        (no duplicate rejection within a day) holds however many copies of a command arrive at
        once: the second copy sees what the first one committed.
        """
        ...

    def get_member(self, member_id: int) -> Member | None: ...

    def find_member(self, actor: Actor) -> Member | None:
        """The actor's member if one is stored, creating nothing."""

    def workspace_organization(self, platform: str, workspace_id: str) -> str:
        """The organization the workspace belongs to, as last reported by the platform; "" when
        none is known (most workspaces belong to none)."""
        ...

    def save_member(self, member: Member) -> None:
        """Write the member's settings (timezone, quiet hours, privacy, dm_open, encouragement)."""
        ...

    def get_group(self, platform: str, workspace_id: str, channel_id: str) -> Group | None: ...

    def get_group_by_id(self, group_id: int) -> Group | None: ...

    def groups(self) -> list[Group]:
        """Every group, ordered by id (the scheduler rebuilds its per-group jobs from these)."""
        ...

    def save_group(self, group: Group) -> None:
        """Write the group's settings (timezone, summary and networking schedules)."""
        ...

    def delete_member_data(self, member_id: int) -> int:
        """Delete the member and every row that belongs to them; return how many rows went."""
        ...

    # rejections
    def add_rejection(
        self,
        member_id: int,
        company: str,
        role: str,
        note: str,
        logged_at: datetime,
        stage: Stage | None = None,
    ) -> Rejection: ...

    def get_rejection(self, rejection_id: int) -> Rejection | None: ...

    def find_recent_rejection(
        self, member_id: int, company: str, since: datetime, role: str | None = None
    ) -> Rejection | None:
        """The newest rejection of this member for this company (any case) logged since `since`;
        with `role`, only one for that role (any case; "" matches only no role)."""
        ...

    def companies_for_member(self, member_id: int) -> list[str]:
        """Every company the member named (rejections, applications, feedback), once each in
        the spelling they first used, oldest first."""
        ...

    def rejections_for_member(self, member_id: int) -> list[Rejection]:
        """Newest first."""
        ...

    def delete_rejection(self, rejection_id: int) -> None:
        """Remove a rejection with its follow-ups and the activities linked to it, except saved
        feedback: that stays the member's (it names its own company), just no longer linked."""
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
        message_ref: str | None = None,
        claimed_at: datetime | None = None,
        reset_attempts: bool = False,
        check_first: bool | None = None,
        generation: int | None = None,
    ) -> bool:
        """Move a follow-up to `to_state` only if it is in one of `from_states`, atomically.

        Returns False when another actor (a button press, another replica) changed it first. Sets
        `sent_at` when moving to SENT, `done_at` when moving to DONE, and counts an attempt when
        moving to SENDING; moving to SENT or SNOOZED, or `reset_attempts`, starts the count
        again. Moving to SNOOZED plans a new nudge: its `generation` goes up by one. Moving to
        SENT or SNOOZED clears `check_first`; otherwise `check_first` sets or clears it (None
        leaves it). Always sets `updated_at` to `now`. With `claimed_at`, the row must still carry
        that claim (its `updated_at`): a claim another process took over is left alone. With
        `generation`, the row must still be that nudge (a button from an earlier one does not act).
        """
        ...

    def claim_due_followups(
        self, now: datetime, limit: int, platforms: Collection[str]
    ) -> list[FollowUp]:
        """Move up to `limit` waiting follow-ups due at or before `now` to SENDING, oldest first.

        Only follow-ups of members on `platforms` (those the caller can deliver to). One
        statement (FOR UPDATE SKIP LOCKED on PostgreSQL), so concurrent passes in several
        processes never claim the same row. Counts an attempt and sets `updated_at` to `now`.
        """
        ...

    def claim_stale_followups(
        self, now: datetime, stale_before: datetime, limit: int, platforms: Collection[str]
    ) -> list[FollowUp]:
        """Re-claim SENDING follow-ups whose claim is older than `stale_before`.

        A process that claimed them died mid-delivery; the caller must find out whether the
        message went out before sending it again. Same atomicity as `claim_due_followups`.
        """
        ...

    def due_followups(self, now: datetime, limit: int) -> list[FollowUp]:
        """Waiting follow-ups (pending or snoozed) due at or before `now`, oldest first."""
        ...

    def next_due_at(self, platforms: Collection[str]) -> datetime | None:
        """The earliest due time of any waiting follow-up of a member on `platforms`."""
        ...

    # group rhythm occurrences
    def add_occurrence(
        self, key: str, kind: OccurrenceKind, group_id: int, due_at: datetime, now: datetime
    ) -> bool:
        """Insert a PENDING occurrence unless one with this key exists; True when inserted.

        Several replicas may try at once: exactly one row results, with no error.
        """
        ...

    def claim_due_occurrences(
        self, now: datetime, limit: int, platforms: Collection[str]
    ) -> list[Occurrence]:
        """As `claim_due_followups`, for PENDING occurrences of groups on `platforms`."""
        ...

    def claim_stale_occurrences(
        self, now: datetime, stale_before: datetime, limit: int, platforms: Collection[str]
    ) -> list[Occurrence]:
        """As `claim_stale_followups`, for occurrences."""
        ...

    def transition_occurrence(
        self,
        occurrence_id: int,
        from_states: Collection[FollowUpState],
        to_state: FollowUpState,
        now: datetime,
        *,
        due_at: datetime | None = None,
        error: str | None = None,
        message_ref: str | None = None,
        claimed_at: datetime | None = None,
        reset_attempts: bool = False,
        check_first: bool | None = None,
    ) -> bool:
        """As `transition_followup`, for occurrences (which have no generation)."""
        ...

    def renew_claim(
        self,
        table: Literal["followup", "occurrence"],
        row_id: int,
        claimed_at: datetime,
        now: datetime,
    ) -> bool:
        """Extend a SENDING row's claim just before sending it: True only while the claim made at
        `claimed_at` is still ours (not taken over as stale by another process)."""
        ...

    def next_occurrence_due_at(self, platforms: Collection[str]) -> datetime | None:
        """The earliest due time of any PENDING occurrence of a group on `platforms`."""
        ...

    def group_activity_counts(
        self, group_id: int, since: datetime, until: datetime
    ) -> dict[ActivityKind, int]:
        """Activities in the group in [since, until), leaving out members whose privacy is
        `private`. Kinds with no activity are absent."""
        ...

    def group_shared_steps(
        self, group_id: int, since: datetime, until: datetime
    ) -> list[SharedStep]:
        """Applications and follow-ups sent in the group in [since, until) by members whose
        privacy is `full` (only they agreed to be named with companies), oldest first."""
        ...

    # activities
    def add_activity(
        self,
        member_id: int,
        kind: ActivityKind,
        detail: str,
        occurred_at: datetime,
        rejection_id: int | None = None,
        company: str = "",
    ) -> Activity: ...

    def activities_for_member(self, member_id: int) -> list[Activity]:
        """Oldest first."""
        ...

    def delete_activity(self, member_id: int, activity_id: int) -> Activity | None:
        """Remove one activity if it exists and belongs to this member; return what was removed
        (None when there was nothing of theirs to remove)."""
        ...


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
