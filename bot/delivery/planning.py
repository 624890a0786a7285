"""When each follow-up falls due. Pure functions of the logging time and the member's settings.

1. Thank-you and continued interest: 10:00 local on the first business day (Monday to Friday)
   at least two hours after logging, so the member has time to breathe before writing and the
   employer reads it in business hours. Logged at 08:00 on a Tuesday: 10:00 that Tuesday; logged
   on Friday evening: Monday 10:00.
2. Feedback request: three days after the thank-you, at 10:00 local, moved on to the next
   business day if that is a weekend.
3. Future consideration: three weeks after the thank-you, at 10:00 local, on a business day too.

A group may choose its own cadence instead (`/rebound settings cadence 1 3 21`): each follow-up
at 10:00 local on the first business day at least that many days after the logging day (and two
hours after logging). `cadence` parses and prints the stored form ("1 3 21"; "" is the plan above).

Every planned time is then moved past the member's quiet hours and skipped weekends, so the
plan shows the moment the nudge really arrives (delivery applies the same rule again, for
settings changed after planning).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.delivery.timing import MAX_SHIFTS, next_allowed
from bot.records import FollowUpKind
from bot.timezones import at_local, zone

NUDGE_HOUR = 10
MIN_BREATHING_ROOM = timedelta(hours=2)
DAYS_AFTER_THANK_YOU = {FollowUpKind.FEEDBACK: 3, FollowUpKind.FUTURE: 21}
SATURDAY = 5


KINDS = (FollowUpKind.THANK_YOU, FollowUpKind.FEEDBACK, FollowUpKind.FUTURE)
MAX_CADENCE_DAYS = 365


def plan(
    logged_at: datetime,
    tz: str,
    quiet_hours: str = "",
    skip_weekends: bool = False,
    days: str = "",
) -> list[tuple[FollowUpKind, datetime]]:
    """`days`: the group's cadence ("1 3 21"), "" for the standard plan."""
    if logged_at.tzinfo is None:
        raise ValueError("plan needs a timezone-aware logging time")
    logged_day = logged_at.astimezone(zone(tz)).date()
    chosen = cadence(days)
    if chosen is not None:
        planned = [
            (kind, _ten(_first_morning(logged_day + timedelta(days=n), logged_at, tz), tz))
            for kind, n in zip(KINDS, chosen, strict=True)
        ]
    else:
        day = _first_morning(logged_day, logged_at, tz)
        planned = [(FollowUpKind.THANK_YOU, _ten(day, tz))]
        for kind, after in DAYS_AFTER_THANK_YOU.items():
            planned.append((kind, _ten(_on_business_day(day + timedelta(days=after)), tz)))
    return [(kind, arrival(due, tz, quiet_hours, skip_weekends)) for kind, due in planned]


def cadence(days: str) -> tuple[int, int, int] | None:
    """ "1 3 21" -> (1, 3, 21): whole days after the rejection, each larger than the one before,
    at most MAX_CADENCE_DAYS; None for "" or anything else (the standard plan)."""
    parts = days.replace(",", " ").split()
    if len(parts) != len(KINDS) or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    first, second, third = (int(p) for p in parts)
    if not first < second < third <= MAX_CADENCE_DAYS:
        return None
    return first, second, third


def _first_morning(day: date, logged_at: datetime, tz: str) -> date:
    """The first business day from `day` whose 10:00 is at least two hours after logging."""
    while not _business_day(day) or _ten(day, tz) - logged_at < MIN_BREATHING_ROOM:
        day += timedelta(days=1)
    return day


def arrival(due_at: datetime, tz: str, quiet_hours: str, skip_weekends: bool) -> datetime:
    """When an employer email planned for `due_at` really reaches the member: after their quiet
    hours and skipped weekends, and still on a business day (else 10:00 the next one)."""
    moment = due_at
    for _ in range(MAX_SHIFTS):
        moment = next_allowed(moment, tz, quiet_hours, skip_weekends)
        day = moment.astimezone(zone(tz)).date()
        if _business_day(day):
            return moment
        moment = _ten(_on_business_day(day), tz)
    return moment


def move_to_zone(due_at: datetime, old_tz: str, new_tz: str) -> datetime:
    """Keep a planned wall-clock time when a member changes zone (10:00 stays 10:00)."""
    local = due_at.astimezone(zone(old_tz))
    return at_local(local.date(), local.hour, local.minute, new_tz) if old_tz != new_tz else due_at


def _business_day(day: date) -> bool:
    return day.weekday() < SATURDAY


def _on_business_day(day: date) -> date:
    while not _business_day(day):
        day += timedelta(days=1)
    return day


def _ten(day: date, tz: str) -> datetime:
    return at_local(day, NUDGE_HOUR, 0, tz)
