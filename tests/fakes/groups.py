"""The fake repository's group settings side (as `storage.groups`): the workspace's chosen
group, a group's members, and group admins; members and groups looked up many at once."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from bot.records import Group, GroupAdmin, Member
from tests.fakes.tables import GroupAdminRow, GroupRow, MemberRow, Tables, WorkspaceRow, instant


class GroupSettingsMethods:
    _tables: Tables

    def _workspace_row(self, platform: str, external_id: str) -> WorkspaceRow | None:
        raise NotImplementedError  # `MemberMethods` has it

    def _member(self, row: MemberRow) -> Member:
        raise NotImplementedError

    def _group(self, row: GroupRow) -> Group:
        raise NotImplementedError

    def get_members(self, member_ids: Collection[int]) -> dict[int, Member]:
        rows = self._tables.members
        return {i: self._member(rows[i]) for i in sorted(set(member_ids)) if i in rows}

    def get_groups(
        self, places: Collection[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], Group]:
        found = {}
        for platform, workspace_id, channel_id in set(places):
            workspace = self._workspace_row(platform, workspace_id)
            for row in self._tables.groups.values():
                if workspace is not None and (row.workspace_id, row.channel_id) == (
                    workspace.id,
                    channel_id,
                ):
                    found[(platform, workspace_id, channel_id)] = self._group(row)
        return found

    def workspace_group(self, platform: str, workspace_id: str) -> Group | None:
        workspace = self._workspace_row(platform, workspace_id)
        if workspace is None or not workspace.group_channel_id:
            return None
        for row in self._tables.groups.values():
            if (row.workspace_id, row.channel_id) == (workspace.id, workspace.group_channel_id):
                return self._group(row)
        return None

    def group_members(self, group_id: int) -> list[Member]:
        rows = sorted(self._tables.members.values(), key=lambda row: row.id)
        return [self._member(row) for row in rows if row.home_group_id == group_id]

    def is_group_admin(self, platform: str, workspace_id: str, user_id: str) -> bool:
        return self._admin_row(platform, workspace_id, user_id) is not None

    def group_admins(self, platform: str, workspace_id: str) -> list[GroupAdmin]:
        workspace = self._workspace_row(platform, workspace_id)
        rows = [
            row
            for row in self._tables.group_admins.values()
            if workspace is not None and row.workspace_id == workspace.id
        ]
        rows.sort(key=lambda row: (row.added_at, row.id))
        return [GroupAdmin(row.user_id, row.added_by, row.added_at) for row in rows]

    def add_group_admin(
        self, platform: str, workspace_id: str, user_id: str, added_by: str, now: datetime
    ) -> bool:
        workspace = self._workspace_row(platform, workspace_id)
        if workspace is None:
            raise ValueError("a group admin belongs to a workspace Rebound knows")
        if self._admin_row(platform, workspace_id, user_id) is not None:
            return False
        row_id = self._tables.next_id("group_admins")
        row = GroupAdminRow(row_id, workspace.id, user_id, added_by, instant(now))
        self._tables.group_admins[row_id] = row
        return True

    def remove_group_admin(self, platform: str, workspace_id: str, user_id: str) -> bool:
        row = self._admin_row(platform, workspace_id, user_id)
        if row is None:
            return False
        del self._tables.group_admins[row.id]
        return True

    def _admin_row(self, platform: str, workspace_id: str, user_id: str) -> GroupAdminRow | None:
        workspace = self._workspace_row(platform, workspace_id)
        for row in self._tables.group_admins.values():
            if workspace is not None and (row.workspace_id, row.user_id) == (
                workspace.id,
                user_id,
            ):
                return row
        return None
