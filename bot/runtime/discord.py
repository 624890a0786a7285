"""Discord's entry in the runner: its settings checked, and its platform built.

The adapter knows nothing of settings: it gets the token, the two optional base URLs
(`DISCORD_API_URL`, `DISCORD_GATEWAY_URL`) and the shards this replica runs
(`DISCORD_SHARD_COUNT`, `DISCORD_SHARD_IDS`). discord.py is imported only when Discord is used.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.discord.runtime import DiscordRuntime
    from bot.runtime.platforms import Parts  # the registry imports this module
    from bot.runtime.settings import Settings

TITLE = "Discord"
# A bot token is three base64url parts joined by dots (the bot's id, a time, a signature).
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def configured(settings: Settings) -> bool:
    return settings.has_discord


def problems(settings: Settings) -> list[str]:
    """Why Discord's settings cannot start, in words an organiser can act on."""
    token = settings.discord_token.get_secret_value() if settings.discord_token else ""
    if not token.strip():
        return [
            "DISCORD_TOKEN is blank (only spaces): paste the bot token from the Developer "
            "Portal, or leave it unset"
        ]
    if any(c.isspace() for c in token.strip()) or token.lower().startswith("bot "):
        return ["DISCORD_TOKEN must be the bare bot token, without 'Bot ' or spaces"]
    if not TOKEN_SHAPE.fullmatch(token.strip()):
        return [
            "DISCORD_TOKEN is not a bot token (one has three parts joined by dots); it may be "
            "the Application ID, Public Key or Client Secret instead: on the Developer Portal's "
            "Bot page, Reset Token and paste that"
        ]
    return []


def build(settings: Settings, parts: Parts) -> DiscordRuntime:
    from adapters.discord.runtime import DiscordRuntime  # the SDK loads only when used

    token = settings.discord_token.get_secret_value() if settings.discord_token else ""
    return DiscordRuntime(
        token.strip(),
        parts.core,
        parts.clock,
        api_url=settings.discord_api_url or None,
        gateway_url=settings.discord_gateway_url or None,
        shards=settings.discord_shards,
    )
