"""What every fake platform server shares: an aiohttp app on a free port of 127.0.0.1,
started once, stopped once, usable as `async with`."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from aiohttp import web


class LocalServer:
    """Subclasses build their routes in `app()` and may close more in `before_stop()`."""

    shutdown_timeout = 60.0
    _runner: web.AppRunner | None = None  # set per instance by start()
    _port: int | None = None

    def app(self) -> web.Application:
        raise NotImplementedError

    async def before_stop(self) -> None:
        """Close what the server holds open beyond HTTP (a websocket gateway, say)."""

    async def start(self) -> None:
        if self._runner is not None:
            return
        runner = web.AppRunner(self.app(), access_log=None, shutdown_timeout=self.shutdown_timeout)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self.before_stop()
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>`, without a trailing slash."""
        if self._port is None:
            raise RuntimeError(f"{type(self).__name__} is not started; await start() first")
        return f"http://127.0.0.1:{self._port}"
