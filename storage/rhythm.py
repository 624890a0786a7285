"""The repository's group side: the group's weekly rhythm occurrences, and what groups count.

A mixin of `storage.repository.SqlRepository`, kept apart so that each module stays readable.
Occurrences are the group's data, not any member's: deleting a member leaves them alone, and
deleting a group takes its occurrences with it (ON DELETE CASCADE).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.records import (
    SHARED_KINDS,
    ActivityKind,
    FollowUpState,
    Occurrence,
    OccurrenceKind,
    Privacy,
    SharedStep,
)
from storage import claims
from storage.claims import mark_sent, renew_many
from storage.models import (
    ActivityRow,
    FollowUpRow,
    GroupRow,
    MemberRow,
    OccurrenceRow,
    RejectionRow,
    WorkspaceRow,
)

_PENDING = FollowUpState.PENDING.value
_SENDING = FollowUpState.SENDING.value


def _on_platforms(platforms: Collection[str]) -> ColumnElement[bool]:
    """Occurrences of groups in a workspace on one of `platforms` (asked row by row, as
    `storage.followups.on_platforms`)."""
    return exists().where(
        GroupRow.id == OccurrenceRow.group_id,
        GroupRow.workspace_id == WorkspaceRow.id,
        WorkspaceRow.platform.in_(sorted(platforms)),
    )


class GroupRhythmMethods:
    _session: Session

    # --- what a group did ------------------------------------------------------------------

    def group_activity_counts(
        self, group_id: int, since: datetime, until: datetime
    ) -> dict[ActivityKind, int]:
        query = (
            select(ActivityRow.kind, func.count())
            .join(MemberRow, ActivityRow.member_id == MemberRow.id)
            .where(
                ActivityRow.group_id == group_id,
                ActivityRow.occurred_at >= since,
                ActivityRow.occurred_at < until,
                MemberRow.privacy != Privacy.PRIVATE.value,
            )
            .group_by(ActivityRow.kind)
        )
        return {ActivityKind(kind): count for kind, count in self._session.execute(query)}

    def group_shared_steps(
        self, group_id: int, since: datetime, until: datetime
    ) -> list[SharedStep]:
        shared = tuple(kind.value for kind in SHARED_KINDS)
        query = (
            select(
                ActivityRow,
                MemberRow.display_name,
                RejectionRow.company,
                RejectionRow.role,
            )
            .join(MemberRow, ActivityRow.member_id == MemberRow.id)
            .outerjoin(RejectionRow, ActivityRow.rejection_id == RejectionRow.id)
            .where(
                ActivityRow.group_id == group_id,
                ActivityRow.occurred_at >= since,
                ActivityRow.occurred_at < until,
                ActivityRow.kind.in_(shared),
                MemberRow.privacy == Privacy.FULL.value,
            )
            .order_by(ActivityRow.occurred_at, ActivityRow.id)
        )
        steps = []
        for row, name, company, role in self._session.execute(query):
            kind = ActivityKind(row.kind)
            if kind is ActivityKind.FOLLOWUP_SENT:
                if company is None:
                    continue  # a follow-up whose rejection is gone names nothing
                label = f"{company} ({role})" if role else company
            elif kind is ActivityKind.NETWORKED:
                label = ""  # what they wrote about it is theirs: it may name people
            else:
                label = row.detail
            steps.append(SharedStep(row.member_id, name, kind, label, row.occurred_at))
        return steps

    # --- occurrences ----------------------------------------------------------------------

    def add_occurrence(
        self, key: str, kind: OccurrenceKind, group_id: int, due_at: datetime, now: datetime
    ) -> bool:
        # INSERT ... ON CONFLICT (key) DO NOTHING: a replica that loses the race inserts nothing
        # and sees no error (on PostgreSQL it waits for the winner's transaction to end first).
        values = {
            "key": key,
            "kind": kind.value,
            "group_id": group_id,
            "due_at": due_at,
            "scheduled_at": due_at,
            "state": _PENDING,
            "created_at": now,
            "updated_at": now,
        }
        insert = (
            postgresql.insert
            if self._session.get_bind().dialect.name == "postgresql"
            else sqlite.insert
        )
        statement = (
            insert(OccurrenceRow)
            .values(values)
            .on_conflict_do_nothing(index_elements=[OccurrenceRow.key])
            .returning(OccurrenceRow.id)
        )
        return claims.execute(self._session, statement).first() is not None

    def claim_due_occurrences(
        self, now: datetime, limit: int, platforms: Collection[str]
    ) -> list[Occurrence]:
        where = [OccurrenceRow.state == _PENDING, OccurrenceRow.due_at <= now]
        return self._claim_occurrences([*where, _on_platforms(platforms)], now, limit)

    def claim_stale_occurrences(
        self, now: datetime, stale_before: datetime, limit: int, platforms: Collection[str]
    ) -> list[Occurrence]:
        where = [OccurrenceRow.state == _SENDING, OccurrenceRow.updated_at < stale_before]
        return self._claim_occurrences([*where, _on_platforms(platforms)], now, limit)

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
        return claims.transition(
            self._session,
            OccurrenceRow,
            occurrence_id,
            from_states,
            to_state,
            now,
            due_at=due_at,
            error=error,
            message_ref=message_ref,
            claimed_at=claimed_at,
            reset_attempts=reset_attempts,
            check_first=check_first,
        )

    def renew_claim(
        self,
        table: Literal["followup", "occurrence"],
        row_id: int,
        claimed_at: datetime,
        now: datetime,
    ) -> bool:
        row = FollowUpRow if table == "followup" else OccurrenceRow
        return claims.renew(self._session, row, row_id, claimed_at, now)

    def renew_claims(
        self,
        table: Literal["followup", "occurrence"],
        claims: Collection[tuple[int, datetime]],
        now: datetime,
    ) -> set[int]:
        row = FollowUpRow if table == "followup" else OccurrenceRow
        return renew_many(self._session, row, claims, now)

    def record_sent(
        self,
        table: Literal["followup", "occurrence"],
        sent: Collection[tuple[int, datetime, str]],
        now: datetime,
    ) -> set[int]:
        row = FollowUpRow if table == "followup" else OccurrenceRow
        return mark_sent(self._session, row, sent, now)

    def next_occurrence_due_at(self, platforms: Collection[str]) -> datetime | None:
        return self._session.scalar(
            select(func.min(OccurrenceRow.due_at)).where(
                OccurrenceRow.state == _PENDING, _on_platforms(platforms)
            )
        )

    def occurrences_for_group(self, group_id: int) -> list[Occurrence]:
        """Earliest due first (not in the port: for tools and tests)."""
        return self._occurrences(OccurrenceRow.group_id == group_id)

    def pending_occurrences(self, group_id: int) -> list[Occurrence]:
        return self._occurrences(
            OccurrenceRow.group_id == group_id, OccurrenceRow.state == _PENDING
        )

    def _occurrences(self, *where: Any) -> list[Occurrence]:
        query = (
            select(OccurrenceRow)
            .where(*where)
            .order_by(OccurrenceRow.due_at, OccurrenceRow.id)
            .execution_options(populate_existing=True)
        )
        return [
            Occurrence(
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
            for row in self._session.scalars(query)
        ]

    def _claim_occurrences(
        self, where: Collection[ColumnElement[bool]], now: datetime, limit: int
    ) -> list[Occurrence]:
        ids = claims.claim(self._session, OccurrenceRow, where, now, limit)
        return self._occurrences(OccurrenceRow.id.in_(ids)) if ids else []
