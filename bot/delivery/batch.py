"""A batch's claims renewed before sending and its outcomes recorded after, in one statement
per table for the common case, with the same fences as one row at a time.

Renewing and recording each row on its own cost two transactions per item, which bounded a
pass at a few hundred items a second (issue 13). Every change here still applies only while our
claim on the row holds (its `updated_at`), so a batch changes exactly what the same changes made
one by one would.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.delivery import unreachable
from bot.delivery.jobs import Job
from bot.delivery.moved import called_off, cancel, moved_away
from bot.delivery.policy import Policy
from bot.delivery.report import PassReport
from bot.delivery.rules import release, settle
from bot.ports import Delivery, Repository

Outcome = tuple[Job, Delivery]
# A claim is renewed at most this long before its message is sent: a batch that takes longer
# (a platform's pacing) renews the rest again. Counted on the pass's clock and in real time.
RENEW_SECONDS = 2.0


def checked_alone(job: Job) -> bool:
    """Posts and reminders are checked against what may have changed just before each is sent
    (a group moved to another channel, an event cancelled, a follow-up undone), so they are
    renewed one at a time; nudges carry no such check and are renewed with their batch."""
    return any(target.table == "occurrence" for target in job.targets)


def aged(renewed_at: datetime, started: float, now: datetime) -> bool:
    """Whether claims renewed at `renewed_at` (`started`, in real time) need renewing again
    before the next message goes out."""
    limit = timedelta(seconds=RENEW_SECONDS)
    return time.monotonic() - started > RENEW_SECONDS or now - renewed_at > limit


def renew(repo: Repository, jobs: Sequence[Job], now: datetime) -> list[Job | None]:
    """Re-stamp the claims of `jobs` just before they are sent; for each, the job with its
    renewed claims, or None if one is no longer ours (taken over, or the member pressed a
    button on it meanwhile) or it must not go out after all (`bot.delivery.moved`). The message
    of such a job named that row, so its other rows are handed back at once, to be sent without
    it, instead of waiting for the lease."""
    live: list[Job] = []
    for job in jobs:
        if moved_away(repo, job) or called_off(repo, job):
            for target in job.targets:
                cancel(repo, target, now)
        else:
            live.append(job)
    renewed = {
        table: repo.renew_claims(
            table, [(t.id, t.claimed_at) for j in live for t in j.targets if t.table == table], now
        )
        for table in ("followup", "occurrence")
    }
    kept: dict[int, Job] = {}
    for job in live:
        ours = [replace(t, claimed_at=now) if t.id in renewed[t.table] else t for t in job.targets]
        if all(t.id in renewed[t.table] for t in job.targets):
            kept[id(job)] = replace(job, targets=tuple(ours))
        else:
            for target, fresh in zip(job.targets, ours, strict=True):
                if target.id in renewed[target.table]:
                    release(repo, fresh, now, recovered=job.recovered)
    return [kept.get(id(job)) for job in jobs]


def record(
    repo: Repository,
    outcomes: Sequence[Outcome],
    now: datetime,
    policy: Policy,
    report: PassReport,
) -> list[Outcome]:
    """Settle every row of every outcome; returns the outcomes whose message landed but whose
    nudges are gone (the member asked to be forgotten, or undid the rejection, while it was on
    its way): it names a company nobody should see any more, so the caller takes it back."""
    closed = sorted({j.member_id for j, d in outcomes if d.dm_closed and j.member_id is not None})
    for member_id in closed:
        # Before the rows, as a command does, so the two never wait on each other.
        repo.lock_member(member_id)
    sent = {
        table: repo.record_sent(
            table,
            [
                (t.id, t.claimed_at, d.message_ref)
                for j, d in outcomes
                if d.ok
                for t in j.targets
                if t.table == table
            ],
            now,
        )
        for table in ("followup", "occurrence")
    }
    orphans: list[Outcome] = []
    for job, delivery in outcomes:
        if not delivery.ok:
            for target in job.targets:
                settle(repo, target, delivery, now, policy, report, expired=job.expired)
        if delivery.dm_closed and job.member_id is not None:
            member = repo.get_member(job.member_id)
            if member is not None and member.created_at == job.member_since:
                unreachable.begin(repo, member, now)
        recorded = [t.id in sent[t.table] for t in job.targets]
        for target, landed in zip(job.targets, recorded, strict=True):
            report.sent[target.kind] += delivery.ok and landed  # for metrics, by kind
        # Recorded on every row: each was ours, so nothing was deleted under the message.
        if delivery.ok and not all(recorded) and _forgotten(repo, job):
            orphans.append((job, delivery))
    return orphans


def release_all(repo: Repository, jobs: Sequence[Job], now: datetime) -> None:
    for job in jobs:
        for target in job.targets:
            release(repo, target, now, recovered=job.recovered)


def _forgotten(repo: Repository, job: Job) -> bool:
    """Whether a delivered job's nudges were deleted with their member, or moved to another
    member's (the id may already be someone new's: SQLite reuses them)."""
    if job.member_id is None:
        return False
    member = repo.get_member(job.member_id)
    if member is None or member.created_at != job.member_since:
        return True
    rows = [repo.get_followup(t.id) for t in job.targets if t.table == "followup"]
    return bool(rows) and all(r is None or r.member_id != member.id for r in rows)
