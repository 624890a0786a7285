"""Delivery rules for claimed rows: what is too late, what must wait for the member's quiet
hours, which nudges travel together, and what a messenger's answer means for each row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import partial

from bot.commands.menu import Menu
from bot.delivery import nudges
from bot.delivery.group_posts import MISSED_POST, post_jobs
from bot.delivery.jobs import Job, Target
from bot.delivery.policy import Policy, retry_delay
from bot.delivery.report import NUDGE, PassReport
from bot.delivery.timing import next_allowed
from bot.messages.replies import DMS_CLOSED
from bot.ports import Delivery, Repository
from bot.records import FollowUp, FollowUpState, Group, Member, Occurrence
from bot.timezones import effective

MISSED_NUDGE = "I was offline when this was due; it's still yours to send"


Make = Callable[[], list[Job]]
"""Builds the jobs of some claimed rows once the claim's transaction has committed: rendering a
message needs no database, so it does not hold the transaction (nor SQLite's write lock)."""


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
    menus: Mapping[str, Menu] | None = None,
) -> list[Make]:
    """Decide, inside the claim's transaction, what each claimed row becomes (missed, deferred,
    cancelled, or a job); returns what makes the jobs, to be called after it commits.

    The nudges' members and their groups are read in one query each for the whole batch.
    `menus`: how each platform spells the commands a post names (default: as registered).
    """
    members = repo.get_members({f.member_id for f in stale + due})
    homes = {(m.platform, m.workspace_id, m.home_channel_id) for m in members.values()}
    groups = repo.get_groups(homes)
    nudge = partial(_nudge_jobs, repo, now, default_tz, policy, report, members, groups)
    makers: list[Make] = []
    # Items that may already have gone out (left by a dead process, or after an ambiguous
    # answer) travel alone, so "did it go out?" has one clear answer per message.
    for followup in stale + [f for f in due if f.check_first]:
        makers.append(nudge([followup], recovered=True))
    by_member: dict[int, list[FollowUp]] = defaultdict(list)
    for followup in due:
        if not followup.check_first:
            by_member[followup.member_id].append(followup)
    for items in by_member.values():
        makers.append(nudge(items, recovered=False))
    posts_claimed = [(o, True) for o in stale_posts] + [(o, o.check_first) for o in posts_due]
    for occurrence, again in posts_claimed:
        jobs = post_jobs(
            repo, now, default_tz, policy, occurrence, report, recovered=again, menus=menus
        )
        makers.append(partial(list, jobs))
    return makers


def _nudge_jobs(
    repo: Repository,
    now: datetime,
    default_tz: str,
    policy: Policy,
    report: PassReport,
    members: Mapping[int, Member],
    groups: Mapping[tuple[str, str, str], Group],
    followups: list[FollowUp],
    *,
    recovered: bool,
) -> Make:
    member = members.get(followups[0].member_id)
    if member is None:
        for followup in followups:
            repo.transition_followup(
                followup.id,
                (FollowUpState.SENDING,),
                FollowUpState.CANCELLED,
                now,
                claimed_at=followup.updated_at,
            )
        return list
    group = groups.get((member.platform, member.workspace_id, member.home_channel_id))
    tz = effective(member.timezone, group.timezone if group and group.timezone else default_tz)
    sending = (FollowUpState.SENDING,)
    ready: list[FollowUp] = []
    expired: list[FollowUp] = []
    for followup in followups:
        ours = followup.updated_at
        if now - followup.due_at > policy.nudge_grace and recovered:
            expired.append(followup)  # it may have arrived: ask the platform before saying missed
        elif now - followup.due_at > policy.nudge_grace:
            repo.transition_followup(
                followup.id, sending, FollowUpState.MISSED, now, error=MISSED_NUDGE, claimed_at=ours
            )
            report.missed[NUDGE] += 1
        elif (allowed := next_allowed(now, tz, member.quiet_hours, member.skip_weekends)) > now:
            # Waiting for the member's morning is not a failed attempt. The nudge keeps its key,
            # and one that may already have gone out is looked for in the morning before sending.
            repo.transition_followup(
                followup.id,
                sending,
                FollowUpState.PENDING,
                now,
                due_at=allowed,
                claimed_at=ours,
                reset_attempts=True,
                check_first=recovered or followup.check_first,
            )
            report.deferred += 1
        else:
            ready.append(followup)
    late = any(now - f.due_at > policy.late_after for f in ready)
    return partial(_render, member, tz, expired, ready, late, recovered)


