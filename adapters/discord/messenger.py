"""Sending core messages to Discord over discord.py's REST layer: DMs, channel posts, files.

Works without a gateway connection (`rebound tick` only sends): it uses a discord.py
`HTTPClient` of its own, logged in on first use. Every request goes through discord.py's
rate-limit handling, which waits out a 429 itself; a wait longer than `MAX_RATELIMIT_WAIT`
comes back as `Delivery.retry_after`. The message itself (with its files, in the same message)
goes out in one request that discord.py does not resend on a 5xx (`adapters.discord.once`):
a server error or a timeout is `Delivery(ambiguous=True)`, and the core looks (`find`) before
it sends again.

Recognising our own messages: Discord keeps no metadata on a message, and a message `nonce`
is not returned in history. So a message carrying work keys gets an embed footer
`ref <digest> <digest>...`, one short digest (`key_digest`) per work key: content-free (a hash,
never a company or a note), returned by `GET /channels/{id}/messages` with the message, and
kept when the message is edited. `find` reads the channel's latest messages and looks for any
of the digests. (Buttons' custom ids are not used for this: not every message has buttons and
their ids belong to the core's values.)

Discord can answer privately ("ephemeral") only inside an interaction, which the runtime does;
a scheduled message meant for one member's eyes therefore goes to their DM.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from typing import Any

import aiohttp
import discord
from discord.http import HTTPClient, Route

from adapters.discord import once
from adapters.discord.render import EMBED_LIMIT, DiscordMessage, render
from bot.ports import Delivery
from bot.values import DestinationKind, Outbound

log = logging.getLogger(__name__)

HISTORY_LIMIT = 100
# How far back `find` looks: a busy channel may bury a post under this many pages of others
# before the next attempt, and past that a repeat is the lesser harm than a long crawl.
FIND_PAGES = 5
UNKNOWN_CHANNEL = 10003
SEND_TIMEOUT = 20.0  # seconds for one message post; Discord answers in well under one
MAX_RATELIMIT_WAIT = 30.0  # discord.py waits out shorter 429s itself (its minimum is 30 s)
DM_CLOSED = 50007  # "Cannot send messages to this user"
GONE = frozenset({10003, 10008})  # unknown channel, unknown message
REF_PREFIX = "ref "


def key_digest(key: str) -> str:
    """A work key as 10 hex characters: short enough for many in a footer, and reveals nothing."""
    return hashlib.sha256(key.encode()).hexdigest()[:10]


def with_keys(body: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The message body with its work keys' digests in a footer (see the module docstring)."""
    if not keys:
        return body
    return with_footer(body, REF_PREFIX + " ".join(key_digest(key) for key in keys))


def with_footer(body: dict[str, Any], text: str) -> dict[str, Any]:
    """The body with `text` as its last embed's footer (or a footer-only embed of its own)."""
    footer = {"text": text}
    embeds = [dict(embed) for embed in body.get("embeds") or []]
    if embeds and "footer" not in embeds[-1]:
        embeds[-1]["footer"] = footer
    elif len(embeds) < EMBED_LIMIT:
        embeds.append({"footer": footer})
    return {**body, "embeds": embeds}


def keys_of(message: dict[str, Any]) -> set[str]:
    """The work key digests a message from history carries."""
    found: set[str] = set()
    for embed in message.get("embeds") or []:
        text = str((embed.get("footer") or {}).get("text") or "")
        if text.startswith(REF_PREFIX):
            found.update(text[len(REF_PREFIX) :].split())
    return found


