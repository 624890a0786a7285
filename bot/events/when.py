"""When an event starts, from the words a member typed ("next Thursday 6pm", "Dec 3 6pm"),
read in the member's own zone.

`dateparser` knows far more ways of writing a date than rules we could write, so it does the
reading; it is imported on first use because it is slow to load and most commands never need
it. It is asked for a wall-clock time without a zone, and the member's zone is attached here
(`bot.timezones.zone`): a date past a daylight-saving change then gets that date's offset, not
today's, and a time skipped by spring-forward moves forward as everywhere else in Rebound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from bot.timezones import zone

# How far ahead the calendar takes events: a date typed without a year that lands further
# out is far more likely a slip than a plan.
MAX_AHEAD = timedelta(days=365)
MAX_TEXT = 100  # longer text is not a date, and dateparser's time grows with it
_YEAR = re.compile(r"\b\d{4}\b")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_DAY_OF_YEAR = re.compile(rf"\b({_MONTHS})[a-z]*\b|\b\d{{1,2}}[/.-]\d{{1,2}}\b", re.IGNORECASE)


class WhenProblem(StrEnum):
    UNREADABLE = "unreadable"  # no date found in the words
    NO_TIME = "no_time"  # a day, but no time of day: an event at midnight is rarely meant
    PAST = "past"
    TOO_FAR = "too_far"


@dataclass(frozen=True)
class Reading:
    """What the words said: `at` (UTC) is set for a date, even a past one, so an answer can
    say which moment was understood."""

    at: datetime | None
    problem: WhenProblem | None = None


def read_when(text: str, tz: str, now: datetime) -> Reading:
    """The moment `text` names in zone `tz`, as a timezone-aware UTC datetime, preferring the
    future for words that leave it open ("Thursday 6pm" is the coming Thursday)."""
    at = _parse(text.strip(), tz, now)
    if isinstance(at, WhenProblem):
        return Reading(None, at)
    at = _nearest(text, at, now)
    if at <= now:
        return Reading(at, WhenProblem.PAST)
    if at > now + MAX_AHEAD:
        return Reading(at, WhenProblem.TOO_FAR)
    return Reading(at)


def _nearest(text: str, at: datetime, now: datetime) -> datetime:
    """For a day of the year typed without a year ("Nov 30 6pm", "12/03 18:00"), the nearer of
    its two readings: "Nov 30" typed on 1 December is the one that just passed (and gets a
    "has passed" answer), not next year's; "Jan 5" typed in December is next year's."""
    if _YEAR.search(text) or not _DAY_OF_YEAR.search(text):
        return at
    try:
        year_before = at.replace(year=at.year - 1)
    except ValueError:  # 29 February
        return at
    return year_before if now - year_before < at - now else at


def _parse(text: str, tz: str, now: datetime) -> datetime | WhenProblem:
    from dateparser.date import DateDataParser  # slow to import: only when a date is read

    if not text or len(text) > MAX_TEXT:
        return WhenProblem.UNREADABLE
    settings = {
        "PREFER_DATES_FROM": "future",
        # The member's own "now", as a wall-clock time: "tomorrow" is their tomorrow.
        "RELATIVE_BASE": now.astimezone(zone(tz)).replace(tzinfo=None),
        "RETURN_TIME_AS_PERIOD": True,  # tells a day ("Dec 3") from a time ("Dec 3 6pm")
    }
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except (ValueError, OverflowError, TypeError):  # a year past 9999, an absurd number
        return WhenProblem.UNREADABLE
    found: datetime | None = data.date_obj
    if found is None:
        return WhenProblem.UNREADABLE
    if data.period != "time":
        return WhenProblem.NO_TIME
    if found.tzinfo is not None:  # the words named a zone or offset ("6pm UTC"): it wins
        return found.astimezone(UTC)
    # Attached, not converted: the wall time in the zone on that very date.
    return found.replace(tzinfo=zone(tz)).astimezone(UTC)
