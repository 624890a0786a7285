"""The repository's groups: their settings, and who may change them (group admins).

A mixin of `storage.repository.SqlRepository`. A group is one channel's; after `/rebound setup`
its workspace's chosen channel is the group every member belongs to (`workspace_group`).
Group admins are the workspace's: platform user ids, so they survive a move of the group.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.records import Group, GroupAdmin
from storage import claims
from storage.models import GroupAdminRow, GroupRow, WorkspaceRow


class GroupMethods:
    _session: Session

    def get_group(self, platform: str, workspace_id: str, channel_id: str) -> Group | None:
        found = self._groups(
            WorkspaceRow.platform == platform,
            WorkspaceRow.external_id == workspace_id,
            GroupRow.channel_id == channel_id,
        )
        return found[0] if found else None

    def get_groups(
        self, places: Collection[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], Group]:
        if not places:
            return {}
        place = tuple_(WorkspaceRow.platform, WorkspaceRow.external_id, GroupRow.channel_id)
        found = self._groups(place.in_(sorted(set(places))))
        return {(g.platform, g.workspace_id, g.channel_id): g for g in found}

    def get_group_by_id(self, group_id: int) -> Group | None:
        found = self._groups(GroupRow.id == group_id)
        return found[0] if found else None

    def groups(self) -> list[Group]:
        return self._groups()

    def workspace_group(self, platform: str, workspace_id: str) -> Group | None:
        found = self._groups(
            WorkspaceRow.platform == platform,
            WorkspaceRow.external_id == workspace_id,
            WorkspaceRow.group_channel_id == GroupRow.channel_id,
        )
        return found[0] if found else None

    def save_group(self, group: Group) -> None:
        claims.rowcount(
            self._session,
            update(GroupRow)
            .where(GroupRow.id == group.id)
            .values(
                timezone=group.timezone,
                summary_schedule=group.summary_schedule,
                networking_schedule=group.networking_schedule,
                followup_days=group.followup_days,
                default_quiet_hours=group.default_quiet_hours,
                default_skip_weekends=group.default_skip_weekends,
                posts_on=group.posts_on,
                rhythm_from=group.rhythm_from,
                timezone_chosen=group.timezone_chosen,
            ),
        )

    def _groups(self, *where: Any) -> list[Group]:
        query = (
            select(
                GroupRow,
                WorkspaceRow.platform,
                WorkspaceRow.external_id,
                WorkspaceRow.group_channel_id,
            )
            .join(WorkspaceRow, GroupRow.workspace_id == WorkspaceRow.id)
            .where(*where)
            .order_by(GroupRow.id)
            .execution_options(populate_existing=True)
        )
        return [
            Group(
                id=row.id,
                platform=platform,
                workspace_id=workspace_id,
                channel_id=row.channel_id,
                name=row.name,
                timezone=row.timezone,
                created_at=row.created_at,
                summary_schedule=row.summary_schedule,
                networking_schedule=row.networking_schedule,
                is_group_channel=chosen in ("", row.channel_id),
                followup_days=row.followup_days,
                default_quiet_hours=row.default_quiet_hours,
                default_skip_weekends=row.default_skip_weekends,
                posts_on=row.posts_on,
                rhythm_from=row.rhythm_from,
                timezone_chosen=row.timezone_chosen,
            )
            for row, platform, workspace_id, chosen in self._session.execute(query)
        ]

    # --- group admins ---------------------------------------------------------------------

    def _workspace_id(self, platform: str, workspace_id: str) -> int | None:
        return self._session.scalar(
            select(WorkspaceRow.id).where(
                WorkspaceRow.platform == platform, WorkspaceRow.external_id == workspace_id
            )
        )

    def is_group_admin(self, platform: str, workspace_id: str, user_id: str) -> bool:
        found = self._session.scalar(
            select(GroupAdminRow.id)
            .join(WorkspaceRow, GroupAdminRow.workspace_id == WorkspaceRow.id)
            .where(
                WorkspaceRow.platform == platform,
                WorkspaceRow.external_id == workspace_id,
                GroupAdminRow.user_id == user_id,
            )
        )
        return found is not None

    def group_admins(self, platform: str, workspace_id: str) -> list[GroupAdmin]:
        query = (
            select(GroupAdminRow)
            .join(WorkspaceRow, GroupAdminRow.workspace_id == WorkspaceRow.id)
            .where(WorkspaceRow.platform == platform, WorkspaceRow.external_id == workspace_id)
            .order_by(GroupAdminRow.added_at, GroupAdminRow.id)
            .execution_options(populate_existing=True)
        )
        return [
            GroupAdmin(row.user_id, row.added_by, row.added_at)
            for row in self._session.scalars(query)
        ]

    def add_group_admin(
        self, platform: str, workspace_id: str, user_id: str, added_by: str, now: datetime
    ) -> bool:
        workspace = self._workspace_id(platform, workspace_id)
        if workspace is None:
            raise ValueError("a group admin belongs to a workspace Rebound knows")
        insert = (
            postgresql.insert
            if self._session.get_bind().dialect.name == "postgresql"
            else sqlite.insert
        )
        statement = (
            insert(GroupAdminRow)
            .values(workspace_id=workspace, user_id=user_id, added_by=added_by, added_at=now)
            .on_conflict_do_nothing(
                index_elements=[GroupAdminRow.workspace_id, GroupAdminRow.user_id]
            )
            .returning(GroupAdminRow.id)
        )
        return claims.execute(self._session, statement).first() is not None

    def remove_group_admin(self, platform: str, workspace_id: str, user_id: str) -> bool:
        workspace = self._workspace_id(platform, workspace_id)
        if workspace is None:
            return False
        removed = claims.rowcount(
            self._session,
            delete(GroupAdminRow).where(
                GroupAdminRow.workspace_id == workspace, GroupAdminRow.user_id == user_id
            ),
        )
        return removed > 0
