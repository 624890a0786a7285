"""Jobs for an event's claimed reminders (`bot.events.reminders`), checked when they go out.

A reminder of an event cancelled meanwhile is cancelled; a DM goes only to a member still
going, after their quiet hours (the one before the event is skipped when quiet hours last
until it starts); a channel reminder or the DM before goes no later than the event's start,
and "did you make it?" no later than `AFTER_GRACE` after it ends.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.commands.menu import Menu
from bot.delivery.dm_jobs import dm_job
from bot.delivery.jobs import Job, Target, while_claimed
from bot.delivery.policy import Policy
from bot.delivery.report import PassReport
from bot.event_records import Event, RsvpChoice
from bot.events import reminder_messages, reminders
from bot.ports import Repository
from bot.records import FollowUpState, Occurrence, OccurrenceKind
from bot.timezones import effective

KINDS = frozenset(
    {
        OccurrenceKind.EVENT_WEEK,
        OccurrenceKind.EVENT_DAY,
        OccurrenceKind.EVENT_SOON,
        OccurrenceKind.EVENT_AFTER,
    }
)
AFTER_GRACE = timedelta(days=2)
MISSED_REMINDER = "I was offline when this was due, and it's too late now"
QUIET_UNTIL_START = "quiet hours last until the event starts"


def too_late(occurrence: Occurrence, event: Event, now: datetime, policy: Policy) -> bool:
    if occurrence.kind is OccurrenceKind.EVENT_AFTER:
        return now - occurrence.due_at > AFTER_GRACE
    if now >= event.starts_at:
        return True
    return occurrence.kind is not OccurrenceKind.EVENT_SOON and (
        now - occurrence.due_at > policy.networking_grace
    )


def event_jobs(
    repo: Repository,
    now: datetime,
    default_tz: str,
    policy: Policy,
    occurrence: Occurrence,
    report: PassReport,
    *,
    recovered: bool,
    menu: Menu | None,
) -> list[Job]:
    ours = occurrence.updated_at
    move = while_claimed(repo, occurrence)
    key = reminders.parse(occurrence.key)
    event = repo.get_event(key.event_id) if key is not None else None
    group = repo.get_group_by_id(event.group_id) if event is not None else None
    if key is None or event is None or event.cancelled or group is None:
        move(FollowUpState.CANCELLED, now)
        return []
    late = too_late(occurrence, event, now, policy)
    if late and not recovered:
        move(FollowUpState.MISSED, now, error=MISSED_REMINDER)
        report.missed[occurrence.kind.value] += 1
        return []
    group_tz = effective(group.timezone, default_tz)
    target = Target(
        "occurrence", occurrence.id, occurrence.attempts, ours, kind=occurrence.kind.value
    )
    answers = repo.rsvps(event.id)
    if key.member_id is None:
        if not group.is_group_channel:  # `/rebound setup` chose another channel since
            move(FollowUpState.CANCELLED, now)
            return []
        going = sum(1 for answer in answers if answer.choice is RsvpChoice.GOING)
        message = reminder_messages.channel(occurrence, event, group, group_tz, going, menu)
        return [Job(message, (target,), recovered=recovered, expired=late)]
    member = repo.get_member(key.member_id)
    still_going = any(
        a.member_id == key.member_id and a.choice is RsvpChoice.GOING for a in answers
    )
    if member is None or not still_going:
        move(FollowUpState.CANCELLED, now)
        return []
    tz = effective(member.timezone, group_tz)
    # Event reminders keep quiet hours but not the weekend skip, which is for follow-up
    # nudges: an event on a Saturday that the member said they're going to is worth a word.
    soon = key.kind is OccurrenceKind.EVENT_SOON
    return dm_job(
        repo, occurrence, member, tz, now, report,
        lambda: reminder_messages.direct(occurrence, key, event, member, tz, menu),
        recovered=recovered, late=late, skip_weekends=False,
        until=event.starts_at if soon else None, skipped_error=QUIET_UNTIL_START,
    )  # fmt: skip