class DiscordMessenger:
    def __init__(self, token: str, *, send_timeout: float = SEND_TIMEOUT) -> None:
        """`send_timeout`: how long one message post may take before it counts as maybe sent
        (aiohttp's own default would hold a due pass for five minutes)."""
        self._token = token
        self._timeout = aiohttp.ClientTimeout(total=send_timeout)
        self._http: HTTPClient | None = None
        self._me = ""
        self._login = asyncio.Lock()
        self._dm_channels: dict[str, str] = {}

    async def client(self) -> HTTPClient:
        """Its own client (not the gateway client's): only this one carries the trace that
        keeps a message from being resent (`adapters.discord.once`)."""
        async with self._login:
            if self._http is None:
                made = HTTPClient(
                    asyncio.get_running_loop(),
                    max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
                    http_trace=once.trace(),
                )
                me = await made.static_login(self._token)
                self._http, self._me = made, str(me["id"])
        return self._http

    async def bot_user_id(self) -> str:
        """The bot's own user id, the author of everything it sent."""
        await self.client()
        return self._me

    async def close(self) -> None:
        """Close the HTTP session this messenger opened."""
        if self._http is not None:
            await self._http.close()
            self._http = None

    async def dm_channel(self, http: HTTPClient, user_id: str) -> str:
        """The member's DM channel with the bot (Discord answers the same one each time)."""
        if user_id not in self._dm_channels:
            opened = await http.start_private_message(int(user_id))
            self._dm_channels[user_id] = str(opened["id"])
        return self._dm_channels[user_id]

    async def _channel(self, http: HTTPClient, message: Outbound) -> str:
        destination = message.destination
        if destination.kind is DestinationKind.CHANNEL and destination.channel_id:
            return destination.channel_id
        return await self.dm_channel(http, destination.user_id)

    async def send(self, message: Outbound) -> Delivery:
        kind = message.destination.kind
        rendered = render(message)
        try:
            http = await self.client()
            channel = await self._channel(http, message)
        except discord.LoginFailure:
            return Delivery(ok=False, error="discord refused the bot token", permanent=True)
        except (discord.HTTPException, discord.RateLimited) as error:
            return failure(error, kind, sent=False)
        except (TimeoutError, aiohttp.ClientError) as error:
            return unreachable(error, sent=False)
        body = with_keys(_body(rendered), message.work_keys)
        route = Route("POST", "/channels/{channel_id}/messages", channel_id=channel)
        files = rendered.files()
        try:
            # discord.py hands the extra arguments on to aiohttp (see `adapters.discord.once`)
            extra: dict[str, Any] = {"trace_request_ctx": once.ONCE, "timeout": self._timeout}
            if files:
                sent = await http.request(route, form=_form(body, files), files=files, **extra)
            else:
                sent = await http.request(route, json=body, **extra)
        except once.MaybeSent as error:
            log.warning("discord delivery unclear", extra={"status": error.status})
            return Delivery(ok=False, error=str(error), ambiguous=True)
        except (discord.HTTPException, discord.RateLimited) as error:
            stale = getattr(error, "code", None) == UNKNOWN_CHANNEL
            if stale and kind is not DestinationKind.CHANNEL:
                # The member's DM channel is not the one remembered: open it afresh next time
                # (a 404 stored nothing, so trying again cannot repeat it).
                self._dm_channels.pop(message.destination.user_id, None)
                return Delivery(ok=False, error="discord dm channel changed")
            return failure(error, kind, sent=True)
        except (TimeoutError, aiohttp.ClientError) as error:
            return unreachable(error, sent=True)
        finally:
            for file in files:
                file.close()
        return Delivery(ok=True, message_ref=f"{channel}:{sent['id']}")

    async def find(self, message: Outbound) -> Delivery | None:
        if not message.work_keys:
            return None
        wanted = {key_digest(key) for key in message.work_keys}
        try:
            http = await self.client()
            channel = await self._channel(http, message)
            before: str | None = None
            for _page in range(FIND_PAGES):
                page = await http.logs_from(int(channel), HISTORY_LIMIT, before)
                for item in page:
                    # Only ours: another bot (or another Rebound) may carry a similar footer.
                    mine = str((item.get("author") or {}).get("id")) == self._me
                    if mine and wanted & keys_of(dict(item)):
                        return Delivery(ok=True, message_ref=f"{channel}:{item['id']}")
                if len(page) < HISTORY_LIMIT:
                    break
                before = str(page[-1]["id"])
        except discord.RateLimited:
            return Delivery(ok=False, error="history unavailable", ambiguous=True)
        except discord.HTTPException as error:
            if error.status >= 500 or error.status == 429:
                return Delivery(ok=False, error="history unavailable", ambiguous=True)
            # Refused (Read Message History taken away): Discord cannot tell us.
            log.warning("discord history refused", extra={"status": error.status})
            return None
        except (TimeoutError, aiohttp.ClientError):
            return Delivery(ok=False, error="history unavailable", ambiguous=True)
        return None

    async def retract(self, message: Outbound, message_ref: str) -> None:
        """Delete one message of ours (`channel:id`); already gone is fine, else logged."""
        channel, _, message_id = message_ref.partition(":")
        try:
            http = await self.client()
            await http.delete_message(int(channel), int(message_id))
        except discord.HTTPException as error:
            if error.code not in GONE:
                log.warning("discord message not deleted", extra={"status": error.status})
        except (discord.RateLimited, TimeoutError, aiohttp.ClientError) as error:
            log.warning("discord message not deleted", extra={"error": type(error).__name__})


