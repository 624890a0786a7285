"""Where a member's goal nudge belongs: their zone, and the group whose row it is stored under
(their group channel's, else the workspace's chosen one; none for a member of neither)."""

from __future__ import annotations

from bot.ports import Repository
from bot.records import Member
from bot.timezones import effective


def zone_of(repo: Repository, member: Member, default_tz: str) -> tuple[str, int | None]:
    """The member's effective zone and their group's id (None without a group channel)."""
    home = member.home_channel_id
    group = repo.get_group(member.platform, member.workspace_id, home) if home else None
    if group is None:  # a member who only ever wrote in DMs: the workspace's chosen channel
        group = repo.workspace_group(member.platform, member.workspace_id)
    group_tz = group.timezone if group is not None and group.timezone else default_tz
    return effective(member.timezone, group_tz), (group.id if group is not None else None)
