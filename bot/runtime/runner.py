"""`rebound run` and `rebound tick` with platforms: every configured platform on one event loop.

One process, one core, one due-work heartbeat, one `Deliverer` whose route holds every started
platform's messenger, so a member on any platform is served by the same pass. Starting is all
or nothing: if one platform cannot start, those already started are stopped again and the
reason is reported, so a half-connected bot never runs. Stopping takes at most about
`SHUTDOWN_SECONDS`, even while the database does not answer.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Coroutine, Iterable, Mapping
from datetime import datetime
from functools import partial
from typing import Any

from bot.clock import Clock, SystemClock
from bot.delivery.due import Deliverer, DueWork, Route
from bot.delivery.report import PassReport
from bot.health import Health
from bot.platform import Platform, StartFailure
from bot.runtime import platforms
from bot.runtime.heartbeat import Heartbeat
from bot.runtime.logs import Redactor
from bot.runtime.metrics import Metrics, TimedMessenger
from bot.runtime.probes import LoopWatch, Probes, ProbeServer
from bot.runtime.settings import Settings
from bot.runtime.wiring import Workers, build, exit_now, settle_memory

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 10.0  # after SIGTERM: finish what is under way, then go regardless
START_SECONDS = 30.0  # a platform that has not connected by then is reported as failed
PROBES_TITLE = "The /healthz, /readyz and /metrics server"


class StartFailed(Exception):
    """A platform could not start; everything that had started was stopped again."""

    def __init__(self, title: str, reason: str) -> None:
        super().__init__(
            f"{title} could not start: {reason}. Everything that had started was stopped "
            "again; nothing is running."
        )
        self.title = title


def route(started: Iterable[Platform], metrics: Metrics | None = None) -> Route:
    """Each platform delivers to its own members and channels; with `metrics`, every send is
    timed."""
    if metrics is None:
        return {platform.name: platform.messenger for platform in started}
    return {p.name: TimedMessenger(p.messenger, p.name, metrics) for p in started}


class Runner:
    """Platforms by title, and the heartbeat that delivers to all of them."""

    def __init__(
        self,
        started: Mapping[str, Platform],
        work: DueWork,
        clock: Clock,
        *,
        interval_seconds: float,
        default_timezone: str,
        health: Health | None = None,
        secrets: Iterable[str] = (),
        metrics: Metrics | None = None,
    ) -> None:
        """`health`, when given, also watches each platform's connection (for /readyz);
        `metrics` counts each pass and times each send."""
        self.platforms = dict(started)
        self.deliverer = Deliverer(work, route(self.platforms.values(), metrics))
        self.heartbeat = Heartbeat(
            work,
            self.deliverer,
            clock,
            interval_seconds=interval_seconds,
            default_timezone=default_timezone,
            health=health,
            metrics=metrics,
        )
        for title, platform in self.platforms.items():
            if health is not None:
                health.watch(title, platform.connected)
        self._redactor = Redactor(secrets)
        self._started: list[Platform] = []

    async def start(self) -> None:
        await self.start_platforms()
        self.start_heartbeat()

    async def start_platforms(self) -> None:
        """Start each platform in turn; on a failure stop them all and raise `StartFailed`."""
        for title, platform in self.platforms.items():
            self._started.append(platform)  # a failed start may have opened something
            try:
                await asyncio.wait_for(platform.start(), START_SECONDS)
            except Exception as error:
                log.warning("platform did not start", extra={"platform": platform.name})
                await self.stop()
                raise StartFailed(title, self._reason(error)) from None
            log.info("platform started", extra={"platform": platform.name})

    def start_heartbeat(self) -> None:
        """The first beat runs now: whatever fell due while down goes out at once."""
        self.heartbeat.start()

    async def stop(self, seconds: float = SHUTDOWN_SECONDS) -> None:
        """Stop the heartbeat (handing back unsent claims), then every started platform, the
        last started first; each step is abandoned when the time is up."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        await _bounded(self.heartbeat.stop(), deadline - loop.time())
        while self._started:
            await _bounded(self._started.pop().stop(), deadline - loop.time())

    def _reason(self, error: Exception) -> str:
        if isinstance(error, StartFailure):
            text = str(error)
        elif isinstance(error, TimeoutError):
            text = f"it did not connect within {START_SECONDS:.0f} seconds"
        else:
            text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        return self._redactor.redact(text)


