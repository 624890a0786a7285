"""`bot.ports.Repository` on SQLAlchemy: rows in, frozen records out.

Changes of state are bulk UPDATE/DELETE statements, which bypass the session's identity map, so
reads use `populate_existing`: a row object the session still holds is refreshed from the
database instead of being returned as it was before the change.

Groups and their rhythm occurrences live in `storage.rhythm` (a mixin); the claim and transition
statements that follow-ups and occurrences share live in `storage.claims`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Delete, Select, Update, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.records import (
    WAITING_STATES,
    Activity,
    ActivityKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Member,
    Privacy,
    Rejection,
)
from bot.values import Actor
from storage import claims
from storage.models import (
    ActivityRow,
    FollowUpRow,
    GroupRow,
    MemberRow,
    RejectionRow,
    WorkspaceRow,
    company_key,
)
from storage.rhythm import GroupRhythmMethods

Row = TypeVar("Row", WorkspaceRow, GroupRow, MemberRow)

_WAITING = sorted(state.value for state in WAITING_STATES)
_SENDING = FollowUpState.SENDING.value


class SqlRepository(GroupRhythmMethods):
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- members, groups, workspaces ------------------------------------------------------

    def ensure_member(self, actor: Actor, now: datetime) -> Member:
        workspace = self._get_or_create(
            select(WorkspaceRow).where(
                WorkspaceRow.platform == actor.platform,
                WorkspaceRow.external_id == actor.workspace_id,
            ),
            lambda: WorkspaceRow(
                platform=actor.platform, external_id=actor.workspace_id, created_at=now
            ),
        )
        # A private context (a DM, a home screen) has no channel and makes no group.
        group = (
            self._get_or_create(
                select(GroupRow).where(
                    GroupRow.workspace_id == workspace.id, GroupRow.channel_id == actor.channel_id
                ),
                lambda: GroupRow(
                    workspace_id=workspace.id,
                    channel_id=actor.channel_id,
                    name=actor.channel_name,
                    created_at=now,
                ),
            )
            if actor.channel_id
            else None
        )
        if group is not None and actor.channel_name and group.name != actor.channel_name:
            group.name = actor.channel_name
        group_id = group.id if group is not None else None
        member = self._get_or_create(
            select(MemberRow).where(
                MemberRow.workspace_id == workspace.id, MemberRow.user_id == actor.user_id
            ),
            lambda: MemberRow(
                workspace_id=workspace.id,
                user_id=actor.user_id,
                display_name=actor.display_name,
                home_group_id=group_id,
                created_at=now,
            ),
        )
        if actor.display_name and member.display_name != actor.display_name:
            member.display_name = actor.display_name
        if member.home_group_id is None:
            member.home_group_id = group_id
        self._session.flush()
        found = self.get_member(member.id)
        assert found is not None
        return found

    def _get_or_create(self, query: Select[Row], make: Callable[[], Row]) -> Row:
        """Read the row, or insert it; if a concurrent first contact inserted it, read theirs.

        The insert runs in a SAVEPOINT so that losing the race to a unique constraint rolls back
        only the insert, not the caller's transaction.
        """
        query = query.execution_options(populate_existing=True)
        row = self._session.scalars(query).one_or_none()
        if row is not None:
            return row
        try:
            with self._session.begin_nested():
                row = make()
                self._session.add(row)
        except IntegrityError:
            return self._session.scalars(query).one()
        return row

    def lock_member(self, member_id: int) -> None:
        """Hold the member's row until this transaction ends (PostgreSQL `FOR UPDATE`).

        Another transaction of the same member waits here, then reads what this one committed,
        so a check followed by an insert (a double-submitted `/rejected`) cannot interleave.
        SQLite needs nothing: every transaction there begins with `BEGIN IMMEDIATE`.
        """
        if self._session.get_bind().dialect.name == "postgresql":
            self._session.execute(
                select(MemberRow.id).where(MemberRow.id == member_id).with_for_update()
            )

    def get_member(self, member_id: int) -> Member | None:
        return self._member(MemberRow.id == member_id)

    def find_member(self, actor: Actor) -> Member | None:
        return self._member(
            WorkspaceRow.platform == actor.platform,
            WorkspaceRow.external_id == actor.workspace_id,
            MemberRow.user_id == actor.user_id,
        )

    def _member(self, *where: ColumnElement[bool]) -> Member | None:
        found = self._session.execute(
            select(MemberRow, WorkspaceRow.platform, WorkspaceRow.external_id, GroupRow.channel_id)
            .join(WorkspaceRow, MemberRow.workspace_id == WorkspaceRow.id)
            .outerjoin(GroupRow, MemberRow.home_group_id == GroupRow.id)
            .where(*where)
            .execution_options(populate_existing=True)
        ).one_or_none()
        if found is None:
            return None
        row, platform, workspace_id, channel_id = found
        return Member(
            id=row.id,
            platform=platform,
            workspace_id=workspace_id,
            user_id=row.user_id,
            display_name=row.display_name,
            timezone=row.timezone,
            quiet_hours=row.quiet_hours,
            privacy=Privacy(row.privacy),
            dm_open=row.dm_open,
            last_encouragement=row.last_encouragement,
            home_channel_id=channel_id or "",
            created_at=row.created_at,
            skip_weekends=row.skip_weekends,
        )

    def save_member(self, member: Member) -> None:
        self._execute(
            update(MemberRow)
            .where(MemberRow.id == member.id)
            .values(
                timezone=member.timezone,
                quiet_hours=member.quiet_hours,
                privacy=member.privacy.value,
                dm_open=member.dm_open,
                last_encouragement=member.last_encouragement,
                skip_weekends=member.skip_weekends,
            )
        )

    def delete_member_data(self, member_id: int) -> int:
        # Children first and explicitly: a connection with foreign keys off would not cascade.
        theirs = select(RejectionRow.id).where(RejectionRow.member_id == member_id)
        return (
            self._execute(
                delete(ActivityRow).where(
                    (ActivityRow.member_id == member_id) | ActivityRow.rejection_id.in_(theirs)
                )
            )
            + self._execute(
                delete(FollowUpRow).where(
                    (FollowUpRow.member_id == member_id) | FollowUpRow.rejection_id.in_(theirs)
                )
            )
            + self._execute(delete(RejectionRow).where(RejectionRow.member_id == member_id))
            + self._execute(delete(MemberRow).where(MemberRow.id == member_id))
        )

    # --- rejections -----------------------------------------------------------------------

    def add_rejection(
        self, member_id: int, company: str, role: str, note: str, logged_at: datetime
    ) -> Rejection:
        row = RejectionRow(
            member_id=member_id,
            group_id=self._home_group_id(member_id),
            company=company,
            company_key=company_key(company),
            role=role,
            note=note,
            logged_at=logged_at,
        )
        self._session.add(row)
        self._session.flush()
        return _rejection(row)

    def get_rejection(self, rejection_id: int) -> Rejection | None:
        row = self._one(select(RejectionRow).where(RejectionRow.id == rejection_id))
        return None if row is None else _rejection(row)

    def find_recent_rejection(
        self, member_id: int, company: str, since: datetime
    ) -> Rejection | None:
        row = self._one(
            select(RejectionRow)
            .where(
                RejectionRow.member_id == member_id,
                RejectionRow.company_key == company_key(company),
                RejectionRow.logged_at >= since,
            )
            .order_by(RejectionRow.logged_at.desc(), RejectionRow.id.desc())
            .limit(1)
        )
        return None if row is None else _rejection(row)

    def rejections_for_member(self, member_id: int) -> list[Rejection]:
        rows = self._session.scalars(
            select(RejectionRow)
            .where(RejectionRow.member_id == member_id)
            .order_by(RejectionRow.logged_at.desc(), RejectionRow.id.desc())
            .execution_options(populate_existing=True)
        )
        return [_rejection(row) for row in rows]

    def delete_rejection(self, rejection_id: int) -> None:
        self._execute(delete(ActivityRow).where(ActivityRow.rejection_id == rejection_id))
        self._execute(delete(FollowUpRow).where(FollowUpRow.rejection_id == rejection_id))
        self._execute(delete(RejectionRow).where(RejectionRow.id == rejection_id))

    # --- follow-ups -----------------------------------------------------------------------

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
        added = self.get_followup(row.id)
        assert added is not None
        return added

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
    ) -> bool:
        extra: dict[str, Any] = {}
        if to_state is FollowUpState.SENT:
            extra["sent_at"] = now
        elif to_state is FollowUpState.DONE:
            extra["done_at"] = now
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
            extra=extra,
        )

    def claim_due_followups(self, now: datetime, limit: int) -> list[FollowUp]:
        where = [FollowUpRow.state.in_(_WAITING), FollowUpRow.due_at <= now]
        return self._claim_followups(where, now, limit)

    def claim_stale_followups(
        self, now: datetime, stale_before: datetime, limit: int
    ) -> list[FollowUp]:
        where = [FollowUpRow.state == _SENDING, FollowUpRow.updated_at < stale_before]
        return self._claim_followups(where, now, limit)

    def _claim_followups(
        self, where: Collection[ColumnElement[bool]], now: datetime, limit: int
    ) -> list[FollowUp]:
        ids = claims.claim(self._session, FollowUpRow, where, now, limit)
        return self._followups(FollowUpRow.id.in_(ids)) if ids else []

    def due_followups(self, now: datetime, limit: int) -> list[FollowUp]:
        return self._followups(
            FollowUpRow.state.in_(_WAITING), FollowUpRow.due_at <= now, limit=limit
        )

    def next_due_at(self) -> datetime | None:
        return self._session.scalar(
            select(func.min(FollowUpRow.due_at)).where(FollowUpRow.state.in_(_WAITING))
        )

    def _followups(self, *where: Any, limit: int | None = None) -> list[FollowUp]:
        query = (
            select(FollowUpRow, RejectionRow.company, RejectionRow.role)
            .join(RejectionRow, FollowUpRow.rejection_id == RejectionRow.id)
            .where(*where)
            .order_by(FollowUpRow.due_at, FollowUpRow.id)
            .limit(limit)
            .execution_options(populate_existing=True)
        )
        return [
            FollowUp(
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
                message_ref=row.message_ref,
            )
            for row, company, role in self._session.execute(query)
        ]

    # --- activities -----------------------------------------------------------------------

    def add_activity(
        self,
        member_id: int,
        kind: ActivityKind,
        detail: str,
        occurred_at: datetime,
        rejection_id: int | None = None,
    ) -> Activity:
        row = ActivityRow(
            member_id=member_id,
            group_id=self._home_group_id(member_id),
            kind=kind.value,
            detail=detail,
            rejection_id=rejection_id,
            occurred_at=occurred_at,
        )
        self._session.add(row)
        self._session.flush()
        return _activity(row)

    def activities_for_member(self, member_id: int) -> list[Activity]:
        rows = self._session.scalars(
            select(ActivityRow)
            .where(ActivityRow.member_id == member_id)
            .order_by(ActivityRow.occurred_at, ActivityRow.id)
            .execution_options(populate_existing=True)
        )
        return [_activity(row) for row in rows]

    def delete_activity(self, member_id: int, activity_id: int) -> Activity | None:
        row = self._session.scalars(
            select(ActivityRow)
            .where(ActivityRow.id == activity_id, ActivityRow.member_id == member_id)
            .execution_options(populate_existing=True)
        ).one_or_none()
        if row is None:
            return None
        removed = _activity(row)
        deleted = self._execute(
            delete(ActivityRow).where(
                ActivityRow.id == activity_id, ActivityRow.member_id == member_id
            )
        )
        # Two presses at once: only the one whose DELETE removed the row reports it.
        return removed if deleted else None

    # --- helpers --------------------------------------------------------------------------

    def _home_group_id(self, member_id: int) -> int | None:
        """The group a rejection or activity counts towards: the ports do not pass the channel."""
        query = select(MemberRow.home_group_id).where(MemberRow.id == member_id)
        return self._session.scalar(query)

    def _one(self, query: Select[RejectionRow]) -> RejectionRow | None:
        return self._session.scalars(query.execution_options(populate_existing=True)).one_or_none()

    def _execute(self, statement: Update | Delete) -> int:
        """Run a bulk UPDATE/DELETE as plain SQL (the identity map is refreshed on read)."""
        return claims.rowcount(self._session, statement)


def _rejection(row: RejectionRow) -> Rejection:
    return Rejection(row.id, row.member_id, row.company, row.role, row.note, row.logged_at)


def _activity(row: ActivityRow) -> Activity:
    return Activity(
        row.id, row.member_id, ActivityKind(row.kind), row.detail, row.rejection_id, row.occurred_at
    )
