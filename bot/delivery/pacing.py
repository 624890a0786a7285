"""Outgoing pace per platform, so a fan-out to a thousand members never trips rate limits.

Slack allows about one message per second per channel with short bursts; a token bucket per
channel (and a wider one per workspace) keeps us under that.

Discord: discord.py waits out each 429 itself, but a fan-out should not lean on 429s (Discord
bans a bot's IP for a while after too many invalid requests: 10,000 per 10 minutes), so we keep
under its documented limits instead. Global: 50 requests per second per bot, across all guilds;
a message may take two (opening the DM on first contact, then the post) and interaction answers
and history reads share that budget, so messages go at most 25 per second (`overall`). Per
channel: Discord's message bucket is about 5 messages per 5 seconds, so one a second with a
burst of 5. Per guild 10 a second: Discord documents no per-guild message limit, but opening
many DMs quickly is what its anti-spam watches. The buckets are per process: replicas or
shards running side by side each keep their own.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.ports import Delivery, Messenger
from bot.values import Outbound


@dataclass
class TokenBucket:
    rate: float  # tokens added per second
    burst: float  # most tokens held at once
    tokens: float
    updated: float

    def take(self, now: float) -> float:
        """Take one token; return how long to wait before the message may go."""
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


@dataclass(frozen=True)
class Pace:
    per_channel: tuple[float, float]  # (rate per second, burst)
    per_workspace: tuple[float, float]
    overall: tuple[float, float] | None = None  # every message this process sends


SLACK_PACE = Pace(per_channel=(1.0, 3.0), per_workspace=(20.0, 40.0))
DISCORD_PACE = Pace(per_channel=(1.0, 5.0), per_workspace=(10.0, 20.0), overall=(25.0, 25.0))


class Pacer:
    def __init__(
        self,
        pace: Pace,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._pace = pace
        self._clock = clock
        self._sleep = sleep
        self._buckets: dict[str, TokenBucket] = {}

    def _bucket(self, key: str, rate: float, burst: float, now: float) -> TokenBucket:
        if key not in self._buckets:
            self._buckets[key] = TokenBucket(rate, burst, burst, now)
        return self._buckets[key]

    async def wait(self, message: Outbound) -> None:
        destination = message.destination
        now = self._clock()
        channel = destination.channel_id or f"dm:{destination.user_id}"
        waits = [
            self._bucket(f"{destination.workspace_id}/{channel}", *self._pace.per_channel, now),
            self._bucket(destination.workspace_id, *self._pace.per_workspace, now),
        ]
        if self._pace.overall is not None:
            waits.append(self._bucket("*", *self._pace.overall, now))  # no id is "*"
        delay = max(bucket.take(now) for bucket in waits)
        if delay > 0:
            await self._sleep(delay)


class PacedMessenger:
    """A messenger that waits its turn before each send."""

    def __init__(self, inner: Messenger, pacer: Pacer) -> None:
        self._inner = inner
        self._pacer = pacer

    async def send(self, message: Outbound) -> Delivery:
        await self._pacer.wait(message)
        return await self._inner.send(message)

    async def find(self, message: Outbound) -> Delivery | None:
        return await self._inner.find(message)

    async def retract(self, message: Outbound, message_ref: str) -> None:
        await self._inner.retract(message, message_ref)
