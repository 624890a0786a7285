"""Is this process ready to do its job? The database answers, every platform it serves is
connected, and due work has run lately.

`/readyz` asks this, so an orchestrator stops routing to (or restarts) a replica whose database
has gone away, whose Discord gateway or Slack socket dropped, or whose scheduler has stalled,
instead of seeing "ok" from a web server that is merely up (that is `/healthz`: the process and
its event loop answer). A check never waits long and never piles up: while one database ping is
still out, the next check reports the database as not answering instead of starting another.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

PING_TIMEOUT = 2.0  # seconds
STALE_MARGIN = 30.0  # seconds allowed beyond three missed due-work intervals


@dataclass(frozen=True)
class Status:
    ok: bool
    reason: str
    last_pass_seconds_ago: float | None


class Health:
    def __init__(
        self,
        ping: Callable[[], None],
        interval_seconds: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        ping_timeout: float = PING_TIMEOUT,
    ) -> None:
        self._ping = ping
        self._clock = clock
        self._ping_timeout = ping_timeout
        self.stale_after = 3 * interval_seconds + STALE_MARGIN
        self._started = clock()
        self._last_pass: float | None = None
        self._pinging: asyncio.Future[None] | None = None
        self._platforms: dict[str, Callable[[], Awaitable[bool]]] = {}

    def watch(self, title: str, connected: Callable[[], Awaitable[bool]]) -> None:
        """Report `title` (as organisers read it: "Discord") as not ready while `connected()`
        says False (`bot.platform.Platform.connected`)."""
        self._platforms[title] = connected

    def pass_finished(self) -> None:
        """Called by the heartbeat after every due-work pass that completed."""
        self._last_pass = self._clock()

    def pass_progressed(self) -> None:
        """Called after each batch of a pass: a long pass through a large backlog (paced by a
        platform's rate limits) is due work moving, and must not make every replica unready,
        which would stop the load balancer sending Slack's requests anywhere."""
        self._last_pass = self._clock()

    async def check(self) -> Status:
        now = self._clock()
        age = None if self._last_pass is None else now - self._last_pass
        database = await self._database()
        if database:
            return Status(False, database, age)
        for title, connected in self._platforms.items():
            if not await connected():
                return Status(False, f"{title} is not connected", age)
        if (age if age is not None else now - self._started) > self.stale_after:
            since = "no due-work pass has finished or moved on" + (
                f" for {age:.0f} s" if age is not None else " since start"
            )
            return Status(False, since, age)
        return Status(True, "", age)

    async def _database(self) -> str:
        """Empty when the database answered; otherwise why not."""
        if self._pinging is not None and not self._pinging.done():
            return "the database is not answering (an earlier check is still waiting)"
        self._pinging = asyncio.ensure_future(asyncio.to_thread(self._ping))
        self._pinging.add_done_callback(_collect)
        try:
            await asyncio.wait_for(asyncio.shield(self._pinging), self._ping_timeout)
        except TimeoutError:
            return f"the database did not answer within {self._ping_timeout:.0f} s"
        except Exception as error:
            return f"the database refused the check ({type(error).__name__})"
        return ""


def _collect(ping: asyncio.Future[None]) -> None:
    if not ping.cancelled():
        ping.exception()
