"""What the core knows about stored things, as plain frozen records.

Storage maps its rows onto these so the core never holds a live ORM object: a handler reads
records, decides, and asks the unit of work to change rows explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class FollowUpKind(StrEnum):
    THANK_YOU = "thank_you"
    FEEDBACK = "feedback"
    FUTURE = "future"


class FollowUpState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a due-work pass, delivery under way
    SENT = "sent"  # the nudge reached the member
    DONE = "done"  # the member says they sent the email
    SNOOZED = "snoozed"  # pending again, at a later time the member chose
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    MISSED = "missed"
    FAILED = "failed"
    ANSWERED = "answered"  # a feedback request closed because the company already gave feedback


# States in which a follow-up still waits to be delivered as a nudge.
WAITING_STATES = frozenset({FollowUpState.PENDING, FollowUpState.SNOOZED})
# States in which the member can still act on a follow-up (mark done, snooze, skip). SENDING is
# one of them: the delivery's claim is fenced, so a press during a slow or failed pass wins.
OPEN_STATES = frozenset(
    {
        FollowUpState.PENDING,
        FollowUpState.SENDING,
        FollowUpState.SNOOZED,
        FollowUpState.SENT,
        FollowUpState.MISSED,
        FollowUpState.FAILED,
    }
)


class OccurrenceKind(StrEnum):
    """Group posts: those that recur on the group's rhythm, and the one mention of a member
    whose DMs are closed (`bot.delivery.unreachable`)."""

    SUMMARY = "summary"
    NETWORKING = "networking"
    DMS_CLOSED = "dms_closed"
    # An event's reminders (`bot.events.reminders`): two in the group channel before it, and
    # two DMs to each member going (shortly before, and after it).
    EVENT_WEEK = "event_week"
    EVENT_DAY = "event_day"
    EVENT_SOON = "event_soon"
    EVENT_AFTER = "event_after"
    # One DM a week at most to a member behind on a weekly goal (`bot.goals`).
    GOAL_NUDGE = "goal_nudge"
    # A week after a follow-up was marked sent: did the employer reply? (`bot.momentum`)
    REPLY_CHECK = "reply_check"


class ReplyOutcome(StrEnum):
    """What the member says came of a follow-up they sent (asked a week later)."""

    FEEDBACK = "feedback"  # they replied, with feedback
    REPLIED = "replied"
    NONE = "none"  # no reply yet


class Stage(StrEnum):
    """How far the member got before the no: the drafts fit what actually happened."""

    APPLIED = "applied"  # turned down on the application or CV
    SCREEN = "screen"  # after a recruiter or phone screen
    INTERVIEW = "interview"
    FINAL = "final"  # after the final round


class ActivityKind(StrEnum):
    APPLIED = "applied"
    NETWORKED = "networked"
    EVENT = "event"
    FEEDBACK = "feedback"
    FOLLOWUP_SENT = "followup_sent"


class Privacy(StrEnum):
    COUNTS = "counts"  # the group sees numbers only
    FULL = "full"  # the group may see company names
    PRIVATE = "private"  # nothing of this member appears in group posts


DEFAULT_QUIET_HOURS = "21:00-08:00"


@dataclass(frozen=True)
class Member:
    id: int
    platform: str
    workspace_id: str
    user_id: str
    display_name: str
    timezone: str | None
    quiet_hours: str  # "HH:MM-HH:MM", or "" when the member turned quiet hours off
    privacy: Privacy
    dm_open: bool
    last_encouragement: int | None
    home_channel_id: str
    created_at: datetime
    skip_weekends: bool = False
    # False when the member never chose (`quiet_hours`/`skip_weekends` are then their group's
    # defaults, `/rebound settings quiet|weekends`, and follow them when an admin changes them).
    quiet_hours_chosen: bool = True
    weekends_chosen: bool = True


@dataclass(frozen=True)
class Entry:
    """A member as a command starts: as stored (under their lock), and whether this command
    made them (their first contact, or their first after being forgotten)."""

    member: Member
    created: bool


@dataclass(frozen=True)
class Group:
    id: int
    platform: str
    workspace_id: str
    channel_id: str
    name: str
    timezone: str | None
    created_at: datetime
    # Weekly rhythm, "mon 09:00" style in the group's zone; "" turns that rhythm off.
    summary_schedule: str = "mon 09:00"
    networking_schedule: str = "wed 12:00"
    # False once an organiser chose another channel of the workspace with `/rebound setup`:
    # the group's posts then go there, and this channel gets none.
    is_group_channel: bool = True
    # `/rebound settings` (admins): days after a rejection for each follow-up ("1 3 21"), ""
    # for the standard plan (`bot.delivery.planning`); the defaults of members who never chose
    # their own quiet hours or weekends; whether the weekly posts are on at all.
    followup_days: str = ""
    default_quiet_hours: str = DEFAULT_QUIET_HOURS
    default_skip_weekends: bool = False
    posts_on: bool = True
    # A slot that came round before this (a rhythm just changed or switched on) is not posted.
    rhythm_from: datetime | None = None
    # An admin chose the zone (`/rebound settings timezone`): the console's `--tz` keeps off.
    timezone_chosen: bool = False


@dataclass(frozen=True)
class GroupAdmin:
    """Someone an admin made a group admin (`/rebound admin add`), or who ran `/rebound setup`:
    they may run setup and change the group's settings, whatever the platform says."""

    user_id: str
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class Rejection:
    id: int
    member_id: int
    company: str
    role: str
    note: str
    logged_at: datetime
    stage: Stage | None = None


