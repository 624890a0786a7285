"""The fake's gateway websocket: Discord gateway v10 with JSON encoding.

A connection gets HELLO (op 10), must IDENTIFY (op 2) or RESUME (op 6), and then receives
READY followed by one GUILD_CREATE per guild on its shard, as Discord sends them. Heartbeats
(op 1) are acknowledged (op 11). When the client asks for `compress=zlib-stream`, as
discord.py does by default, every payload is deflated into one shared zlib stream and ended
with a Z_SYNC_FLUSH, as Discord does; for `zstd-stream` (discord.py with zstandard installed)
payloads go as text frames, which discord.py reads too.

Discord's close codes for what a test may want to provoke: 4004 for a wrong token, 4014 for
a privileged intent the app was not granted, 4012 for an API version other than 10.
"""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.adapters.fake_discord.objects import JSON, PRIVILEGED_INTENTS, shard_of

HEARTBEAT_INTERVAL_MS = 41_250


@dataclass
class Session:
    """One identified gateway session (it survives reconnects through RESUME)."""

    session_id: str
    shard: tuple[int, int]
    intents: int
    sequence: int = 0
    sent: list[JSON] = field(default_factory=list)
    socket: web.WebSocketResponse | None = None
    compressor: Any = None

    async def send(self, payload: JSON) -> None:
        if self.socket is None or self.socket.closed:
            return
        await _send(self.socket, self.compressor, payload)

    async def dispatch(self, event: str, data: JSON) -> None:
        self.sequence += 1
        payload = {"op": 0, "t": event, "s": self.sequence, "d": data}
        self.sent.append(payload)
        await self.send(payload)


@dataclass(frozen=True)
class Hello:
    """What the fake tells each new session: see `Gateway`."""

    token: str
    ready: Callable[[Session], JSON]
    guild_creates: Callable[[Session], list[JSON]]
    privileged_intents: Callable[[], int]
    heartbeat_interval_ms: Callable[[], int]


class Gateway:
    """Accepts gateway connections and keeps their sessions, by session ID."""

    def __init__(self, hello: Hello) -> None:
        self._hello = hello
        self.sessions: dict[str, Session] = {}
        self.identifies: list[JSON] = []
        """The `d` of every IDENTIFY received, in order (token, intents, shard, properties)."""
        self.resumes: list[JSON] = []
        self.connections: list[dict[str, str]] = []
        """The query of every websocket connection (v, encoding, compress), in order."""
        self.heartbeats = 0
        self._sockets: set[web.WebSocketResponse] = set()
        self._changed = asyncio.Condition()
        self._counter = 0

    async def handle(self, request: web.Request) -> web.StreamResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._sockets.add(socket)
        self.connections.append(dict(request.query))
        compress = request.query.get("compress")
        compressor = zlib.compressobj() if compress == "zlib-stream" else None
        try:
            if request.query.get("v", "10") != "10":
                await socket.close(code=4012, message=b"Invalid API version")
                return socket
            await _send(
                socket,
                compressor,
                {"op": 10, "d": {"heartbeat_interval": self._hello.heartbeat_interval_ms()}},
            )
            session: Session | None = None
            async for message in socket:
                if message.type is not WSMsgType.TEXT:
                    continue
                payload = json.loads(message.data)
                op, data = payload.get("op"), payload.get("d")
                if op == 1:
                    self.heartbeats += 1
                    await _send(socket, compressor, {"op": 11})
                elif op == 2 and session is None:
                    session = await self._identify(socket, compressor, data)
                elif op == 6 and session is None:
                    session = await self._resume(socket, compressor, data)
        finally:
            self._sockets.discard(socket)
            async with self._changed:
                self._changed.notify_all()
        return socket

    async def _identify(
        self, socket: web.WebSocketResponse, compressor: Any, data: JSON
    ) -> Session | None:
        self.identifies.append(data)
        if data.get("token") != self._hello.token:
            await socket.close(code=4004, message=b"Authentication failed.")
            return None
        intents = int(data.get("intents", 0))
        if intents & PRIVILEGED_INTENTS & ~self._hello.privileged_intents():
            await socket.close(code=4014, message=b"Disallowed intent(s).")
            return None
        shard_id, shard_count = data.get("shard", [0, 1])
        self._counter += 1
        session = Session(f"fake-session-{self._counter}", (shard_id, shard_count), intents)
        session.socket, session.compressor = socket, compressor
        self.sessions[session.session_id] = session
        await session.dispatch("READY", self._hello.ready(session))
        for guild in self._hello.guild_creates(session):
            await session.dispatch("GUILD_CREATE", guild)
        async with self._changed:
            self._changed.notify_all()
        return session

    async def _resume(
        self, socket: web.WebSocketResponse, compressor: Any, data: JSON
    ) -> Session | None:
        self.resumes.append(data)
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or data.get("token") != self._hello.token:
            await _send(socket, compressor, {"op": 9, "d": False})
            return None
        session.socket, session.compressor = socket, compressor
        seen = int(data.get("seq") or 0)
        for payload in [p for p in session.sent if p["s"] > seen]:
            await session.send(payload)  # what the client missed, then RESUMED
        await session.dispatch("RESUMED", {})
        async with self._changed:
            self._changed.notify_all()
        return session

    def connected(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.socket is not None and not s.socket.closed]

    async def wait_connected(self, count: int, seconds: float) -> None:
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(self.connected()) >= count), seconds
            )

    async def dispatch(self, event: str, data: JSON, guild_id: str | None) -> int:
        """Send a dispatch to every connected session whose shard serves `guild_id`; returns
        how many got it."""
        targets = [s for s in self.connected() if shard_of(guild_id, s.shard[1]) == s.shard[0]]
        for session in targets:
            await session.dispatch(event, data)
        return len(targets)

    async def send_op(self, op: int, data: Any = None) -> None:
        """Send a non-dispatch opcode (7 RECONNECT, 9 INVALID_SESSION) to every session."""
        for session in self.connected():
            await session.send({"op": op, "d": data})

    async def close_all(self, code: int = 1001) -> None:
        for socket in list(self._sockets):
            await socket.close(code=code)


async def _send(socket: web.WebSocketResponse, compressor: Any, payload: JSON) -> None:
    text = json.dumps(payload, separators=(",", ":"))
    if compressor is None:
        await socket.send_str(text)
    else:
        await socket.send_bytes(
            compressor.compress(text.encode()) + compressor.flush(zlib.Z_SYNC_FLUSH)
        )
