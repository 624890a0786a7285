"""Forgetting a member on Discord: every message the bot left in their DM is deleted.

Nudges, "marked as sent" notes and exports may all name a company, and only some of them have
a stored reference (a nudge sent before a snooze, or whose sending looked failed, has none).
So the DM's history is read page by page (`GET /channels/{dm}/messages`, 100 a page, each page
`before` the oldest message of the last) and every message whose author is the bot's own user
is deleted, together with the references the core still had (`Erasure.message_refs`).

A page that cannot be read ends the reading, but what the earlier pages found is still deleted,
and the outcome (`Erased`) says the history was not read whole. Each delete that fails is
counted and logged, never retried: the member's data is already gone from our database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import aiohttp
import discord
from discord.http import HTTPClient

from adapters.discord.messenger import GONE, HISTORY_LIMIT, DiscordMessenger
from bot.values import Erasure

log = logging.getLogger(__name__)

MAX_PAGES = 50  # 5,000 messages: far more than a member's DM with the bot holds


@dataclass
class Erased:
    """What forgetting a member's DM came to, for the log (content-free)."""

    deleted: int = 0
    failed: int = 0
    read_whole: bool = True
    refs: list[str] = field(default_factory=list)


async def erase(messenger: DiscordMessenger, erasure: Erasure) -> Erased:
    """Delete the bot's messages in the member's DM (see the module docstring)."""
    found = Erased(refs=list(erasure.message_refs))
    try:
        http = await messenger.client()
    except (discord.DiscordException, TimeoutError, aiohttp.ClientError) as error:
        log.warning("discord unavailable for forgetting", extra={"error": type(error).__name__})
        found.read_whole, found.failed = False, len(found.refs)
        return found
    try:
        channel = await messenger.dm_channel(http, erasure.user_id)
    except (discord.DiscordException, TimeoutError, aiohttp.ClientError) as error:
        log.warning("discord dm unavailable for forgetting", extra={"error": type(error).__name__})
        found.read_whole = False
    else:
        await ours_in(http, channel, await messenger.bot_user_id(), found)
    await delete_all(http, found.refs, found)
    log.info(
        "discord dm forgotten",
        extra={"deleted": found.deleted, "failed": found.failed, "read_whole": found.read_whole},
    )
    return found


async def ours_in(http: HTTPClient, channel: str, me: str, found: Erased) -> None:
    """Add to `found.refs` every message of the DM `channel` whose author is `me`."""
    before: int | None = None
    for _page in range(MAX_PAGES):
        try:
            page = [dict(m) for m in await http.logs_from(int(channel), HISTORY_LIMIT, before)]
        except (discord.HTTPException, discord.RateLimited, TimeoutError, aiohttp.ClientError):
            log.warning("discord dm history unavailable", extra={"found": len(found.refs)})
            found.read_whole = False
            return
        for item in page:
            author = item.get("author")
            if isinstance(author, dict) and str(author.get("id")) == me:
                found.refs.append(f"{channel}:{item['id']}")
        if len(page) < HISTORY_LIMIT:
            return
        before = min(int(str(item["id"])) for item in page)
    log.warning("discord dm history too long to read whole", extra={"pages": MAX_PAGES})
    found.read_whole = False


async def delete_all(http: HTTPClient, refs: list[str], found: Erased) -> None:
    """Delete each `channel:id`; already gone counts as deleted."""
    for ref in dict.fromkeys(refs):  # each once, in order
        channel, _, message_id = ref.partition(":")
        try:
            await http.delete_message(int(channel), int(message_id))
        except discord.HTTPException as error:
            if error.code in GONE:
                found.deleted += 1
                continue
            found.failed += 1
        except (discord.RateLimited, TimeoutError, aiohttp.ClientError, ValueError):
            found.failed += 1
        else:
            found.deleted += 1
