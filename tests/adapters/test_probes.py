"""/healthz, /readyz and /metrics on Slack's own server in HTTP mode (the harness serves them as
`rebound run` does), and /readyz's 503s: the database down, no recent due-work pass."""

from __future__ import annotations

from functools import partial

import aiohttp
import pytest

from bot.core import Core
from bot.health import Health
from bot.ports import UnitOfWork
from bot.runtime.metrics import Metrics
from bot.runtime.probes import LoopWatch, Probes, ProbeServer
from storage.db import make_engine, ping
from tests.adapters.conftest import SECRET, SlackHarness, eventually, free_port, serving
from tests.adapters.probes import label_values, metric, probe, scrape
from tests.adapters.slack_requests import signed_headers, slash_command_body

pytestmark = pytest.mark.asyncio


async def test_healthz_and_readyz_answer_on_slacks_port(slack: SlackHarness) -> None:
    status, body = await probe(slack.http, f"{slack.url}/healthz")
    assert status == 200 and body["ok"] is True
    assert isinstance(body["loop_lag_seconds"], float)
    status, body = await probe(slack.http, f"{slack.url}/readyz")
    assert (status, body["ok"]) == (200, True), body


async def test_readyz_says_503_when_no_due_work_pass_finished_lately() -> None:
    now = [0.0]
    health = Health(lambda: None, interval_seconds=5, clock=lambda: now[0])
    server, base = await _probes_alone(health)
    try:
        async with aiohttp.ClientSession() as http:
            assert (await probe(http, f"{base}/readyz"))[0] == 200
            now[0] = 46.0  # three missed 5 s beats and the 30 s margin
            status, body = await probe(http, f"{base}/readyz")
            assert status == 503
            assert body["reason"] == "no due-work pass has finished or moved on since start"
            health.pass_finished()
            assert (await probe(http, f"{base}/readyz"))[0] == 200
            now[0] = 100.0
            status, body = await probe(http, f"{base}/readyz")
            assert status == 503
            assert body["reason"] == "no due-work pass has finished or moved on for 54 s"
            assert body["last_pass_seconds_ago"] == 54.0
            assert (await probe(http, f"{base}/healthz"))[0] == 200, "alive all the same"
    finally:
        await server.stop()


async def test_readyz_says_503_when_the_database_does_not_answer() -> None:
    closed = free_port()  # nothing listens there: the driver's connection is refused
    engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{closed}/rebound")
    server, base = await _probes_alone(Health(lambda: ping(engine), interval_seconds=30))
    try:
        async with aiohttp.ClientSession() as http:
            status, body = await probe(http, f"{base}/readyz")
            assert status == 503
            assert "database" in str(body["reason"])
            assert (await probe(http, f"{base}/healthz"))[0] == 200
    finally:
        await server.stop()
        engine.dispose()


async def test_readyz_says_503_while_a_platform_is_not_connected() -> None:
    connected = [False]

    async def discord() -> bool:
        return connected[0]

    health = Health(lambda: None, interval_seconds=30)
    health.watch("Discord", discord)
    server, base = await _probes_alone(health)
    try:
        async with aiohttp.ClientSession() as http:
            status, body = await probe(http, f"{base}/readyz")
            assert (status, body["reason"]) == (503, "Discord is not connected")
            connected[0] = True
            assert (await probe(http, f"{base}/readyz"))[0] == 200
    finally:
        await server.stop()


async def test_metrics_count_commands_by_name_and_platform_with_no_member_words(
    uow: UnitOfWork,
) -> None:
    metrics = Metrics()
    async with serving(Core(uow, "Europe/Berlin", observer=metrics), uow, metrics) as slack:
        sent = (
            ("/rejected", "Quokkabyte role: Analyst"),
            ("/rebound", "rejected Initrode"),
            ("/rebound", "no-such-thing Initrode"),
        )
        for index, (command, text) in enumerate(sent):
            token = f"t{index}"
            body = slash_command_body(command, text, response_url=slack.fake.response_url(token))
            async with slack.http.post(
                f"{slack.url}/slack/events", data=body, headers=signed_headers(SECRET, body)
            ) as response:
                assert response.status == 200
            await eventually(partial(slack.fake.responses_to, token), seconds=10)
        text = await scrape(slack.http, slack.url)
    answered = {"platform": "slack", "outcome": "answered"}
    assert metric(text, "rebound_commands_total", command="rejected", **answered) == 2
    assert metric(text, "rebound_commands_total", command="rebound", **answered) == 1
    values = label_values(text)
    assert not any("Quokkabyte" in v or "Initrode" in v or "U1" in v for v in values), values


async def _probes_alone(health: Health) -> tuple[ProbeServer, str]:
    port = free_port()
    server = ProbeServer(Probes(health, Metrics(), LoopWatch()), port, host="127.0.0.1")
    await server.start()
    return server, f"http://127.0.0.1:{port}"
