"""APScheduler wiring: a frequent due-work job plus one cron job per group rhythm.

APScheduler only decides *when* to look; the database decides *what* is due. Its job store
stays in memory (its documentation forbids sharing one between processes), every job has a
stable id and is registered with `replace_existing=True`, and the per-group jobs are rebuilt from
the database at start and on every beat, so a settings change made through any replica is picked
up by all of them. The first beat runs at start, which delivers whatever fell due while down.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from apscheduler.executors.asyncio import AsyncIOExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock
from bot.delivery.due import Deliverer, DueWork
from bot.delivery.report import PassReport
from bot.health import Health
from bot.rhythm import slots
from bot.runtime.metrics import Metrics
from bot.timezones import zone

log = logging.getLogger(__name__)

DUE_JOB = "due-work"


def rhythm_job_id(group_id: int, kind: str) -> str:
    return f"rhythm:{group_id}:{kind}"


class Heartbeat:
    def __init__(
        self,
        work: DueWork,
        deliverer: Deliverer,
        clock: Clock,
        *,
        interval_seconds: float,
        default_timezone: str = "UTC",
        health: Health | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._work = work
        self._health = health
        self._metrics = metrics
        self._deliverer = deliverer
        self._clock = clock
        self._interval = interval_seconds
        self._default_timezone = default_timezone
        # Components given as instances: APScheduler then skips its entry-point lookups, which
        # can hold the event loop for a noticeable moment on a cold start.
        self.scheduler = AsyncIOScheduler(
            timezone=UTC,
            executors={"default": AsyncIOExecutor()},
            jobstores={"default": MemoryJobStore()},
        )
        self._rhythm: dict[str, tuple[slots.WeeklySlot, str]] = {}
        self._beats: set[asyncio.Task[object]] = set()  # beats running now, awaited by `stop`

    def start(self) -> None:
        """Start inside the running event loop; the first beat happens immediately."""
        self.scheduler.start()
        self.scheduler.add_job(
            self.beat,
            IntervalTrigger(seconds=self._interval),
            id=DUE_JOB,
            name="deliver due work",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            next_run_time=datetime.now(UTC),
            misfire_grace_time=None,
        )

    async def stop(self) -> None:
        """Start no new beat, let a pass under way hand back what it has not sent, then stop.

        The order matters: APScheduler's asyncio executor cancels the beats still running when
        the scheduler shuts down, which would interrupt a pass in the middle of a database call
        (and print a CancelledError when the console's piped input ends right after start-up).
        """
        if self.scheduler.running:
            self.scheduler.pause()
        await self._deliverer.stop()
        await asyncio.gather(*self._beats, return_exceptions=True)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def beat(self) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._beats.add(task)
        report = PassReport()
        ok = False
        try:
            await self.sync_rhythm()
            progressed = None if self._health is None else self._health.pass_progressed
            await self._deliverer.run(self._clock.now, report, on_batch=progressed)
        except Exception:
            log.exception("due-work beat failed; the next beat tries again")
        else:
            ok = True
            if self._health is not None:
                self._health.pass_finished()
        finally:
            self._beats.discard(task)
            if self._metrics is not None:
                self._metrics.pass_done(report, ok)

    async def sync_rhythm(self) -> None:
        """Register, replace or remove the per-group cron jobs to match the database."""
        groups = await asyncio.to_thread(self._work.groups)
        wanted: dict[str, tuple[slots.WeeklySlot, str]] = {}
        for group in groups:
            for kind, slot, tz in slots.active_slots(group, self._default_timezone):
                wanted[rhythm_job_id(group.id, kind.value)] = (slot, tz)
        for job_id in set(self._rhythm) - set(wanted):
            if self.scheduler.get_job(job_id) is not None:
                self.scheduler.remove_job(job_id)
        for job_id, (slot, tz) in wanted.items():
            if self._rhythm.get(job_id) == (slot, tz):
                continue
            self.scheduler.add_job(
                self.beat,
                CronTrigger(
                    day_of_week=slots.DAYS[slot.weekday],
                    hour=slot.hour,
                    minute=slot.minute,
                    timezone=zone(tz),
                ),
                id=job_id,
                name=f"group rhythm {job_id}",
                replace_existing=True,
                coalesce=True,
                max_instances=1,
            )
        self._rhythm = wanted
