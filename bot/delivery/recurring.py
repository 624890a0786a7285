"""What recurs becomes rows: each group's weekly rhythm posts and each member's mid-week goal
nudge, made once per key whenever a pass notices its moment has come.

Only on the platforms the pass serves: another platform's process plans its own groups' posts,
in its own default timezone, and the first plan of a week is the one that stands.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from bot.goals import nudge
from bot.ports import Repository
from bot.rhythm import slots


def materialize(
    repo: Repository, now: datetime, platforms: Collection[str], default_tz: str
) -> None:
    for group in repo.groups():
        if group.platform not in platforms:
            continue
        for kind, slot, tz in slots.active_slots(group, default_tz):
            fire = slots.latest_fire(slot, tz, now)
            if slots.starts(group, fire):
                key = slots.occurrence_key(kind, group.id, fire, tz)
                repo.add_occurrence(key, kind, group.id, fire, now)
    nudge.plan(repo, now, platforms, default_tz)


def next_moments(
    repo: Repository, now: datetime, platforms: Collection[str], default_tz: str
) -> list[datetime]:
    """When each recurring thing next comes round after `now` (for time travel)."""
    found = []
    for group in repo.groups():
        if group.platform in platforms:
            for _kind, slot, tz in slots.active_slots(group, default_tz):
                found.append(slots.next_fire(slot, tz, now))
    return found + nudge.next_moments(repo, now, platforms, default_tz)
