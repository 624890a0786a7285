"""A local fake of Discord (REST API v10 and gateway), for driving the real discord.py client.

`FakeDiscord` is an aiohttp server on 127.0.0.1 with an ephemeral port. It serves the REST
routes Rebound's Discord adapter uses under `/api/v10` (listed with their names in `rest.py`)
and a gateway websocket at `/gateway`; it records every REST call (`calls`, with headers and
the Authorization), every IDENTIFY (`identifies`: intents, shard), and keeps what was posted so
tests can read it back:

    async with FakeDiscord() as fake, point_discord_at(fake):
        client = discord.Client(intents=discord.Intents.none())
        await client.login(fake.token)
        task = asyncio.create_task(client.connect())
        await fake.wait_connected()
        await fake.dispatch_interaction(fake.slash_command(fake.in_guild(MEMBER), "help"))
        ...
        assert fake.callbacks()[0]["data"]["flags"] == 64

How the real client reaches it: discord.py builds every REST URL from the class attribute
`discord.http.Route.BASE`, and a plain `Client` connects to the class attribute
`discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY` (only `AutoShardedClient` without a shard
count asks `GET /gateway/bot`; a resume goes to READY's `resume_gateway_url`).
`point_discord_at` sets both for a test and restores them; the adapter does the same from
DISCORD_API_URL and DISCORD_GATEWAY_URL.

Interactions are built from recorded payload shapes (`interactions.py`): `slash_command`
(with `option`/`subcommand`, or `autocomplete=True`), `component` (a button press on a message
the bot sent) and `modal_submit` (the answer to a modal the bot opened), each `in_guild` (a
member with channel `permissions`, e.g. `MANAGE_GUILD`) or `in_dm`. `written_in_dm` puts a
message in a user's DM with the bot, written by them (or earlier by the bot).

Failures: `fail_next` (a 429 Discord-style, or any status), `accept_then_fail` (stored, then
a 500), `delay_next`, `refuse_dms` (403, code 50007); an unknown or twice-answered interaction
is refused as Discord does (10062, 40060), a call without the bot token gets 401.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import discord.gateway
import discord.http
import yarl

from tests.adapters.fake_discord.interactions import option, subcommand
from tests.adapters.fake_discord.objects import (
    ADMINISTRATOR,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    OWNER_ID,
)
from tests.adapters.fake_discord.server import (
    APPLICATION_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    GUILD_ID,
    TOKEN,
    Call,
    FakeDiscord,
)

__all__ = [
    "ADMINISTRATOR",
    "APPLICATION_ID",
    "BOT_USER_ID",
    "CHANNEL_ID",
    "GUILD_ID",
    "MANAGE_GUILD",
    "MEMBER_PERMISSIONS",
    "OWNER_ID",
    "TOKEN",
    "Call",
    "FakeDiscord",
    "option",
    "point_discord_at",
    "subcommand",
]


@contextmanager
def point_discord_at(fake: FakeDiscord) -> Iterator[None]:
    """Point discord.py's REST base and default gateway at the fake, and restore them after."""
    saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    discord.http.Route.BASE = fake.api_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
