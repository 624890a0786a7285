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
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime

from bot.commands.menu import Menu
from bot.delivery import batch, messengers, recurring
from bot.delivery.batch import Outcome
from bot.delivery.jobs import Job
from bot.delivery.policy import Policy
from bot.delivery.report import PassReport
from bot.delivery.rules import build_jobs
from bot.ports import Delivery, Messenger, UnitOfWork
from bot.records import Group
from bot.values import Outbound

log = logging.getLogger(__name__)

Route = Mapping[str, Messenger]
"""The messenger of each platform this process is connected to. A pass claims only rows of
these platforms: another process, connected to the others, delivers theirs."""

STOPPED = "the process is shutting down; what it had not sent was handed back for the next pass"


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

        One transaction claims the rows and decides what each becomes; rows settled without a
        message (too late, DMs closed, quiet hours) are counted in `report`. The messages are
        rendered after it commits.
        """
        stale_before = now - self.policy.lease
        size = self.policy.batch
        report = PassReport() if report is None else report
        with self._uow() as repo:
            stale = repo.claim_stale_followups(now, stale_before, size, platforms)
            due = repo.claim_due_followups(now, size, platforms)
            stale_posts = repo.claim_stale_occurrences(now, stale_before, size, platforms)
            posts = repo.claim_due_occurrences(now, size, platforms)
            report.claimed(
                now, [row.due_at for rows in (stale, due, stale_posts, posts) for row in rows]
            )
            makers = build_jobs(
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
        jobs = [job for make in makers for job in make()]
        return jobs, len(stale) + len(due) + len(stale_posts) + len(posts)

    def materialize(self, now: datetime, platforms: Collection[str]) -> None:
        """Make sure what recurs on `platforms` exists as rows (see `bot.delivery.recurring`)."""
        with self._uow() as repo:
            recurring.materialize(repo, now, platforms, self._default_timezone)

    def record_all(
        self, outcomes: Sequence[Outcome], now: datetime, report: PassReport | None = None
    ) -> list[Outcome]:
        """Settle the rows of each (job, delivery) in one transaction; returns those whose
        message landed but whose nudges are gone meanwhile (see `bot.delivery.batch.record`)."""
        if not outcomes:
            return []
        report = PassReport() if report is None else report
        with self._uow() as repo:
            return batch.record(repo, outcomes, now, self.policy, report)

    def record(
        self, job: Job, delivery: Delivery, now: datetime, report: PassReport | None = None
    ) -> bool:
        """`record_all` for one job: True when its message should be taken back."""
        return bool(self.record_all([(job, delivery)], now, report))

    def renew_all(self, jobs: Sequence[Job], now: datetime) -> list[Job | None]:
        """Re-stamp the claims of `jobs` just before sending them, in one transaction; for each,
        the job as renewed, or None if it must not be sent (see `bot.delivery.batch.renew`)."""
        if not jobs:
            return []
        with self._uow() as repo:
            return batch.renew(repo, jobs, now)

    def renew(self, job: Job, now: datetime) -> Job | None:
        """`renew_all` for one job."""
        return self.renew_all([job], now)[0]

    def release(self, jobs: Sequence[Job], now: datetime) -> None:
        """Hand unsent claims back (on shutdown, or after a failed pass), due as before."""
        if jobs:
            with self._uow() as repo:
                batch.release_all(repo, jobs, now)

    def groups(self) -> list[Group]:
        with self._uow() as repo:
            return repo.groups()

    def next_due_at(self, now: datetime, platforms: Collection[str]) -> datetime | None:
        """When the next item on `platforms` falls due (or is already due), for time travel."""
        with self._uow() as repo:
            candidates = [repo.next_due_at(platforms), repo.next_occurrence_due_at(platforms)]
            candidates += recurring.next_moments(repo, now, platforms, self._default_timezone)
        found = [moment for moment in candidates if moment is not None]
        return min(found) if found else None


class Deliverer:
    """Runs passes one at a time in this process and hands each job to its messenger.

    A claimed batch is renewed in one transaction just before its messages go out, and their
    outcomes are recorded in one after. A batch that takes longer than `RENEW_SECONDS` to send
    (a paced platform) records what went out and renews the rest again, so a claim is never
    older than that when its message is sent.
    """

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
        self,
        clock: Callable[[], datetime],
        report: PassReport | None = None,
        on_delivered: Callable[[Outbound], None] | None = None,
        on_batch: Callable[[], None] | None = None,
    ) -> None:
        """Deliver everything due on the routed platforms: the pass ends when nothing due is
        left, or when the process stops (`report.stopped` then says so).

        `clock` is read afresh for every batch, so a long pass never claims with a stale time.
        `report` gets what the pass did; `on_delivered` each message that reached its recipients;
        `on_batch` is called after each batch (due work moving). Nothing is kept per message.
        """
        report = PassReport() if report is None else report
        async with self._lock:
            if self._leftovers:
                orphans = await asyncio.to_thread(self._settle_leftovers, clock(), report)
                for orphan, landed in orphans:
                    await messengers.retract(self._route, orphan, landed)
            if not self._stopping:
                await asyncio.to_thread(self._work.materialize, clock(), frozenset(self._route))
            while not self._stopping:
                claimed_at, started = clock(), time.monotonic()
                jobs, claimed = await asyncio.to_thread(
                    self._work.claim, claimed_at, frozenset(self._route), report
                )
                if not claimed:
                    break
                await self._send(jobs, clock, report, on_delivered, (claimed_at, started))
                if on_batch is not None:
                    on_batch()
            if self._stopping:
                report.stopped = STOPPED

    async def _send(
        self,
        jobs: list[Job],
        clock: Callable[[], datetime],
        report: PassReport,
        on_delivered: Callable[[Outbound], None] | None,
        claimed: tuple[datetime, float],
    ) -> None:
        """Renew, send and record one batch claimed at `claimed` (on the pass's clock, and in
        real time): in slices, when sending is slow. A claim just made needs no renewal."""
        waiting = jobs
        renewed_at, started = claimed
        while waiting:
            if self._stopping:
                await asyncio.to_thread(self._work.release, waiting, clock())
                return
            together = [job for job in waiting if not batch.checked_alone(job)]
            renewed: list[Job | None] = list(together)
            if batch.aged(renewed_at, started, clock()):
                renewed_at, started = clock(), time.monotonic()
                try:
                    renewed = await asyncio.to_thread(self._work.renew_all, together, renewed_at)
                except Exception:
                    self._leftovers = [(unsent, None) for unsent in waiting]
                    raise
            fresh = dict(zip(map(id, together), renewed, strict=True))
            # Dropped: no longer ours, or called off. Posts are renewed one by one, below.
            plan = [j for j in (fresh.get(id(job), job) for job in waiting) if j is not None]
            waiting = []
            outcomes: list[Outcome] = []
            for index, job in enumerate(plan):
                if self._stopping or batch.aged(renewed_at, started, clock()):
                    waiting = plan[index:]
                    break
                sending: Job | None = job
                if batch.checked_alone(job):
                    try:
                        sending = await asyncio.to_thread(self._work.renew, job, clock())
                    except Exception:
                        self._leftovers = [*outcomes, *((j, None) for j in plan[index:])]
                        raise
                if sending is not None:
                    outcomes.append((sending, await messengers.deliver(self._route, sending)))
            try:
                orphans = await asyncio.to_thread(self._work.record_all, outcomes, clock(), report)
            except Exception:
                self._leftovers = [*outcomes, *((unsent, None) for unsent in waiting)]
                raise
            await self._finish(outcomes, orphans, report, on_delivered)

    async def _finish(
        self,
        outcomes: list[Outcome],
        orphans: list[Outcome],
        report: PassReport,
        on_delivered: Callable[[Outbound], None] | None,
    ) -> None:
        taken_back = {id(job) for job, _ in orphans}
        for job, delivery in outcomes:
            log.info(
                "delivery",
                extra={
                    "work_keys": ",".join(job.message.work_keys),
                    "ok": delivery.ok,
                    "error": delivery.error,
                    "recovered": job.recovered,
                },
            )
            if id(job) in taken_back:
                await messengers.retract(self._route, job, delivery)
            elif delivery.ok:
                report.delivered += 1
                if on_delivered is not None:
                    on_delivered(job.message)

    def _settle_leftovers(self, now: datetime, report: PassReport) -> list[Outcome]:
        """Record the outcome of what went out, and hand back what did not, for the claims a
        failed pass left behind. Each change applies only while our claim holds, so doing one
        twice, or after another process took the row over, changes nothing. Returns what went
        out for nudges deleted meanwhile, to be taken back (see `DueWork.record_all`)."""
        unsent = [job for job, delivery in self._leftovers if delivery is None]
        done = [(job, delivery) for job, delivery in self._leftovers if delivery is not None]
        self._work.release(unsent, now)
        orphans = self._work.record_all(done, now, report)
        self._leftovers = []
        return orphans

    async def stop(self) -> None:
        """Finish the message being sent, hand back the rest, and let no new pass start."""
        self._stopping = True
        async with self._lock:
            pass


async def run_due_pass(
    work: DueWork, route: Route, now: datetime, report: PassReport | None = None
) -> list[Outbound]:
    """One pass as of a fixed `now` (rehearsals, tests); returns what reached its recipients,
    kept in memory: for small passes only (`rebound tick` keeps the count)."""
    delivered: list[Outbound] = []
    await Deliverer(work, route).run(lambda: now, report, delivered.append)
    return delivered
