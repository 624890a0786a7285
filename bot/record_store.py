"""The repository port's record side: who members and groups are, and what members logged.

Part of `bot.ports.Repository`, which the core depends on; `storage/` implements it (see
`storage.repository`). Split from the delivery queue (`bot.delivery_queue`) so each stays readable.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol

from bot.records import (
    Activity,
    ActivityKind,
    Entry,
    Group,
    Member,
    Rejection,
    SharedStep,
    Stage,
)
from bot.values import Actor


class RecordStore(Protocol):
    """Members, groups and workspaces; rejections and activities; what a group did in a period."""

    # members, groups, workspaces
    def ensure_member(self, actor: Actor, now: datetime) -> Member:
        """Create (or refresh the display name of) the workspace, channel group and member, and
        remember the workspace's organization when the actor names one."""
        ...

    def enter(self, actor: Actor, now: datetime) -> Entry:
        """`ensure_member` and `lock_member` at once, as every command starts: the member as
        stored once their lock is held, and whether this call created them."""
        ...

    def lock_member(self, member_id: int) -> None:
        """Make every other transaction of this member wait until this one ends.

        The core takes it at the start of each command, so a rule that checks before it writes
        (no duplicate rejection within a day) holds however many copies of a command arrive at
        once: the second copy sees what the first one committed.
        """
        ...

    def get_member(self, member_id: int) -> Member | None: ...

    def get_members(self, member_ids: Collection[int]) -> dict[int, Member]:
        """`get_member` for many at once (one read): by id, those that exist."""
        ...

    def find_member(self, actor: Actor) -> Member | None:
        """The actor's member if one is stored, creating nothing."""

    def workspace_organization(self, platform: str, workspace_id: str) -> str:
        """The organization the workspace belongs to, as last reported by the platform; "" when
        none is known (most workspaces belong to none)."""
        ...

    def save_member(self, member: Member) -> None:
        """Write the member's settings (timezone, quiet hours, privacy, dm_open, encouragement)."""
        ...

    def get_group(self, platform: str, workspace_id: str, channel_id: str) -> Group | None: ...

    def get_groups(
        self, places: Collection[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], Group]:
        """`get_group` for many (platform, workspace, channel) places at once (one read): by
        place, those that exist."""
        ...

    def choose_group_channel(self, platform: str, workspace_id: str, channel_id: str) -> int:
        """Make the channel (whose group exists) the workspace's group channel: its members,
        now and later, belong to its group (with everything they logged, so its summaries
        count it), and only it gets the group's posts. Returns how many members moved there."""
        ...

    def get_group_by_id(self, group_id: int) -> Group | None: ...

    def groups(self) -> list[Group]:
        """Every group, ordered by id (the scheduler rebuilds its per-group jobs from these)."""
        ...

    def save_group(self, group: Group) -> None:
        """Write the group's settings (timezone, summary and networking schedules)."""
        ...

    def delete_member_data(self, member_id: int) -> int:
        """Delete the member and every row that belongs to them; return how many rows went."""
        ...

    # rejections
    def add_rejection(
        self,
        member_id: int,
        company: str,
        role: str,
        note: str,
        logged_at: datetime,
        stage: Stage | None = None,
    ) -> Rejection: ...

    def get_rejection(self, rejection_id: int) -> Rejection | None: ...

    def find_recent_rejection(
        self, member_id: int, company: str, since: datetime, role: str | None = None
    ) -> Rejection | None:
        """The newest rejection of this member for this company (any case) logged since `since`;
        with `role`, only one for that role (any case; "" matches only no role)."""
        ...

    def companies_for_member(self, member_id: int) -> list[str]:
        """Every company the member named (rejections, applications, feedback), once each in
        the spelling they first used, oldest first."""
        ...

    def first_spelling(self, member_id: int, company: str) -> str | None:
        """How the member first spelled this company (any case) in a rejection, application or
        feedback; None when they never named it. Reads only that company's rows."""
        ...

    def rejections_for_member(self, member_id: int) -> list[Rejection]:
        """Newest first."""
        ...

    def delete_rejection(self, rejection_id: int) -> None:
        """Remove a rejection with its follow-ups and the activities linked to it, except saved
        feedback: that stays the member's (it names its own company), just no longer linked."""
        ...

    # what a group did
    def group_activity_counts(
        self, group_id: int, since: datetime, until: datetime
    ) -> dict[ActivityKind, int]:
        """Activities in the group in [since, until), leaving out members whose privacy is
        `private`. Kinds with no activity are absent."""
        ...

    def group_shared_steps(
        self, group_id: int, since: datetime, until: datetime
    ) -> list[SharedStep]:
        """Applications, follow-ups sent and networking in the group in [since, until) by
        members whose privacy is `full` (only they agreed to be named), oldest first."""
        ...

    # activities
    def add_activity(
        self,
        member_id: int,
        kind: ActivityKind,
        detail: str,
        occurred_at: datetime,
        rejection_id: int | None = None,
        company: str = "",
    ) -> Activity: ...

    def activities_for_member(self, member_id: int) -> list[Activity]:
        """Oldest first."""
        ...

    def delete_activity(self, member_id: int, activity_id: int) -> Activity | None:
        """Remove one activity if it exists and belongs to this member; return what was removed
        (None when there was nothing of theirs to remove)."""
        ...
