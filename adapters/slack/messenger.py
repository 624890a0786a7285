"""Sending core messages to Slack: DMs, channel posts, ephemeral answers and files.

Each delivered message carries its work keys in Slack message metadata, so after a crash
`find` can read the conversation's history and tell whether a message already went out.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import render
from bot import routes
from bot.ports import Delivery
from bot.values import DestinationKind, Outbound

log = logging.getLogger(__name__)

METADATA_EVENT = "rebound_delivery"
HISTORY_LIMIT = 100
FORGET_PAGES = 50  # a DM's history read when forgetting: up to 5,000 messages
DM_CLOSED = frozenset({"cannot_dm_bot", "messages_tab_disabled"})
PERMANENT = frozenset(
    {
        # An account that is gone cannot read a DM or a mention: no fallback, just not sent.
        "user_not_found",
        "user_disabled",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "invalid_auth",
        "token_revoked",
        "not_authed",
        "missing_scope",
        "msg_too_long",
        "invalid_blocks",
    }
)

ClientFor = Callable[[str], Awaitable[AsyncWebClient | None]]
"""The Web API client holding the bot token of one workspace (team id)."""


class SlackMessenger:
    def __init__(self, client_for: ClientFor) -> None:
        self._client_for = client_for
        self._dm_channels: dict[tuple[str, str], str] = {}

    async def _dm_channel(self, client: AsyncWebClient, team: str, user: str) -> str:
        key = (team, user)
        if key not in self._dm_channels:
            opened = await client.conversations_open(users=user)
            self._dm_channels[key] = str(opened["channel"]["id"])
        return self._dm_channels[key]

    async def _channel(self, client: AsyncWebClient, message: Outbound) -> str:
        destination = message.destination
        if destination.kind is DestinationKind.DM or not destination.channel_id:
            return await self._dm_channel(client, destination.workspace_id, destination.user_id)
        return destination.channel_id

    async def send(self, message: Outbound) -> Delivery:
        destination = message.destination
        client = await self._client_for(destination.workspace_id)
        if client is None:
            return Delivery(ok=False, error="this workspace is not installed", permanent=True)
        rendered = render(message)
        try:
            channel = await self._channel(client, message)
        except SlackApiError as error:
            return failure(error, destination.kind, sent=False)
        except (TimeoutError, aiohttp.ClientError) as error:
            return unreachable(error, sent=False)  # nothing was posted yet
        try:
            extra: dict[str, Any] = {}
            if message.work_keys:
                extra["metadata"] = {
                    "event_type": METADATA_EVENT,
                    "event_payload": {"keys": " ".join(message.work_keys)},
                }
            if destination.kind is DestinationKind.EPHEMERAL and destination.channel_id:
                sent = await client.chat_postEphemeral(
                    channel=channel,
                    user=destination.user_id,
                    text=rendered.text,
                    blocks=rendered.blocks,
                )
                reference = f"{channel}:{sent.get('message_ts', '')}"
            else:
                sent = await client.chat_postMessage(
                    channel=channel,
                    text=rendered.text,
                    blocks=rendered.blocks,
                    unfurl_links=False,
                    unfurl_media=False,
                    **extra,
                )
                reference = f"{channel}:{sent.get('ts', '')}"
        except SlackApiError as error:
            return failure(error, destination.kind, sent=True)
        except (TimeoutError, aiohttp.ClientError) as error:
            return unreachable(error, sent=True)
        await self._upload(client, message)
        return Delivery(ok=True, message_ref=reference)

    async def _upload(self, client: AsyncWebClient, message: Outbound) -> None:
        """Files go where the core says (`bot.routes.files_destination`): the member's DM, or
        the channel posted in.

        The message itself is already delivered, so a failed upload is logged, not retried:
        retrying would send the message twice.
        """
        if not message.attachments:
            return
        destination = routes.files_destination(message.destination)
        try:
            if destination.kind is DestinationKind.CHANNEL:
                channel = destination.channel_id
            else:
                channel = await self._dm_channel(
                    client, destination.workspace_id, destination.user_id
                )
            for attachment in message.attachments:
                await client.files_upload_v2(
                    channel=channel,
                    content=attachment.data,
                    filename=attachment.filename,
                    title=attachment.filename,
                )
        except SlackApiError as error:
            code = error.response.get("error", "") if error.response is not None else ""
            log.warning("slack file upload failed", extra={"error": code})
        except (TimeoutError, aiohttp.ClientError) as error:
            log.warning("slack file upload failed", extra={"error": type(error).__name__})

    async def retract(self, message: Outbound, message_ref: str) -> None:
        client = await self._client_for(message.destination.workspace_id)
        if client is not None:
            await retract_message(client, message_ref)

    async def find(self, message: Outbound) -> Delivery | None:
        if not message.work_keys:
            return None
        client = await self._client_for(message.destination.workspace_id)
        if client is None:
            return None
        try:
            channel = await self._channel(client, message)
            history = await client.conversations_history(
                channel=channel, limit=HISTORY_LIMIT, include_all_metadata=True
            )
        except SlackApiError as error:
            status = _status(error.response)
            if status is not None and (status == 429 or status >= 500):
                # Slack could not answer just now: look again later instead of guessing.
                return Delivery(ok=False, error="history unavailable", ambiguous=True)
            return None  # refused (for example a missing scope): Slack cannot tell us
        except (TimeoutError, aiohttp.ClientError):
            return Delivery(ok=False, error="history unavailable", ambiguous=True)
        wanted = set(message.work_keys)
        items: list[dict[str, Any]] = history.get("messages", [])
        for item in items:
            payload = (item.get("metadata") or {}).get("event_payload") or {}
            if wanted & set(str(payload.get("keys", "")).split()):
                return Delivery(ok=True, message_ref=f"{channel}:{item.get('ts', '')}")
        return None


@dataclass(frozen=True)
class OurMessages:
    """What the bot itself left in one member's DM: message references and uploaded files."""

    refs: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


