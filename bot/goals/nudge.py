"""The mid-week goal nudge: at most one DM a week to a member under halfway on a weekly goal.

Planned as an occurrence keyed by the member and their ISO week (`goal:<member>:2026-W49`) at
Thursday 10:00 in their zone, so restarts and replicas add one row; whether they are behind is
decided when it goes out, from what they logged by then (on track: nothing is sent).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from bot import markup
from bot.goals.commands import lines
from bot.goals.home import zone_of
from bot.goals.progress import Progress, local_week, progress
from bot.messages import goals as words
from bot.ports import Repository
from bot.records import Member, Occurrence, OccurrenceKind
from bot.rhythm.posts import scheduled
from bot.rhythm.slots import WeeklySlot, latest_fire, next_fire
from bot.timezones import zone
from bot.values import BulletList, Destination, DestinationKind, LocalTime, Outbound

SLOT = WeeklySlot(weekday=3, hour=10, minute=0)  # Thursday 10:00, the member's own time
KEY_PREFIX = "goal"


def key(member_id: int, fire: datetime, tz: str) -> str:
    year, week, _ = fire.astimezone(zone(tz)).isocalendar()
    return f"{KEY_PREFIX}:{member_id}:{year}-W{week:02d}"


def member_of(occurrence_key: str) -> int | None:
    prefix, _, rest = occurrence_key.partition(":")
    member_id = rest.partition(":")[0]
    return int(member_id) if prefix == KEY_PREFIX and member_id.isdigit() else None


def plan(repo: Repository, now: datetime, platforms: Collection[str], default_tz: str) -> None:
    """Make this week's nudge row of each member with a goal set before its moment came."""
    for member_id in repo.members_with_goals(platforms):
        member = repo.get_member(member_id)
        if member is None:
            continue
        tz, group_id = zone_of(repo, member, default_tz)
        fire = latest_fire(SLOT, tz, now)
        goals = repo.goals_for_member(member_id)
        if group_id is None or now >= local_week(fire, tz)[1]:
            continue
        if any(goal.set_at <= fire for goal in goals):
            repo.add_occurrence(
                key(member_id, fire, tz), OccurrenceKind.GOAL_NUDGE, group_id, fire, now
            )


def next_moments(
    repo: Repository, now: datetime, platforms: Collection[str], default_tz: str
) -> list[datetime]:
    """When each member's next nudge moment comes (for time travel)."""
    found = []
    for member_id in repo.members_with_goals(platforms):
        member = repo.get_member(member_id)
        if member is not None:
            found.append(next_fire(SLOT, zone_of(repo, member, default_tz)[0], now))
    return found


def behind(
    repo: Repository, member: Member, occurrence: Occurrence, tz: str, now: datetime
) -> list[Progress]:
    """The goals the member is under halfway on, counted from their Monday up to `now`."""
    start, _ = local_week(scheduled(occurrence), tz)
    found = progress(
        repo.goals_for_member(member.id), repo.activities_for_member(member.id), start, now
    )
    return [item for item in found if item.behind_at_midweek]


def message(occurrence: Occurrence, member: Member, tz: str, late: list[Progress]) -> Outbound:
    where = Destination(
        DestinationKind.DM,
        member.platform,
        member.workspace_id,
        user_id=member.user_id,
        label=member.display_name,
    )
    intro, _, outro = words.NUDGE.partition("{lines}")
    body = (*markup.blocks(intro), BulletList(lines(late)), *markup.blocks(outro))
    return Outbound(
        where,
        body,
        summary=words.NUDGE_SUMMARY,
        due_at=LocalTime(occurrence.due_at, tz),  # after quiet hours held it, if they did
        work_keys=(occurrence.key,),
    )
