"""The last step every occurrence that is a DM shares (event reminders, goal nudges, reply
checks): held until the member's quiet hours end, or made a job whose closed-DM refusal
counts as final when their DMs were already closed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.delivery.jobs import Job, Target, while_claimed
from bot.delivery.report import PassReport
from bot.delivery.timing import next_allowed
from bot.messages.replies import DMS_CLOSED
from bot.ports import Repository
from bot.records import FollowUpState, Member, Occurrence
from bot.values import Outbound

QUIET_UNTIL = "quiet hours last until it no longer makes sense to send"


def dm_job(
    repo: Repository,
    occurrence: Occurrence,
    member: Member,
    tz: str,
    now: datetime,
    report: PassReport,
    message: Callable[[], Outbound],
    *,
    recovered: bool,
    late: bool,
    skip_weekends: bool,
    until: datetime | None = None,
    skipped_error: str = QUIET_UNTIL,
) -> list[Job]:
    """`message` is built only when the DM goes now. `until`: a DM held past it is pointless
    (the event has started), so it is cancelled with `skipped_error` instead."""
    move = while_claimed(repo, occurrence)
    allowed = next_allowed(now, tz, member.quiet_hours, skip_weekends)
    if allowed > now:
        if until is not None and allowed >= until:
            move(FollowUpState.CANCELLED, now, error=skipped_error)
            report.skipped += 1
            return []
        move(
            FollowUpState.PENDING, now, due_at=allowed,
            reset_attempts=True, check_first=recovered or occurrence.check_first,
        )  # fmt: skip
        report.deferred_reminders += 1
        return []
    last_try = not member.dm_open or occurrence.last_error == DMS_CLOSED
    ours = occurrence.updated_at
    target = Target(
        "occurrence", occurrence.id, occurrence.attempts, ours, last_try, kind=occurrence.kind.value
    )
    return [
        Job(
            message(),
            (target,),
            recovered=recovered,
            member_id=member.id,
            member_since=member.created_at,
            expired=late,
        )
    ]