def _body(rendered: DiscordMessage) -> dict[str, Any]:
    """A create-message body: content, embeds, buttons, and `allowed_mentions` that ping no one."""
    body = rendered.payload()
    body.pop("flags", None)  # ephemeral exists only in interaction answers
    return body


def _form(body: dict[str, Any], files: list[discord.File]) -> list[dict[str, Any]]:
    """The message and its files as one multipart request (Discord's `payload_json` and
    `files[n]` fields), so a message and its files arrive, or not, together. Where files go
    (`bot.routes.files_destination`) is always where the message goes: the channel for a
    channel post, the member's DM for anything private."""
    described = [{"id": n, "filename": f.filename} for n, f in enumerate(files)]
    payload = json.dumps({**body, "attachments": described})
    form: list[dict[str, Any]] = [{"name": "payload_json", "value": payload}]
    for n, file in enumerate(files):
        form.append({"name": f"files[{n}]", "value": file.fp, "filename": file.filename,
                     "content_type": "application/octet-stream"})  # fmt: skip
    return form


def failure(
    error: discord.HTTPException | discord.RateLimited, kind: DestinationKind, *, sent: bool
) -> Delivery:
    """What a Discord error means for retrying. `sent`: the message itself was posted, so a
    server error (5xx) leaves it unknown whether Discord kept it; a 4xx is a refusal."""
    if isinstance(error, discord.RateLimited):
        return Delivery(ok=False, error="ratelimited", retry_after=error.retry_after)
    status, code = error.status, error.code
    if status == 429:  # not waited out by discord.py (e.g. no `Via` header: a Cloudflare ban)
        retry_after = float(getattr(error.response, "headers", {}).get("Retry-After", 30) or 30)
        return Delivery(ok=False, error="ratelimited", retry_after=retry_after)
    if code == DM_CLOSED and kind is not DestinationKind.CHANNEL:
        return Delivery(ok=False, error="dm_closed", dm_closed=True)
    log.warning("discord delivery failed", extra={"status": status, "code": code})
    if status >= 500:
        return Delivery(ok=False, error=f"discord error {status}", ambiguous=sent)
    return Delivery(ok=False, error=f"discord error {code or status}", permanent=True)


def unreachable(error: Exception, *, sent: bool) -> Delivery:
    """A timeout or a broken connection. Once the post was on its way Discord may have kept
    it, unless the connection was never made."""
    ambiguous = sent and not isinstance(error, aiohttp.ClientConnectorError)
    log.warning("discord unreachable", extra={"error": type(error).__name__})
    return Delivery(ok=False, error=type(error).__name__, ambiguous=ambiguous)
