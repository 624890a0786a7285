"""Claiming and moving a deliverable row of the fake store, by the rules of `storage.claims`.

A move to SENDING counts an attempt; a move to SENT or SNOOZED starts the count again and clears
`check_first`; an explicit `check_first` or `reset_attempts` wins; `claimed_at` fences the move
on the row's `updated_at`. Atomic because the whole transaction is (one at a time).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from bot.records import FollowUpState
from tests.fakes.tables import FollowUpRow, OccurrenceRow, instant

Row = TypeVar("Row", FollowUpRow, OccurrenceRow)
_SENDING = FollowUpState.SENDING.value


def by_due(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (row.due_at, row.id))


def claim(table: dict[int, Row], chosen: list[Row], now: datetime, limit: int) -> list[Row]:
    """Move the earliest due `limit` of `chosen` to SENDING, as `storage.claims.claim` does."""
    if limit <= 0:
        return []
    claimed = []
    for row in by_due(chosen)[:limit]:
        moved = replace(row, state=_SENDING, updated_at=instant(now), attempts=row.attempts + 1)
        table[row.id] = moved
        claimed.append(moved)
    return claimed


def moved_row(
    row: Row,
    from_states: Collection[FollowUpState],
    to_state: FollowUpState,
    now: datetime,
    due_at: datetime | None,
    error: str | None,
    message_ref: str | None,
    claimed_at: datetime | None,
    reset_attempts: bool,
    check_first: bool | None,
    extra: dict[str, Any],
) -> Row | None:
    """The row after `storage.claims.transition`, or None when its conditions do not hold."""
    if row.state not in {state.value for state in from_states}:
        return None
    if claimed_at is not None and row.updated_at != claimed_at:
        return None
    changes: dict[str, Any] = {"state": to_state.value, "updated_at": instant(now)}
    if to_state is FollowUpState.SENDING:
        changes["attempts"] = row.attempts + 1
    elif to_state in (FollowUpState.SENT, FollowUpState.SNOOZED):
        changes["attempts"] = 0  # a delivery or a fresh snooze starts the retry budget again
        changes["check_first"] = False
    if check_first is not None:
        changes["check_first"] = check_first
    if due_at is not None:
        changes["due_at"] = instant(due_at)
    if error is not None:
        changes["last_error"] = error
    if message_ref is not None:
        changes["message_ref"] = message_ref
    if reset_attempts:
        changes["attempts"] = 0
    changes.update(extra)
    return replace(row, **changes)
