"""A TCP proxy that can go silent, to stand in for a network partition to the database.

`Partition.cut()` stops forwarding in both directions without closing anything: connections
stay open, bytes sent are accepted by the operating system and then nothing comes back, and new
connections are accepted but never reach the server. That is what a dropped route looks like
to a client, except that keepalive probes are still answered (by this proxy's own TCP stack),
so only timeouts kept by the application itself can end the wait. `refuse()` is the loud
failure instead: every open connection is reset and new ones are refused (nothing listens on
the port), as when the database server is down or restarting. `heal()` ends either: it forwards
again, everything held back included, and listens again on the same port; `close()` ends every
connection.

It runs on its own thread and event loop, so it keeps working while a test's loop is busy.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import socket
import struct
import threading
from collections.abc import Coroutine
from types import TracebackType
from typing import Any, Self


class Partition:
    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._loop = asyncio.new_event_loop()
        self._flowing = asyncio.Event()
        self._writers: list[asyncio.StreamWriter] = []
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.port = 0

    def start(self) -> None:
        self._thread.start()
        self._call(self._start()).result(10)

    def cut(self) -> None:
        self._loop.call_soon_threadsafe(self._flowing.clear)

    def refuse(self) -> None:
        self._call(self._refuse()).result(10)

    def heal(self) -> None:
        self._call(self._heal()).result(10)

    def close(self) -> None:
        self._call(self._close()).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _call(self, coroutine: Coroutine[Any, Any, None]) -> concurrent.futures.Future[None]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    async def _start(self) -> None:
        self._flowing.set()
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def _refuse(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in self._writers:
            with contextlib.suppress(OSError):
                peer = writer.get_extra_info("socket")
                if peer is not None:  # closing with no linger sends a reset, not a goodbye
                    peer.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
        self._writers.clear()

    async def _heal(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self._flowing.set()

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in self._writers:
            writer.close()
        self._flowing.set()  # let the pumps see the closed ends

    async def _accept(
        self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter
    ) -> None:
        self._writers.append(client_out)
        await self._flowing.wait()  # a new connection during a partition never gets through
        try:
            server_in, server_out = await asyncio.open_connection(*self._target)
        except OSError:
            client_out.close()
            return
        self._writers.append(server_out)
        await asyncio.gather(self._pump(client_in, server_out), self._pump(server_in, client_out))

    async def _pump(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, ConnectionError):
            while True:
                await self._flowing.wait()
                data = await source.read(65536)
                if not data:
                    break
                await self._flowing.wait()
                sink.write(data)
                await sink.drain()
        sink.close()
