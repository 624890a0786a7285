"""The fake repository's calendar: events and members' answers (as `storage.events`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.event_records import Event, Rsvp, RsvpChoice
from bot.records import FollowUpState, Privacy
from tests.fakes.tables import EventRow, RsvpRow, Tables, instant, optional_instant


class EventMethods:
    _tables: Tables

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
    ) -> Event:
        tables = self._tables
        if group_id not in tables.groups:
            raise LookupError(f"no group {group_id} (a foreign key would refuse it)")
        if creator_id is not None and creator_id not in tables.members:
            raise LookupError(f"no member {creator_id} (a foreign key would refuse it)")
        row = EventRow(
            id=tables.next_id("events"),
            group_id=group_id,
            creator_id=creator_id,
            title=title,
            starts_at=instant(starts_at),
            ends_at=instant(ends_at),
            timezone=timezone,
            url=url,
            location=location,
            created_at=instant(now),
        )
        tables.events[row.id] = row
        return _event(row)

    def get_event(self, event_id: int) -> Event | None:
        row = self._tables.events.get(event_id)
        return None if row is None else _event(row)

    def lock_event(self, event_id: int) -> None:
        """Nothing to do: the fake's transactions already take turns."""

    def events_between(self, group_id: int, start: datetime, end: datetime) -> list[Event]:
        rows = [
            row
            for row in self._tables.events.values()
            if row.group_id == group_id
            and row.cancelled_at is None
            and instant(start) <= row.starts_at < instant(end)
        ]
        return [_event(row) for row in sorted(rows, key=lambda r: (r.starts_at, r.id))]

    def cancel_event(self, event_id: int, now: datetime) -> bool:
        row = self._tables.events.get(event_id)
        if row is None or row.cancelled_at is not None:
            return False
        self._tables.events[event_id] = replace(row, cancelled_at=instant(now))
        return True

    def cancel_pending_occurrences(self, key_prefix: str, now: datetime) -> int:
        occurrences = self._tables.occurrences
        waiting = [
            row
            for row in occurrences.values()
            if row.key.startswith(key_prefix) and row.state == FollowUpState.PENDING.value
        ]
        for row in waiting:
            occurrences[row.id] = replace(
                row, state=FollowUpState.CANCELLED.value, updated_at=instant(now)
            )
        return len(waiting)

    def set_rsvp(self, event_id: int, member_id: int, choice: RsvpChoice, now: datetime) -> None:
        tables = self._tables
        if event_id not in tables.events or member_id not in tables.members:
            raise LookupError("no such event or member (a foreign key would refuse it)")
        found = next(
            (
                r
                for r in tables.rsvps.values()
                if (r.event_id, r.member_id) == (event_id, member_id)
            ),
            None,
        )
        if found is None:
            found = RsvpRow(tables.next_id("rsvps"), event_id, member_id, "", instant(now))
        tables.rsvps[found.id] = replace(found, choice=choice.value, updated_at=instant(now))

    def rsvps(self, event_id: int) -> list[Rsvp]:
        tables = self._tables
        rows = sorted(
            (r for r in tables.rsvps.values() if r.event_id == event_id),
            key=lambda r: (r.updated_at, r.id),
        )
        found = []
        for row in rows:
            member = tables.members[row.member_id]
            found.append(
                Rsvp(
                    event_id=row.event_id,
                    member_id=row.member_id,
                    choice=RsvpChoice(row.choice),
                    updated_at=row.updated_at,
                    display_name=member.display_name,
                    privacy=Privacy(member.privacy),
                    attended=row.attended,
                )
            )
        return found

    def mark_attended(self, event_id: int, member_id: int, attended: bool, now: datetime) -> bool:
        tables = self._tables
        for row in tables.rsvps.values():
            if (row.event_id, row.member_id) == (event_id, member_id):
                if row.attended is attended:
                    return False
                tables.rsvps[row.id] = replace(row, attended=attended)
                return True
        return False


def _event(row: EventRow) -> Event:
    return Event(
        id=row.id,
        group_id=row.group_id,
        creator_id=row.creator_id,
        title=row.title,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        timezone=row.timezone,
        url=row.url,
        location=row.location,
        created_at=row.created_at,
        cancelled_at=optional_instant(row.cancelled_at),
    )
