"""Weekly slots like "mon 09:00" in a group's zone, and the occurrences they produce.

Each occurrence has a unique key (`summary:<group>:<ISO week>`), so however many replicas notice
that a slot has passed, the database holds one row and the group gets one post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.records import Group, OccurrenceKind
from bot.timezones import at_local, effective, zone

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_SUMMARY = "mon 09:00"  # as `bot.records.Group`
# A day by its three letters or its whole name ("mon", "monday"): "monthly" is not a day.
_SLOT = re.compile(
    r"^(mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?"
    r"|sun(?:day)?)\s+(\d{1,2}):(\d{2})$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WeeklySlot:
    weekday: int  # Monday is 0
    hour: int
    minute: int

    def __str__(self) -> str:
        return f"{DAYS[self.weekday]} {self.hour:02d}:{self.minute:02d}"


def parse_slot(spec: str) -> WeeklySlot | None:
    """ "Mon 09:00" or "monday 9:00" -> a slot; None for anything else (including "")."""
    match = _SLOT.match(spec.strip())
    if not match:
        return None
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        return None
    return WeeklySlot(DAYS.index(match.group(1).lower()[:3]), hour, minute)


def latest_fire(slot: WeeklySlot, tz: str, now: datetime) -> datetime:
    """The most recent time at or before `now` that the slot came round (wall time in `tz`)."""
    local = now.astimezone(zone(tz))
    day = local.date() - timedelta(days=(local.weekday() - slot.weekday) % 7)
    fire = at_local(day, slot.hour, slot.minute, tz)
    if fire > now:
        fire = at_local(day - timedelta(days=7), slot.hour, slot.minute, tz)
    return fire


def next_fire(slot: WeeklySlot, tz: str, now: datetime) -> datetime:
    """The first time strictly after `now` that the slot comes round."""
    fire = latest_fire(slot, tz, now)
    return at_local(fire.date() + timedelta(days=7), slot.hour, slot.minute, tz)


def occurrence_key(kind: OccurrenceKind, group_id: int, fire: datetime, tz: str) -> str:
    """One key per post: a summary per ISO week, whatever its slot (one moved after this
    week's went out comes next week, never twice in a week), a prompt per day."""
    local = fire.astimezone(zone(tz))
    if kind is OccurrenceKind.SUMMARY:
        year, week, _ = local.isocalendar()
        return f"summary:{group_id}:{year}-W{week:02d}"
    return f"{kind.value}:{group_id}:{local.date().isoformat()}"


def active_slots(group: Group, default_tz: str) -> list[tuple[OccurrenceKind, WeeklySlot, str]]:
    """The group's recurring posts that are switched on: (kind, slot, zone the slot runs in).

    None for a channel that is not its workspace's group channel (`/rebound setup` chose
    another), so only the chosen one is posted to, and for a group whose posts are off."""
    if not group.is_group_channel or not group.posts_on:
        return []
    tz = effective(group.timezone, default_tz)
    found = []
    for kind, spec in (
        (OccurrenceKind.SUMMARY, group.summary_schedule),
        (OccurrenceKind.NETWORKING, group.networking_schedule),
    ):
        slot = parse_slot(spec)
        if slot is not None:
            found.append((kind, slot, tz))
    return found


def starts(group: Group, fire: datetime) -> bool:
    """Whether a slot that came round at `fire` is the group's to post: not before the group
    existed, nor before its rhythm last changed (a moved slot's past time is not posted late)."""
    since = group.created_at if group.rhythm_from is None else group.rhythm_from
    return fire >= max(since, group.created_at)
