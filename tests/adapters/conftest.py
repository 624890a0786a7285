"""A running Rebound Slack app (HTTP mode, real AsyncApp, with the operator's /healthz, /readyz
and /metrics beside it, as `rebound run` serves them) against a fake Slack Web API."""

from __future__ import annotations

import asyncio
import io
import logging
import socket
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from adapters.slack.config import SlackConfig
from adapters.slack.runtime import SlackRuntime
from bot.clock import SimulatedClock
from bot.core import Core
from bot.delivery.due import DueWork
from bot.health import Health
from bot.ports import UnitOfWork
from bot.runtime import logs
from bot.runtime.metrics import Metrics
from bot.runtime.probes import LoopWatch, Probes
from tests.adapters.fake_discord import FakeDiscord, mentions, point_discord_at
from tests.adapters.fake_slack import FakeSlack
from tests.adapters.slack_requests import FORM, signed_headers

SECRET = "test-signing-secret"
NOON = datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def eventually(condition: Callable[[], object], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for Slack traffic"
        await asyncio.sleep(0.01)


@dataclass
class SlackHarness:
    fake: FakeSlack
    runtime: SlackRuntime
    work: DueWork
    clock: SimulatedClock
    url: str
    http: aiohttp.ClientSession
    health: Health

    async def post(
        self, body: bytes, content_type: str = FORM, headers: dict[str, str] | None = None
    ) -> aiohttp.ClientResponse:
        sent = headers if headers is not None else signed_headers(SECRET, body, content_type)
        async with self.http.post(f"{self.url}/slack/events", data=body, headers=sent) as response:
            await response.read()
            return response


async def until_listening(
    http: aiohttp.ClientSession, base: str, process: asyncio.subprocess.Process, seconds: float = 30
) -> None:
    """Poll `base`/readyz until a `rebound run` subprocess answers 200 (its database answers
    and every platform is connected); fail at once if it exits, or after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            async with http.get(f"{base}/readyz") as health:
                if health.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        assert process.returncode is None, "rebound run exited"
        assert time.monotonic() < deadline, "rebound run did not start listening"
        await asyncio.sleep(0.1)


@asynccontextmanager
async def serving(
    core: Core, uow: UnitOfWork, metrics: Metrics | None = None
) -> AsyncIterator[SlackHarness]:
    """The Slack app over `core`, listening on a free port, against a fresh fake Slack; its
    probes read `metrics` (the core's observer, when it counts)."""
    fake = FakeSlack()
    await fake.start()
    port = free_port()
    config = SlackConfig(
        signing_secret=SECRET, bot_token="xoxb-T1", api_url=fake.api_url, port=port
    )
    clock = SimulatedClock(NOON, frozen=True)
    health = Health(partial(ping, uow), interval_seconds=30)
    probes = Probes(health, metrics or Metrics(), LoopWatch())
    runtime = SlackRuntime(config, core, clock, routes=probes.routes())
    health.watch("Slack", runtime.connected)
    await runtime.start(host="127.0.0.1")
    session = aiohttp.ClientSession()
    try:
        yield SlackHarness(
            fake,
            runtime,
            DueWork(uow, "Europe/Berlin"),
            clock,
            f"http://127.0.0.1:{port}",
            session,
            health,
        )
    finally:
        await session.close()
        await runtime.stop()
        await fake.stop()


def ping(uow: UnitOfWork) -> None:
    """The database answers (a read in a transaction of its own)."""
    with uow() as repo:
        repo.groups()


@pytest.fixture
async def slack(uow: UnitOfWork) -> AsyncIterator[SlackHarness]:
    async with serving(Core(uow, "Europe/Berlin"), uow) as harness:
        yield harness


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[io.StringIO]:
    """Logging as `rebound run` sets it up at LOG_LEVEL=DEBUG, into a buffer; pytest's capture
    stays attached with the root logger at DEBUG too, so it sees every record that is made."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    levels = {name: logging.getLogger(name).level for name in logs.OWN_LOGGERS + logs.LIBRARIES}
    out = io.StringIO()
    logs.configure("DEBUG", [SECRET, "xoxb-T1"], stream=out)
    caplog.handler.setLevel(logging.DEBUG)
    root.setLevel(logging.DEBUG)
    try:
        yield out
    finally:
        root.handlers[:], root.level = saved
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


@pytest.fixture(autouse=True)
def no_discord_pings() -> Iterator[None]:
    """Whatever a test does, nothing sent to a fake Discord could ping anyone (see
    `tests/adapters/fake_discord/mentions.py`)."""
    mentions.FAKES.clear()
    yield
    found = [v for fake in mentions.FAKES if fake.mentions_checked for v in fake.mention_violations]
    mentions.FAKES.clear()
    assert found == [], "sent to Discord without allowed_mentions that ping no one"


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord, with discord.py's process-wide base URLs pointed at it and restored
    after (a runtime points them too; a Slack test defines its own `fake`)."""
    async with FakeDiscord() as server:
        with point_discord_at(server):
            yield server
