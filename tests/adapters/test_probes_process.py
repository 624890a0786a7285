"""`rebound run` serves /healthz, /readyz and /metrics on PORT in every mode: Slack's HTTP mode
(on Slack's own server), Slack's Socket Mode and Discord alone (on a server of their own).
Metrics count commands and due-work passes as they happen; LOG_FORMAT=json writes JSON lines."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl

import aiohttp

from bot.records import FollowUpKind
from bot.values import Actor
from storage import migrate
from storage.db import make_engine
from storage.uow import SqlUnitOfWork
from tests.adapters.conftest import SECRET, eventually, free_port, until_listening
from tests.adapters.fake_discord import TOKEN, FakeDiscord, option
from tests.adapters.fake_slack import FakeSlack
from tests.adapters.probes import label_values, metric, probe, scrape
from tests.adapters.slack_requests import signed_headers, slash_command_body
from tests.adapters.test_discord_process import MEMBER
from tests.adapters.test_slack_process import rebound, slack_env
from tests.adapters.test_slack_socket_mode import SocketSlack
from tests.e2e.conftest import REBOUND

PRIVATE = ("Quokkabyte", "Initrode")


def seed_slack_nudge(env: dict[str, str], due: datetime) -> None:
    """A Slack member (no quiet hours) with a thank-you nudge for PRIVATE[0] due at `due`."""
    engine = make_engine(env["DATABASE_URL"])
    migrate.upgrade(engine)
    with SqlUnitOfWork(engine)() as repo:
        member = repo.ensure_member(Actor("slack", "T1", "U1", "alex", "C1", "job-hunt"), due)
        repo.save_member(
            replace(
                member,
                quiet_hours="",
                skip_weekends=False,
                quiet_hours_chosen=True,
                weekends_chosen=True,
            )
        )
        rejection = repo.add_rejection(member.id, PRIVATE[0], "", "", due)
        repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, due, due)
    engine.dispose()


async def running(
    env: dict[str, str], cwd: Path, body: Callable[[asyncio.subprocess.Process], Awaitable[None]]
) -> str:
    """Run `rebound run` with `env` through `body`, stop it with SIGTERM; its stderr."""
    process = await asyncio.create_subprocess_exec(
        str(REBOUND), "run", env=env, cwd=cwd, stderr=asyncio.subprocess.PIPE
    )
    try:
        await body(process)
    finally:
        if process.returncode is None:
            process.terminate()
        _out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, err.decode()
    return err.decode()


async def test_http_mode_counts_a_command_and_a_delivery_and_logs_json_lines(
    tmp_path: Path,
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with FakeSlack() as fake:
        env = slack_env(fake, tmp_path, PORT=str(port), LOG_FORMAT="json", LOG_LEVEL="DEBUG")
        due = datetime.now(UTC) - timedelta(minutes=2)
        seed_slack_nudge(env, due)

        async def body(process: asyncio.subprocess.Process) -> None:
            async with aiohttp.ClientSession() as http:
                await until_listening(http, base, process)
                status, alive = await probe(http, f"{base}/healthz")
                assert status == 200 and alive["ok"] is True
                await eventually(lambda: fake.messages("DU1"), seconds=15)
                sent = slash_command_body(
                    "/rejected", PRIVATE[1], response_url=fake.response_url("r")
                )
                async with http.post(
                    f"{base}/slack/events", data=sent, headers=signed_headers(SECRET, sent)
                ) as response:
                    assert response.status == 200
                await eventually(lambda: fake.responses_to("r"), seconds=10)

                async def counted() -> str:
                    for _ in range(100):
                        text = await scrape(http, base)
                        if metric(text, "rebound_items_total", kind="nudge", outcome="delivered"):
                            return text
                        await asyncio.sleep(0.1)
                    raise AssertionError("the delivery was never counted")

                text = await counted()
            labels = {"command": "rejected", "platform": "slack", "outcome": "answered"}
            assert metric(text, "rebound_commands_total", **labels) == 1
            assert metric(text, "rebound_items_total", kind="nudge", outcome="delivered") == 1
            assert metric(text, "rebound_send_seconds_count", platform="slack", outcome="ok") == 1
            assert metric(text, "rebound_claim_batch_size_count") >= 1
            assert metric(text, "rebound_claim_batch_size_sum") >= 1
            assert metric(text, "rebound_due_lag_seconds") >= 100, "claimed 2 minutes late"
            assert metric(text, "rebound_due_passes_total", outcome="ok") >= 1
            assert not any(p in v for v in label_values(text) for p in (*PRIVATE, "U1"))

        err = await running(env, tmp_path, body)
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "DEBUG logging wrote nothing"
    for line in lines:
        record = json.loads(line)
        assert {"time", "level", "logger", "message"} <= record.keys(), line
        assert record["time"].endswith("Z")
    assert any(json.loads(line)["message"] == "command handled" for line in lines)
    for secret in (*PRIVATE, "xoxb-T1", SECRET):
        assert secret not in err, secret


async def test_socket_mode_serves_the_probes_on_port_and_readyz_sees_the_socket_drop(
    tmp_path: Path,
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    fake = SocketSlack()
    await fake.start()
    env = slack_env(fake, tmp_path, PORT=str(port), SLACK_APP_TOKEN="xapp-1")
    del env["SLACK_SIGNING_SECRET"]

    async def body(process: asyncio.subprocess.Process) -> None:
        async with aiohttp.ClientSession() as http:
            await until_listening(http, base, process)
            assert (await probe(http, f"{base}/healthz"))[0] == 200
            form = slash_command_body("/rejected", PRIVATE[1], response_url=fake.response_url("ws"))
            await fake.push(
                {
                    "envelope_id": "env-1",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": dict(parse_qsl(form.decode())),
                }
            )
            await eventually(lambda: fake.responses_to("ws"), seconds=10)
            text = await scrape(http, base)
            labels = {"command": "rejected", "platform": "slack", "outcome": "answered"}
            assert metric(text, "rebound_commands_total", **labels) == 1

            await fake.stop()  # Slack's socket goes away, and stays away
            await _eventually_async(lambda: _not_ready(http, base, "Slack is not connected"))

    try:
        await running(env, tmp_path, body)
    finally:
        await fake.stop()


async def test_discord_alone_serves_the_probes_on_port_and_readyz_sees_the_gateway_drop(
    tmp_path: Path,
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    discord = FakeDiscord()
    await discord.start()
    async with FakeSlack() as slack:  # only for slack_env's base; no Slack setting is kept
        env = slack_env(slack, tmp_path, PORT=str(port))
    env = {k: v for k, v in env.items() if not k.startswith("SLACK_")}
    env.update(
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_URL=discord.api_url,
        DISCORD_GATEWAY_URL=discord.gateway_url,
    )

    async def body(process: asyncio.subprocess.Process) -> None:
        async with aiohttp.ClientSession() as http:
            await until_listening(http, base, process)
            await discord.dispatch_interaction(
                discord.slash_command(
                    discord.in_guild(MEMBER), "rejected", [option("company", PRIVATE[1])]
                )
            )
            await eventually(lambda: discord.callbacks(), seconds=10)
            text = await scrape(http, base)
            labels = {"command": "rejected", "platform": "discord", "outcome": "answered"}
            assert metric(text, "rebound_commands_total", **labels) == 1
            assert PRIVATE[1] not in text

            await discord.stop()  # the gateway goes away, and stays away
            await _eventually_async(lambda: _not_ready(http, base, "Discord is not connected"))

    try:
        await running(env, tmp_path, body)
    finally:
        await discord.stop()


async def test_a_taken_port_stops_a_discord_run_in_plain_words(tmp_path: Path) -> None:
    async with FakeDiscord() as discord, FakeSlack() as slack:
        with socket.socket() as taken:
            taken.bind(("0.0.0.0", 0))
            taken.listen()
            port = taken.getsockname()[1]
            env = {
                k: v
                for k, v in slack_env(slack, tmp_path, PORT=str(port)).items()
                if not k.startswith("SLACK_")
            }
            env.update(DISCORD_TOKEN=TOKEN, DISCORD_API_URL=discord.api_url)
            env["DISCORD_GATEWAY_URL"] = discord.gateway_url
            code, _out, err = await rebound("run", env=env, cwd=tmp_path)
    assert code == 1
    said = err.strip().splitlines()[-1]
    assert said.startswith("rebound: The /healthz, /readyz and /metrics server could not start")
    assert f"cannot listen on port {port}" in said and "set PORT to a free port" in said
    assert discord.identifies == [], "nothing connected"


async def _not_ready(http: aiohttp.ClientSession, base: str, reason: str) -> bool:
    status, body = await probe(http, f"{base}/readyz")
    return status == 503 and body.get("reason") == reason


async def _eventually_async(check: Callable[[], Awaitable[bool]], seconds: float = 20) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not await check():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.2)