@dataclass(frozen=True)
class FollowUp:
    id: int
    rejection_id: int
    member_id: int
    kind: FollowUpKind
    due_at: datetime
    state: FollowUpState
    company: str
    role: str
    sent_at: datetime | None
    done_at: datetime | None
    updated_at: datetime
    attempts: int
    last_error: str
    stage: Stage | None = None
    generation: int = 0  # which nudge: a snooze plans a new one, retries keep the same one
    check_first: bool = False  # an earlier attempt may have arrived: look before sending
    message_ref: str = ""  # where the nudge was delivered, as the messenger reported it
    # The email as the member sent it, when they submitted it from the draft editor; None else.
    sent_subject: str | None = None
    sent_body: str | None = None
    # Whether the employer replied, as the member last answered (None: not answered).
    reply_outcome: ReplyOutcome | None = None
    reply_answered_at: datetime | None = None


@dataclass(frozen=True)
class Activity:
    id: int
    member_id: int
    kind: ActivityKind
    detail: str
    rejection_id: int | None
    occurred_at: datetime
    company: str = ""  # as first typed; set for applications and feedback


@dataclass(frozen=True)
class SharedStep:
    """One step a member whose privacy is `full` lets the group see by name: an application or
    a follow-up sent, with the company (and role) it was for, or that they networked (with
    nothing of what they wrote about it). Never a note, never feedback."""

    member_id: int
    display_name: str
    kind: ActivityKind  # one of SHARED_KINDS
    # An application as logged ("Globex (PM)"); a follow-up's company and role; "" for networking.
    company: str
    occurred_at: datetime


SHARED_KINDS = (ActivityKind.APPLIED, ActivityKind.FOLLOWUP_SENT, ActivityKind.NETWORKED)


@dataclass(frozen=True)
class Occurrence:
    """One group post due at one moment, unique by `key` (for example `summary:3:2026-W49`).

    Its delivery states are the follow-up states PENDING, SENDING, SENT, MISSED and FAILED.
    """

    id: int
    key: str
    kind: OccurrenceKind
    group_id: int
    due_at: datetime
    state: FollowUpState
    attempts: int
    last_error: str
    message_ref: str
    updated_at: datetime
    check_first: bool = False  # an earlier attempt may have arrived: look before sending
    scheduled_at: datetime | None = None  # the slot's own time (`due_at` moves with retries)


class GoalKind(StrEnum):
    """What a member may set a weekly goal for (`/rebound goal`), each counting one activity."""

    APPLICATIONS = "applications"
    NETWORKING = "networking"
    EVENTS = "events"
    FOLLOWUPS = "followups"

    @property
    def activity(self) -> ActivityKind:
        return _GOAL_ACTIVITY[self]


_GOAL_ACTIVITY = {
    GoalKind.APPLICATIONS: ActivityKind.APPLIED,
    GoalKind.NETWORKING: ActivityKind.NETWORKED,
    GoalKind.EVENTS: ActivityKind.EVENT,
    GoalKind.FOLLOWUPS: ActivityKind.FOLLOWUP_SENT,
}


@dataclass(frozen=True)
class Goal:
    member_id: int
    kind: GoalKind
    per_week: int
    set_at: datetime  # when it was last set: a week that ended before has no goal to miss
