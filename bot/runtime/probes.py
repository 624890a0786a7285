"""The operator's endpoints, served by `rebound run` on PORT in every mode.

- `GET /healthz`: liveness. Answered by the event loop itself with no database work, so a
  process whose loop is blocked or gone shows as a timeout or a refused connection; the body
  says how late the loop last woke a timer.
- `GET /readyz`: readiness (`bot.health.Health`): the database answers, every platform is
  connected, and a due-work pass finished recently; 503 with the reason otherwise.
- `GET /metrics`: Prometheus' text format (`bot.runtime.metrics`).

In Slack's HTTP mode they are routes on Slack's own server (one port, one listener); otherwise
`ProbeServer` listens on PORT for them alone. The local console serves none: it is one person at
a terminal, and two consoles on one machine would fight over the port.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from aiohttp import web

from bot.health import Health
from bot.platform import StartFailure
from bot.runtime.metrics import CONTENT_TYPE, Metrics

log = logging.getLogger(__name__)

WATCH_SECONDS = 1.0  # how often the loop watch wakes
SHUTDOWN_SECONDS = 3.0  # how long stopping waits for a probe in flight


class LoopWatch:
    """Wakes every `WATCH_SECONDS` and notes how late it woke: how long something held the loop."""

    def __init__(self, metrics: Metrics | None = None) -> None:
        self._metrics = metrics
        self.lag_seconds = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            planned = time.monotonic() + WATCH_SECONDS
            await asyncio.sleep(WATCH_SECONDS)
            self.lag_seconds = max(time.monotonic() - planned, 0.0)
            if self._metrics is not None:
                self._metrics.loop_lag.set(self.lag_seconds)


class Probes:
    """The three endpoints' handlers, for whichever server serves them."""

    def __init__(self, health: Health, metrics: Metrics, watch: LoopWatch) -> None:
        self._health = health
        self._metrics = metrics
        self._watch = watch

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/healthz", self.healthz),
            web.get("/readyz", self.readyz),
            web.get("/metrics", self.metrics),
        ]

    async def healthz(self, _request: web.Request) -> web.Response:
        """200 whenever the loop gets to answer: being answered is the proof."""
        return web.json_response(
            {"ok": True, "loop_lag_seconds": round(self._watch.lag_seconds, 3)}
        )

    async def readyz(self, _request: web.Request) -> web.Response:
        """200 while the database answers, every platform is connected and due work runs; 503
        with the reason otherwise."""
        status = await self._health.check()
        body: dict[str, object] = {"ok": status.ok}
        if status.reason:
            body["reason"] = status.reason
        if status.last_pass_seconds_ago is not None:
            body["last_pass_seconds_ago"] = round(status.last_pass_seconds_ago, 1)
        return web.json_response(body, status=200 if status.ok else 503)

    async def metrics(self, _request: web.Request) -> web.Response:
        return web.Response(body=self._metrics.text(), headers={"Content-Type": CONTENT_TYPE})


class ProbeServer:
    """The probes alone on `port`, for modes where no platform listens there."""

    def __init__(self, probes: Probes, port: int, host: str = "0.0.0.0") -> None:
        app = web.Application()
        app.router.add_routes(probes.routes())
        self._runner = web.AppRunner(app, shutdown_timeout=SHUTDOWN_SECONDS, access_log=None)
        self._port = port
        self._host = host

    async def start(self) -> None:
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self._host, self._port).start()
        except OSError as error:
            await self._runner.cleanup()
            raise StartFailure(
                f"cannot listen on port {self._port} ({error.strerror or error}); "
                "set PORT to a free port"
            ) from None
        log.info("probes listening", extra={"port": self._port})

    async def stop(self) -> None:
        await self._runner.cleanup()
