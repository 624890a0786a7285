"""The fake repository's group rhythm occurrences: adding them once per key, claiming and moving
them (as the occurrence half of `storage.rhythm`), and renewing either kind of claim."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import datetime
from typing import Any, Literal

from bot.records import FollowUpState, Occurrence, OccurrenceKind
from tests.fakes.claims import by_due, claim, moved_row
from tests.fakes.tables import DeliveryRow, OccurrenceRow, Tables, instant

_PENDING = FollowUpState.PENDING.value
_SENDING = FollowUpState.SENDING.value
_SENDING_STATE = FollowUpState.SENDING


class OccurrenceMethods:
    _tables: Tables

    def transition_followup(self, *args: Any, **kwargs: Any) -> bool:
        raise NotImplementedError  # `FollowUpMethods` has it

    def add_occurrence(
        self, key: str, kind: OccurrenceKind, group_id: int, due_at: datetime, now: datetime
    ) -> bool:
        tables = self._tables
        if group_id not in tables.groups:
            raise LookupError(f"no group {group_id} (a foreign key would refuse it)")
        if any(row.key == key for row in tables.occurrences.values()):
            return False
        row = OccurrenceRow(
            id=tables.next_id("occurrences"),
            due_at=instant(due_at),
            state=_PENDING,
            created_at=instant(now),
            updated_at=instant(now),
            key=key,
            kind=kind.value,
            group_id=group_id,
            scheduled_at=instant(due_at),
        )
        tables.occurrences[row.id] = row
        return True

    def claim_due_occurrences(
        self, now: datetime, limit: int, platforms: Collection[str]
    ) -> list[Occurrence]:
        return self._claim_occurrences(
            lambda row: row.state == _PENDING and row.due_at <= now, now, limit, platforms
        )

    def claim_stale_occurrences(
        self, now: datetime, stale_before: datetime, limit: int, platforms: Collection[str]
    ) -> list[Occurrence]:
        return self._claim_occurrences(
            lambda row: row.state == _SENDING and row.updated_at < stale_before,
            now,
            limit,
            platforms,
        )

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
        row = self._tables.occurrences.get(occurrence_id)
        if row is None:
            return False
        moved = moved_row(
            row, from_states, to_state, now, due_at, error, message_ref, claimed_at,
            reset_attempts, check_first, {},
        )  # fmt: skip
        if moved is not None:
            self._tables.occurrences[row.id] = moved
        return moved is not None

    def renew_claim(
        self,
        table: Literal["followup", "occurrence"],
        row_id: int,
        claimed_at: datetime,
        now: datetime,
    ) -> bool:
        rows: dict[int, Any] = (
            self._tables.followups if table == "followup" else self._tables.occurrences
        )
        row: DeliveryRow | None = rows.get(row_id)
        if row is None or row.state != _SENDING or row.updated_at != claimed_at:
            return False
        rows[row_id] = replace(row, updated_at=instant(now))
        return True

    def renew_claims(
        self,
        table: Literal["followup", "occurrence"],
        claims: Collection[tuple[int, datetime]],
        now: datetime,
    ) -> set[int]:
        return {i for i, at in claims if self.renew_claim(table, i, at, now)}

    def record_sent(
        self,
        table: Literal["followup", "occurrence"],
        sent: Collection[tuple[int, datetime, str]],
        now: datetime,
    ) -> set[int]:
        move = self.transition_followup if table == "followup" else self.transition_occurrence
        return {
            row_id
            for row_id, claimed_at, ref in sent
            if move(row_id, (_SENDING_STATE,), FollowUpState.SENT, now, message_ref=ref,
                    claimed_at=claimed_at)
        }  # fmt: skip

    def next_occurrence_due_at(self, platforms: Collection[str]) -> datetime | None:
        due = [
            row.due_at
            for row in self._tables.occurrences.values()
            if row.state == _PENDING and self._group_platform(row.group_id) in platforms
        ]
        return min(due, default=None)

    def occurrences_for_group(self, group_id: int) -> list[Occurrence]:
        """Earliest due first (not in the port: for tests, as on the SQL repository)."""
        rows = [row for row in self._tables.occurrences.values() if row.group_id == group_id]
        return [_occurrence(row) for row in by_due(rows)]

    def pending_occurrences(self, group_id: int) -> list[Occurrence]:
        return [o for o in self.occurrences_for_group(group_id) if o.state.value == _PENDING]

    # --- helpers ---------------------------------------------------------------------------

    def _claim_occurrences(
        self,
        where: Callable[[OccurrenceRow], bool],
        now: datetime,
        limit: int,
        platforms: Collection[str],
    ) -> list[Occurrence]:
        chosen = [
            row
            for row in self._tables.occurrences.values()
            if where(row) and self._group_platform(row.group_id) in platforms
        ]
        claimed = claim(self._tables.occurrences, chosen, now, limit)
        return [_occurrence(row) for row in claimed]

    def _group_platform(self, group_id: int) -> str | None:
        group = self._tables.groups.get(group_id)
        return None if group is None else self._tables.workspaces[group.workspace_id].platform


def _occurrence(row: OccurrenceRow) -> Occurrence:
    return Occurrence(
        id=row.id,
        key=row.key,
        kind=OccurrenceKind(row.kind),
        group_id=row.group_id,
        due_at=row.due_at,
        state=FollowUpState(row.state),
        attempts=row.attempts,
        last_error=row.last_error,
        message_ref=row.message_ref,
        updated_at=row.updated_at,
        check_first=row.check_first,
        scheduled_at=row.scheduled_at,
    )
