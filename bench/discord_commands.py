"""How fast a Discord command is answered: `/rejected` through the real discord.py client and
Rebound's Discord runtime, against the local fake Discord (gateway and REST), on SQLite.

What is timed, for each interaction: from the moment the fake gateway dispatches
INTERACTION_CREATE to the moment the fake REST API has received the interaction callback (the
initial response Discord waits at most 3 seconds for). Everything between is ours and
discord.py's: the websocket frame, discord.py's parsing and command tree, the core's
transaction on the database, rendering and the HTTP request back.

The baseline is the same round trip with nothing of Rebound in it: a bare discord.py client
that answers every interaction at once with a fixed message. The ratio of the two is what
compares across machines.

Rebound is wired as `rebound run` wires it (`bot.runtime.wiring.build` on a migrated SQLite
file, `DiscordRuntime` with DISCORD_API_URL and DISCORD_GATEWAY_URL pointed at the fake, memory
settled after start), and the interactions are the fake's recorded payload shapes.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
from discord.http import Route

from adapters.discord.runtime import DiscordRuntime
from bot.clock import SystemClock
from bot.runtime.wiring import build, settle_memory
from tests.adapters.fake_discord import TOKEN, FakeDiscord, option, point_discord_at
from tests.adapters.fake_discord.server import Call

MEMBER = "1300000000000000042"
WARM_UP_MEMBER = "1300000000000000043"
ANSWER_SECONDS = 10.0  # an interaction not answered by then fails the run


class TimedFakeDiscord(FakeDiscord):
    """The fake Discord, noting when each interaction is dispatched and first answered."""

    def __init__(self) -> None:
        super().__init__()
        self.dispatched_at: dict[str, float] = {}
        self.answered_at: dict[str, float] = {}
        self.answer_types: dict[str, int] = {}
        self._answered = asyncio.Condition()

    async def dispatch_interaction(self, payload: dict[str, Any]) -> None:
        self.dispatched_at[payload["id"]] = time.perf_counter()
        await super().dispatch_interaction(payload)

    async def handle(self, route: str, call: Call, params: dict[str, str]) -> tuple[int, Any]:
        if route == "interaction_callback":
            interaction_id = params["interaction_id"]
            self.answered_at.setdefault(interaction_id, time.perf_counter())
            self.answer_types.setdefault(interaction_id, int((call.json or {}).get("type", 0)))
            async with self._answered:
                self._answered.notify_all()
        return await super().handle(route, call, params)

    async def round_trip(self, payload: dict[str, Any]) -> float:
        """Dispatch `payload` and wait for its callback: the milliseconds in between."""
        interaction_id = payload["id"]
        async with self._answered:
            await self.dispatch_interaction(payload)
            await asyncio.wait_for(
                self._answered.wait_for(lambda: interaction_id in self.answered_at),
                ANSWER_SECONDS,
            )
        return (self.answered_at[interaction_id] - self.dispatched_at[interaction_id]) * 1000


@dataclass
class Run:
    """The timings of one series, in milliseconds, and how each was answered."""

    samples_ms: list[float] = field(default_factory=list)
    answer_types: dict[int, int] = field(default_factory=dict)


async def series(
    fake: TimedFakeDiscord, count: int, warm_up: int, company: Callable[[int], str]
) -> Run:
    """`warm_up` unmeasured `/rejected` by another member, then `count` measured ones, each
    with its own company, one after the other."""
    run = Run()
    for index in range(warm_up):
        where = fake.in_guild(WARM_UP_MEMBER)
        args = [option("company", f"Warm-up {index}")]
        await fake.round_trip(fake.slash_command(where, "rejected", args))
    for index in range(count):
        payload = fake.slash_command(
            fake.in_guild(MEMBER), "rejected", [option("company", company(index))]
        )
        run.samples_ms.append(await fake.round_trip(payload))
        kind = fake.answer_types[payload["id"]]
        run.answer_types[kind] = run.answer_types.get(kind, 0) + 1
        await asyncio.sleep(0)  # let the runtime finish what follows its answer
    return run


async def baseline(count: int, warm_up: int) -> Run:
    """The bare round trip: a discord.py client answering each interaction at once."""
    async with TimedFakeDiscord() as fake, _bare_client(fake):
        return await series(fake, count, warm_up, lambda i: f"Company {i}")


async def rebound(count: int, warm_up: int) -> Run:
    """Rebound's own round trip, on a fresh SQLite file in a temporary folder (migrated)."""
    with tempfile.TemporaryDirectory(prefix="rebound-bench-") as folder:
        path = Path(folder) / "bench.db"
        async with TimedFakeDiscord() as fake, _rebound(fake, f"sqlite:///{path}"):
            return await series(fake, count, warm_up, lambda i: f"Company {i} GmbH")


@asynccontextmanager
async def _bare_client(fake: FakeDiscord) -> AsyncIterator[discord.Client]:
    client = discord.Client(
        intents=discord.Intents.none(), allowed_mentions=discord.AllowedMentions.none()
    )

    @client.event
    async def on_interaction(interaction: discord.Interaction[Any]) -> None:
        route = Route(
            "POST",
            "/interactions/{interaction_id}/{interaction_token}/callback",
            interaction_id=interaction.id,
            interaction_token=interaction.token,
        )
        answer = {"content": "Noted.", "flags": 64, "allowed_mentions": {"parse": []}}
        await client.http.request(route, json={"type": 4, "data": answer})

    with point_discord_at(fake):
        await client.login(fake.token)
        connection = asyncio.create_task(client.connect(reconnect=False))
        try:
            await _ready(client.wait_until_ready(), connection)
            yield client
        finally:
            await client.close()
            await asyncio.gather(connection, return_exceptions=True)


@asynccontextmanager
async def _rebound(fake: FakeDiscord, database_url: str) -> AsyncIterator[DiscordRuntime]:
    with point_discord_at(fake):  # restores discord.py's class attributes after
        services = await asyncio.to_thread(build, database_url, "UTC")
        runtime = DiscordRuntime(
            TOKEN,
            services.core,
            SystemClock(),
            api_url=fake.api_url,
            gateway_url=fake.gateway_url,
        )
        try:
            await runtime.start()
            settle_memory()  # as `rebound run` does once its platforms are up
            yield runtime
        finally:
            await runtime.stop()
            services.engine.dispose()


async def _ready(ready: Awaitable[None], connection: asyncio.Task[None]) -> None:
    waiting = asyncio.ensure_future(ready)
    done, _ = await asyncio.wait({waiting, connection}, timeout=ANSWER_SECONDS,
                                 return_when=asyncio.FIRST_COMPLETED)  # fmt: skip
    if waiting not in done:
        waiting.cancel()
        raise RuntimeError("the bare discord.py client did not reach READY on the fake")


def quiet_logs() -> None:
    """Only warnings: a log line per interaction would be part of what is measured."""
    logging.basicConfig(level=logging.WARNING)
    for name in ("discord", "adapters", "bot", "storage", "alembic", "aiohttp"):
        logging.getLogger(name).setLevel(logging.WARNING)
