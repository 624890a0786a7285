"""Socket Mode: `SLACK_APP_TOKEN` connects out over a WebSocket (here a local stand-in for
Slack's) instead of listening for HTTP; commands arrive as envelopes and are acknowledged."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import parse_qsl

import pytest
from aiohttp import WSMsgType, web

from adapters.slack.config import SlackConfig
from adapters.slack.runtime import SlackRuntime
from bot.clock import SimulatedClock
from bot.core import Core
from bot.platform import StartFailure
from bot.ports import UnitOfWork
from tests.adapters.conftest import NOON, eventually
from tests.adapters.fake_slack import Call, FakeSlack
from tests.adapters.slack_requests import slash_command_body


class SocketSlack(FakeSlack):
    """The fake Web API plus Slack's Socket Mode WebSocket endpoint."""

    def __init__(self) -> None:
        super().__init__()
        self.acks: list[dict[str, Any]] = []
        self.sockets: list[web.WebSocketResponse] = []
        self._ws_runner: web.AppRunner | None = None
        self.ws_url = ""

    async def start(self) -> None:
        await super().start()
        app = web.Application()
        app.router.add_get("/socket", self._socket)
        self._ws_runner = web.AppRunner(app, access_log=None)
        await self._ws_runner.setup()
        site = web.TCPSite(self._ws_runner, "127.0.0.1", 0)
        await site.start()
        self.ws_url = f"ws://127.0.0.1:{self._ws_runner.addresses[0][1]}/socket"

    async def stop(self) -> None:
        for socket in self.sockets:
            await socket.close()
        if self._ws_runner is not None:
            await self._ws_runner.cleanup()
        await super().stop()

    def _handlers(self) -> dict[str, Callable[[Call], dict[str, Any]]]:
        return {**super()._handlers(), "apps.connections.open": self._connections_open}

    def _connections_open(self, call: Call) -> dict[str, Any]:
        assert call.token == "xapp-1"
        return {"url": self.ws_url}

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": 1})
        async for message in socket:
            if message.type is WSMsgType.TEXT:
                self.acks.append(json.loads(message.data))
        return socket

    async def push(self, envelope: dict[str, Any]) -> None:
        await self.sockets[-1].send_json(envelope)


@pytest.fixture
async def socket_slack(uow: UnitOfWork, database_url: str) -> AsyncIterator[SocketSlack]:
    fake = SocketSlack()
    await fake.start()
    config = SlackConfig(bot_token="xoxb-T1", app_token="xapp-1", api_url=fake.api_url)
    runtime = SlackRuntime(config, Core(uow, "Europe/Berlin"), SimulatedClock(NOON, frozen=True))
    await runtime.start()
    try:
        yield fake
    finally:
        await runtime.stop()
        await fake.stop()


async def test_a_command_over_socket_mode_is_acknowledged_and_answered(
    socket_slack: SocketSlack,
) -> None:
    await eventually(lambda: socket_slack.sockets)
    form = dict(
        parse_qsl(
            slash_command_body(
                "/rejected", "Acme Corp", response_url=socket_slack.response_url("ws")
            ).decode()
        )
    )
    await socket_slack.push(
        {
            "envelope_id": "env-1",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": form,
        }
    )
    await eventually(lambda: socket_slack.acks and socket_slack.responses_to("ws"))
    assert socket_slack.acks[0]["envelope_id"] == "env-1"
    answer = socket_slack.responses_to("ws")[0]
    assert "Logged *Acme Corp*" in json.dumps(answer["blocks"])
    await asyncio.sleep(0)


def test_socket_mode_needs_no_signing_secret_but_http_mode_does() -> None:
    assert SlackConfig(bot_token="xoxb-1", app_token="xapp-1").problems() == []
    assert any("SLACK_SIGNING_SECRET" in p for p in SlackConfig(bot_token="xoxb-1").problems())


async def test_a_refused_app_token_is_a_start_failure_in_plain_words(uow: UnitOfWork) -> None:
    fake = SocketSlack()
    await fake.start()
    fake.error_next("apps.connections.open", "invalid_auth")
    config = SlackConfig(bot_token="xoxb-T1", app_token="xapp-1", api_url=fake.api_url)
    runtime = SlackRuntime(config, Core(uow, "Europe/Berlin"), SimulatedClock(NOON, frozen=True))
    try:
        with pytest.raises(StartFailure) as failed:
            await runtime.start()
    finally:
        await runtime.stop()
        await fake.stop()
    assert str(failed.value) == (
        "Slack refused the Socket Mode connection (invalid_auth); check SLACK_APP_TOKEN "
        "(an app-level token with connections:write)"
    )
    assert fake.sockets == []
