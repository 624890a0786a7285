"""The repository port's calendar side: a group's events and its members' answers to them.

Part of `bot.ports.Repository`; `storage.events` implements it. An event's reminders are
occurrences (`bot.delivery_queue`), keyed by the event, so they go out exactly once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.event_records import Event, Rsvp, RsvpChoice


class EventStore(Protocol):
    def add_event(
        self,
        group_id: int,
        creator_id: int | None,
        title: str,
        starts_at: datetime,
        ends_at: datetime,
        timezone: str,
        url: str,
        location: str,
        now: datetime,
    ) -> Event: ...

    def get_event(self, event_id: int) -> Event | None: ...

    def lock_event(self, event_id: int) -> None:
        """Make every other transaction that locks this event wait until this one ends, so two
        answers pressed at once each see the other's when they count (a no-op where the
        database runs one writer at a time)."""
        ...

    def events_between(self, group_id: int, start: datetime, end: datetime) -> list[Event]:
        """The group's events that are not cancelled and start in [start, end), soonest first."""
        ...

    def cancel_event(self, event_id: int, now: datetime) -> bool:
        """Mark it cancelled; False when it was already."""
        ...

    def cancel_pending_occurrences(self, key_prefix: str, now: datetime) -> int:
        """Cancel the occurrences still waiting (not yet claimed) whose key starts with
        `key_prefix`: a cancelled event's reminders. Returns how many."""
        ...

    def set_rsvp(self, event_id: int, member_id: int, choice: RsvpChoice, now: datetime) -> None:
        """Record the member's answer, replacing an earlier one (one answer per member)."""
        ...

    def rsvps(self, event_id: int) -> list[Rsvp]:
        """Every member's answer to the event, oldest answer first."""
        ...

    def mark_attended(self, event_id: int, member_id: int, attended: bool, now: datetime) -> bool:
        """Record whether the member made it (their answer keeps its place in `rsvps`); True
        when that changed what was stored, False also when they never answered the event."""
        ...
