"""The real APScheduler path: a heartbeat on a controllable clock, per-group cron jobs with
stable ids, and an event loop that stays responsive while due work runs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger

from bot.clock import SimulatedClock
from bot.core import Core
from bot.delivery.due import Deliverer, DueWork
from bot.ports import Delivery, UnitOfWork
from bot.runtime.heartbeat import DUE_JOB, Heartbeat, rhythm_job_id
from bot.runtime.wiring import settle_memory
from bot.values import DestinationKind, Outbound
from tests.helpers import RecordingMessenger, actor, slash, text

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=BERLIN)


async def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.01)


@pytest.fixture
def parts(uow: UnitOfWork) -> tuple[Core, DueWork, RecordingMessenger]:
    return Core(uow, "Europe/Berlin"), DueWork(uow, "Europe/Berlin"), RecordingMessenger()


async def test_heartbeat_delivers_overdue_work_at_start_then_as_the_clock_moves(
    parts: tuple[Core, DueWork, RecordingMessenger],
) -> None:
    core, work, messenger = parts
    core.handle(slash("rejected", "Acme Corp"), berlin("2026-12-01T12:00"))
    clock = SimulatedClock(berlin("2026-12-02T10:30"), frozen=True)  # "restarted" after 10:00
    heartbeat = Heartbeat(work, Deliverer(work, messenger.route), clock, interval_seconds=0.05)
    heartbeat.start()
    try:
        await wait_for(lambda: len(messenger.sent) == 1)
        assert "continued interest in Acme Corp" in text(messenger.sent[0])
        await asyncio.sleep(0.2)
        assert len(messenger.sent) == 1, "delivered once, however many beats pass"
        clock.set(berlin("2026-12-07T10:00"))  # three days on is a Saturday: Monday
        await wait_for(lambda: any("Feedback" in m.summary for m in messenger.sent))
    finally:
        await heartbeat.stop()
    dms = [m for m in messenger.sent if m.destination.kind is DestinationKind.DM]
    assert [m.summary.split(" for ")[0] for m in dms] == ["Thank-you note", "Feedback request"]


async def test_group_jobs_have_stable_ids_and_follow_settings(
    parts: tuple[Core, DueWork, RecordingMessenger], uow: UnitOfWork
) -> None:
    core, work, messenger = parts
    core.handle(slash("applied", "Acme"), berlin("2026-12-01T12:00"))
    clock = SimulatedClock(berlin("2026-12-01T12:00"), frozen=True)
    heartbeat = Heartbeat(
        work,
        Deliverer(work, messenger.route),
        clock,
        interval_seconds=3600,
        default_timezone="Europe/Berlin",
    )
    heartbeat.start()
    try:
        await heartbeat.sync_rhythm()
        with uow() as repo:
            (group,) = repo.groups()
        ids = {job.id for job in heartbeat.scheduler.get_jobs()}
        summary_id = rhythm_job_id(group.id, "summary")
        assert ids == {DUE_JOB, summary_id, rhythm_job_id(group.id, "networking")}
        job = heartbeat.scheduler.get_job(summary_id)
        assert isinstance(job.trigger, CronTrigger)
        assert str(job.trigger.timezone) == "Europe/Berlin"
        assert job.next_run_time.astimezone(BERLIN).strftime("%a %H:%M") == "Mon 09:00"

        with uow() as repo:
            repo.save_group(replace(group, timezone="Asia/Kolkata", summary_schedule="fri 17:30"))
        await heartbeat.sync_rhythm()
        job = heartbeat.scheduler.get_job(summary_id)
        assert str(job.trigger.timezone) == "Asia/Kolkata"
        local = job.next_run_time.astimezone(ZoneInfo("Asia/Kolkata"))
        assert local.strftime("%a %H:%M") == "Fri 17:30"

        with uow() as repo:
            repo.save_group(replace(group, summary_schedule="", networking_schedule=""))
        await heartbeat.sync_rhythm()
        assert {job.id for job in heartbeat.scheduler.get_jobs()} == {DUE_JOB}
    finally:
        await heartbeat.stop()


async def test_the_event_loop_stays_responsive_while_due_work_runs(
    parts: tuple[Core, DueWork, RecordingMessenger],
) -> None:
    core, work, messenger = parts
    start = berlin("2026-12-01T12:00")
    for n in range(150):
        core.handle(slash("rejected", f"Company {n}", who=f"Member {n}"), start)
    clock = SimulatedClock(start + timedelta(days=1), frozen=True)
    heartbeat = Heartbeat(work, Deliverer(work, messenger.route), clock, interval_seconds=3600)

    lags: list[float] = []
    stop = asyncio.Event()

    async def probe() -> None:
        while not stop.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            lags.append(time.perf_counter() - before - 0.005)

    settle_memory()  # as `rebound` does once started
    heartbeat.start()  # the first beat, claiming and delivering 150 nudges, starts now
    probing = asyncio.create_task(probe())
    try:
        await wait_for(
            lambda: sum(m.destination.kind is DestinationKind.DM for m in messenger.sent) == 150,
            seconds=60,
        )
        # A fast backend may finish within a few probes: probe on a little, so the count
        # below checks the probe ran, not how long the delivery took.
        await wait_for(lambda: len(lags) > 10, seconds=5)
    finally:
        stop.set()
        await probing
        await heartbeat.stop()
    assert len(lags) > 10
    assert max(lags) < 0.1, f"the loop stalled for {max(lags) * 1000:.0f} ms"


async def test_stopping_lets_a_running_beat_finish_its_message_instead_of_cancelling_it(
    parts: tuple[Core, DueWork, RecordingMessenger], uow: UnitOfWork
) -> None:
    core, work, _ = parts
    core.handle(slash("rejected", "Acme Corp"), berlin("2026-12-01T12:00"))
    sending = asyncio.Event()
    release = asyncio.Event()

    class SlowMessenger(RecordingMessenger):
        async def send(self, message: Outbound) -> Delivery:
            sending.set()
            await release.wait()
            return await super().send(message)

    slow = SlowMessenger()
    clock = SimulatedClock(berlin("2026-12-02T10:00"), frozen=True)
    heartbeat = Heartbeat(work, Deliverer(work, slow.route), clock, interval_seconds=3600)
    heartbeat.start()
    await sending.wait()  # the first beat is in the middle of sending
    stopping = asyncio.create_task(heartbeat.stop())
    await asyncio.sleep(0.05)
    release.set()
    await stopping
    assert not heartbeat.scheduler.running
    assert len(slow.sent) == 1
    with uow() as repo:
        member = repo.ensure_member(actor("Alex"), berlin("2026-12-02T10:00"))
        states = sorted(f.state.value for f in repo.followups_for_member(member.id))
    assert states == ["pending", "pending", "sent"], "the message being sent was recorded"
