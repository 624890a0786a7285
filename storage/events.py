"""The repository's calendar side: a group's events and its members' answers (`bot.event_store`).

A mixin of `storage.repository.SqlRepository`. An answer is one row per member and event,
written with INSERT ... ON CONFLICT DO UPDATE, so two presses at once leave one answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.event_records import Event, Rsvp, RsvpChoice
from bot.records import FollowUpState, Privacy
from storage import claims
from storage.calendar_rows import EventRow, RsvpRow
from storage.models import MemberRow, OccurrenceRow


class EventMethods:
    _session: Session

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
        row = EventRow(
            group_id=group_id,
            creator_id=creator_id,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            timezone=timezone,
            url=url,
            location=location,
            created_at=now,
        )
        self._session.add(row)
        self._session.flush()
        return _event(row)

    def get_event(self, event_id: int) -> Event | None:
        row = self._session.scalars(
            select(EventRow)
            .where(EventRow.id == event_id)
            .execution_options(populate_existing=True)
        ).first()
        return None if row is None else _event(row)

    def lock_event(self, event_id: int) -> None:
        if self._session.get_bind().dialect.name == "postgresql":
            self._session.execute(
                select(EventRow.id).where(EventRow.id == event_id).with_for_update()
            )

    def events_between(self, group_id: int, start: datetime, end: datetime) -> list[Event]:
        rows = self._session.scalars(
            select(EventRow)
            .where(
                EventRow.group_id == group_id,
                EventRow.cancelled_at.is_(None),
                EventRow.starts_at >= start,
                EventRow.starts_at < end,
            )
            .order_by(EventRow.starts_at, EventRow.id)
            .execution_options(populate_existing=True)
        )
        return [_event(row) for row in rows]

    def cancel_event(self, event_id: int, now: datetime) -> bool:
        statement = (
            update(EventRow)
            .where(EventRow.id == event_id, EventRow.cancelled_at.is_(None))
            .values(cancelled_at=now)
        )
        return claims.rowcount(self._session, statement) == 1

    def cancel_pending_occurrences(self, key_prefix: str, now: datetime) -> int:
        pattern = key_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = (
            update(OccurrenceRow)
            .where(
                OccurrenceRow.key.like(pattern + "%", escape="\\"),
                OccurrenceRow.state == FollowUpState.PENDING.value,
            )
            .values(state=FollowUpState.CANCELLED.value, updated_at=now)
        )
        return claims.rowcount(self._session, statement)

    def set_rsvp(self, event_id: int, member_id: int, choice: RsvpChoice, now: datetime) -> None:
        values: dict[str, Any] = {
            "event_id": event_id,
            "member_id": member_id,
            "choice": choice.value,
            "updated_at": now,
        }
        insert = (
            postgresql.insert
            if self._session.get_bind().dialect.name == "postgresql"
            else sqlite.insert
        )
        statement = insert(RsvpRow).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=[RsvpRow.event_id, RsvpRow.member_id],
            set_={"choice": choice.value, "updated_at": now},
        )
        claims.execute(self._session, statement)

    def rsvps(self, event_id: int) -> list[Rsvp]:
        query = (
            select(RsvpRow, MemberRow.display_name, MemberRow.privacy)
            .join(MemberRow, RsvpRow.member_id == MemberRow.id)
            .where(RsvpRow.event_id == event_id)
            .order_by(RsvpRow.updated_at, RsvpRow.id)
            .execution_options(populate_existing=True)
        )
        return [
            Rsvp(
                event_id=row.event_id,
                member_id=row.member_id,
                choice=RsvpChoice(row.choice),
                updated_at=row.updated_at,
                display_name=name,
                privacy=Privacy(privacy),
                attended=row.attended,
            )
            for row, name, privacy in self._session.execute(query)
        ]

    def mark_attended(self, event_id: int, member_id: int, attended: bool, now: datetime) -> bool:
        statement = (
            update(RsvpRow)
            .where(
                RsvpRow.event_id == event_id,
                RsvpRow.member_id == member_id,
                RsvpRow.attended.is_distinct_from(attended),
            )
            .values(attended=attended)
        )
        return claims.rowcount(self._session, statement) == 1


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
        cancelled_at=row.cancelled_at,
    )
