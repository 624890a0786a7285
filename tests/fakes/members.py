"""The fake repository's members, groups and workspaces (as `storage.repository` and the group
half of `storage.rhythm`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from bot.records import DEFAULT_QUIET_HOURS, Entry, FollowUpState, Group, Member
from bot.values import Actor
from storage.regroup import MOVING_KINDS, SETTINGS
from tests.fakes.tables import (
    GroupRow,
    MemberRow,
    Tables,
    WorkspaceRow,
    instant,
    optional_instant,
)


class MemberMethods:
    _tables: Tables

    def ensure_member(self, actor: Actor, now: datetime) -> Member:
        tables = self._tables
        workspace = self._workspace_row(actor.platform, actor.workspace_id)
        if workspace is None:
            workspace = WorkspaceRow(
                tables.next_id("workspaces"), actor.platform, actor.workspace_id, instant(now)
            )
        if actor.organization_id and workspace.organization_id != actor.organization_id:
            workspace = replace(workspace, organization_id=actor.organization_id)
        tables.workspaces[workspace.id] = workspace
        # A private context (a DM, a home screen) has no channel and makes no group.
        group: GroupRow | None = None
        if actor.channel_id:
            group = next(
                (
                    row
                    for row in tables.groups.values()
                    if row.workspace_id == workspace.id and row.channel_id == actor.channel_id
                ),
                None,
            )
            if group is None:
                group = GroupRow(
                    tables.next_id("groups"),
                    workspace.id,
                    actor.channel_id,
                    actor.channel_name,
                    instant(now),
                )
            if actor.channel_name and group.name != actor.channel_name:
                group = replace(group, name=actor.channel_name)
            tables.groups[group.id] = group
        chosen = self._chosen_group_id(workspace)
        group_id = chosen or (None if group is None else group.id)
        member = next(
            (
                row
                for row in tables.members.values()
                if row.workspace_id == workspace.id and row.user_id == actor.user_id
            ),
            None,
        )
        if member is None:
            member = MemberRow(
                tables.next_id("members"),
                workspace.id,
                actor.user_id,
                actor.display_name,
                group_id,
                instant(now),
            )
        if actor.display_name and member.display_name != actor.display_name:
            member = replace(member, display_name=actor.display_name)
        if member.home_group_id is None or (chosen and member.home_group_id != chosen):
            member = replace(member, home_group_id=group_id)  # where the workspace's group is
        tables.members[member.id] = member
        found = self.get_member(member.id)
        assert found is not None
        return found

    def enter(self, actor: Actor, now: datetime) -> Entry:
        created = self.find_member(actor) is None
        return Entry(self.ensure_member(actor, now), created)

    def _chosen_group_id(self, workspace: WorkspaceRow) -> int | None:
        for row in self._tables.groups.values():
            if workspace.group_channel_id and (row.workspace_id, row.channel_id) == (
                workspace.id,
                workspace.group_channel_id,
            ):
                return row.id
        return None

    def choose_group_channel(self, platform: str, workspace_id: str, channel_id: str) -> int:
        workspace = self._workspace_row(platform, workspace_id)
        assert workspace is not None
        before = self._chosen_group_id(workspace)
        workspace = replace(workspace, group_channel_id=channel_id)
        self._tables.workspaces[workspace.id] = workspace
        chosen = self._chosen_group_id(workspace)
        if chosen is None:
            raise ValueError("choose a channel some member already used (its group exists)")
        _carry_settings(self._tables, workspace.id, before, chosen)
        theirs = {m.id for m in self._tables.members.values() if m.workspace_id == workspace.id}
        for activity in list(self._tables.activities.values()):
            if activity.member_id in theirs:
                self._tables.activities[activity.id] = replace(activity, group_id=chosen)
        for rejection in list(self._tables.rejections.values()):
            if rejection.member_id in theirs:
                self._tables.rejections[rejection.id] = replace(rejection, group_id=chosen)
        _move_calendar(self._tables, workspace.id, chosen)
        moved = 0
        for row in list(self._tables.members.values()):
            if row.workspace_id == workspace.id and row.home_group_id != chosen:
                self._tables.members[row.id] = replace(row, home_group_id=chosen)
                moved += 1
        return moved

    def workspace_organization(self, platform: str, workspace_id: str) -> str:
        workspace = self._workspace_row(platform, workspace_id)
        return "" if workspace is None else workspace.organization_id

    def lock_member(self, member_id: int) -> None:
        """Nothing to do: the unit of work runs one transaction at a time."""

    def get_member(self, member_id: int) -> Member | None:
        row = self._tables.members.get(member_id)
        return None if row is None else self._member(row)

    def find_member(self, actor: Actor) -> Member | None:
        workspace = self._workspace_row(actor.platform, actor.workspace_id)
        for row in self._tables.members.values():
            if workspace is not None and (row.workspace_id, row.user_id) == (
                workspace.id,
                actor.user_id,
            ):
                return self._member(row)
        return None

    def save_member(self, member: Member) -> None:
        row = self._tables.members.get(member.id)
        if row is not None:
            self._tables.members[row.id] = replace(
                row,
                timezone=member.timezone,
                quiet_hours=member.quiet_hours if member.quiet_hours_chosen else None,
                privacy=member.privacy,
                dm_open=member.dm_open,
                last_encouragement=member.last_encouragement,
                skip_weekends=member.skip_weekends if member.weekends_chosen else None,
            )

    def get_group(self, platform: str, workspace_id: str, channel_id: str) -> Group | None:
        workspace = self._workspace_row(platform, workspace_id)
        for row in self._tables.groups.values():
            if workspace is not None and (row.workspace_id, row.channel_id) == (
                workspace.id,
                channel_id,
            ):
                return self._group(row)
        return None

    def get_group_by_id(self, group_id: int) -> Group | None:
        row = self._tables.groups.get(group_id)
        return None if row is None else self._group(row)

    def groups(self) -> list[Group]:
        return [self._group(row) for row in sorted(self._tables.groups.values(), key=_id)]

    def save_group(self, group: Group) -> None:
        row = self._tables.groups.get(group.id)
        if row is not None:
            self._tables.groups[row.id] = replace(
                row,
                timezone=group.timezone,
                summary_schedule=group.summary_schedule,
                networking_schedule=group.networking_schedule,
                followup_days=group.followup_days,
                default_quiet_hours=group.default_quiet_hours,
                default_skip_weekends=group.default_skip_weekends,
                posts_on=group.posts_on,
                rhythm_from=optional_instant(group.rhythm_from),
                timezone_chosen=group.timezone_chosen,
            )

    # --- helpers --------------------------------------------------------------------------

    def _workspace_row(self, platform: str, external_id: str) -> WorkspaceRow | None:
        for row in self._tables.workspaces.values():
            if (row.platform, row.external_id) == (platform, external_id):
                return row
        return None

    def _member(self, row: MemberRow) -> Member:
        workspace = self._tables.workspaces[row.workspace_id]
        home = self._tables.groups.get(row.home_group_id) if row.home_group_id else None
        return Member(
            id=row.id,
            platform=workspace.platform,
            workspace_id=workspace.external_id,
            user_id=row.user_id,
            display_name=row.display_name,
            timezone=row.timezone,
            quiet_hours=_first(
                row.quiet_hours,
                None if home is None else home.default_quiet_hours,
                DEFAULT_QUIET_HOURS,
            ),
            privacy=row.privacy,
            dm_open=row.dm_open,
            last_encouragement=row.last_encouragement,
            home_channel_id="" if home is None else home.channel_id,
            created_at=row.created_at,
            skip_weekends=_first(
                row.skip_weekends, None if home is None else home.default_skip_weekends, False
            ),
            quiet_hours_chosen=row.quiet_hours is not None,
            weekends_chosen=row.skip_weekends is not None,
        )

    def _group(self, row: GroupRow) -> Group:
        workspace = self._tables.workspaces[row.workspace_id]
        return Group(
            id=row.id,
            platform=workspace.platform,
            workspace_id=workspace.external_id,
            channel_id=row.channel_id,
            name=row.name,
            timezone=row.timezone,
            created_at=row.created_at,
            summary_schedule=row.summary_schedule,
            networking_schedule=row.networking_schedule,
            is_group_channel=workspace.group_channel_id in ("", row.channel_id),
            followup_days=row.followup_days,
            default_quiet_hours=row.default_quiet_hours,
            default_skip_weekends=row.default_skip_weekends,
            posts_on=row.posts_on,
            rhythm_from=row.rhythm_from,
            timezone_chosen=row.timezone_chosen,
        )


def _id(row: GroupRow) -> int:
    return row.id


T = TypeVar("T")


def _first(own: T | None, group: T | None, default: T) -> T:
    """The member's own choice, else their group's default, else Rebound's."""
    if own is not None:
        return own
    return default if group is None else group


