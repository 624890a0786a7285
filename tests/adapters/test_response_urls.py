"""Answers to Slack commands go through one shared HTTP session, closed when the runtime stops;
an answer already on its way when that happens still arrives (found by a break-it session: the
session was closed under it, and a stored `/rejected` got no answer)."""

from __future__ import annotations

import asyncio
import json

from aiohttp import web

from adapters.slack.response_urls import ResponseUrls
from tests.adapters.local_server import LocalServer


class SlowResponseUrl(LocalServer):
    """A response_url that takes half a second to accept each answer."""

    def __init__(self) -> None:
        self.received: list[dict[str, object]] = []

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/answer", self._answer)
        return app

    async def _answer(self, request: web.Request) -> web.Response:
        await asyncio.sleep(0.5)
        self.received.append(json.loads(await request.text()))
        return web.Response(text="ok")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}/answer"


async def test_an_answer_on_its_way_when_the_runtime_stops_still_arrives() -> None:
    async with SlowResponseUrl() as server:
        urls = ResponseUrls()
        sending = asyncio.ensure_future(urls.respond(server.url)(text="Logged Acme"))
        await asyncio.sleep(0.1)  # the answer is on its way
        await urls.close()
        response = await sending
        assert response.status_code == 200
        assert server.received == [{"text": "Logged Acme"}]
        # and one sent after the close gets a session of its own
        later = await urls.respond(server.url)(text="Logged Beta")
        assert later.status_code == 200 and len(server.received) == 2
