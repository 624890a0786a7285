"""When each follow-up falls due. Pure functions of the logging time and the member's settings.

1. Thank-you and continued interest: 10:00 local on the first business day (Monday to Friday)
   at least two hours after logging, so the member has time to breathe before writing and the
   employer reads it in business hours. Logged at 08:00 on a Tuesday: 10:00 that Tuesday; logged
   on Friday evening: Monday 10:00.
2. Feedback request: three days after the thank-you, at 10:00 local, moved on to the next
   business day if that is a weekend.
3. Future consideration: three weeks after the thank-you, at 10:00 local, on a business day too.

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


def plan(
    logged_at: datetime, tz: str, quiet_hours: str = "", skip_weekends: bool = False
) -> list[tuple[FollowUpKind, datetime]]:
    if logged_at.tzinfo is None:
        raise ValueError("plan needs a timezone-aware logging time")
    day = logged_at.astimezone(zone(tz)).date()
    while not _business_day(day) or _ten(day, tz) - logged_at < MIN_BREATHING_ROOM:
        day += timedelta(days=1)
    planned = [(FollowUpKind.THANK_YOU, _ten(day, tz))]
    for kind, days in DAYS_AFTER_THANK_YOU.items():
        planned.append((kind, _ten(_on_business_day(day + timedelta(days=days)), tz)))
    return [(kind, arrival(due, tz, quiet_hours, skip_weekends)) for kind, due in planned]


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