def _move_calendar(tables: Tables, workspace_id: int, chosen: int) -> None:
    """The workspace's events, and the event reminders and goal nudges still waiting, move to
    the chosen group (as `storage.regroup`)."""
    groups = {g.id for g in tables.groups.values() if g.workspace_id == workspace_id}
    for event in list(tables.events.values()):
        if event.group_id in groups:
            tables.events[event.id] = replace(event, group_id=chosen)
    for row in list(tables.occurrences.values()):
        if (
            row.group_id in groups
            and row.state in (FollowUpState.PENDING.value, FollowUpState.SENDING.value)
            and row.kind in MOVING_KINDS
        ):
            tables.occurrences[row.id] = replace(row, group_id=chosen)


def _carry_settings(tables: Tables, workspace_id: int, before: int | None, chosen: int) -> None:
    """As `storage.regroup`: the settings follow the group to its chosen channel."""
    rows = {row.id: row for row in tables.groups.values() if row.workspace_id == workspace_id}
    defaults = GroupRow(0, 0, "", "", rows[chosen].created_at)

    def customised(row: GroupRow) -> bool:
        same = all(
            getattr(row, column) == getattr(defaults, column)
            for column in SETTINGS
            if column not in ("timezone", "timezone_chosen", "rhythm_from")
        )
        return row.timezone_chosen or not same

    if customised(rows[chosen]):
        return
    if before is None:
        changed = [row for row in rows.values() if row.id != chosen and customised(row)]
        before = changed[0].id if len(changed) == 1 else None
    if before is None or before == chosen:
        return
    carried = {column: getattr(rows[before], column) for column in SETTINGS}
    tables.groups[chosen] = replace(rows[chosen], **carried)
