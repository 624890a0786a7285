"""Time zones: validating names members type, and resolving which zone applies to a member.

A member's own zone wins, then their group's, then the default zone the process was given (see
README "Time zones"). Names are checked against the IANA database that ships with `tzdata`,
with a suggestion when a name is close to a real one. Abbreviations and fixed offsets (`EST`,
`CET`, `GMT+2`, `UTC+5`) are refused with a real zone to use instead: they never change for
daylight saving, so a nudge planned for 10:00 would arrive at 09:00 or 11:00 half the year.
"""

from __future__ import annotations

import difflib
import re
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


# Names of UTC itself: no daylight saving is what UTC means, so these stay acceptable.
UTC_NAMES = frozenset(
    name.casefold()
    for name in (
        "UTC",
        "Etc/UTC",
        "UCT",
        "Etc/UCT",
        "Universal",
        "Etc/Universal",
        "Zulu",
        "Etc/Zulu",
    )
)

# Abbreviations (and the POSIX-style zones named after them) -> the zone most people who type
# them live in. Abbreviations are ambiguous (IST is India, Ireland and Israel), so this is only
# ever offered as a suggestion, never applied.
_ABBREVIATIONS = {
    "est": "America/New_York",
    "edt": "America/New_York",
    "est5edt": "America/New_York",
    "et": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "cst6cdt": "America/Chicago",
    "ct": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mst7mdt": "America/Denver",
    "mt": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pst8pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "akst": "America/Anchorage",
    "akdt": "America/Anchorage",
    "hst": "Pacific/Honolulu",
    "gmt": "Europe/London",
    "gmt0": "Europe/London",
    "gmt+0": "Europe/London",
    "gmt-0": "Europe/London",
    "greenwich": "Europe/London",
    "etc/gmt": "Europe/London",
    "bst": "Europe/London",
    "wet": "Europe/Lisbon",
    "west": "Europe/Lisbon",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "met": "Europe/Berlin",
    "eet": "Europe/Athens",
    "eest": "Europe/Athens",
    "msk": "Europe/Moscow",
    "ist": "Asia/Kolkata",
    "pkt": "Asia/Karachi",
    "sgt": "Asia/Singapore",
    "hkt": "Asia/Hong_Kong",
    "jst": "Asia/Tokyo",
    "kst": "Asia/Seoul",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "acst": "Australia/Adelaide",
    "awst": "Australia/Perth",
    "nzst": "Pacific/Auckland",
    "nzdt": "Pacific/Auckland",
}

# A city zone for each whole-hour standard offset, for `UTC+5`, `GMT-3`, `+05:30`, `Etc/GMT-2`.
_BY_OFFSET = {
    -10 * 60: "Pacific/Honolulu",
    -9 * 60: "America/Anchorage",
    -8 * 60: "America/Los_Angeles",
    -7 * 60: "America/Denver",
    -6 * 60: "America/Chicago",
    -5 * 60: "America/New_York",
    -4 * 60: "America/Halifax",
    -3 * 60: "America/Sao_Paulo",
    0: "Europe/London",
    1 * 60: "Europe/Berlin",
    2 * 60: "Europe/Athens",
    3 * 60: "Europe/Moscow",
    4 * 60: "Asia/Dubai",
    5 * 60: "Asia/Karachi",
    5 * 60 + 30: "Asia/Kolkata",
    6 * 60: "Asia/Dhaka",
    7 * 60: "Asia/Bangkok",
    8 * 60: "Asia/Singapore",
    9 * 60: "Asia/Tokyo",
    10 * 60: "Australia/Brisbane",
    12 * 60: "Pacific/Auckland",
}

_OFFSET = re.compile(r"(?:etc/)?(?:utc|gmt|z)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?")


def fixed_offset(name: str) -> bool:
    """Whether `name` is an abbreviation or a fixed offset rather than a place (UTC excepted)."""
    wanted = name.strip().replace(" ", "_").casefold()
    if wanted in UTC_NAMES:
        return False
    return wanted in _ABBREVIATIONS or _offset_minutes(wanted) is not None


def _offset_minutes(wanted: str) -> int | None:
    match = _OFFSET.fullmatch(wanted)
    if match is None:
        return None
    sign, hours, minutes = match.groups()
    total = int(hours) * 60 + int(minutes or 0)
    # POSIX turned the sign around in Etc/GMT+2 (two hours *behind* Greenwich).
    behind = (sign == "-") != wanted.startswith("etc/")
    return -total if behind else total


def suggest(name: str) -> str | None:
    """A real zone to offer: for an abbreviation or offset, where people using it live; for a
    typo, the closest real name, if one is close enough to be worth offering."""
    wanted = name.strip().replace(" ", "_").casefold()
    if wanted in _ABBREVIATIONS:
        return _ABBREVIATIONS[wanted]
    minutes = _offset_minutes(wanted)
    if minutes is not None:
        return _BY_OFFSET.get(minutes)
    wanted = name.strip().replace(" ", "_").casefold()
    known = _known()
    matches = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.6)
    if not matches:
        # "Berlin" alone: look for a zone whose city part matches.
        cities = {key.rsplit("/", 1)[-1]: key for key in known if "/" in key}
        matches = [cities[c] for c in difflib.get_close_matches(wanted, list(cities), 1, 0.75)]
    return known[matches[0]] if matches else None


def refusal(name: str) -> str | None:
    """Why `name` cannot be a zone setting, with what would work; None when it can.

    For settings and command-line options; members get the same answer in chat words.
    """
    if fixed_offset(name):
        hint = suggest(name)
        instead = f"a place's zone such as {hint}" if hint else "a place's zone like Europe/Berlin"
        return (
            f"{name!r} is an abbreviation or a fixed offset, which never changes for daylight "
            f"saving; use {instead} (or UTC if you really mean no daylight saving)"
        )
    if canonical(name) is None:
        hint = suggest(name)
        if hint:
            return f"unknown timezone {name!r}; did you mean {hint}?"
        return f"unknown timezone {name!r}; use an IANA name like Europe/Berlin or America/New_York"
    return None


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
