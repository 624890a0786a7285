"""When a DM may actually arrive: never inside the member's quiet hours, never on a weekend
they asked to keep free. Pure functions of a moment and the member's settings."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.timezones import at_local, zone

MAX_SHIFTS = 8  # quiet hours and weekends can push each other at most a few times


def parse_quiet(spec: str) -> tuple[time, time] | None:
    """ "21:00-08:00" -> (21:00, 08:00); "" (quiet hours off) -> None."""
    if not spec:
        return None
    start, _, end = spec.partition("-")
    return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())


def in_quiet_hours(local: time, window: tuple[time, time]) -> bool:
    start, end = window
    if start < end:
        return start <= local < end
    return local >= start or local < end  # the window wraps past midnight


def next_allowed(moment: datetime, tz: str, quiet_hours: str, skip_weekends: bool) -> datetime:
    """The first instant at or after `moment` when a DM is welcome."""
    window = parse_quiet(quiet_hours)
    local = moment.astimezone(zone(tz))
    for _ in range(MAX_SHIFTS):
        shifted = False
        if window and in_quiet_hours(local.time(), window):
            end = window[1]
            candidate = at_local(local.date(), end.hour, end.minute, tz)
            if candidate <= local:
                candidate = at_local(local.date() + timedelta(days=1), end.hour, end.minute, tz)
            local, shifted = candidate, True
        if skip_weekends and local.weekday() >= 5:
            monday = local.date() + timedelta(days=7 - local.weekday())
            local, shifted = at_local(monday, local.hour, local.minute, tz), True
        if not shifted:
            break
    return local