async def retract_message(client: AsyncWebClient, message_ref: str) -> None:
    """Delete one message of ours (`channel:ts`); already gone is fine, anything else is logged."""
    channel, _, ts = message_ref.partition(":")
    try:
        await client.chat_delete(channel=channel, ts=ts)
    except SlackApiError as error:
        code = error.response.get("error", "") if error.response is not None else ""
        if code != "message_not_found":  # gone already (with its file, or deleted before)
            log.warning("slack message not deleted", extra={"error": code})
    except (TimeoutError, aiohttp.ClientError) as error:
        log.warning("slack message not deleted", extra={"error": type(error).__name__})


async def our_dm_messages(client: AsyncWebClient, user: str) -> OurMessages:
    """Every message the bot wrote in a member's DM, and every file it shared there: nudges
    (also those sent before a snooze, or whose sending looked failed, which no stored reference
    points to any more), "marked as sent" notes, exports. For forgetting the member: any of
    them may name a company."""
    identity = await client.auth_test()
    ours = {str(identity.get("bot_id") or ""), str(identity.get("user_id") or "")} - {""}
    opened = await client.conversations_open(users=user)
    channel = str(opened["channel"]["id"])
    found = OurMessages()
    cursor = ""
    for _page in range(FORGET_PAGES):
        try:
            history = await client.conversations_history(
                channel=channel, limit=HISTORY_LIMIT, cursor=cursor or None
            )
        except (SlackApiError, TimeoutError, aiohttp.ClientError) as error:
            log.warning("slack history unavailable", extra={"error": type(error).__name__})
            return found  # what the pages read so far found still goes
        items: list[dict[str, Any]] = history.get("messages", [])
        for item in items:
            if ours & {str(item.get("bot_id") or ""), str(item.get("user") or "")}:
                found.refs.append(f"{channel}:{item.get('ts', '')}")
                found.files.extend(str(f["id"]) for f in item.get("files") or () if f.get("id"))
        cursor = str((history.get("response_metadata") or {}).get("next_cursor") or "")
        if not cursor:
            return found
    log.warning("slack history too long to read whole", extra={"pages": FORGET_PAGES})
    return found


def failure(error: SlackApiError, kind: DestinationKind, *, sent: bool) -> Delivery:
    """What a Slack error means for retrying. `sent`: the message itself was posted, so a
    server error (5xx) leaves it unknown whether Slack kept it; a 4xx or a 429 is a refusal."""
    response = error.response
    status = _status(response)
    data = getattr(response, "data", None)
    code = str(data.get("error", "")) if isinstance(data, dict) else ""
    if status == 429:
        retry_after = float(response.headers.get("Retry-After", "30") or 30)
        return Delivery(ok=False, error="ratelimited", retry_after=retry_after)
    if code in DM_CLOSED and kind is not DestinationKind.CHANNEL:
        return Delivery(ok=False, error=code, dm_closed=True)
    if code in PERMANENT:
        return Delivery(ok=False, error=code, permanent=True)
    ambiguous = sent and (status is None or status >= 500)
    log.warning("slack delivery failed", extra={"error": code, "status": status})
    return Delivery(
        ok=False, error=code or f"slack_error_{status or 'unknown'}", ambiguous=ambiguous
    )


def unreachable(error: Exception, *, sent: bool) -> Delivery:
    """A timeout or a broken connection. Once the post was on its way Slack may have kept it,
    unless the connection was never made."""
    ambiguous = sent and not isinstance(error, aiohttp.ClientConnectorError)
    log.warning("slack unreachable", extra={"error": type(error).__name__})
    return Delivery(ok=False, error=type(error).__name__, ambiguous=ambiguous)


def _status(response: Any) -> int | None:
    """The HTTP status of a Slack response (or of the raw HTTP response on an unreadable body)."""
    for name in ("status_code", "status"):
        value = getattr(response, name, None)
        if isinstance(value, int):
            return value
    return None
