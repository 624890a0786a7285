"""Time zones: validating names members type, and resolving which zone applies to a member.

A member's own zone wins, then their group's, then UTC. Names are checked against the IANA
database that ships with `tzdata`, with a suggestion when a name is close to a real one.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


@cache
def _known() -> dict[str, str]:
    """Case-folded name -> canonical name, so `europe/berlin` is understood."""
    return {name.casefold(): name for name in available_timezones()}


def canonical(name: str) -> str | None:
    """The IANA name a member meant, or None when there is no such zone."""
    candidate = name.strip().replace(" ", "_")
    found = _known().get(candidate.casefold())
    if found is None:
        return None
    try:
        ZoneInfo(found)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return found


def suggest(name: str) -> str | None:
    """The closest real zone name to a typo, if one is close enough to be worth offering."""
    wanted = name.strip().replace(" ", "_").casefold()
    known = _known()
    matches = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.6)
    if not matches:
        # "Berlin" alone: look for a zone whose city part matches.
        cities = {key.rsplit("/", 1)[-1]: key for key in known if "/" in key}
        matches = [cities[c] for c in difflib.get_close_matches(wanted, list(cities), 1, 0.75)]
    return known[matches[0]] if matches else None


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def effective(member_tz: str | None, group_tz: str | None) -> str:
    """The zone to plan and display in: the member's, else the group's, else UTC."""
    for name in (member_tz, group_tz):
        if name and canonical(name):
            return name
    return "UTC"


def at_local(day: datetime | date, hour: int, minute: int, tz: str) -> datetime:
    """`hour:minute` wall-clock time on a date (or an instant's local date) in `tz`.

    Building the wall time with the zone attached (instead of adding hours to an instant) is what
    keeps a 10:00 nudge at 10:00 across a daylight-saving change. A wall time that does not exist
    (skipped by spring-forward) resolves forward, as zoneinfo's fold rules do.
    """
    local_date = day.astimezone(zone(tz)).date() if isinstance(day, datetime) else day
    wall = datetime.combine(local_date, time(hour, minute), tzinfo=zone(tz))
    # Round-trip through UTC to normalise a non-existent wall time to a real instant.
    return wall.astimezone(ZoneInfo("UTC")).astimezone(zone(tz))
