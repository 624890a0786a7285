"""PostgreSQL going silent (a network partition) while Slack traffic arrives: commands answer
"nothing was recorded" within seconds instead of hanging, `/readyz` says 503 with the reason
(while `/healthz`, which asks no database, still says the process is alive),
what was abandoned is not committed later, and SIGTERM still ends `rebound run` within 15 s."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url

from adapters.slack.config import SlackConfig
from adapters.slack.runtime import SlackRuntime
from bot.clock import SimulatedClock
from bot.core import Core
from bot.health import Health
from bot.runtime.metrics import Metrics
from bot.runtime.probes import LoopWatch, Probes
from storage import models
from storage.db import make_engine, ping
from storage.uow import SqlUnitOfWork
from tests.adapters.conftest import NOON, SECRET, eventually, free_port, until_listening
from tests.adapters.fake_slack import FakeSlack
from tests.adapters.slack_requests import signed_headers, slash_command_body
from tests.adapters.test_slack_process import slack_env
from tests.e2e.conftest import REBOUND
from tests.faults.proxy import Partition
from tests.storage.support import POSTGRES_ONLY

pytestmark = POSTGRES_ONLY


@pytest.fixture
def partition(database_url: str) -> Iterator[Partition]:
    url = make_url(database_url)
    with Partition(url.host or "127.0.0.1", url.port or 5432) as proxy:
        yield proxy


def through(database_url: str, proxy: Partition, schema: str | None = None) -> str:
    url = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    if schema is not None:
        url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


async def ask(http: aiohttp.ClientSession, base: str, fake: FakeSlack, text: str) -> str:
    """Post a signed /rejected; return the answer's text once it arrives (within 10 s)."""
    token = f"t{time.monotonic_ns()}"
    body = slash_command_body("/rejected", text, response_url=fake.response_url(token))
    async with http.post(
        f"{base}/slack/events", data=body, headers=signed_headers(SECRET, body)
    ) as response:
        assert response.status == 200
    await eventually(lambda: fake.responses_to(token), seconds=10)
    return json.dumps(fake.responses_to(token)[0])


async def health(
    http: aiohttp.ClientSession, base: str, path: str = "/readyz"
) -> tuple[int, dict[str, object]]:
    async with http.get(f"{base}{path}") as response:
        return response.status, await response.json()


def rejections(engine: Engine) -> list[str]:
    with engine.connect() as db:
        return list(db.scalars(select(models.RejectionRow.company)))


async def test_a_partition_is_answered_within_seconds_and_readyz_reports_it(
    engine: Engine, database_url: str, schema: str | None, partition: Partition
) -> None:
    proxied = make_engine(through(database_url, partition), schema=schema)
    fake = FakeSlack()
    await fake.start()
    port = free_port()
    config = SlackConfig(
        signing_secret=SECRET, bot_token="xoxb-T1", api_url=fake.api_url, port=port
    )
    core = Core(SqlUnitOfWork(proxied), "Europe/Berlin")
    probes = Probes(Health(lambda: ping(proxied), interval_seconds=5), Metrics(), LoopWatch())
    runtime = SlackRuntime(config, core, SimulatedClock(NOON, frozen=True), routes=probes.routes())
    await runtime.start(host="127.0.0.1")
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            assert "Logged" in await ask(http, base, fake, "Acme")
            assert (await health(http, base))[0] == 200

            partition.cut()
            started = time.monotonic()
            answer = await ask(http, base, fake, "Globex")
            assert "nothing was recorded" in answer
            assert time.monotonic() - started < 8
            started = time.monotonic()
            status, body = await health(http, base)
            assert status == 503 and "database" in str(body["reason"])
            assert time.monotonic() - started < 4
            assert (await health(http, base, "/healthz"))[0] == 200, "alive all the same"

            partition.heal()  # the abandoned transaction reaches the server now: no commit
            await asyncio.sleep(2)
            assert rejections(engine) == ["Acme"]
            assert "Logged" in await ask(http, base, fake, "Globex")
            assert sorted(rejections(engine)) == ["Acme", "Globex"]
    finally:
        partition.heal()
        await runtime.stop()
        await fake.stop()
        proxied.dispose()


async def test_rebound_run_stays_answerable_and_stops_on_sigterm_during_a_partition(
    engine: Engine, database_url: str, schema: str | None, partition: Partition, tmp_path: Path
) -> None:
    fake = FakeSlack()
    await fake.start()
    port = free_port()
    env = slack_env(fake, tmp_path, PORT=str(port), DUE_INTERVAL_SECONDS="5", LOG_LEVEL="DEBUG")
    env["DATABASE_URL"] = through(database_url, partition, schema)
    process = await asyncio.create_subprocess_exec(
        str(REBOUND), "run", env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            await until_listening(http, base, process)
            assert "Logged" in await ask(http, base, fake, "Acme")

            partition.cut()
            started = time.monotonic()
            assert "nothing was recorded" in await ask(http, base, fake, "Globex")
            assert time.monotonic() - started < 8
            assert (await health(http, base))[0] == 503

        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), timeout=20)
        assert time.monotonic() - started < 15
        assert process.returncode == 0, err.decode()
        assert "xoxb-" not in err.decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        partition.heal()
        await fake.stop()
