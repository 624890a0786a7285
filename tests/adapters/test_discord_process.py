"""The real `rebound` program with Discord configured (a fake Discord on this machine, reached
through DISCORD_API_URL and DISCORD_GATEWAY_URL): `run` serves Slack and Discord at once,
`tick` delivers through Discord, and a refused token stops `run` in plain words."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from bot.records import FollowUpKind
from bot.values import Actor
from storage import migrate
from storage.db import make_engine
from storage.uow import SqlUnitOfWork
from tests.adapters.conftest import SECRET, eventually, free_port, until_listening
from tests.adapters.fake_discord import CHANNEL_ID, GUILD_ID, TOKEN, FakeDiscord, option
from tests.adapters.fake_slack import FakeSlack
from tests.adapters.slack_requests import signed_headers, slash_command_body
from tests.adapters.test_slack_process import rebound, slack_env
from tests.e2e.conftest import REBOUND

MEMBER = "1300000000000000042"


@pytest.fixture
async def discord_fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
async def slack_fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


def env_for(slack: FakeSlack, discord: FakeDiscord, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = slack_env(slack, tmp_path, **extra)
    env.update(
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_URL=discord.api_url,
        DISCORD_GATEWAY_URL=discord.gateway_url,
    )
    return env


def seed_nudge(env: dict[str, str], company: str, due: datetime) -> int:
    """A Discord member with one thank-you nudge due at `due`, in the migrated database."""
    engine = make_engine(env["DATABASE_URL"])
    migrate.upgrade(engine)
    with SqlUnitOfWork(engine)() as repo:
        actor = Actor("discord", GUILD_ID, MEMBER, "alex", CHANNEL_ID, "job-hunt")
        member = repo.ensure_member(actor, due)
        rejection = repo.add_rejection(member.id, company, "", "", due)
        followup = repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, due, due)
    engine.dispose()
    return followup.id


async def test_one_run_serves_slack_and_discord_at_once(
    slack_fake: FakeSlack, discord_fake: FakeDiscord, tmp_path: Path
) -> None:
    port = free_port()
    env = env_for(slack_fake, discord_fake, tmp_path, PORT=str(port))
    process = await asyncio.create_subprocess_exec(
        str(REBOUND), "run", env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
    )
    try:
        await discord_fake.wait_connected(seconds=30)
        async with aiohttp.ClientSession() as http:
            await until_listening(http, f"http://127.0.0.1:{port}", process)
            body = slash_command_body(
                "/rejected", "Acme Corp", response_url=slack_fake.response_url("run")
            )
            async with http.post(
                f"http://127.0.0.1:{port}/slack/events",
                data=body,
                headers=signed_headers(SECRET, body),
            ) as response:
                assert response.status == 200
        await discord_fake.dispatch_interaction(
            discord_fake.slash_command(
                discord_fake.in_guild(MEMBER), "rejected", [option("company", "Initech")]
            )
        )
        await eventually(lambda: slack_fake.responses_to("run"), seconds=10.0)
        await eventually(lambda: discord_fake.callbacks(), seconds=10.0)
        [answer] = discord_fake.callbacks()
        assert answer["data"]["flags"] == 64
        assert "Initech" in json.dumps(answer["data"])
        assert "Acme Corp" in json.dumps(slack_fake.responses_to("run"))
    finally:
        process.terminate()
        _out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, err.decode()
    assert TOKEN not in err.decode()


async def test_tick_delivers_a_nudge_dm_through_discord(
    slack_fake: FakeSlack, discord_fake: FakeDiscord, tmp_path: Path
) -> None:
    env = env_for(slack_fake, discord_fake, tmp_path)
    due = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    seed_nudge(env, "@everyone Corp", due)

    code, out, err = await rebound("tick", "--at", due.isoformat(), env=env, cwd=tmp_path)

    assert code == 0, err
    assert "delivered 1 message" in out
    [dm] = discord_fake.dms(MEMBER)
    assert dm["allowed_mentions"] == {"parse": []}
    assert dm["components"], "the nudge has its buttons"
    assert discord_fake.identifies == []  # a tick only sends: no gateway session
    code, out, _err = await rebound("tick", "--at", due.isoformat(), env=env, cwd=tmp_path)
    assert "delivered 0 messages" in out
    assert len(discord_fake.dms(MEMBER)) == 1


async def test_run_with_a_refused_token_says_so_and_exits(
    slack_fake: FakeSlack, discord_fake: FakeDiscord, tmp_path: Path
) -> None:
    env = env_for(slack_fake, discord_fake, tmp_path, PORT=str(free_port()))
    env["DISCORD_TOKEN"] = "bm90LXRoZQ.Ym90.dG9rZW4"

    code, _out, err = await rebound("run", env=env, cwd=tmp_path)

    assert code == 1
    assert "Discord refused DISCORD_TOKEN" in err
    assert "bm90LXRoZQ.Ym90.dG9rZW4" not in err
    assert "Traceback" not in err


async def test_a_nudge_button_works_in_a_new_rebound_run_process(
    slack_fake: FakeSlack, discord_fake: FakeDiscord, tmp_path: Path
) -> None:
    """The nudge goes out from one process (`tick`); its button is pressed while a later,
    separate `rebound run` serves Discord: the custom id alone carries what it needs."""
    env = env_for(slack_fake, discord_fake, tmp_path, PORT=str(free_port()))
    due = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    followup_id = seed_nudge(env, "Acme Corp", due)
    engine = make_engine(env["DATABASE_URL"])
    code, _out, err = await rebound("tick", "--at", due.isoformat(), env=env, cwd=tmp_path)
    assert code == 0, err
    [nudge] = discord_fake.dms(MEMBER)
    done = next(
        button["custom_id"]
        for row in nudge["components"]
        for button in row["components"]
        if button["custom_id"].startswith("followup.done:")
    )
    process = await asyncio.create_subprocess_exec(
        str(REBOUND), "run", env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
    )
    try:
        await discord_fake.wait_connected(seconds=30)
        press = discord_fake.component(discord_fake.in_dm(MEMBER), nudge, done)
        await discord_fake.dispatch_interaction(press)
        await eventually(lambda: discord_fake.callbacks(), seconds=10.0)

        def state() -> str:
            with SqlUnitOfWork(engine)() as repo:
                found = repo.get_followup(followup_id)
            return "" if found is None else found.state.value

        await eventually(lambda: state() == "done", seconds=10.0)
    finally:
        process.terminate()
        _stdout, err_bytes = await asyncio.wait_for(process.communicate(), timeout=30)
        engine.dispose()
    assert process.returncode == 0, err_bytes.decode()
