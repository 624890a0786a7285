"""The repository's follow-ups: adding and reading them, claiming due ones, moving them.

A mixin of `storage.repository.SqlRepository`, kept apart so that each module stays readable.
Claims take only rows whose member is on one of the platforms the claiming process can deliver
to, so a console or a `rebound tick` without Slack credentials leaves Slack's nudges alone.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, exists, func, insert, select, update
from sqlalchemy.orm import Session

from bot.records import (
    WAITING_STATES,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    ReplyOutcome,
    Stage,
)
from storage import claims
from storage.models import FollowUpRow, MemberRow, RejectionRow, WorkspaceRow

_WAITING = sorted(state.value for state in WAITING_STATES)
# Written into the SQL as literals, as in the partial index that serves the claims
# (`storage.models.WAITING_ROWS`): with a bound parameter a prepared plan could not use it.
WAITING = FollowUpRow.state.in_(
    bindparam("waiting", _WAITING, expanding=True, literal_execute=True)
)
SENDING = FollowUpRow.state == bindparam(
    "sending", FollowUpState.SENDING.value, literal_execute=True
)  # as `storage.models.SENDING_ROWS`


def on_platforms(platforms: Collection[str]) -> ColumnElement[bool]:
    """Follow-ups of members in a workspace on one of `platforms`.

    Asked row by row (a correlated EXISTS), so a claim that reads 50 rows in index order looks
    up 50 members, not the list of every member on the platform.
    """
    return exists().where(
        MemberRow.id == FollowUpRow.member_id,
        MemberRow.workspace_id == WorkspaceRow.id,
        WorkspaceRow.platform.in_(sorted(platforms)),
    )


class FollowUpMethods:
    _session: Session
    # (company, role, stage) of each rejection added in this transaction, by id
    _added_rejections: dict[int, tuple[str, str, str]]

    def add_followup(
        self,
        rejection_id: int,
        member_id: int,
        kind: FollowUpKind,
        due_at: datetime,
        now: datetime,
    ) -> FollowUp:
        row = FollowUpRow(
            rejection_id=rejection_id,
            member_id=member_id,
            kind=kind.value,
            due_at=due_at,
            state=FollowUpState.PENDING.value,
            created_at=now,
            updated_at=now,
        )
        self._session.add(row)
        self._session.flush()
        # The record from the row in hand and its rejection's names (kept when it was added in
        # this transaction), not read back: a `/rejected` adds three (issue 13).
        named = self._rejection_names(rejection_id)
        return _followup(row, *named)

    def _rejection_names(self, rejection_id: int) -> tuple[str, str, str]:
        """(company, role, stage) of a rejection: kept when it was added in this transaction
        (a `/rejected` reads nothing back), else one read."""
        named = self._added_rejections.get(rejection_id)
        if named is not None:
            return named
        found = self._session.execute(
            select(RejectionRow.company, RejectionRow.role, RejectionRow.stage).where(
                RejectionRow.id == rejection_id
            )
        ).one()
        return (found.company, found.role, found.stage)

    def add_followups(
        self,
        rejection_id: int,
        member_id: int,
        plan: Sequence[tuple[FollowUpKind, datetime]],
        now: datetime,
    ) -> list[FollowUp]:
        """One INSERT for the whole plan, the records made from what was written (issue 13);
        each kind comes once, so the ids returned are matched to the rows by kind."""
        if not plan:
            return []
        named = self._rejection_names(rejection_id)
        pending = FollowUpState.PENDING.value
        rows = [
            {
                "rejection_id": rejection_id,
                "member_id": member_id,
                "kind": kind.value,
                "due_at": due_at,
                "state": pending,
                "created_at": now,
                "updated_at": now,
            }
            for kind, due_at in plan
        ]
        # Executemany form, so the statement is compiled once per process (a multi-row
        # `.values()` is compiled anew each time); SQLAlchemy sends the rows as one INSERT.
        table = cast(Table, FollowUpRow.__table__)
        added = insert(table).returning(table.c.id, table.c.kind)
        ids = {kind: row_id for row_id, kind in self._session.execute(added, rows)}
        company, role, stage = named
        return [
            FollowUp(
                id=ids[kind.value],
                rejection_id=rejection_id,
                member_id=member_id,
                kind=kind,
                due_at=due_at,
                state=FollowUpState.PENDING,
                company=company,
                role=role,
                sent_at=None,
                done_at=None,
                updated_at=now,
                attempts=0,
                last_error="",
                stage=Stage(stage) if stage else None,
            )
            for kind, due_at in plan
        ]

    def get_followup(self, followup_id: int) -> FollowUp | None:
        found = self._followups(FollowUpRow.id == followup_id)
        return found[0] if found else None

    def followups_for_rejection(self, rejection_id: int) -> list[FollowUp]:
        return self._followups(FollowUpRow.rejection_id == rejection_id)

    def followups_for_member(self, member_id: int) -> list[FollowUp]:
        return self._followups(FollowUpRow.member_id == member_id)

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
        extra: dict[str, Any] = {}
        if to_state is FollowUpState.SENT:
            extra["sent_at"] = now
        elif to_state is FollowUpState.DONE:
            extra["done_at"] = now
        elif to_state is FollowUpState.SNOOZED:
            extra["generation"] = FollowUpRow.generation + 1  # a new nudge, with a new key
        conditions = [] if generation is None else [FollowUpRow.generation == generation]
        return claims.transition(
            self._session,
            FollowUpRow,
            followup_id,
            from_states,
            to_state,
            now,
            due_at=due_at,
            error=error,
            message_ref=message_ref,
            claimed_at=claimed_at,
            reset_attempts=reset_attempts,
            check_first=check_first,
            extra=extra,
            where=conditions,
        )

    def keep_sent_draft(self, followup_id: int, subject: str, body: str) -> None:
        self._session.execute(
            update(FollowUpRow)
            .where(FollowUpRow.id == followup_id)
            .values(sent_subject=subject, sent_body=body)
        )

    def claim_due_followups(
        self, now: datetime, limit: int, platforms: Collection[str]
    ) -> list[FollowUp]:
        where = [WAITING, FollowUpRow.due_at <= now]
        return self._claim_followups([*where, on_platforms(platforms)], now, limit)

    def claim_stale_followups(
        self, now: datetime, stale_before: datetime, limit: int, platforms: Collection[str]
    ) -> list[FollowUp]:
        where = [SENDING, FollowUpRow.updated_at < stale_before]
        return self._claim_followups([*where, on_platforms(platforms)], now, limit)

    def _claim_followups(
        self, where: Collection[ColumnElement[bool]], now: datetime, limit: int
    ) -> list[FollowUp]:
        ids = claims.claim(self._session, FollowUpRow, where, now, limit)
        return self._followups(FollowUpRow.id.in_(ids)) if ids else []

    def due_followups(self, now: datetime, limit: int) -> list[FollowUp]:
        return self._followups(WAITING, FollowUpRow.due_at <= now, limit=limit)

    def next_due_at(self, platforms: Collection[str]) -> datetime | None:
        return self._session.scalar(
            select(func.min(FollowUpRow.due_at)).where(WAITING, on_platforms(platforms))
        )

    def _followups(self, *where: Any, limit: int | None = None) -> list[FollowUp]:
        query = (
            select(FollowUpRow, RejectionRow.company, RejectionRow.role, RejectionRow.stage)
            .join(RejectionRow, FollowUpRow.rejection_id == RejectionRow.id)
            .where(*where)
            .order_by(FollowUpRow.due_at, FollowUpRow.id)
            .limit(limit)
            .execution_options(populate_existing=True)
        )
        return [
            _followup(row, company, role, stage)
            for row, company, role, stage in self._session.execute(query)
        ]


def _followup(row: FollowUpRow, company: str, role: str, stage: str) -> FollowUp:
    return FollowUp(
        id=row.id,
        rejection_id=row.rejection_id,
        member_id=row.member_id,
        kind=FollowUpKind(row.kind),
        due_at=row.due_at,
        state=FollowUpState(row.state),
        company=company,
        role=role,
        sent_at=row.sent_at,
        done_at=row.done_at,
        updated_at=row.updated_at,
        attempts=row.attempts,
        last_error=row.last_error,
        generation=row.generation,
        check_first=row.check_first,
        stage=Stage(stage) if stage else None,
        message_ref=row.message_ref,
        sent_subject=row.sent_subject,
        sent_body=row.sent_body,
        reply_outcome=ReplyOutcome(row.reply_outcome) if row.reply_outcome else None,
        reply_answered_at=row.reply_answered_at,
    )
