"""`FakeDiscord`: the server, its set-up, failure injection and reading back (see the package
docstring); the REST routes' behaviour is in `handlers.py`."""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.adapters.fake_discord import mentions, rest
from tests.adapters.fake_discord.gateway import HEARTBEAT_INTERVAL_MS, Gateway, Hello, Session
from tests.adapters.fake_discord.handlers import Handlers
from tests.adapters.fake_discord.objects import JSON, OWNER_ID, Guild, Person, error, shard_of
from tests.adapters.local_server import LocalServer

# Shaped like a real token (three dotted parts), which Rebound checks before it connects.
TOKEN = "ZmFrZS1ib3Q.ZmFrZQ.ZmFrZS1ib3QtdG9rZW4"
APPLICATION_ID = "1100000000000000001"
BOT_USER_ID = "1100000000000000001"  # a bot's user ID is its application's ID
GUILD_ID = "1200000000000000001"
CHANNEL_ID = "1200000000000000002"


@dataclass(frozen=True)
class Call:
    """One REST request as the fake received it (failed ones included).

    `path` is relative to `/api/v10`; `json` is the JSON body, or for a multipart request the
    parsed `payload_json` part; `files` the multipart file parts as (field, filename, bytes).
    """

    route: str
    method: str
    path: str
    json: Any
    query: dict[str, str]
    headers: dict[str, str]
    files: list[tuple[str, str, bytes]] = field(default_factory=list)

    @property
    def authorization(self) -> str | None:
        return self.headers.get("Authorization")


@dataclass(frozen=True)
class _Failure:
    status: int
    body: JSON
    headers: dict[str, str]


