"""`GET /metrics`: what an operator graphs and alerts on, in Prometheus' text format.

Each process keeps its own `CollectorRegistry` (not prometheus_client's global one), so two
runners in one test never count into each other. Label values come from fixed sets only: a
command's registry name or a button's action id, a platform id, an item kind
(`bot.delivery.report.KINDS`) and an outcome; never a company, a note or a user id.

What is counted where: commands in `bot.answering` (through the core's `bot.observe.Observer`
port, which `Metrics` implements), items, claim batches and lag from each due-work pass's
`PassReport` (fed by the heartbeat), and send latency by `TimedMessenger` around each
platform's messenger.
"""

from __future__ import annotations

import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from bot.delivery.report import PassReport
from bot.ports import Delivery, Messenger
from bot.values import Outbound

CONTENT_TYPE = CONTENT_TYPE_LATEST
# Paced sends wait their turn under the platform's limits, so the top buckets reach minutes.
SEND_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
BATCH_BUCKETS = (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000)


class Metrics:
    """Every metric `rebound run` exposes, on a registry of its own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.commands = Counter(
            "rebound_commands",
            "Commands and button presses answered, by command, platform and outcome "
            "(answered; not_saved: failed or too slow, rolled back; unknown: commit unclear).",
            ["command", "platform", "outcome"],
            registry=r,
        )
        self.items = Counter(
            "rebound_items",
            "Due items settled by the due-work passes, by kind and outcome "
            "(delivered, failed: given up on, missed: too late to send).",
            ["kind", "outcome"],
            registry=r,
        )
        self.passes = Counter(
            "rebound_due_passes",
            "Due-work passes, by outcome (ok, failed: retried at the next beat).",
            ["outcome"],
            registry=r,
        )
        self.lag = Gauge(
            "rebound_due_lag_seconds",
            "In the last due-work pass: how late the most overdue item claimed was, versus its "
            "due time (0 when nothing was late).",
            registry=r,
        )
        self.batches = Histogram(
            "rebound_claim_batch_size",
            "Rows taken by each non-empty claim of a due-work pass.",
            buckets=BATCH_BUCKETS,
            registry=r,
        )
        self.send_seconds = Histogram(
            "rebound_send_seconds",
            "Time to send one scheduled message, pacing waits included, by platform and "
            "outcome (ok, failed).",
            ["platform", "outcome"],
            buckets=SEND_BUCKETS,
            registry=r,
        )
        self.loop_lag = Gauge(
            "rebound_event_loop_lag_seconds",
            "How late the event loop last woke a timer: long waits mean something blocks it.",
            registry=r,
        )

    def command_handled(self, platform: str, command: str, outcome: str) -> None:
        """`bot.observe.Observer`: one command answered."""
        self.commands.labels(command=command, platform=platform, outcome=outcome).inc()

    def pass_done(self, report: PassReport, ok: bool) -> None:
        """Count what one pass did (also a failed one: what it settled before failing was
        settled), and set the lag from it."""
        self.passes.labels(outcome="ok" if ok else "failed").inc()
        for outcome, counts in (
            ("delivered", report.sent),
            ("failed", report.failed_by_kind),
            ("missed", report.missed),
        ):
            for kind, count in counts.items():
                if count:
                    self.items.labels(kind=kind, outcome=outcome).inc(count)
        for size, claims in report.batch_sizes.items():
            for _ in range(claims):
                self.batches.observe(size)
        if ok:
            self.lag.set(report.lag_seconds)

    def sent(self, platform: str, seconds: float, ok: bool) -> None:
        outcome = "ok" if ok else "failed"
        self.send_seconds.labels(platform=platform, outcome=outcome).observe(seconds)

    def text(self) -> bytes:
        return generate_latest(self.registry)


class TimedMessenger:
    """A platform's messenger whose every send is timed into `Metrics` (raising counts as
    failed); looking up and retracting pass straight through."""

    def __init__(self, inner: Messenger, platform: str, metrics: Metrics) -> None:
        self._inner = inner
        self._platform = platform
        self._metrics = metrics

    async def send(self, message: Outbound) -> Delivery:
        started = time.perf_counter()
        ok = False
        try:
            delivery = await self._inner.send(message)
            ok = delivery.ok
            return delivery
        finally:
            self._metrics.sent(self._platform, time.perf_counter() - started, ok)

    async def find(self, message: Outbound) -> Delivery | None:
        return await self._inner.find(message)

    async def retract(self, message: Outbound, message_ref: str) -> None:
        await self._inner.retract(message, message_ref)
