"""`bot.ports.Repository` on SQLAlchemy: rows in, frozen records out.

Changes of state are bulk UPDATE/DELETE statements, which bypass the session's identity map, so
reads use `populate_existing`: a row object the session still holds is refreshed from the
database instead of being returned as it was before the change.

This module keeps workspaces and a member's first contact and lock; reading and saving members
lives in `storage.members`. Groups and their rhythm occurrences live in
`storage.rhythm`, follow-ups (with their delivery claims) in `storage.followups`, and rejections
and activities in `storage.history` (mixins); the claim and transition statements that follow-ups
and occurrences share live in `storage.claims`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Delete,
    Update,
    bindparam,
    delete,
    select,
    update,
)
from sqlalchemy.orm import Session

from bot.records import Entry, Member
from bot.values import Actor
from storage import claims
from storage.calendar_rows import EventRow, GoalRow, RsvpRow
from storage.events import EventMethods
from storage.followups import FollowUpMethods
from storage.goals import GoalMethods
from storage.groups import GroupMethods
from storage.history import HistoryMethods
from storage.members import MEMBER_BY_ID, MEMBER_BY_ID_LOCKED, MemberMethods
from storage.models import (
    ActivityRow,
    FollowUpRow,
    GroupRow,
    MemberRow,
    RejectionRow,
    StepWeekRow,
    WorkspaceRow,
)
from storage.regroup import RegroupMethods
from storage.replies import ReplyMethods
from storage.rhythm import GroupRhythmMethods
from storage.rows import get_or_create
from storage.week import WeekMethods


class SqlRepository(
    MemberMethods,
    FollowUpMethods,
    GroupMethods,
    GroupRhythmMethods,
    HistoryMethods,
    EventMethods,
    GoalMethods,
    RegroupMethods,
    WeekMethods,
    ReplyMethods,
):
    def __init__(self, session: Session) -> None:
        self._session = session
        self._added_rejections: dict[int, tuple[str, str, str]] = {}

    # --- members, groups, workspaces ------------------------------------------------------

    def ensure_member(self, actor: Actor, now: datetime) -> Member:
        return self._enter(actor, now, lock=False).member

    def enter(self, actor: Actor, now: datetime) -> Entry:
        return self._enter(actor, now, lock=True)

    def _enter(self, actor: Actor, now: datetime, *, lock: bool) -> Entry:
        """The workspace, group and member, made where missing; with `lock`, the member's row
        lock (`lock_member`) is taken by the statement that reads the member back, so a command
        starts in as few statements as its answer allows (issue 13)."""
        postgres = self._session.get_bind().dialect.name == "postgresql"
        # The workspace's shared lock (`_hold`) comes with its read, unless the organization may
        # need writing: that takes the row lock first (two sharers that both upgraded would
        # deadlock), then the shared one.
        shared_on_read = postgres and not actor.organization_id
        workspace, _ = get_or_create(
            self._session,
            _WORKSPACE_SHARED if shared_on_read else _WORKSPACE,
            lambda: WorkspaceRow(
                platform=actor.platform, external_id=actor.workspace_id, created_at=now
            ),
            {"platform": actor.platform, "workspace": actor.workspace_id},
        )
        if actor.organization_id and workspace.organization_id != actor.organization_id:
            workspace.organization_id = actor.organization_id
            self._session.flush()  # its row lock before the shared one: two such cannot deadlock
        if not shared_on_read:
            self._hold(workspace)
        # A private context (a DM, a home screen) has no channel and makes no group.
        group = (
            get_or_create(
                self._session,
                _GROUP,
                lambda: GroupRow(
                    workspace_id=workspace.id,
                    channel_id=actor.channel_id,
                    name=actor.channel_name,
                    created_at=now,
                ),
                {"workspace_id": workspace.id, "channel": actor.channel_id},
            )[0]
            if actor.channel_id
            else None
        )
        if group is not None and actor.channel_name and group.name != actor.channel_name:
            group.name = actor.channel_name
        chosen = self._chosen_group_id(workspace)
        group_id = chosen or (group.id if group is not None else None)
        member, created = get_or_create(
            self._session,
            _MEMBER,
            lambda: MemberRow(
                workspace_id=workspace.id,
                user_id=actor.user_id,
                display_name=actor.display_name,
                home_group_id=group_id,
                created_at=now,
            ),
            {"workspace_id": workspace.id, "user": actor.user_id},
        )
        if actor.display_name and member.display_name != actor.display_name:
            member.display_name = actor.display_name
        if member.home_group_id is None or (chosen and member.home_group_id != chosen):
            member.home_group_id = group_id  # where the workspace's group now is
        self._session.flush()
        # Read back as stored (with the group's defaults); on PostgreSQL, under the lock, so
        # what another command of the member committed meanwhile is seen.
        query = MEMBER_BY_ID_LOCKED if lock and postgres else MEMBER_BY_ID
        found = self._read_members(query, {"member_id": member.id})
        return Entry(found[0], created)

    def _hold(self, workspace: WorkspaceRow, *, exclusive: bool = False) -> None:
        """On PostgreSQL, lock the workspace row until this transaction ends: shared by every
        command (they only read which channel is the group's), exclusive for `/rebound setup`,
        which so waits for commands under way and is waited for by the next ones; none of
        them can miss its move. Then read the chosen channel as committed. SQLite needs nothing
        (`BEGIN IMMEDIATE`)."""
        if self._session.get_bind().dialect.name != "postgresql":
            return
        self._session.execute(
            select(WorkspaceRow.id)
            .where(WorkspaceRow.id == workspace.id)
            .with_for_update(read=not exclusive)
        )
        self._session.refresh(workspace, ["group_channel_id"])

    def workspace_organization(self, platform: str, workspace_id: str) -> str:
        found = self._session.scalar(
            select(WorkspaceRow.organization_id).where(
                WorkspaceRow.platform == platform, WorkspaceRow.external_id == workspace_id
            )
        )
        return found or ""

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

    def delete_member_data(self, member_id: int) -> int:
        # Children first and explicitly: a connection with foreign keys off would not cascade.
        # The events they added stay the group's; only the link to them goes.
        self._execute(
            update(EventRow).where(EventRow.creator_id == member_id).values(creator_id=None)
        )
        # Their stored weeks are derived from their steps, not counted as their data.
        self._execute(delete(StepWeekRow).where(StepWeekRow.member_id == member_id))
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
            + self._execute(delete(RsvpRow).where(RsvpRow.member_id == member_id))
            + self._execute(delete(GoalRow).where(GoalRow.member_id == member_id))
            + self._execute(delete(MemberRow).where(MemberRow.id == member_id))
        )

    # --- helpers --------------------------------------------------------------------------

    def _execute(self, statement: Update | Delete) -> int:
        """Run a bulk UPDATE/DELETE as plain SQL (the identity map is refreshed on read)."""
        return claims.rowcount(self._session, statement)


# What every command runs, built once with its values as parameters: building a statement
# anew (its clauses, then its cache key) cost more CPU than running it (issue 13).
_WORKSPACE = select(WorkspaceRow).where(
    WorkspaceRow.platform == bindparam("platform"),
    WorkspaceRow.external_id == bindparam("workspace"),
)
_WORKSPACE_SHARED = _WORKSPACE.with_for_update(read=True)
_GROUP = select(GroupRow).where(
    GroupRow.workspace_id == bindparam("workspace_id"), GroupRow.channel_id == bindparam("channel")
)
_MEMBER = select(MemberRow).where(
    MemberRow.workspace_id == bindparam("workspace_id"), MemberRow.user_id == bindparam("user")
)
