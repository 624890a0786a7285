"""Answers posted to a command's or a button's `response_url`, all through one HTTP session.

Bolt's own `respond` makes an `AsyncWebhookClient` without a session for every answer, and
slack_sdk then opens a new aiohttp session, and so a new TCP (and in production TLS)
connection to Slack, for each one: about 15% of the CPU a `/rejected` cost under load (issue
13). Here every answer goes through one session, whose connections to Slack are kept open
between answers; the Slack runtime closes it when it stops (an answer still sent after that
gets a session of its own, as with Bolt).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import aiohttp
from slack_sdk.webhook import WebhookResponse
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.answers import Respond

TIMEOUT_SECONDS = 30  # slack_sdk's own default for a response_url post
CLOSE_WAIT_SECONDS = 5.0  # how long `close` lets answers on their way finish


class ResponseUrls:
    """Where `respond(url)` answers go; one session, made when the first answer is sent (it
    must be made on the running event loop) and closed by `close`."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None
        self._closed = False
        self._sending = 0
        self._idle: asyncio.Event | None = None

    def respond(self, url: str) -> Respond:
        """A `respond(text=..., blocks=..., ...)` for `url`, taking Bolt's `respond` arguments."""

        async def send(**message: Any) -> WebhookResponse:
            client = AsyncWebhookClient(url, timeout=TIMEOUT_SECONDS, session=self._open())
            self._sending += 1
            try:
                return await client.send_dict(_message(**message))
            finally:
                self._sending -= 1
                if self._sending == 0 and self._idle is not None:
                    self._idle.set()

        return send

    def _open(self) -> aiohttp.ClientSession | None:
        if self._closed:
            return None  # slack_sdk makes a session for this one answer
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS),
                # No cap on connections (aiohttp's default is 100): answers stuck on a hanging
                # connection must not make other members' answers wait for a free one, as a
                # session per answer never did.
                connector=aiohttp.TCPConnector(limit=0),
            )
        return self._session

    async def close(self) -> None:
        """Close the session once the answers on their way have finished (Bolt's listeners run
        as tasks of their own, which stopping the web server does not wait for): closing under
        one would lose the answer to a command that was stored. Bounded, so a hanging
        response_url cannot hold up a shutdown."""
        self._closed = True
        if self._sending:
            self._idle = asyncio.Event()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), CLOSE_WAIT_SECONDS)
        if self._session is not None:
            await self._session.close()


def _message(text: str = "", **fields: Any) -> dict[str, Any]:
    """The JSON body Slack reads: the text, and each field given (Bolt leaves out a None and
    an empty list of blocks the same way)."""
    message: dict[str, Any] = {"text": text}
    message.update((key, value) for key, value in fields.items() if value not in (None, []))
    return message
