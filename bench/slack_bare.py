"""The Slack benches' baseline: a bare slack-bolt `AsyncApp` with nothing of Rebound in it,
served over HTTP like `rebound run` (`AsyncSlackAppServer`, signature checked), in a process of
its own, so that the baseline pays what Rebound's process pays for Slack's side of a command.

    python -m bench.slack_bare --port 3001 --secret S --api-url http://127.0.0.1:8000/api/

Its slash command handler only acknowledges (Bolt's defaults: `process_before_response` off,
so Bolt's runner polls for the acknowledgement in 10 ms steps). `--respond` also answers
through the command's `response_url` ("Noted."), the shape of Rebound's answer without the
core (the throughput bench's baseline); `--before-response` turns `process_before_response`
on, the floor Bolt allows.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

TOKEN = "xoxb-T1"


def app(secret: str, api_url: str, *, respond: bool, before_response: bool) -> AsyncApp:
    bare = AsyncApp(
        client=AsyncWebClient(token=TOKEN, base_url=api_url),
        signing_secret=secret,
        process_before_response=before_response,
    )

    async def acknowledge(ack: Callable[[], Awaitable[None]]) -> None:
        await ack()

    async def noted(respond: Callable[..., Awaitable[Any]]) -> None:
        await respond(text="Noted.", response_type="ephemeral")

    if respond and before_response:
        bare.command("/rejected")(ack=acknowledge, lazy=[noted])
    elif respond:

        async def both(ack: Callable[[], Awaitable[None]], respond: Any) -> None:
            await ack()
            await noted(respond)

        bare.command("/rejected")(both)
    else:
        bare.command("/rejected")(acknowledge)
    return bare


async def serve(args: argparse.Namespace) -> None:
    bare = app(args.secret, args.api_url, respond=args.respond, before_response=args.before)
    server = AsyncSlackAppServer(port=args.port, path="/slack/events", app=bare)

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    server.web_app.router.add_get("/healthz", healthz)
    runner = web.AppRunner(server.web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", args.port).start()
    await asyncio.Event().wait()  # until the bench terminates the process


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.slack_bare")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--respond", action="store_true", help="also answer via response_url")
    parser.add_argument("--before-response", dest="before", action="store_true")
    logging.basicConfig(level=logging.WARNING)
    with contextlib.suppress(KeyboardInterrupt):  # how the bench stops it
        asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
