"""When each follow-up falls due. Pure functions of the logging time and the member's zone.

1. Thank-you and continued interest: the next local 10:00 at least two hours after logging, so
   the member has time to breathe before writing and the employer reads it in business hours.
2. Feedback request: three days after the thank-you, at 10:00 local.
3. Future consideration: three weeks after the thank-you, at 10:00 local.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.records import FollowUpKind
from bot.timezones import at_local, zone

NUDGE_HOUR = 10
MIN_BREATHING_ROOM = timedelta(hours=2)
DAYS_AFTER_THANK_YOU = {FollowUpKind.FEEDBACK: 3, FollowUpKind.FUTURE: 21}


def plan(logged_at: datetime, tz: str) -> list[tuple[FollowUpKind, datetime]]:
    if logged_at.tzinfo is None:
        raise ValueError("plan needs a timezone-aware logging time")
    first = at_local(logged_at, NUDGE_HOUR, 0, tz)
    while first - logged_at < MIN_BREATHING_ROOM:
        first = at_local(first + timedelta(days=1), NUDGE_HOUR, 0, tz)
    planned = [(FollowUpKind.THANK_YOU, first)]
    for kind, days in DAYS_AFTER_THANK_YOU.items():
        planned.append((kind, at_local(first + timedelta(days=days), NUDGE_HOUR, 0, tz)))
    return planned


def move_to_zone(due_at: datetime, old_tz: str, new_tz: str) -> datetime:
    """Keep a planned wall-clock time when a member changes zone (10:00 stays 10:00)."""
    local = due_at.astimezone(zone(old_tz))
    return at_local(local.date(), local.hour, local.minute, new_tz) if old_tz != new_tz else due_at
