"""An event as an `.ics` invite (RFC 5545), attached to its post and to each "going" DM.

Built with `icalendar` (imported on first use, like `dateparser`: start-up time matters) so
calendar apps accept it. The start carries the TZID of the zone the event was entered in, with
that zone's VTIMEZONE, so "18:00 Berlin" stays 18:00 Berlin in every reader's calendar. The UID
is the event's own, so a second copy of the invite updates the first instead of doubling it.
"""

from __future__ import annotations

from datetime import timedelta

from bot.event_records import Event
from bot.messages import events as words
from bot.timezones import zone
from bot.values import Attachment

MIME = "text/calendar"
PRODID = "-//Rebound//Group calendar//EN"
YEAR = timedelta(days=366)


def uid(event: Event) -> str:
    return f"event-{event.id}@rebound"


def invite(event: Event) -> Attachment:
    """The event's `.ics` file; the same bytes for the same event (DTSTAMP is when it was added)."""
    import icalendar  # slow to import: only when an invite is made

    local = zone(event.timezone)
    entry = icalendar.Event()
    entry.add("uid", uid(event))
    entry.add("dtstamp", event.created_at)
    entry.add("dtstart", event.starts_at.astimezone(local))
    entry.add("dtend", event.ends_at.astimezone(local))
    entry.add("summary", event.title)
    entry.add("description", words.INVITE_DESCRIPTION)
    if event.url:
        entry.add("url", event.url)
    if event.location:
        entry.add("location", event.location)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(entry)
    # The zone's rules around the event only: a few lines instead of every change since 1970.
    start = event.starts_at.date()
    calendar.add_missing_timezones(start - YEAR, event.ends_at.date() + YEAR)
    filename = words.INVITE_FILENAME.format(id=event.id)
    return Attachment(filename, MIME, calendar.to_ical())
