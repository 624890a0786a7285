"""Discord's interaction endpoints, as the runtime answers with them: the callback (the one
answer an interaction gets within 3 seconds), follow-ups, and the original response to edit
or delete. Each is a raw call with the rendered JSON (`render.DiscordMessage`); a refusal or a
network failure is logged by kind, never raised, since the member's command is done by then.

`updated` is the body that makes a pressed message show a reply that `replaces_source` (an
event post with its new counts), for callback type 7 (UPDATE_MESSAGE) or an edit of
`@original` after a type-6 deferral: both edit the message the button was on.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import discord
from discord.http import Route as Endpoint

from adapters.discord.messenger import REF_PREFIX, with_footer
from adapters.discord.render import render
from bot.values import Outbound

log = logging.getLogger(__name__)

MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7  # callback types
EPHEMERAL = 64

Json = dict[str, Any]


def updated(reply: Outbound, source: discord.Message | None) -> Json:
    """The pressed message as `reply` shows it. Without an `attachments` field, so the files
    already on the message (an event's `.ics`) stay; the reply's own files are not sent again.
    Without `flags`: a message's ephemerality cannot change. The footer that names the work
    keys the message delivered (`adapters.discord.messenger.with_keys`) is kept, so the
    messenger's `find` still recognises it."""
    body = render(reply).payload()
    body.pop("flags", None)
    footers = (embed.footer.text or "" for embed in source.embeds) if source is not None else ()
    kept = next((text for text in footers if text.startswith(REF_PREFIX)), None)
    return with_footer(body, kept) if kept else body


def deferred_private() -> Json:
    return {"type": DEFERRED_MESSAGE, "data": {"flags": EPHEMERAL}}


class Endpoints:
    """The interaction endpoints over one discord.py client's HTTP layer."""

    def __init__(self, client: discord.Client) -> None:
        self._client = client

    async def callback(self, interaction: discord.Interaction[Any], body: Json) -> None:
        route = Endpoint(
            "POST",
            "/interactions/{interaction_id}/{interaction_token}/callback",
            interaction_id=interaction.id,
            interaction_token=interaction.token,
        )
        await self._call(route, body)

    async def followup(self, interaction: discord.Interaction[Any], data: Json) -> None:
        route = Endpoint(
            "POST",
            "/webhooks/{application_id}/{interaction_token}",
            application_id=interaction.application_id,
            interaction_token=interaction.token,
        )
        await self._call(route, data)

    async def edit_original(self, interaction: discord.Interaction[Any], data: Json) -> None:
        """After a type-6 deferral of a press, `@original` is the message the button was on."""
        await self._call(_original("PATCH", interaction), data)

    async def delete_original(self, interaction: discord.Interaction[Any]) -> None:
        await self._call(_original("DELETE", interaction), None)

    async def _call(self, route: Endpoint, body: Json | None) -> None:
        try:
            await self._client.http.request(route, json=body)
        except (discord.HTTPException, discord.RateLimited, OSError, aiohttp.ClientError) as e:
            log.warning("discord interaction answer failed", extra={"error": type(e).__name__})


def _original(method: str, interaction: discord.Interaction[Any]) -> Endpoint:
    return Endpoint(
        method,
        "/webhooks/{application_id}/{interaction_token}/messages/@original",
        application_id=interaction.application_id,
        interaction_token=interaction.token,
    )
