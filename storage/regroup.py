"""Choosing the workspace's group channel (`/rebound setup`): every member, what they logged,
the group's calendar and the DMs still waiting move to the chosen channel's group.

A mixin of `storage.repository.SqlRepository`, which provides `_hold` and `_execute`.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Delete, Update, select, update
from sqlalchemy.orm import Session

from bot.records import DEFAULT_QUIET_HOURS, FollowUpState, OccurrenceKind
from storage import step_weeks
from storage.calendar_rows import EventRow
from storage.models import (
    NETWORKING_SCHEDULE,
    SUMMARY_SCHEDULE,
    ActivityRow,
    GroupRow,
    MemberRow,
    OccurrenceRow,
    RejectionRow,
    WorkspaceRow,
)

# Occurrences that follow the group to its new channel; the weekly posts are planned afresh
# for it, and the closed-DM mention finds the member's current channel when it goes out.
MOVING_KINDS = tuple(
    kind.value
    for kind in OccurrenceKind
    if kind.value.startswith("event_")
    or kind in (OccurrenceKind.GOAL_NUDGE, OccurrenceKind.REPLY_CHECK)
)


class RegroupMethods:
    _session: Session
    _hold: Callable[..., None]
    _execute: Callable[[Update | Delete], int]

    def _chosen_group_id(self, workspace: WorkspaceRow) -> int | None:
        """The group of the channel an organiser chose with `/rebound setup`, if any: every
        member of the workspace belongs there, whichever channel they first wrote in."""
        if not workspace.group_channel_id:
            return None
        return self._session.scalar(
            select(GroupRow.id).where(
                GroupRow.workspace_id == workspace.id,
                GroupRow.channel_id == workspace.group_channel_id,
            )
        )

    def choose_group_channel(self, platform: str, workspace_id: str, channel_id: str) -> int:
        workspace = self._session.scalars(
            select(WorkspaceRow).where(
                WorkspaceRow.platform == platform, WorkspaceRow.external_id == workspace_id
            )
        ).one()
        self._hold(workspace, exclusive=True)
        before = self._chosen_group_id(workspace)
        workspace.group_channel_id = channel_id
        chosen = self._chosen_group_id(workspace)
        if chosen is None:
            raise ValueError("choose a channel some member already used (its group exists)")
        self._session.flush()
        self._carry_settings(workspace.id, before, chosen)
        moved = self._execute(
            update(MemberRow)
            .where(
                MemberRow.workspace_id == workspace.id,
                (MemberRow.home_group_id != chosen) | MemberRow.home_group_id.is_(None),
            )
            .values(home_group_id=chosen)
        )
        # What they logged counts in the chosen group's summaries too, this week included.
        theirs = select(MemberRow.id).where(MemberRow.workspace_id == workspace.id)
        for table in (ActivityRow, RejectionRow):
            self._execute(update(table).where(table.member_id.in_(theirs)).values(group_id=chosen))
        step_weeks.rebuild(self._session, lambda table: table.member_id.in_(theirs))
        # The group's calendar moves with it: its events, their reminders and the members'
        # goal nudges still waiting now post to (and are counted in) the chosen channel.
        groups = select(GroupRow.id).where(GroupRow.workspace_id == workspace.id)
        self._execute(update(EventRow).where(EventRow.group_id.in_(groups)).values(group_id=chosen))
        waiting = (FollowUpState.PENDING.value, FollowUpState.SENDING.value)
        self._execute(
            update(OccurrenceRow)
            .where(
                OccurrenceRow.group_id.in_(groups),
                OccurrenceRow.state.in_(waiting),
                OccurrenceRow.kind.in_(MOVING_KINDS),
            )
            .values(group_id=chosen)
        )
        return moved

    def _carry_settings(self, workspace_id: int, before: int | None, chosen: int) -> None:
        """The group's settings move with it: from the channel chosen before, or, at the first
        setup, from the one channel whose settings were changed (which else would be lost).
        A chosen channel with settings of its own keeps them."""
        rows = {
            row.id: row
            for row in self._session.scalars(
                select(GroupRow).where(GroupRow.workspace_id == workspace_id)
            )
        }
        target = rows[chosen]
        if _customised(target):
            return
        if before is None:
            changed = [row for row in rows.values() if row.id != chosen and _customised(row)]
            before = changed[0].id if len(changed) == 1 else None
        if before is None or before == chosen:
            return
        source = rows[before]
        for column in SETTINGS:
            setattr(target, column, getattr(source, column))
        self._session.flush()


SETTINGS = (
    "timezone",
    "timezone_chosen",
    "summary_schedule",
    "networking_schedule",
    "followup_days",
    "default_quiet_hours",
    "default_skip_weekends",
    "posts_on",
    "rhythm_from",
)


def _customised(row: GroupRow) -> bool:
    """Whether an organiser changed any of the group's settings (`/rebound settings`)."""
    defaults = GroupRow(
        summary_schedule=SUMMARY_SCHEDULE,
        networking_schedule=NETWORKING_SCHEDULE,
        followup_days="",
        default_quiet_hours=DEFAULT_QUIET_HOURS,
        default_skip_weekends=False,
        posts_on=True,
    )
    same = all(
        getattr(row, column) == getattr(defaults, column)
        for column in SETTINGS
        if column not in ("timezone", "timezone_chosen", "rhythm_from")
    )
    return row.timezone_chosen or not same
