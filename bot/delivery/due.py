"""The due-work pass: claim what is due, turn it into messages, deliver, record the outcome.

The scheduler, `rebound tick` and the console's time travel all run `Deliverer.run`, so the path
a nudge takes in a rehearsal is the path it takes in production. Rows are claimed atomically
before anything is sent, which is what keeps replicas from sending the same item twice; a claim
left behind by a crashed process is taken over after a lease, and the messenger is asked whether
the message went out before it is sent again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from datetime import datetime

from bot.commands.menu import Menu
from bot.delivery import recurring, unreachable
from bot.delivery.jobs import Job
from bot.delivery.moved import called_off, cancel, moved_away
from bot.delivery.policy import Policy
from bot.delivery.report import PassReport
from bot.delivery.rules import build_jobs, release, settle
from bot.ports import Delivery, Messenger, UnitOfWork
from bot.records import Group
from bot.values import Outbound

log = logging.getLogger(__name__)

Route = Mapping[str, Messenger]
"""The messenger of each platform this process is connected to. A pass claims only rows of
these platforms: another process, connected to the others, delivers theirs."""

MAX_ROUNDS = 1_000


class DueWork:
    """The database side of a pass; every method runs in a worker thread."""

    def __init__(
        self,
        uow: UnitOfWork,
        default_timezone: str = "UTC",
        policy: Policy | None = None,
        menus: Mapping[str, Menu] | None = None,
    ) -> None:
        """`menus`: how each platform spells commands, for the posts that name one (a Slack
        workspace may reach `/networked` only as `/rebound networked`)."""
        self._uow = uow
        self._default_timezone = default_timezone
        self.policy = policy or Policy()
        self._menus = dict(menus or {})

    def claim(
        self, now: datetime, platforms: Collection[str], report: PassReport | None = None
    ) -> tuple[list[Job], int]:
        """Claim one batch of rows on `platforms`; return its jobs and how many rows were
        claimed (0 means done).

        Rows settled without a message (too late, DMs closed, quiet hours) are counted in `report`.
        """
        stale_before = now - self.policy.lease
        batch = self.policy.batch
        report = PassReport() if report is None else report
        with self._uow() as repo:
            stale = repo.claim_stale_followups(now, stale_before, batch, platforms)
            due = repo.claim_due_followups(now, batch, platforms)
            stale_posts = repo.claim_stale_occurrences(now, stale_before, batch, platforms)
            posts = repo.claim_due_occurrences(now, batch, platforms)
        report.claimed(
            now, [row.due_at for rows in (stale, due, stale_posts, posts) for row in rows]
        )
        with self._uow() as repo:
            jobs = build_jobs(
                repo,
                now,
                self._default_timezone,
                self.policy,
                stale,
                due,
                stale_posts,
                posts,
                report,
                self._menus,
            )
        return jobs, len(stale) + len(due) + len(stale_posts) + len(posts)

    def materialize(self, now: datetime, platforms: Collection[str]) -> None:
        """Make sure what recurs on `platforms` exists as rows (see `bot.delivery.recurring`)."""
        with self._uow() as repo:
            recurring.materialize(repo, now, platforms, self._default_timezone)

    def record(
        self, job: Job, delivery: Delivery, now: datetime, report: PassReport | None = None
    ) -> bool:
        """Settle each of the job's rows; True when the message landed but its nudges are gone
        (the member asked to be forgotten, or undid the rejection, while it was on its way): it
        names a company nobody should see any more, so the caller takes it back."""
        report = PassReport() if report is None else report
        with self._uow() as repo:
            unreachable_id = job.member_id if delivery.dm_closed else None
            if unreachable_id is not None:
                # Before the rows, as a command does, so the two never wait on each other.
                repo.lock_member(unreachable_id)
            recorded = [
                settle(repo, target, delivery, now, self.policy, report, expired=job.expired)
                for target in job.targets
            ]
            if unreachable_id is not None:
                member = repo.get_member(unreachable_id)
                if member is not None and member.created_at == job.member_since:
                    unreachable.begin(repo, member, now)
            # Recorded on every row: each was ours, so nothing was deleted under the message.
            if not delivery.ok or all(recorded) or job.member_id is None:
                return False
            member = repo.get_member(job.member_id)
            if member is None or member.created_at != job.member_since:
                return True  # forgotten (the id may already be someone new's: SQLite reuses)
            rows = [repo.get_followup(t.id) for t in job.targets if t.table == "followup"]
            return bool(rows) and all(r is None or r.member_id != member.id for r in rows)

    def renew(self, job: Job, now: datetime) -> Job | None:
        """Re-stamp the job's claims just before sending; None if one is no longer ours (taken
        over, or the member pressed a button on it meanwhile). The message named it, so the rest
        are handed back at once, to be sent without it, instead of waiting for the lease."""
        with self._uow() as repo:
            if moved_away(repo, job) or called_off(repo, job):
                for target in job.targets:
                    cancel(repo, target, now)
                return None
            for index, target in enumerate(job.targets):
                if not repo.renew_claim(target.table, target.id, target.claimed_at, now):
                    renewed = [replace(t, claimed_at=now) for t in job.targets[:index]]
                    for ours in renewed + list(job.targets[index + 1 :]):
                        release(repo, ours, now, recovered=job.recovered)
                    return None
        return replace(job, targets=tuple(replace(t, claimed_at=now) for t in job.targets))

    def release(self, jobs: list[Job], now: datetime) -> None:
        with self._uow() as repo:
            for job in jobs:
                for target in job.targets:
                    release(repo, target, now, recovered=job.recovered)

    def groups(self) -> list[Group]:
        with self._uow() as repo:
            return repo.groups()

    def next_due_at(self, now: datetime, platforms: Collection[str]) -> datetime | None:
        """When the next item on `platforms` falls due after `now` (or is already due), for
        time travel."""
        with self._uow() as repo:
            candidates = [repo.next_due_at(platforms), repo.next_occurrence_due_at(platforms)]
            candidates += recurring.next_moments(repo, now, platforms, self._default_timezone)
        found = [moment for moment in candidates if moment is not None]
        return min(found) if found else None


class Deliverer:
    """Runs passes one at a time in this process and hands each job to its messenger."""

    def __init__(self, work: DueWork, route: Route) -> None:
        self._work = work
        self._route = route
        self._lock = asyncio.Lock()
        self._stopping = False
        # Claims a pass could not settle because the database failed mid-pass: each job with
        # what its delivery did (None: not sent). Settled first thing in the next pass, so they
        # go out when the database is back instead of waiting out their lease.
        self._leftovers: list[tuple[Job, Delivery | None]] = []

    async def run(
        self, clock: Callable[[], datetime], report: PassReport | None = None
    ) -> list[Outbound]:
        """Deliver everything due; return what reached its recipients.

        `clock` is read afresh for every batch, so a long pass never claims with a stale time.
        `report`, when given, is filled in with everything else the pass did.
        """
        report = PassReport() if report is None else report
        delivered: list[Outbound] = []
        async with self._lock:
            if self._leftovers:
                orphans = await asyncio.to_thread(self._settle_leftovers, clock(), report)
                for orphan, landed in orphans:
                    await self._retract(orphan, landed)
            if not self._stopping:
                await asyncio.to_thread(self._work.materialize, clock(), frozenset(self._route))
            for _ in range(MAX_ROUNDS):
                if self._stopping:
                    break
                jobs, claimed = await asyncio.to_thread(
                    self._work.claim, clock(), frozenset(self._route), report
                )
                if not claimed:
                    break
                for index, claimed_job in enumerate(jobs):
                    if self._stopping:
                        await asyncio.to_thread(self._work.release, jobs[index:], clock())
                        break
                    try:
                        job = await asyncio.to_thread(self._work.renew, claimed_job, clock())
                    except Exception:
                        self._leftovers = [(unsent, None) for unsent in jobs[index:]]
                        raise
                    if job is None:
                        continue  # taken over by another process after our lease ran out
                    delivery = await self._deliver(job)
                    try:
                        orphaned = await asyncio.to_thread(
                            self._work.record, job, delivery, clock(), report
                        )
                    except Exception:
                        rest = [(unsent, None) for unsent in jobs[index + 1 :]]
                        self._leftovers = [(job, delivery), *rest]
                        raise
                    log.info(
                        "delivery",
                        extra={
                            "work_keys": ",".join(job.message.work_keys),
                            "ok": delivery.ok,
                            "error": delivery.error,
                            "recovered": job.recovered,
                        },
                    )
                    if orphaned:
                        await self._retract(job, delivery)
                    elif delivery.ok:
                        delivered.append(job.message)
                        report.delivered.append(job.message)
        return delivered

    def _settle_leftovers(self, now: datetime, report: PassReport) -> list[tuple[Job, Delivery]]:
        """Record the outcome of what went out, and hand back what did not, for the claims a
        failed pass left behind. Each change applies only while our claim holds, so doing one
        twice, or after another process took the row over, changes nothing. Returns what went
        out for nudges deleted meanwhile, to be taken back (see `DueWork.record`)."""
        orphans: list[tuple[Job, Delivery]] = []
        for job, delivery in list(self._leftovers):
            if delivery is None:
                self._work.release([job], now)
            elif self._work.record(job, delivery, now, report):
                orphans.append((job, delivery))
            self._leftovers.remove((job, delivery))
        return orphans

    async def stop(self) -> None:
        """Finish the message being sent, hand back the rest, and let no new pass start."""
        self._stopping = True
        async with self._lock:
            pass

    async def _retract(self, job: Job, delivery: Delivery) -> None:
        messenger = self._route.get(job.message.destination.platform)
        if messenger is None:
            return
        try:
            await messenger.retract(job.message, delivery.message_ref)
        except Exception:  # the pass goes on; the member's data is already gone
            log.exception("retract raised", extra={"work_keys": ",".join(job.message.work_keys)})

    async def _deliver(self, job: Job) -> Delivery:
        messenger = self._route.get(job.message.destination.platform)
        if messenger is None:  # not reached: a pass claims only rows of routed platforms
            return Delivery(ok=False, error="that platform is not connected", permanent=True)
        try:
            if job.recovered:
                earlier = await messenger.find(job.message)
                if earlier is not None:
                    return earlier
            if job.expired:  # too late to send now; it was missed unless it arrived earlier
                return Delivery(ok=False, error="missed")
            return await messenger.send(job.message)
        except Exception as error:  # a platform failure must not lose the claimed item
            log.exception("delivery raised", extra={"work_keys": ",".join(job.message.work_keys)})
            # The request may have reached the platform: look before sending again.
            return Delivery(ok=False, error=type(error).__name__, ambiguous=True)


async def run_due_pass(
    work: DueWork, route: Route, now: datetime, report: PassReport | None = None
) -> list[Outbound]:
    """One pass as of a fixed `now` (rehearsals, `rebound tick --at`, tests)."""
    return await Deliverer(work, route).run(lambda: now, report)
