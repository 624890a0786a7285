"""The fake repository's follow-ups: adding and reading them, claiming due ones, moving them
(as `storage.followups`; the shared claim and move rules are in `tests.fakes.claims`)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.records import (
    WAITING_STATES,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    ReplyOutcome,
    Stage,
)
from tests.fakes.claims import by_due, claim, moved_row
from tests.fakes.tables import FollowUpRow, Tables, instant

_WAITING = {state.value for state in WAITING_STATES}
_PENDING = FollowUpState.PENDING.value
_SENDING = FollowUpState.SENDING.value


class FollowUpMethods:
    _tables: Tables

    # --- follow-ups -----------------------------------------------------------------------

    def add_followup(
        self,
        rejection_id: int,
        member_id: int,
        kind: FollowUpKind,
        due_at: datetime,
        now: datetime,
    ) -> FollowUp:
        tables = self._tables
        if rejection_id not in tables.rejections or member_id not in tables.members:
            raise LookupError("no such rejection or member (a foreign key would refuse it)")
        if any((f.rejection_id, f.kind) == (rejection_id, kind.value) for f in _all(tables)):
            raise ValueError(f"rejection {rejection_id} already has a {kind} follow-up")
        row = FollowUpRow(
            id=tables.next_id("followups"),
            due_at=instant(due_at),
            state=_PENDING,
            created_at=instant(now),
            updated_at=instant(now),
            rejection_id=rejection_id,
            member_id=member_id,
            kind=kind.value,
        )
        tables.followups[row.id] = row
        return self._followup(row)

    def add_followups(
        self,
        rejection_id: int,
        member_id: int,
        plan: Sequence[tuple[FollowUpKind, datetime]],
        now: datetime,
    ) -> list[FollowUp]:
        return [self.add_followup(rejection_id, member_id, k, due, now) for k, due in plan]

    def get_followup(self, followup_id: int) -> FollowUp | None:
        found = self._followups(lambda row: row.id == followup_id)
        return found[0] if found else None

    def followups_for_rejection(self, rejection_id: int) -> list[FollowUp]:
        return self._followups(lambda row: row.rejection_id == rejection_id)

    def followups_for_member(self, member_id: int) -> list[FollowUp]:
        return self._followups(lambda row: row.member_id == member_id)

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
        row = self._tables.followups.get(followup_id)
        if row is None or (generation is not None and row.generation != generation):
            return False
        extra: dict[str, Any] = {}
        if to_state is FollowUpState.SENT:
            extra["sent_at"] = instant(now)
        elif to_state is FollowUpState.DONE:
            extra["done_at"] = instant(now)
        elif to_state is FollowUpState.SNOOZED:
            extra["generation"] = row.generation + 1  # a new nudge, with a new key
        moved = moved_row(
            row, from_states, to_state, now, due_at, error, message_ref, claimed_at,
            reset_attempts, check_first, extra,
        )  # fmt: skip
        if moved is not None:
            self._tables.followups[row.id] = moved
        return moved is not None

    def keep_sent_draft(self, followup_id: int, subject: str, body: str) -> None:
        row = self._tables.followups.get(followup_id)
        if row is not None:
            self._tables.followups[row.id] = replace(row, sent_subject=subject, sent_body=body)

    def claim_due_followups(
        self, now: datetime, limit: int, platforms: Collection[str]
    ) -> list[FollowUp]:
        return self._claim_followups(
            lambda row: row.state in _WAITING and row.due_at <= now, now, limit, platforms
        )

    def claim_stale_followups(
        self, now: datetime, stale_before: datetime, limit: int, platforms: Collection[str]
    ) -> list[FollowUp]:
        return self._claim_followups(
            lambda row: row.state == _SENDING and row.updated_at < stale_before,
            now,
            limit,
            platforms,
        )

    def due_followups(self, now: datetime, limit: int) -> list[FollowUp]:
        found = self._followups(lambda row: row.state in _WAITING and row.due_at <= now)
        return found[:limit]

    def next_due_at(self, platforms: Collection[str]) -> datetime | None:
        due = [
            row.due_at
            for row in _all(self._tables)
            if row.state in _WAITING and self._member_platform(row.member_id) in platforms
        ]
        return min(due, default=None)

    # --- helpers --------------------------------------------------------------------------

    def _claim_followups(
        self,
        where: Callable[[FollowUpRow], bool],
        now: datetime,
        limit: int,
        platforms: Collection[str],
    ) -> list[FollowUp]:
        chosen = [
            row
            for row in _all(self._tables)
            if where(row) and self._member_platform(row.member_id) in platforms
        ]
        claimed = claim(self._tables.followups, chosen, now, limit)
        return [self._followup(row) for row in claimed]

    def _followups(self, where: Callable[[FollowUpRow], bool]) -> list[FollowUp]:
        rows = [
            row
            for row in _all(self._tables)
            if where(row) and row.rejection_id in self._tables.rejections
        ]
        return [self._followup(row) for row in by_due(rows)]

    def _followup(self, row: FollowUpRow) -> FollowUp:
        rejection = self._tables.rejections[row.rejection_id]
        return FollowUp(
            id=row.id,
            rejection_id=row.rejection_id,
            member_id=row.member_id,
            kind=FollowUpKind(row.kind),
            due_at=row.due_at,
            state=FollowUpState(row.state),
            company=rejection.company,
            role=rejection.role,
            sent_at=row.sent_at,
            done_at=row.done_at,
            updated_at=row.updated_at,
            attempts=row.attempts,
            last_error=row.last_error,
            generation=row.generation,
            check_first=row.check_first,
            stage=Stage(rejection.stage) if rejection.stage else None,
            message_ref=row.message_ref,
            sent_subject=row.sent_subject,
            sent_body=row.sent_body,
            reply_outcome=ReplyOutcome(row.reply_outcome) if row.reply_outcome else None,
            reply_answered_at=row.reply_answered_at,
        )

    def _member_platform(self, member_id: int) -> str | None:
        member = self._tables.members.get(member_id)
        return None if member is None else self._tables.workspaces[member.workspace_id].platform


def _all(tables: Tables) -> list[FollowUpRow]:
    return list(tables.followups.values())
