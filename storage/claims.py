"""Claiming and moving deliverable rows (follow-ups and occurrences) with single statements.

Both tables carry the same delivery columns (`state`, `due_at`, `updated_at`, `attempts`,
`last_error`, `message_ref`), so the statements are built once here for either of them.

A claim is ONE `WITH chosen AS (SELECT ... LIMIT n) UPDATE ... WHERE id IN chosen RETURNING id`.
On PostgreSQL the chosen rows are MATERIALIZED (picked exactly once) and taken with `FOR UPDATE
SKIP LOCKED`, so concurrent passes in several processes each take rows no other pass holds,
without waiting for one another. SQLite needs no row locks: every
transaction there starts with `BEGIN IMMEDIATE` (see `storage.db`), so writers take turns.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Delete,
    Insert,
    Result,
    Update,
    case,
    select,
    update,
)
from sqlalchemy.orm import Session

from bot.records import FollowUpState
from storage.models import FollowUpRow, OccurrenceRow

DeliveryTable = type[FollowUpRow] | type[OccurrenceRow]
_SENDING = FollowUpState.SENDING.value


def execute(session: Session, statement: Update | Delete | Insert) -> Result[Any]:
    """Run a bulk statement as plain SQL; reads refresh the identity map (`populate_existing`)."""
    return session.execute(statement, execution_options={"synchronize_session": False})


def rowcount(session: Session, statement: Update | Delete) -> int:
    """Run a bulk UPDATE/DELETE without RETURNING; how many rows it changed."""
    result = execute(session, statement)
    assert isinstance(result, CursorResult)
    return result.rowcount


def claim(
    session: Session,
    table: DeliveryTable,
    where: Collection[ColumnElement[bool]],
    now: datetime,
    limit: int,
) -> list[int]:
    """Move up to `limit` rows matching `where` to SENDING, earliest due first; their ids.

    Counts an attempt and sets `updated_at` to `now`, as a move to SENDING always does.
    """
    if limit <= 0:
        return []
    chosen = select(table.id).where(*where).order_by(table.due_at, table.id).limit(limit)
    postgresql = session.get_bind().dialect.name == "postgresql"
    if postgresql:
        chosen = chosen.with_for_update(skip_locked=True)
    # The choice is made once: as a plain `IN (subquery)`, PostgreSQL may run the subquery again
    # (a rescan, or a recheck of a row changed meanwhile), and each run skips the rows this very
    # statement already changed, so one claim could take far more than `limit`.
    chosen_once = chosen.cte("chosen")
    if postgresql:
        chosen_once = chosen_once.prefix_with("MATERIALIZED")
    statement = (
        update(table)
        .where(table.id.in_(select(chosen_once.c.id)))
        .values(_changes(table, FollowUpState.SENDING, now))
        .returning(table.id)
    )
    return list(execute(session, statement).scalars())


def transition(
    session: Session,
    table: DeliveryTable,
    row_id: int,
    from_states: Collection[FollowUpState],
    to_state: FollowUpState,
    now: datetime,
    *,
    due_at: datetime | None = None,
    error: str | None = None,
    message_ref: str | None = None,
    extra: Mapping[str, Any] | None = None,
    claimed_at: datetime | None = None,
    reset_attempts: bool = False,
    check_first: bool | None = None,
    where: Collection[ColumnElement[bool]] = (),
) -> bool:
    """Move one row to `to_state` only if it is in one of `from_states`; True when it moved.

    One conditional UPDATE is the claim: of several processes racing for the same row, the
    database lets exactly one of them match the WHERE clause. `extra` adds table-specific
    columns (a follow-up's `sent_at` and `done_at`), `where` more conditions. `check_first`
    sets or clears the flag that makes the next attempt look at the platform's history first;
    None leaves it as it is.
    """
    changes = _changes(table, to_state, now)
    if check_first is not None:
        changes["check_first"] = check_first
    if due_at is not None:
        changes["due_at"] = due_at
    if error is not None:
        changes["last_error"] = error
    if message_ref is not None:
        changes["message_ref"] = message_ref
    if reset_attempts:
        changes["attempts"] = 0
    changes.update(extra or {})
    conditions = [table.id == row_id, table.state.in_([state.value for state in from_states])]
    if claimed_at is not None:
        conditions.append(table.updated_at == claimed_at)
    conditions.extend(where)
    return rowcount(session, update(table).where(*conditions).values(changes)) == 1


def renew(
    session: Session, table: DeliveryTable, row_id: int, claimed_at: datetime, now: datetime
) -> bool:
    """Push a live claim's lease forward; False when the claim is no longer this one."""
    statement = (
        update(table)
        .where(
            table.id == row_id,
            table.state == _SENDING,
            table.updated_at == claimed_at,
        )
        .values(updated_at=now)
    )
    return rowcount(session, statement) == 1


def renew_many(
    session: Session,
    table: DeliveryTable,
    claims: Collection[tuple[int, datetime]],
    now: datetime,
) -> set[int]:
    """`renew` for many (id, claimed_at) claims: one UPDATE per claim time (a batch's claims
    share theirs); the ids renewed."""
    renewed: set[int] = set()
    for claimed_at, ids in _by_claim(claims).items():
        statement = (
            update(table)
            .where(table.id.in_(ids), table.state == _SENDING, table.updated_at == claimed_at)
            .values(updated_at=now)
            .returning(table.id)
        )
        renewed.update(execute(session, statement).scalars())
    return renewed


def mark_sent(
    session: Session,
    table: DeliveryTable,
    sent: Collection[tuple[int, datetime, str]],
    now: datetime,
) -> set[int]:
    """Move each (id, claimed_at, message_ref) row still so claimed from SENDING to SENT, as
    `transition` would one by one: one UPDATE per claim time, each row keeping its own
    `message_ref`. A follow-up also gets its `sent_at`. The ids moved."""
    moved: set[int] = set()
    refs = {row_id: ref for row_id, _, ref in sent}
    for claimed_at, ids in _by_claim([(row_id, at) for row_id, at, _ in sent]).items():
        changes = _changes(table, FollowUpState.SENT, now)
        changes["message_ref"] = case({row_id: refs[row_id] for row_id in ids}, value=table.id)
        if table is FollowUpRow:
            changes["sent_at"] = now
        statement = (
            update(table)
            .where(table.id.in_(ids), table.state == _SENDING, table.updated_at == claimed_at)
            .values(changes)
            .returning(table.id)
        )
        moved.update(execute(session, statement).scalars())
    return moved


def _by_claim(claims: Collection[tuple[int, datetime]]) -> dict[datetime, list[int]]:
    grouped: dict[datetime, list[int]] = {}
    for row_id, claimed_at in claims:
        grouped.setdefault(claimed_at, []).append(row_id)
    return grouped


def _changes(table: DeliveryTable, to_state: FollowUpState, now: datetime) -> dict[str, Any]:
    changes: dict[str, Any] = {"state": to_state.value, "updated_at": now}
    if to_state is FollowUpState.SENDING:
        changes["attempts"] = table.attempts + 1
    elif to_state in (FollowUpState.SENT, FollowUpState.SNOOZED):
        changes["attempts"] = 0  # a delivery or a fresh snooze starts the retry budget again
        changes["check_first"] = False  # delivered, or a new nudge with a key of its own
    return changes
