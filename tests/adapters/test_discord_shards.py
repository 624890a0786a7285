"""Sharding, from the settings to the gateway, through the real discord.py against the fake
Discord: with DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS a replica identifies each of its shards
(and only those) with the right [id, count], guilds intent only; a guild on one of its shards
is answered, a guild on another replica's shard never reaches it; without them, one session;
a shard setting that cannot work stops `rebound run` before it connects."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import discord
import discord.gateway
import pytest

from adapters.discord.runtime import DiscordRuntime
from bot.clock import SimulatedClock
from bot.core import Core
from bot.runtime import discord as discord_entry
from bot.runtime.platforms import Parts
from bot.runtime.settings import Settings
from tests.adapters.fake_discord import GUILD_ID, TOKEN, FakeDiscord, subcommand
from tests.adapters.fake_discord.objects import shard_of
from tests.adapters.test_discord_install import discord_env
from tests.adapters.test_discord_runtime import eventually
from tests.adapters.test_slack_process import rebound
from tests.fakes.memory import MemoryUnitOfWork

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
MEMBER = "1300000000000000042"
GUILDS_INTENT = 1 << 0


def guild_on(fake: FakeDiscord, shard: int, count: int) -> str:
    """Add a guild that Discord routes to `shard` of `count`, with one channel."""
    guild_id = int(GUILD_ID)
    while shard_of(str(guild_id), count) != shard:
        guild_id += 1 << 22
    fake.add_guild(str(guild_id), name=f"Shard {shard}", channels={str(guild_id + 1): "general"})
    return str(guild_id)


def runtime(fake: FakeDiscord, **shards: str) -> DiscordRuntime:
    """The Discord platform as `rebound run` builds it from these settings."""
    settings = Settings.model_validate(
        {
            "discord_token": TOKEN,
            "discord_api_url": fake.api_url,
            "discord_gateway_url": fake.gateway_url,
            **shards,
        }
    )
    # The database plays no part in sharding: the in-memory one, on one backend only.
    parts = Parts(
        Core(MemoryUnitOfWork(), "Europe/Berlin"), SimulatedClock(NOW, frozen=True), "unused"
    )
    return discord_entry.build(settings, parts)


async def ask_help(fake: FakeDiscord, guild_id: str) -> None:
    where = fake.in_guild(MEMBER, guild_id=guild_id)
    await fake.dispatch_interaction(fake.slash_command(where, "rebound", [subcommand("help")]))


async def test_a_replica_identifies_its_shards_only_and_serves_their_guilds(
    fake: FakeDiscord,
) -> None:
    mine = guild_on(fake, 2, 3)
    others = guild_on(fake, 1, 3)
    running = runtime(fake, discord_shard_count="3", discord_shard_ids="2,0")
    assert isinstance(running.client, discord.AutoShardedClient)
    await running.start()  # discord.py spaces its shards' IDENTIFYs 5 s apart
    try:
        assert sorted(identify["shard"] for identify in fake.identifies) == [[0, 3], [2, 3]]
        assert {identify["intents"] for identify in fake.identifies} == {GUILDS_INTENT}
        assert fake.calls_to("get_bot_gateway") == []  # the count is ours, not Discord's

        await ask_help(fake, mine)
        await eventually(lambda: fake.callbacks())
        [answer] = fake.callbacks()
        assert answer["data"]["flags"] == 64
        with pytest.raises(AssertionError, match="no connected gateway session"):
            await ask_help(fake, others)  # shard 1 is another replica's
    finally:
        await running.stop()


async def test_without_shard_settings_one_plain_session(fake: FakeDiscord) -> None:
    running = runtime(fake)
    assert not isinstance(running.client, discord.AutoShardedClient)
    await running.start()
    try:
        [identify] = fake.identifies
        assert identify.get("shard", [0, 1]) == [0, 1]
        assert identify["intents"] == GUILDS_INTENT
    finally:
        await running.stop()


async def test_a_count_alone_runs_every_shard(fake: FakeDiscord) -> None:
    running = runtime(fake, discord_shard_count="2")
    await running.start()
    try:
        assert sorted(identify["shard"] for identify in fake.identifies) == [[0, 2], [1, 2]]
    finally:
        await running.stop()


async def test_run_refuses_a_shard_outside_the_count_before_connecting(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    env = discord_env(fake, tmp_path, DISCORD_SHARD_COUNT="2", DISCORD_SHARD_IDS="1,2")
    env["DISCORD_GATEWAY_URL"] = fake.gateway_url

    code, _out, err = await rebound("run", env=env, cwd=tmp_path)

    assert code == 2
    assert "DISCORD_SHARD_IDS=1,2: '2' is not a shard of DISCORD_SHARD_COUNT=2" in err
    assert "Traceback" not in err
    assert fake.identifies == [] and fake.calls == []
