"""An event's reminders, planned as occurrences with unique keys, so that each goes out once
however many processes notice it is due, and a cancelled event's waiting ones are cancelled.

- In the group channel 7 days and 1 day before it starts (only those still ahead when the
  event is added: an event three days away gets the one-day reminder only).
- To each member going: a DM 2 hours before, and one after it ends ("did you make it?").
  Planned when they answer "going"; whether they still are is checked when it goes out.

Keys: `event:<event>:week`, `event:<event>:day`, `event:<event>:soon:<member>`,
`event:<event>:after:<member>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.event_records import Event
from bot.ports import Repository
from bot.records import OccurrenceKind
from bot.timezones import at_local, zone

# An event's length when none is given: its invite's end, and when "did you make it?" comes.
LENGTH = timedelta(hours=2)
GROUP_REMINDERS = (
    (OccurrenceKind.EVENT_WEEK, timedelta(days=7)),
    (OccurrenceKind.EVENT_DAY, timedelta(days=1)),
)
SOON = timedelta(hours=2)
_NAMES = {
    OccurrenceKind.EVENT_WEEK: "week",
    OccurrenceKind.EVENT_DAY: "day",
    OccurrenceKind.EVENT_SOON: "soon",
    OccurrenceKind.EVENT_AFTER: "after",
}
_KINDS = {name: kind for kind, name in _NAMES.items()}


@dataclass(frozen=True)
class ReminderKey:
    event_id: int
    kind: OccurrenceKind
    member_id: int | None = None  # set for the DMs

    def __str__(self) -> str:
        tail = f":{self.member_id}" if self.member_id is not None else ""
        return f"{prefix(self.event_id)}{_NAMES[self.kind]}{tail}"


def prefix(event_id: int) -> str:
    """What every reminder key of the event starts with (the colon keeps event 1 from 12)."""
    return f"event:{event_id}:"


def parse(key: str) -> ReminderKey | None:
    """The reminder a key names; None for any other occurrence's key."""
    parts = key.split(":")
    if len(parts) < 3 or parts[0] != "event" or not parts[1].isdigit() or parts[2] not in _KINDS:
        return None
    kind = _KINDS[parts[2]]
    dm = kind in (OccurrenceKind.EVENT_SOON, OccurrenceKind.EVENT_AFTER)
    if dm != (len(parts) == 4) or (dm and not parts[3].isdigit()) or len(parts) > 4:
        return None
    return ReminderKey(int(parts[1]), kind, int(parts[3]) if dm else None)


def plan_group_reminders(repo: Repository, event: Event, now: datetime) -> int:
    """Plan the channel reminders still ahead of `now`; how many were planned."""
    planned = 0
    for kind, before in GROUP_REMINDERS:
        due = same_time_before(event, before)
        if due > now:
            key = str(ReminderKey(event.id, kind))
            planned += repo.add_occurrence(key, kind, event.group_id, due, now)
    return planned


def same_time_before(event: Event, before: timedelta) -> datetime:
    """The event's wall-clock start `before` earlier, in the zone it was added in: a week
    before an 18:00 event is 18:00, across a daylight-saving change too."""
    local = event.starts_at.astimezone(zone(event.timezone))
    return at_local(local.date() - before, local.hour, local.minute, event.timezone)


def plan_member_reminders(repo: Repository, event: Event, member_id: int, now: datetime) -> None:
    """Plan a going member's two DMs (those still ahead); answering "going" again adds none."""
    for kind, due in (
        (OccurrenceKind.EVENT_SOON, event.starts_at - SOON),
        (OccurrenceKind.EVENT_AFTER, event.ends_at),
    ):
        if due > now:
            key = str(ReminderKey(event.id, kind, member_id))
            repo.add_occurrence(key, kind, event.group_id, due, now)


def cancel(repo: Repository, event: Event, now: datetime) -> int:
    """Cancel every reminder of the event still waiting; how many."""
    return repo.cancel_pending_occurrences(prefix(event.id), now)
