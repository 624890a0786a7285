"""Requests that create a message go out once: discord.py's own retry of a 5xx is off for them.

discord.py's `HTTPClient.request` (2.x) answers a 500, 502, 504 or 524 by sending the same
request again, up to five times. For a message Discord stored before it answered 500, that
posts it twice. The messenger owns that retry instead: a message-creating request goes out
once per `send`, and a server error comes back as `Delivery(ambiguous=True)`, so the core's
next attempt looks in the channel's history (`DiscordMessenger.find`) before sending again.

discord.py has no per-request switch for it, but it hands extra keyword arguments of `request`
through to aiohttp's `ClientSession.request`, and it takes an `aiohttp.TraceConfig` for its
session (`HTTPClient(..., http_trace=...)`, a documented parameter). A request sent with
`trace_request_ctx=ONCE` is watched by the trace from `trace()`: when its answer is a server
error, the trace raises `MaybeSent`; aiohttp closes the response and raises it from the
request, and discord.py, which retries only answers it reads and `OSError`s, lets it through.
Every other request (opening a DM, reading history, deleting) keeps discord.py's retries, and
429s are untouched for all: discord.py still waits them out with its buckets and global lock.

Not covered: discord.py also resends after a connection reset, but only for errno 54 / 10054
(macOS, Windows); on Linux a reset is raised to us and counted as ambiguous.
"""

from __future__ import annotations

from types import SimpleNamespace

import aiohttp

ONCE = "rebound-once"  # the `trace_request_ctx` of a request that must not be resent


class MaybeSent(Exception):
    """Discord answered a message-creating request with a server error: it may have kept it."""

    def __init__(self, status: int) -> None:
        super().__init__(f"discord error {status}")
        self.status = status


async def _on_request_end(
    _session: aiohttp.ClientSession,
    context: SimpleNamespace,
    params: aiohttp.TraceRequestEndParams,
) -> None:
    status = params.response.status
    if getattr(context, "trace_request_ctx", None) == ONCE and status >= 500:
        raise MaybeSent(status)


def trace() -> aiohttp.TraceConfig:
    """The trace for the messenger's own `HTTPClient` (see the module docstring)."""
    config = aiohttp.TraceConfig()
    config.on_request_end.append(_on_request_end)
    return config