def _render(
    member: Member,
    tz: str,
    expired: list[FollowUp],
    ready: list[FollowUp],
    late: bool,
    recovered: bool,
) -> list[Job]:
    jobs = [_expired_job(f, member, tz) for f in expired]
    if not ready:
        return jobs
    by_key = {nudges.work_key(f): f for f in ready}
    return jobs + [
        Job(
            message,
            tuple(_target(by_key[key], member) for key in message.work_keys),
            recovered=recovered,
            member_id=member.id,
            member_since=member.created_at,
        )
        for message in nudges.nudges(ready, member, tz, late=late)
    ]


def _target(followup: FollowUp, member: Member) -> Target:
    last = not member.dm_open or followup.last_error == DMS_CLOSED
    return Target("followup", followup.id, followup.attempts, followup.updated_at, last, kind=NUDGE)


def _expired_job(followup: FollowUp, member: Member, tz: str) -> Job:
    (message,) = nudges.nudges([followup], member, tz, late=True)
    target = _target(followup, member)
    return Job(
        message,
        (target,),
        recovered=True,
        member_id=member.id,
        member_since=member.created_at,
        expired=True,
    )


def settle(
    repo: Repository,
    target: Target,
    delivery: Delivery,
    now: datetime,
    policy: Policy,
    report: PassReport,
    *,
    expired: bool = False,
) -> bool:
    """Record what one delivery attempt means for one row, if our claim on it still holds;
    True when a delivered message was recorded as sent on its row.

    A button pressed meanwhile moved the row out of SENDING, so the member's choice stands.
    """
    move = _while_claimed(repo, target)
    if delivery.ok:
        sent = move(FollowUpState.SENT, now, message_ref=delivery.message_ref)
        report.sent[target.kind] += sent
        return sent
    if expired:
        nudge = target.table == "followup"
        missed = move(FollowUpState.MISSED, now, error=MISSED_NUDGE if nudge else MISSED_POST)
        report.missed[target.kind] += missed
    elif delivery.dm_closed and not target.last_dm_try:
        # Once more, later: DMs may have been closed for a moment. Never a third time.
        later = now + policy.dm_retry
        report.retrying += move(FollowUpState.PENDING, now, due_at=later, error=DMS_CLOSED)
    elif delivery.dm_closed:
        report.fail(target.kind, move(FollowUpState.FAILED, now, error=DMS_CLOSED))
    elif delivery.retry_after is not None:
        # Throttled, not failing: wait what the platform asks (at least a second, so "retry
        # after 0" cannot spin a pass), without spending an attempt; the grace period still ends
        # it as missed. Counted, a few quick 429s used to fail the nudge for good in seconds.
        wait = max(timedelta(seconds=delivery.retry_after), policy.rate_limit_floor)
        report.retrying += move(
            FollowUpState.PENDING, now, due_at=now + wait, error="rate limited", reset_attempts=True
        )
    elif delivery.ambiguous and target.attempts < policy.max_attempts + policy.final_looks:
        # It may have arrived: the next attempt looks in the history before sending, also
        # after the last one, so an unclear last answer is checked instead of given up on.
        report.retrying += move(
            FollowUpState.PENDING,
            now,
            due_at=now + retry_delay(min(target.attempts, policy.max_attempts)),
            error=delivery.error,
            check_first=True,
        )
    elif delivery.permanent or target.attempts >= policy.max_attempts:
        report.fail(
            target.kind, move(FollowUpState.FAILED, now, error=delivery.error or "not delivered")
        )
    else:
        report.retrying += move(
            FollowUpState.PENDING,
            now,
            due_at=now + retry_delay(target.attempts),
            error=delivery.error,
        )
    return False


def release(repo: Repository, target: Target, now: datetime, *, recovered: bool = False) -> None:
    """Hand an unsent claim back (on shutdown), due as before, so nothing waits for a lease.

    A `recovered` claim may have gone out before (by a dead process, or before an unclear
    answer): the flag stays set, so whoever takes it next looks in the history first.
    """
    _while_claimed(repo, target)(
        FollowUpState.PENDING, now, check_first=True if recovered else None
    )


def _while_claimed(repo: Repository, target: Target) -> Callable[..., bool]:
    """A state change for the target's row that applies only while our claim holds."""
    return partial(
        repo.transition_followup if target.table == "followup" else repo.transition_occurrence,
        target.id,
        (FollowUpState.SENDING,),
        claimed_at=target.claimed_at,
    )
