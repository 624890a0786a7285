"""The fake's REST routes: what each does to the fake's state and what it answers.

Each route has a name (used by `FakeDiscord.fail_next` and friends, and in `Call.route`):

    get_me                GET    /users/@me
    get_user              GET    /users/{user_id}
    application_info      GET    /oauth2/applications/@me
    get_gateway           GET    /gateway
    get_bot_gateway       GET    /gateway/bot
    sync_commands         PUT    /applications/{app}/commands
    sync_guild_commands   PUT    /applications/{app}/guilds/{guild}/commands
    interaction_callback  POST   /interactions/{id}/{token}/callback
    followup              POST   /webhooks/{app}/{token}
    edit_followup         PATCH  /webhooks/{app}/{token}/messages/{id or @original}
    delete_followup       DELETE /webhooks/{app}/{token}/messages/{id or @original}
    get_followup          GET    /webhooks/{app}/{token}/messages/{id or @original}
    open_dm               POST   /users/@me/channels
    send_message          POST   /channels/{channel}/messages
    edit_message          PATCH  /channels/{channel}/messages/{message}
    delete_message        DELETE /channels/{channel}/messages/{message}
    get_messages          GET    /channels/{channel}/messages
    get_member            GET    /guilds/{guild}/members/{user}
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web
from aiohttp.web_request import FileField

from tests.adapters.fake_discord.objects import JSON, error

if TYPE_CHECKING:
    from tests.adapters.fake_discord.server import Call, FakeDiscord

Handler = Callable[["FakeDiscord", "Call", dict[str, str]], Awaitable[Any]]


class Reply(Exception):
    """An error answer from a handler: HTTP status and Discord's `{"code", "message"}`."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.body = error(code, message)


NO_AUTH = frozenset({"interaction_callback", "followup", "edit_followup", "delete_followup",
                     "get_followup", "get_gateway"})  # fmt: skip
"""Routes Discord serves without the bot token (the interaction token is the credential)."""


def _route(method: str, pattern: str) -> tuple[str, re.Pattern[str]]:
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern)
    return method, re.compile(f"^{regex}$")


ROUTES: dict[str, tuple[str, re.Pattern[str]]] = {
    "get_me": _route("GET", "/users/@me"),
    "open_dm": _route("POST", "/users/@me/channels"),
    "get_user": _route("GET", "/users/{user_id}"),
    "application_info": _route("GET", "/oauth2/applications/@me"),
    "get_gateway": _route("GET", "/gateway"),
    "get_bot_gateway": _route("GET", "/gateway/bot"),
    "sync_commands": _route("PUT", "/applications/{app}/commands"),
    "sync_guild_commands": _route("PUT", "/applications/{app}/guilds/{guild_id}/commands"),
    "interaction_callback": _route("POST", "/interactions/{interaction_id}/{token}/callback"),
    "followup": _route("POST", "/webhooks/{app}/{token}"),
    "edit_followup": _route("PATCH", "/webhooks/{app}/{token}/messages/{message_id}"),
    "delete_followup": _route("DELETE", "/webhooks/{app}/{token}/messages/{message_id}"),
    "get_followup": _route("GET", "/webhooks/{app}/{token}/messages/{message_id}"),
    "send_message": _route("POST", "/channels/{channel_id}/messages"),
    "edit_message": _route("PATCH", "/channels/{channel_id}/messages/{message_id}"),
    "delete_message": _route("DELETE", "/channels/{channel_id}/messages/{message_id}"),
    "get_messages": _route("GET", "/channels/{channel_id}/messages"),
    "get_member": _route("GET", "/guilds/{guild_id}/members/{user_id}"),
}


def match(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    for name, (route_method, pattern) in ROUTES.items():
        found = pattern.match(path)
        if found is not None and route_method == method:
            return name, found.groupdict()
    return None


def rate_limited(route: str, retry_after: float, *, is_global: bool) -> tuple[JSON, dict[str, str]]:
    """Discord's 429: body and headers. discord.py reads `retry_after` from the body, and
    treats a 429 without a `Via` header as a Cloudflare ban (it raises instead of retrying)."""
    body: JSON = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
    }
    headers = {
        "Retry-After": str(retry_after),
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset-After": str(retry_after),
        "X-RateLimit-Bucket": f"fake-{route}",
        "X-RateLimit-Scope": "global" if is_global else "user",
        "Via": "1.1 google",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    return body, headers


def json_answer(
    body: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A JSON answer with Content-Type exactly `application/json`, as Discord sends it:
    discord.py parses a body as JSON only then (aiohttp's json_response adds a charset)."""
    sent = {**(headers or {}), "Content-Type": "application/json"}
    return web.Response(body=json.dumps(body).encode(), status=status, headers=sent)


async def read_body(request: web.Request) -> tuple[Any, list[tuple[str, str, bytes]]]:
    if not request.can_read_body:
        return None, []
    if request.content_type == "multipart/form-data":
        form = await request.post()
        body: Any = None
        files: list[tuple[str, str, bytes]] = []
        for key, value in form.items():
            if isinstance(value, FileField):
                files.append((key, value.filename, value.file.read()))
            elif key == "payload_json":
                body = json.loads(str(value))
        return body, files
    raw = await request.read()
    return (json.loads(raw) if raw else None), []