async def serve(
    settings: Settings, chosen: list[platforms.Entry], database: str, setting: str = "DATABASE_URL"
) -> None:
    """Run the chosen platforms until SIGINT or SIGTERM, with /healthz, /readyz and /metrics
    on PORT (on Slack's own server in its HTTP mode, else on a server of their own, started
    first so an orchestrator sees "not ready" while the platforms connect)."""
    tz = settings.rebound_timezone
    loop = asyncio.get_running_loop()
    workers = Workers(loop)
    metrics = Metrics()
    services = await asyncio.to_thread(
        partial(
            build,
            database,
            tz,
            setting=setting,
            registered=settings.registered_commands,
            observer=metrics,
            commands=workers.commands,
        )
    )
    clock = SystemClock()
    health = Health(services.ping, settings.due_interval_seconds)
    watch = LoopWatch(metrics)
    probes = Probes(health, metrics, watch)
    parts = platforms.Parts(services.core, clock, database, tuple(probes.routes()))
    runner = Runner(
        platforms.build(settings, chosen, parts),
        services.work,
        clock,
        interval_seconds=settings.due_interval_seconds,
        default_timezone=tz,
        health=health,
        secrets=settings.secret_values(),
        metrics=metrics,
    )
    stop = asyncio.Event()
    if sys.platform != "win32":  # Windows event loops have no signal handlers
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
    server = None if platforms.listening(settings, chosen) else ProbeServer(probes, settings.port)
    watch.start()
    try:
        if server is not None:
            try:
                await server.start()
            except StartFailure as failure:
                raise StartFailed(PROBES_TITLE, str(failure)) from None
        await runner.start_platforms()
    except StartFailed:
        await watch.stop()
        if server is not None:
            await server.stop()
        services.engine.dispose()
        raise
    settle_memory()
    runner.start_heartbeat()
    try:
        await stop.wait()
    finally:
        deadline = loop.time() + SHUTDOWN_SECONDS
        await runner.stop(SHUTDOWN_SECONDS)
        await watch.stop()
        if server is not None:
            await _bounded(server.stop(), deadline - loop.time())
        if not await workers.finish(max(deadline - loop.time(), 0.5)):
            exit_now(0)
        services.engine.dispose()


async def tick(
    settings: Settings,
    chosen: list[platforms.Entry],
    database: str,
    now: datetime,
    report: PassReport | None = None,
    setting: str = "DATABASE_URL",
) -> None:
    """One due-work pass delivered through every chosen platform (built, never started: a tick
    only sends, and must not listen where a running `rebound run` listens)."""
    services = await asyncio.to_thread(
        partial(
            build,
            database,
            settings.rebound_timezone,
            setting=setting,
            registered=settings.registered_commands,
        )
    )
    parts = platforms.Parts(services.core, SystemClock(), database)
    built = platforms.build(settings, chosen, parts)
    try:
        await tick_pass(services.work, route(built.values()), now, report)
    finally:
        for platform in built.values():
            await _bounded(platform.stop(), SHUTDOWN_SECONDS)
        services.engine.dispose()


async def tick_pass(
    work: DueWork, chosen: Route, now: datetime, report: PassReport | None = None
) -> None:
    """`rebound tick`'s one pass as of `now`, until nothing due is left. SIGINT or SIGTERM
    stop it as they stop `rebound run`: the message being sent finishes, the rest is handed
    back at once (not left to its lease), and `report.stopped` says so."""
    deliverer = Deliverer(work, chosen)
    loop = asyncio.get_running_loop()
    stops: set[asyncio.Task[None]] = set()

    def stop() -> None:
        stops.add(loop.create_task(deliverer.stop()))

    signals = (signal.SIGINT, signal.SIGTERM) if sys.platform != "win32" else ()
    for signum in signals:
        loop.add_signal_handler(signum, stop)
    try:
        await deliverer.run(lambda: now, report)
    finally:
        for signum in signals:
            loop.remove_signal_handler(signum)
        await asyncio.gather(*stops)


async def _bounded(step: Coroutine[Any, Any, None], seconds: float) -> None:
    """One shutdown step, abandoned after `seconds` (a blocked database must not hold us)."""
    try:
        await asyncio.wait_for(step, max(seconds, 0.1))
    except TimeoutError:
        name = getattr(step, "__qualname__", "step")
        log.warning("shutdown step timed out", extra={"step": name})
    except Exception as error:
        log.warning("shutdown step failed", extra={"error": type(error).__name__})
