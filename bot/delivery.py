"""Delivery rules for claimed rows: what is too late, what must wait for the member's quiet
hours, which nudges travel together, and what a messenger's answer means for each row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Literal

from bot import nudges
from bot.messages.replies import DMS_CLOSED
from bot.ports import Delivery, Repository
from bot.records import FollowUp, FollowUpState, Occurrence, OccurrenceKind
from bot.report import NUDGE, PassReport
from bot.rhythm import posts
from bot.timezones import effective
from bot.timing import next_allowed
from bot.values import Outbound

MISSED_NUDGE = "I was offline when this was due; it's still yours to send"
MISSED_POST = "I was offline when this was due"


@dataclass(frozen=True)
class Policy:
    nudge_grace: timedelta = timedelta(hours=24)
    summary_grace: timedelta = timedelta(hours=12)
    networking_grace: timedelta = timedelta(hours=12)
    late_after: timedelta = timedelta(minutes=15)  # due longer ago than this: say we were away
    lease: timedelta = timedelta(minutes=10)  # a claim older than this was left by a dead process
    max_attempts: int = 5
    batch: int = 50

    def grace(self, kind: OccurrenceKind) -> timedelta:
        return self.summary_grace if kind is OccurrenceKind.SUMMARY else self.networking_grace


@dataclass(frozen=True)
class Target:
    table: Literal["followup", "occurrence"]
    id: int
    attempts: int
    claimed_at: datetime  # the row's `updated_at` while our claim holds: the fencing token


@dataclass(frozen=True)
class Job:
    message: Outbound
    targets: tuple[Target, ...]
    recovered: bool = False  # a crashed process may already have sent it
    member_id: int | None = None


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes: quick enough for a blip, slow enough not to hammer an outage."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def build_jobs(
    repo: Repository,
    now: datetime,
    default_tz: str,
    policy: Policy,
    stale: list[FollowUp],
    due: list[FollowUp],
    stale_posts: list[Occurrence],
    posts_due: list[Occurrence],
    report: PassReport,
) -> list[Job]:
    jobs: list[Job] = []
    # Recovered items travel alone, so "did it go out?" has one clear answer per message.
    for followup in stale:
        jobs += _nudge_jobs(repo, now, default_tz, policy, [followup], report, recovered=True)
    by_member: dict[int, list[FollowUp]] = defaultdict(list)
    for followup in due:
        by_member[followup.member_id].append(followup)
    for items in by_member.values():
        jobs += _nudge_jobs(repo, now, default_tz, policy, items, report, recovered=False)
    for occurrence in stale_posts:
        jobs += _post_jobs(repo, now, default_tz, policy, occurrence, report, recovered=True)
    for occurrence in posts_due:
        jobs += _post_jobs(repo, now, default_tz, policy, occurrence, report, recovered=False)
    return jobs


def _nudge_jobs(
    repo: Repository,
    now: datetime,
    default_tz: str,
    policy: Policy,
    followups: list[FollowUp],
    report: PassReport,
    *,
    recovered: bool,
) -> list[Job]:
    member = repo.get_member(followups[0].member_id)
    if member is None:
        for followup in followups:
            repo.transition_followup(
                followup.id,
                (FollowUpState.SENDING,),
                FollowUpState.CANCELLED,
                now,
                claimed_at=followup.updated_at,
            )
        return []
    group = repo.get_group(member.platform, member.workspace_id, member.home_channel_id)
    tz = effective(member.timezone, group.timezone if group and group.timezone else default_tz)
    sending = (FollowUpState.SENDING,)
    ready: list[FollowUp] = []
    for followup in followups:
        ours = followup.updated_at
        if now - followup.due_at > policy.nudge_grace:
            repo.transition_followup(
                followup.id, sending, FollowUpState.MISSED, now, error=MISSED_NUDGE, claimed_at=ours
            )
            report.missed[NUDGE] += 1
        elif not member.dm_open:
            repo.transition_followup(
                followup.id, sending, FollowUpState.FAILED, now, error=DMS_CLOSED, claimed_at=ours
            )
            report.failed += 1
        elif (allowed := next_allowed(now, tz, member.quiet_hours, member.skip_weekends)) > now:
            # Waiting for the member's morning is not a failed attempt.
            repo.transition_followup(
                followup.id,
                sending,
                FollowUpState.PENDING,
                now,
                due_at=allowed,
                claimed_at=ours,
                reset_attempts=True,
            )
            report.deferred += 1
        else:
            ready.append(followup)
    if not ready:
        return []
    late = any(now - f.due_at > policy.late_after for f in ready)
    by_key = {nudges.work_key(f): f for f in ready}
    return [
        Job(
            message,
            tuple(
                Target("followup", by_key[key].id, by_key[key].attempts, by_key[key].updated_at)
                for key in message.work_keys
            ),
            recovered=recovered,
            member_id=member.id,
        )
        for message in nudges.nudges(ready, member, tz, late=late)
    ]


def _post_jobs(
    repo: Repository,
    now: datetime,
    default_tz: str,
    policy: Policy,
    occurrence: Occurrence,
    report: PassReport,
    *,
    recovered: bool,
) -> list[Job]:
    sending = (FollowUpState.SENDING,)
    ours = occurrence.updated_at
    group = repo.get_group_by_id(occurrence.group_id)
    if group is None:
        repo.transition_occurrence(
            occurrence.id, sending, FollowUpState.CANCELLED, now, claimed_at=ours
        )
        return []
    if now - occurrence.due_at > policy.grace(occurrence.kind):
        repo.transition_occurrence(
            occurrence.id, sending, FollowUpState.MISSED, now, error=MISSED_POST, claimed_at=ours
        )
        report.missed[occurrence.kind.value] += 1
        return []
    tz = effective(group.timezone, default_tz)
    counts = {}
    if occurrence.kind is OccurrenceKind.SUMMARY:
        counts = repo.group_activity_counts(group.id, *posts.summary_window(occurrence))
    message = posts.build(occurrence, group, tz, counts)
    target = Target("occurrence", occurrence.id, occurrence.attempts, ours)
    return [Job(message, (target,), recovered=recovered)]


def settle(
    repo: Repository,
    target: Target,
    delivery: Delivery,
    now: datetime,
    policy: Policy,
    report: PassReport,
) -> None:
    """Record what one delivery attempt means for one row, if our claim on it still holds."""
    move = _while_claimed(repo, target)
    if delivery.ok:
        move(FollowUpState.SENT, now, message_ref=delivery.message_ref)
    elif delivery.dm_closed:
        report.failed += move(FollowUpState.FAILED, now, error=DMS_CLOSED)
    elif delivery.retry_after is not None and target.attempts < policy.max_attempts:
        later = now + timedelta(seconds=delivery.retry_after)
        report.retrying += move(FollowUpState.PENDING, now, due_at=later, error="rate limited")
    elif delivery.permanent or target.attempts >= policy.max_attempts:
        report.failed += move(FollowUpState.FAILED, now, error=delivery.error or "not delivered")
    else:
        report.retrying += move(
            FollowUpState.PENDING,
            now,
            due_at=now + retry_delay(target.attempts),
            error=delivery.error,
        )


def release(repo: Repository, target: Target, now: datetime) -> None:
    """Hand an unsent claim back (on shutdown), due as before, so nothing waits for a lease."""
    _while_claimed(repo, target)(FollowUpState.PENDING, now)


def _while_claimed(repo: Repository, target: Target) -> Callable[..., bool]:
    """A state change for the target's row that applies only while our claim holds."""
    return partial(
        repo.transition_followup if target.table == "followup" else repo.transition_occurrence,
        target.id,
        (FollowUpState.SENDING,),
        claimed_at=target.claimed_at,
    )
