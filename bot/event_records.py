"""What the core knows about a group's calendar: its events and members' answers to them
(records like `bot.records`, kept apart so that each module stays readable)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.records import Privacy


class RsvpChoice(StrEnum):
    GOING = "going"
    INTERESTED = "interested"
    NOT_GOING = "not_going"


@dataclass(frozen=True)
class Event:
    """A job fair or industry event on a group's calendar (`/event add`)."""

    id: int
    group_id: int
    creator_id: int | None  # the member who added it; None once they asked to be forgotten
    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str  # the zone it was entered in: the invite's TZID and the console's display
    url: str
    location: str
    created_at: datetime
    cancelled_at: datetime | None = None

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


@dataclass(frozen=True)
class Rsvp:
    """A member's answer to an event's buttons, with what group-facing lists may show of them."""

    event_id: int
    member_id: int
    choice: RsvpChoice
    updated_at: datetime
    display_name: str = ""
    privacy: Privacy = Privacy.COUNTS
    attended: bool | None = None  # their answer to "did you make it?", None until they give one
