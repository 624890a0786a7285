"""The discord.py client Rebound runs, and where it connects.

Guilds intent only (no message content, members or presences: nothing privileged), no pings
from any message (`AllowedMentions.none()`), one shard or this process's share of them, and
the REST and gateway base URLs from the settings (Discord's own by default; a local fake in
tests, or the proxies large bots run in front of Discord).
"""

from __future__ import annotations

from typing import Any

import discord
import discord.gateway
import yarl

API_VERSION_PATH = "/api/v10"
# How long discord.py waits for one more guild's data before it calls the session ready (its
# default is 2 s). Rebound keeps no guild cache it relies on: each interaction carries what it
# needs, and messages go to channel ids. So waiting longer would only delay the start.
GUILD_READY_SECONDS = 0.5


def intents() -> discord.Intents:
    """Guilds only: Rebound reads no messages, members or presences."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    return chosen


Shards = tuple[int, tuple[int, ...]]
"""(shard count across all processes, the shard IDs this process runs)."""


def make_client(shards: Shards | None = None) -> discord.Client:
    """One shard (a plain `Client`), or this process's shards of `shards`; either way guilds
    only and no pings."""
    options: dict[str, Any] = {
        "intents": intents(),
        "allowed_mentions": discord.AllowedMentions.none(),
        "guild_ready_timeout": GUILD_READY_SECONDS,
    }
    if shards is None:
        return discord.Client(**options)
    count, ids = shards
    return discord.AutoShardedClient(shard_count=count, shard_ids=list(ids), **options)


def point_at(api_url: str | None, gateway_url: str | None) -> None:
    """Send discord.py's REST calls and gateway connection where the settings say."""
    if api_url:
        base = api_url.rstrip("/")
        discord.http.Route.BASE = base if base.endswith(API_VERSION_PATH) else base + "/api/v10"
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
