"""Rebound's Discord runtime against the fake Discord, as a test drives it: one member acting
in the guild or in their DM, each interaction dispatched and waited for until Rebound has done
everything it does about it, and what the member saw read back as text."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import discord
import discord.gateway

from adapters.discord.runtime import DiscordRuntime
from bot.clock import SimulatedClock
from bot.commands.registry import REGISTRY, Registry
from bot.core import Core
from bot.messages.replies import PROBLEMS
from bot.ports import UnitOfWork
from tests.adapters.fake_discord import TOKEN, FakeDiscord
from tests.adapters.fake_discord.handlers import Interaction
from tests.backends import url_for

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
MEMBER = "1300000000000000042"
QUIET_SECONDS = 0.15  # no REST call for this long after the answer: Rebound is done
JSON = dict[str, Any]


def sqlite_only(tmp_path: Path) -> str:
    """A `database_url` for these tests: SQLite alone. They check the Discord path, which is
    the same on every database, and each starts a runtime (discord.py holds READY back for its
    `guild_ready_timeout`, 2 s), so running them once per database would double a slow suite."""
    return url_for("sqlite", tmp_path)


@asynccontextmanager
async def discord_rebound(
    uow: UnitOfWork, registry: Registry = REGISTRY
) -> AsyncIterator[tuple[FakeDiscord, DiscordRuntime]]:
    """A fake Discord and a started runtime on `uow` (discord.py's base URLs restored after);
    `registry`: the commands the core and the runtime serve (a test may add one)."""
    saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    async with FakeDiscord() as fake:
        runtime = DiscordRuntime(
            TOKEN,
            Core(uow, "Europe/Berlin", registry=registry),
            SimulatedClock(NOW, frozen=True),
            api_url=fake.api_url,
            gateway_url=fake.gateway_url,
            registry=registry,
        )
        try:
            await runtime.start()
            yield fake, runtime
        finally:
            await runtime.stop()
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved


@dataclass(frozen=True)
class Outcome:
    """One interaction and everything Rebound sent because of it."""

    interaction: Interaction
    sent: list[JSON]  # bodies of messages posted to channels or DMs meanwhile

    @property
    def callback(self) -> JSON:
        [only] = self.interaction.callbacks  # the fake refuses a second one
        return only

    def shown(self) -> list[JSON]:
        """The messages the member got privately: the answer and its follow-ups."""
        answer = [self.callback["data"]] if self.callback["type"] in (4, 7) else []
        return answer + self.interaction.followups

    def text(self) -> str:
        return "\n".join(text_of(m) for m in [*self.shown(), *self.sent])


async def interact(fake: FakeDiscord, payload: JSON, seconds: float = 10.0) -> Outcome:
    """Dispatch `payload` and wait until it is answered and Rebound has gone quiet."""
    before = len(fake.calls)
    await fake.dispatch_interaction(payload)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    known = fake.interactions[payload["id"]]
    seen = -1
    while not known.callbacks or len(fake.calls) != seen:
        if loop.time() > deadline:
            raise AssertionError(f"interaction {payload['data']} not answered in time")
        seen = len(fake.calls)
        await asyncio.sleep(QUIET_SECONDS)
    sent = [c.json for c in fake.calls[before:] if c.route == "send_message" and c.json]
    return Outcome(known, sent)


def text_of(message: JSON) -> str:
    """A message's words: content, and its embeds' titles, descriptions and fields."""
    parts = [str(message.get("content") or "")]
    for embed in message.get("embeds") or []:
        parts += [str(embed.get("title") or ""), str(embed.get("description") or "")]
        for field in embed.get("fields") or []:
            parts += [str(field.get("name") or ""), str(field.get("value") or "")]
    return "\n".join(p for p in parts if p)


def problems_in(text: str) -> list[str]:
    """The problem answers (`bot.messages.replies.PROBLEMS`) whose fixed opening is in `text`."""
    found = []
    for key, template in PROBLEMS.items():
        opening = template.split("{")[0].split("`")[0].split("*")[0].strip()
        if len(opening) >= 10 and opening in text:
            found.append(key)
    return found


def buttons_of(message: JSON) -> list[JSON]:
    return [b for row in message.get("components") or [] for b in row.get("components") or []]
