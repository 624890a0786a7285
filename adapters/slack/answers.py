"""How a Slack interaction is answered in place: privately next to the message a member
acted on (`answer`), or by taking the place of that message (`Source`)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import SlackMessage, render
from bot.values import Outbound

log = logging.getLogger(__name__)

Respond = Callable[..., Awaitable[Any]]
Payload = dict[str, Any]


async def answer(respond: Respond, reply: Outbound) -> None:
    """A private answer to the interaction, next to the original message (never replacing it)."""
    rendered = render(reply)
    await respond(
        text=rendered.text,
        blocks=rendered.blocks,
        response_type="ephemeral",
        replace_original=False,
    )


class Source:
    """The message a button was pressed on, for an answer that takes its place (an event post
    with its new counts): through the press's `response_url` with `replace_original`, which
    also reaches an ephemeral message; when that fails (a used-up or expired URL), or there is
    none, `chat.update` on the message's channel and ts, which a channel or DM message allows.
    A press in a view (the App Home) has no message: the view is published afresh instead.

    Files shared with the message are messages of their own in Slack, so they stay as they
    were; the reply's own attachments are not uploaded again."""

    def __init__(self, client: AsyncWebClient, body: Payload) -> None:
        self._client = client
        container = body.get("container")
        self._container: Payload = container if isinstance(container, dict) else {}
        message = body.get("message")
        metadata = message.get("metadata") if isinstance(message, dict) else None
        # What the message carried (its work keys), kept when it is replaced.
        self._metadata: Payload | None = metadata if isinstance(metadata, dict) else None

    async def replace(self, reply: Outbound, respond: Respond | None) -> None:
        rendered = render(reply)
        if respond is not None and await self._respond(respond, rendered):
            return
        channel = str(self._container.get("channel_id") or "")
        ts = str(self._container.get("message_ts") or "")
        in_message = self._container.get("type") == "message"
        if not (in_message and channel and ts) or self._container.get("is_ephemeral"):
            return  # nothing else can reach it; it keeps its old counts until the next press
        try:
            await self._client.chat_update(
                channel=channel,
                ts=ts,
                text=rendered.text,
                blocks=rendered.blocks,
                metadata=self._metadata,
            )
        except (SlackApiError, ClientError, TimeoutError) as error:
            log.warning("slack message not updated", extra={"error": type(error).__name__})

    async def _respond(self, respond: Respond, rendered: SlackMessage) -> bool:
        try:
            answered = await respond(
                text=rendered.text,
                blocks=rendered.blocks,
                replace_original=True,
                unfurl_links=False,
                unfurl_media=False,
                metadata=self._metadata,
            )
        except (ClientError, TimeoutError) as error:
            log.warning("slack response_url failed", extra={"error": type(error).__name__})
            return False
        status = getattr(answered, "status_code", 200)
        if isinstance(status, int) and status >= 400:
            log.warning("slack response_url refused", extra={"status": status})
            return False
        return True
