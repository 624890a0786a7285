"""Adding Rebound to Discord: the invite URL, and registering the slash commands.

An organiser runs these once, not the running bot (`rebound discord invite`, `rebound discord
sync`). Each logs in with the bot token over REST only (no gateway session), does its one
thing and closes. The commands registered are the ones the running bot's `CommandTree` handles
(`commands.attach` on a tree of the same shape), so what Discord shows and what the bot answers
cannot drift apart. Every failure is an `InstallFailed` in words an organiser can act on; the
token is never part of them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord
from discord import app_commands

from adapters.discord.client import intents, point_at
from adapters.discord.commands import attach
from bot.values import SlashCommand

SCOPES = ("bot", "applications.commands")  # join servers; register slash commands there
NEEDED = {  # discord.py's flag name: Discord's name for it, as server settings show it
    "view_channel": "View Channels",  # see the group's channel, where the weekly posts go
    "send_messages": "Send Messages",  # the group posts, and closed-DM reminders in the channel
    "embed_links": "Embed Links",  # rich messages (summaries, follow-ups) are embeds
    "attach_files": "Attach Files",  # exports (and later charts) are sent as files
    "read_message_history": "Read Message History",  # find its own earlier posts again
}
"""The least the bot needs in a server: no Administrator, no Mention Everyone, no Manage
anything. Answers to slash commands and DMs need no server permission at all."""
PERMISSIONS = discord.Permissions(**dict.fromkeys(NEEDED, True))

TIMEOUT_SECONDS = 60.0  # longer than discord.py's own retries of a failing Discord
RATE_LIMIT_WAIT = 10.0  # a longer 429 is reported (with when to try again), not slept through


class InstallFailed(Exception):
    """Discord could not be asked, or said no; the message says what to do about it."""


@dataclass(frozen=True)
class Synced:
    application_id: int
    guild_id: int | None  # None: registered globally
    names: list[str]  # the top-level commands Discord now has, as it answered


@dataclass(frozen=True)
class Invite:
    url: str
    application_name: str
    permissions: list[str]  # the permission names the URL asks for


async def sync(
    token: str, guild_id: int | None = None, *, clear: bool = False, api_url: str | None = None
) -> Synced:
    """Replace the application's commands (globally, or in one guild) with the registry's;
    with `clear`, remove the guild's own copies (a guild with both shows each command twice)."""
    point_at(api_url, None)
    async with _logged_in(token) as client:
        tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
        attach(tree, _never_called)
        guild = None if guild_id is None else discord.Object(guild_id)
        if guild is not None and not clear:
            tree.copy_global_to(guild=guild)
        try:
            synced = await tree.sync(guild=guild)
        except discord.HTTPException as error:
            raise InstallFailed(_sync_refused(error, guild_id)) from None
        assert client.application_id is not None  # set by login
        return Synced(client.application_id, guild_id, [command.name for command in synced])


async def invite(token: str, *, api_url: str | None = None) -> Invite:
    """The URL that adds this bot to a server, with the scopes and permissions it needs."""
    point_at(api_url, None)
    async with _logged_in(token) as client:
        application = client.application or await client.application_info()  # login fetched it
    url = discord.utils.oauth_url(application.id, permissions=PERMISSIONS, scopes=SCOPES)
    return Invite(url, application.name, list(NEEDED.values()))


@asynccontextmanager
async def _logged_in(token: str) -> AsyncIterator[discord.Client]:
    client = _client()
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            try:
                await client.login(token)
            except discord.LoginFailure:
                raise InstallFailed(
                    "Discord refused DISCORD_TOKEN: copy the bot token again from the Developer "
                    "Portal (your application > Bot > Reset Token)"
                ) from None
            yield client
    except TimeoutError:  # before OSError, of which it is a kind
        raise InstallFailed(
            f"Discord's API did not answer within {TIMEOUT_SECONDS:.0f} seconds; try again later"
        ) from None
    except discord.RateLimited as error:
        raise InstallFailed(
            f"Discord is rate-limiting this bot; try again in {error.retry_after:.0f} seconds"
        ) from None
    except (OSError, aiohttp.ClientError) as error:
        raise InstallFailed(
            f"Discord's API could not be reached ({type(error).__name__}); check the network, "
            "or DISCORD_API_URL if you set it"
        ) from None
    except discord.DiscordServerError as error:
        raise InstallFailed(
            f"Discord's API is failing (HTTP {error.status}); try again in a few minutes"
        ) from None
    except discord.HTTPException as error:  # anything else Discord refused along the way
        raise InstallFailed(
            f"Discord refused the request (HTTP {error.status}, code {error.code}); check "
            "that DISCORD_TOKEN is this application's bot token"
        ) from None
    finally:
        await client.close()


def _client() -> discord.Client:
    """A client for REST calls only. discord.py warns as it makes one that voice is not
    supported (no PyNaCl): Rebound has no voice, so that warning would only puzzle."""
    voice = logging.getLogger("discord.client")
    muted = _Without("voice will NOT be supported")
    voice.addFilter(muted)
    try:
        return discord.Client(intents=intents(), max_ratelimit_timeout=RATE_LIMIT_WAIT)
    finally:
        voice.removeFilter(muted)


class _Without(logging.Filter):
    def __init__(self, words: str) -> None:
        super().__init__()
        self.words = words

    def filter(self, record: logging.LogRecord) -> bool:
        return self.words not in record.getMessage()


def _sync_refused(error: discord.HTTPException, guild_id: int | None) -> str:
    if isinstance(error, discord.DiscordServerError):
        return f"Discord's API is failing (HTTP {error.status}); try again in a few minutes"
    if guild_id is not None and error.status in (403, 404):
        return (
            f"Discord did not let the bot register commands in server {guild_id} "
            f"({error.status}: {error.text or 'no reason given'}). Check that {guild_id} is the "
            "server's ID (Developer Mode on, right-click the server, Copy Server ID) and that "
            "the bot was added to it with the URL from `rebound discord invite`"
        )
    return f"Discord refused the commands ({error.status}: {error.text or 'no reason given'})"


async def _never_called(interaction: discord.Interaction[Any], command: SlashCommand) -> None:
    """The tree is only for its commands' shape: nothing connects to receive interactions."""