class FakeDiscord(Handlers, LocalServer):
    """The fake Discord REST API and gateway. See the package docstring."""

    def __init__(self, *, token: str = TOKEN, privileged_intents: int = 0) -> None:
        """`privileged_intents`: the privileged intent bits the app is granted (none: an
        IDENTIFY asking for one is closed with 4014, as Discord does)."""
        super().__init__()
        self.token = token
        self.application_id = APPLICATION_ID
        self.bot = Person(BOT_USER_ID, "Rebound", None, bot=True)
        self.privileged_intents = privileged_intents
        self.heartbeat_interval_ms = HEARTBEAT_INTERVAL_MS
        self.calls: list[Call] = []
        self.guilds: dict[str, Guild] = {}
        self.add_guild(GUILD_ID, name="Job Club", channels={CHANNEL_ID: "general"})
        self.add_user(OWNER_ID, "owner")
        self.gateway = Gateway(
            Hello(
                token=token,
                ready=self._ready,
                guild_creates=self._guild_creates,
                privileged_intents=lambda: self.privileged_intents,
                heartbeat_interval_ms=lambda: self.heartbeat_interval_ms,
            )
        )
        self._failures: dict[str, deque[_Failure | None]] = {}
        self._after: dict[str, deque[int]] = {}
        self._delays: dict[str, deque[float]] = {}
        self.mention_violations: list[str] = []
        """Every request that could ping someone (see `mentions.py`), in words."""
        self.mentions_checked = True
        """False for tests of the fake itself, which send as they like."""
        mentions.FAKES.append(self)

    # -------------------------------------------------------------- lifecycle

    shutdown_timeout = 1.0

    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        return app

    async def before_stop(self) -> None:
        await self.gateway.close_all()

    @property
    def api_url(self) -> str:
        """The REST base, ending in `/api/v10` (what DISCORD_API_URL names)."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """The gateway websocket URL, without query (what DISCORD_GATEWAY_URL names)."""
        return f"ws://127.0.0.1:{self._port}/gateway"

    # ------------------------------------------------------------ set-up

    def add_guild(self, guild_id: str, *, name: str, channels: dict[str, str]) -> Guild:
        """A guild the bot is in, with text channels (ID -> name); sent on every IDENTIFY."""
        guild = Guild(guild_id, name, OWNER_ID, dict(channels))
        self.guilds[guild_id] = guild
        return guild

    def add_user(self, user_id: str, username: str, global_name: str | None = None) -> Person:
        person = Person(user_id, username, global_name)
        self.users[user_id] = person
        return person

    def refuse_dms(self, user_id: str) -> None:
        """Messages to this user's DM are refused with 403 and code 50007, as Discord does
        for a user who blocked the bot or closed DMs from server members."""
        self.dm_refusers.add(user_id)

    def fail_next(
        self,
        route: str,
        *,
        status: int = 429,
        retry_after: float = 0.05,
        is_global: bool = False,
        code: int = 0,
        message: str | None = None,
        times: int = 1,
        after: int = 0,
    ) -> None:
        """Answer the next `times` calls to `route` (a name from `rest.py`) with `status`,
        once `after` more calls have been answered normally.

        A 429 is Discord's rate limit answer: `{"retry_after", "global", "message"}` with
        Retry-After, X-RateLimit-* and a `Via` header (discord.py treats a 429 without `Via` as
        a Cloudflare ban and does not retry). Other statuses answer `{"code", "message"}`.
        Note discord.py retries 500, 502, 504 and 524 after sleeping 1 s, 3 s, ...; a 503 is
        raised at once as `DiscordServerError`.
        """
        _known(route)
        if status == 429:
            body, headers = rest.rate_limited(route, retry_after, is_global=is_global)
        else:
            body, headers = error(code, message or f"{status}: fake failure"), {}
        failure = _Failure(status, body, headers)
        self._failures.setdefault(route, deque()).extend([None] * after + [failure] * times)

    def accept_then_fail(self, route: str, *, status: int = 500, times: int = 1) -> None:
        """The next `times` calls to `route` take effect (a message is stored), then the answer
        is `status`: the ambiguous failure after which a client cannot tell if Discord kept it
        (discord.py retries a 500 and so sends the message again)."""
        _known(route)
        self._after.setdefault(route, deque()).extend([status] * times)

    def delay_next(self, route: str, seconds: float, times: int = 1) -> None:
        """Hold the next `times` calls to `route` for `seconds` before answering."""
        _known(route)
        self._delays.setdefault(route, deque()).extend([seconds] * times)

    # ------------------------------------------------------------ gateway

    async def wait_connected(self, count: int = 1, seconds: float = 10.0) -> None:
        """Until `count` gateway sessions have identified (or resumed) and are connected."""
        await self.gateway.wait_connected(count, seconds)

    async def reconnect_clients(self) -> None:
        """Ask every connected client to reconnect (op 7), as Discord does before restarting
        a gateway node; discord.py then RESUMEs and gets what it missed and RESUMED."""
        await self.gateway.send_op(7)

    async def dispatch(self, event: str, data: JSON, *, guild_id: str | None = None) -> int:
        """Send a dispatch event to the shard(s) serving `guild_id`; returns how many got it."""
        return await self.gateway.dispatch(event, data, guild_id)

    async def dispatch_interaction(self, payload: JSON) -> None:
        """Send INTERACTION_CREATE to the connected client whose shard serves its guild (shard
        0 for a DM). Fails if no connected client would receive it."""
        self.remember_interaction(payload)
        sent = await self.dispatch("INTERACTION_CREATE", payload, guild_id=payload.get("guild_id"))
        if not sent:
            raise AssertionError("no connected gateway session serves this interaction")

    @property
    def identifies(self) -> list[JSON]:
        """Every IDENTIFY's `d` (token, intents, shard, properties), in order."""
        return self.gateway.identifies

    def _ready(self, session: Session) -> JSON:
        shard_id, shard_count = session.shard
        return {
            "v": 10,
            "user": {**self.bot.user(), "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [
                {"id": g.id, "unavailable": True}
                for g in self.guilds.values()
                if shard_of(g.id, shard_count) == shard_id
            ],
            "session_id": session.session_id,
            "resume_gateway_url": self.gateway_url,
            "shard": [shard_id, shard_count],
            "application": {"id": self.application_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
        }

    def _guild_creates(self, session: Session) -> list[JSON]:
        shard_id, shard_count = session.shard
        return [
            g.create_event(self.bot)
            for g in self.guilds.values()
            if shard_of(g.id, shard_count) == shard_id
        ]

    # ------------------------------------------------------------ reading back

    def calls_to(self, route: str) -> list[Call]:
        return [call for call in self.calls if call.route == route]

    # ------------------------------------------------------------ HTTP plumbing

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        found = rest.match(request.method, path)
        if found is None:
            return rest.json_answer(error(0, "404: Not Found"), status=404)
        route, params = found
        body, files = await rest.read_body(request)
        call = Call(route, request.method, path, body, dict(request.query),
                    dict(request.headers), files)  # fmt: skip
        self.calls.append(call)
        self.mention_violations += mentions.violations(call)
        delays = self._delays.get(route)
        if delays:
            await asyncio.sleep(delays.popleft())
        failures = self._failures.get(route)
        if failures:
            failure = failures.popleft()
            if failure is not None:
                return rest.json_answer(failure.body, status=failure.status,
                                         headers=failure.headers)  # fmt: skip
        if route not in rest.NO_AUTH and call.authorization != f"Bot {self.token}":
            return rest.json_answer(error(0, "401: Unauthorized"), status=401)
        try:
            status, answer = await self.handle(route, call, params)
        except rest.Reply as reply:
            return rest.json_answer(reply.body, status=reply.status)
        after = self._after.get(route)
        if after:
            return rest.json_answer(error(0, "500: Internal Server Error"),
                                     status=after.popleft())  # fmt: skip
        if status == 204:
            return web.Response(status=204)
        return rest.json_answer(answer, status=status)


def _known(route: str) -> None:
    if route not in rest.ROUTES:
        raise ValueError(f"unknown route {route!r}; see tests/adapters/fake_discord/rest.py")
