"""Adding Rebound to Discord, through the real discord.py against the fake Discord REST API:
`rebound discord sync` registers the registry's commands globally or in one server, and
`rebound discord invite` prints a URL with both scopes and only the permissions the bot needs;
a refused token, a server the bot may not register in and an unreachable Discord are said in
plain words, never with the token."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import discord
import discord.gateway
import pytest

from adapters.discord.install import InstallFailed, invite, sync
from bot.commands.registry import REGISTRY
from tests.adapters.conftest import free_port
from tests.adapters.fake_discord import APPLICATION_ID, GUILD_ID, TOKEN, FakeDiscord
from tests.adapters.test_slack_process import rebound

TOP_LEVEL = [command.name for command in REGISTRY.commands] + [REGISTRY.umbrella]
SUBCOMMANDS = [command.name for command in REGISTRY.subcommands]
# Discord's permission bits (discord.com/developers/docs/topics/permissions), written out here
# rather than taken from discord.py, so a wrong flag name in the code would show.
VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES, READ_HISTORY = (
    1 << 10, 1 << 11, 1 << 14, 1 << 15, 1 << 16,
)  # fmt: skip
ADMINISTRATOR, MENTION_EVERYONE, MANAGE_GUILD = 1 << 3, 1 << 17, 1 << 5


def names(commands: list[dict[str, object]]) -> list[str]:
    return [str(command["name"]) for command in commands]


def subcommands_of_rebound(commands: list[dict[str, object]]) -> list[str]:
    [umbrella] = [c for c in commands if c["name"] == REGISTRY.umbrella]
    options = umbrella["options"]
    assert isinstance(options, list)
    return [option["name"] for option in options]


async def test_sync_registers_the_registry_commands_globally(fake: FakeDiscord) -> None:
    synced = await sync(TOKEN, api_url=fake.api_url)

    [call] = fake.calls_to("sync_commands")
    assert call.path == f"/applications/{APPLICATION_ID}/commands"
    assert call.authorization == f"Bot {TOKEN}"
    assert sorted(names(fake.commands)) == sorted(TOP_LEVEL)
    assert subcommands_of_rebound(fake.commands) == SUBCOMMANDS
    assert fake.guild_commands == {}
    assert (synced.application_id, synced.guild_id) == (int(APPLICATION_ID), None)
    assert sorted(synced.names) == sorted(TOP_LEVEL)
    assert fake.identifies == []  # REST only: no gateway session


async def test_sync_with_a_guild_registers_there_only(fake: FakeDiscord) -> None:
    synced = await sync(TOKEN, int(GUILD_ID), api_url=fake.api_url)

    assert fake.calls_to("sync_commands") == []
    assert sorted(names(fake.guild_commands[GUILD_ID])) == sorted(TOP_LEVEL)
    assert subcommands_of_rebound(fake.guild_commands[GUILD_ID]) == SUBCOMMANDS
    assert fake.commands == []
    assert synced.guild_id == int(GUILD_ID)


async def test_clear_removes_a_guilds_own_copies_only(fake: FakeDiscord) -> None:
    await sync(TOKEN, int(GUILD_ID), api_url=fake.api_url)
    await sync(TOKEN, api_url=fake.api_url)
    await sync(TOKEN, int(GUILD_ID), clear=True, api_url=fake.api_url)
    assert fake.guild_commands[GUILD_ID] == []
    assert sorted(names(fake.commands)) == sorted(TOP_LEVEL)


async def test_sync_twice_keeps_one_set_of_commands(fake: FakeDiscord) -> None:
    await sync(TOKEN, api_url=fake.api_url)
    first = {c["name"]: c["id"] for c in fake.commands}
    await sync(TOKEN, api_url=fake.api_url)
    assert {c["name"]: c["id"] for c in fake.commands} == first  # overwritten, not added


async def test_a_refused_token_is_said_without_showing_it(fake: FakeDiscord) -> None:
    with pytest.raises(InstallFailed, match="refused DISCORD_TOKEN") as refused:
        await sync("bm90LXRoZQ.Ym90.dG9rZW4", api_url=fake.api_url)
    assert "bm90LXRoZQ.Ym90.dG9rZW4" not in str(refused.value)
    assert fake.calls_to("sync_commands") == []


async def test_an_unknown_guild_is_named_with_what_to_check(fake: FakeDiscord) -> None:
    with pytest.raises(InstallFailed, match="server 42 ") as refused:
        await sync(TOKEN, 42, api_url=fake.api_url)
    assert "Copy Server ID" in str(refused.value)
    assert "rebound discord invite" in str(refused.value)


async def test_a_guild_that_did_not_grant_commands_is_named(fake: FakeDiscord) -> None:
    fake.fail_next("sync_guild_commands", status=403, code=50001, message="Missing Access")
    with pytest.raises(InstallFailed, match=f"server {GUILD_ID} .*403: Missing Access"):
        await sync(TOKEN, int(GUILD_ID), api_url=fake.api_url)
    assert GUILD_ID not in fake.guild_commands


async def test_a_long_rate_limit_is_said_with_when_to_try_again(fake: FakeDiscord) -> None:
    fake.fail_next("sync_guild_commands", status=429, retry_after=120, is_global=False)
    waited = r"rate-limiting this bot; try again in 1[12][0-9] seconds"
    with pytest.raises(InstallFailed, match=waited):
        await sync(TOKEN, int(GUILD_ID), api_url=fake.api_url)


async def test_any_other_refusal_while_logging_in_is_said_plainly(fake: FakeDiscord) -> None:
    fake.fail_next("application_info", status=403, code=50001, message="Missing Access", times=3)
    with pytest.raises(InstallFailed, match=r"refused the request \(HTTP 403, code 50001\)"):
        await invite(TOKEN, api_url=fake.api_url)


async def test_an_unreachable_discord_is_said_plainly() -> None:
    saved = discord.http.Route.BASE
    try:
        with pytest.raises(InstallFailed, match=r"could not be reached.*DISCORD_API_URL"):
            await sync(TOKEN, api_url=f"http://127.0.0.1:{free_port()}/api/v10")
    finally:
        discord.http.Route.BASE = saved


async def test_the_invite_asks_for_both_scopes_and_the_least_permissions(
    fake: FakeDiscord,
) -> None:
    made = await invite(TOKEN, api_url=fake.api_url)

    parts = urlsplit(made.url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "discord.com", "/oauth2/authorize")
    query = parse_qs(parts.query)
    assert query["client_id"] == [APPLICATION_ID]
    assert set(query["scope"][0].split()) == {"bot", "applications.commands"}
    permissions = int(query["permissions"][0])
    assert permissions == VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_HISTORY
    assert not permissions & (ADMINISTRATOR | MENTION_EVERYONE | MANAGE_GUILD)
    assert "Read Message History" in made.permissions
    assert fake.calls_to("application_info")  # the application ID came from the token


def discord_env(fake: FakeDiscord, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'rebound.db'}",
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_URL=fake.api_url,
    )
    env.update(extra)
    return env


async def test_the_cli_syncs_to_a_guild_and_prints_the_invite(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    env = discord_env(fake, tmp_path)

    code, out, err = await rebound("discord", "sync", "--guild", GUILD_ID, env=env, cwd=tmp_path)
    assert code == 0, err
    assert f"Registered {len(TOP_LEVEL)} slash commands in server {GUILD_ID}" in out
    assert sorted(names(fake.guild_commands[GUILD_ID])) == sorted(TOP_LEVEL)
    assert err == ""  # no warnings about voice or intents for an organiser to puzzle over

    code, out, err = await rebound("discord", "sync", env=env, cwd=tmp_path)
    assert code == 0, err
    assert "globally" in out and "up to an hour" in out
    assert sorted(names(fake.commands)) == sorted(TOP_LEVEL)

    code, out, err = await rebound("discord", "invite", env=env, cwd=tmp_path)
    assert code == 0, err
    assert f"client_id={APPLICATION_ID}&scope=bot+applications.commands&permissions=" in out
    assert TOKEN not in out + err


async def test_the_cli_refuses_plainly(fake: FakeDiscord, tmp_path: Path) -> None:
    env = discord_env(fake, tmp_path, DISCORD_TOKEN="bm90LXRoZQ.Ym90.dG9rZW4")
    code, out, err = await rebound("discord", "sync", env=env, cwd=tmp_path)
    assert (code, out) == (1, "")
    assert "Discord refused DISCORD_TOKEN" in err
    assert "bm90LXRoZQ.Ym90.dG9rZW4" not in err and "Traceback" not in err

    code, _out, err = await rebound(
        "discord", "sync", "--guild", "my-server", env=env, cwd=tmp_path
    )
    assert code == 2
    assert "'my-server' is not a server ID" in err

    code, _out, err = await rebound("discord", "sync", "--clear", env=env, cwd=tmp_path)
    assert code == 2
    assert "--clear needs --guild" in err

    del env["DISCORD_TOKEN"]
    code, _out, err = await rebound("discord", "invite", env=env, cwd=tmp_path)
    assert code == 2
    assert "DISCORD_TOKEN is not set" in err and "Connect Discord" in err
    assert fake.calls_to("sync_commands") == []
