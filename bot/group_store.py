"""The repository port's group-settings side: the workspace's group, its members, its admins.

Part of `bot.ports.Repository`; `storage.groups` implements it, and `tests/fakes` in memory.
`AdminLookup` is the one read a command's gate may make before anything is stored
(`bot.commands.declare.Gate`): whether someone was made a group admin.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.records import Group, GroupAdmin, Member, Occurrence


class AdminLookup(Protocol):
    def is_group_admin(self, platform: str, workspace_id: str, user_id: str) -> bool:
        """Whether the user was made a group admin of the workspace (or ran setup there).
        Reads only: a gate asks it before anything about the asker is stored."""
        ...


class GroupStore(AdminLookup, Protocol):
    def workspace_group(self, platform: str, workspace_id: str) -> Group | None:
        """The group of the channel `/rebound setup` chose for the workspace; None before."""
        ...

    def group_members(self, group_id: int) -> list[Member]:
        """The members whose group it is, by id."""
        ...

    def group_admins(self, platform: str, workspace_id: str) -> list[GroupAdmin]:
        """The workspace's group admins, earliest added first."""
        ...

    def add_group_admin(
        self, platform: str, workspace_id: str, user_id: str, added_by: str, now: datetime
    ) -> bool:
        """Make the user a group admin of the (known) workspace; False if they already were."""
        ...

    def remove_group_admin(self, platform: str, workspace_id: str, user_id: str) -> bool:
        """False if they were not one."""
        ...

    def pending_occurrences(self, group_id: int) -> list[Occurrence]:
        """The group's posts not yet claimed for sending, earliest due first."""
        ...
