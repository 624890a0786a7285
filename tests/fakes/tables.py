"""The in-memory store's tables: frozen rows in dicts, copied whole for each transaction.

Rows mirror `storage.models` (the columns the repository reads), so the fake repository can be
written the way the SQL one is: find rows, join them, build `bot.records` values. Every row is a
frozen dataclass of immutable fields, so a transaction's copy of the tables needs only new dicts,
and nothing a caller holds can change what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from bot.records import DEFAULT_QUIET_HOURS, Privacy


def instant(moment: datetime) -> datetime:
    """As `storage.db.UTCDateTime` stores it: naive datetimes refused, aware ones kept in UTC."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"refusing a naive datetime: {moment.isoformat()}")
    return moment.astimezone(UTC)


def optional_instant(moment: datetime | None) -> datetime | None:
    return None if moment is None else instant(moment)


def company_key(company: str) -> str:
    """How a company is matched, as in `storage.models.company_key`."""
    return company.strip().casefold()


@dataclass(frozen=True)
class WorkspaceRow:
    id: int
    platform: str
    external_id: str
    created_at: datetime
    organization_id: str = ""
    group_channel_id: str = ""


@dataclass(frozen=True)
class GroupRow:
    id: int
    workspace_id: int
    channel_id: str
    name: str
    created_at: datetime
    timezone: str | None = None
    summary_schedule: str = "mon 09:00"
    networking_schedule: str = "wed 12:00"
    followup_days: str = ""
    default_quiet_hours: str = DEFAULT_QUIET_HOURS
    default_skip_weekends: bool = False
    posts_on: bool = True
    rhythm_from: datetime | None = None
    timezone_chosen: bool = False


@dataclass(frozen=True)
class GroupAdminRow:
    id: int
    workspace_id: int
    user_id: str
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class MemberRow:
    id: int
    workspace_id: int
    user_id: str
    display_name: str
    home_group_id: int | None
    created_at: datetime
    timezone: str | None = None
    quiet_hours: str | None = None  # None: never chosen, the group's default applies
    privacy: Privacy = Privacy.COUNTS
    dm_open: bool = True
    last_encouragement: int | None = None
    skip_weekends: bool | None = None


@dataclass(frozen=True)
class RejectionRow:
    id: int
    member_id: int
    group_id: int | None
    company: str
    role: str
    note: str
    logged_at: datetime
    stage: str  # a `bot.records.Stage` value, "" when not given


@dataclass(frozen=True)
class ActivityRow:
    id: int
    member_id: int
    group_id: int | None
    kind: str
    detail: str
    rejection_id: int | None
    occurred_at: datetime
    company: str


@dataclass(frozen=True)
class DeliveryRow:
    """The delivery columns follow-ups and occurrences share (see `storage.claims`)."""

    id: int
    due_at: datetime
    state: str
    created_at: datetime
    updated_at: datetime
    attempts: int = 0
    last_error: str = ""
    message_ref: str = ""
    check_first: bool = False


@dataclass(frozen=True)
class FollowUpRow(DeliveryRow):
    rejection_id: int = 0
    member_id: int = 0
    kind: str = ""
    sent_at: datetime | None = None
    done_at: datetime | None = None
    generation: int = 0
    sent_subject: str | None = None
    sent_body: str | None = None
    reply_outcome: str | None = None
    reply_answered_at: datetime | None = None


@dataclass(frozen=True)
class OccurrenceRow(DeliveryRow):
    key: str = ""
    kind: str = ""
    group_id: int = 0
    scheduled_at: datetime | None = None


@dataclass(frozen=True)
class EventRow:
    id: int
    group_id: int
    creator_id: int | None
    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    url: str
    location: str
    created_at: datetime
    cancelled_at: datetime | None = None


@dataclass(frozen=True)
class RsvpRow:
    id: int
    event_id: int
    member_id: int
    choice: str
    updated_at: datetime
    attended: bool | None = None


@dataclass(frozen=True)
class GoalRow:
    id: int
    member_id: int
    kind: str
    per_week: int
    set_at: datetime


@dataclass
class Tables:
    """Every table, and the next id of each (ids are never reused, as with a sequence)."""

    workspaces: dict[int, WorkspaceRow] = field(default_factory=dict)
    groups: dict[int, GroupRow] = field(default_factory=dict)
    members: dict[int, MemberRow] = field(default_factory=dict)
    rejections: dict[int, RejectionRow] = field(default_factory=dict)
    activities: dict[int, ActivityRow] = field(default_factory=dict)
    followups: dict[int, FollowUpRow] = field(default_factory=dict)
    occurrences: dict[int, OccurrenceRow] = field(default_factory=dict)
    events: dict[int, EventRow] = field(default_factory=dict)
    rsvps: dict[int, RsvpRow] = field(default_factory=dict)
    goals: dict[int, GoalRow] = field(default_factory=dict)
    group_admins: dict[int, GroupAdminRow] = field(default_factory=dict)
    last_ids: dict[str, int] = field(default_factory=dict)

    def copy(self) -> Tables:
        """A transaction's own tables: new dicts holding the same (immutable) rows."""
        copied: dict[str, Any] = {f.name: dict(getattr(self, f.name)) for f in fields(self)}
        return Tables(**copied)

    def next_id(self, table: str) -> int:
        self.last_ids[table] = self.last_ids.get(table, 0) + 1
        return self.last_ids[table]
