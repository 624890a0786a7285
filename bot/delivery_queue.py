"""The repository port's delivery queue: follow-ups and rhythm occurrences waiting to go out.

Part of `bot.ports.Repository`, which the core depends on; `storage/` implements it (see
`storage.followups` and `storage.rhythm`). Claims and transitions are atomic, so concurrent
processes never claim the same row.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Literal, Protocol

from bot.records import FollowUp, FollowUpKind, FollowUpState, Occurrence, OccurrenceKind


class DeliveryQueue(Protocol):
    """Follow-ups and occurrences: adding them, claiming the due ones, moving their state."""

    # follow-ups
    def add_followup(
        self,
        rejection_id: int,
        member_id: int,
        kind: FollowUpKind,
        due_at: datetime,
        now: datetime,
    ) -> FollowUp: ...

    def add_followups(
        self,
        rejection_id: int,
        member_id: int,
        plan: Sequence[tuple[FollowUpKind, datetime]],
        now: datetime,
    ) -> list[FollowUp]:
        """`add_followup` for each (kind, due time) of `plan` (each kind at most once), in its
        order, written at once."""
        ...

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

    def keep_sent_draft(self, followup_id: int, subject: str, body: str) -> None:
        """Store the email as the member sent it (edited in the draft editor) with the
        follow-up, replacing any kept before; `FollowUp.sent_subject`/`sent_body` read it back.
        Changes nothing else (no state, no `updated_at`)."""
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

    def renew_claims(
        self,
        table: Literal["followup", "occurrence"],
        claims: Collection[tuple[int, datetime]],
        now: datetime,
    ) -> set[int]:
        """`renew_claim` for many (row id, claimed_at) claims at once, in one statement per
        claim time: the ids whose claim was still ours, now stamped `now`."""
        ...

    def record_sent(
        self,
        table: Literal["followup", "occurrence"],
        sent: Collection[tuple[int, datetime, str]],
        now: datetime,
    ) -> set[int]:
        """Record many deliveries at once, each (row id, claimed_at, message_ref), in one
        statement per claim time: what `transition_followup` (or `transition_occurrence`) from
        SENDING to SENT with that `message_ref` and `claimed_at` does to each. Returns the ids
        that moved (a row whose claim was taken over, or that a button moved, stays as it is)."""
        ...

    def next_occurrence_due_at(self, platforms: Collection[str]) -> datetime | None:
        """The earliest due time of any PENDING occurrence of a group on `platforms`."""
        ...
