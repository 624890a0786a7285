"""What the Slack benches share: a timed fake Slack, `rebound run` (or the bare baseline app) as
a process of its own on a free port, a database to run it on, and one signed `/rejected` sent
and timed.

Each command is timed twice from the moment its request is sent: `ack`, when Slack's HTTP
request gets its 200 (Slack waits at most 3 s for it); `answer`, when the fake Slack receives
the answer on the command's `response_url` (what the member sees). The fake runs in the bench's
own process, so both are read on one clock.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import aiohttp
from aiohttp import web

from tests.adapters.fake_slack import FakeSlack
from tests.adapters.slack_requests import signed_headers, slash_command_body

SECRET = "bench-signing-secret"
REBOUND = Path(sys.executable).parent / "rebound"
START_SECONDS = 60.0
STOP_SECONDS = 15.0
ANSWER_SECONDS = 10.0  # a command not answered by then fails the run

_tokens = itertools.count(1)


class TimedFakeSlack(FakeSlack):
    """The fake Slack, noting when each response_url first receives an answer."""

    def __init__(self) -> None:
        super().__init__()
        self.answered: dict[str, asyncio.Future[float]] = {}

    def expect(self, token: str) -> asyncio.Future[float]:
        future = asyncio.get_running_loop().create_future()
        self.answered[token] = future
        return future

    async def _response(self, request: web.Request) -> web.StreamResponse:
        at = time.perf_counter()
        answer = await super()._response(request)
        future = self.answered.pop(request.match_info["token"], None)
        if future is not None and not future.done():
            future.set_result(at)
        return answer


@dataclass(frozen=True)
class Served:
    """A Slack app process listening on `url` (`/slack/events`, `/healthz`)."""

    url: str
    pid: int


@dataclass(frozen=True)
class Timing:
    ack_ms: float
    answer_ms: float | None  # None when no answer was awaited


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """A fresh database: an SQLite file in a temporary folder, or with `url` (PostgreSQL) a
    schema of its own, dropped after."""
    if not url:
        with tempfile.TemporaryDirectory(prefix="rebound-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    from storage.db import make_engine

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        joiner = "&" if "?" in url else "?"
        yield f"{url}{joiner}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@asynccontextmanager
async def process(args: list[str], env: dict[str, str], port: int) -> AsyncIterator[Served]:
    """Start `args`, wait until it answers /healthz, and stop it (SIGINT) after."""
    with tempfile.TemporaryFile() as log:
        started = await asyncio.create_subprocess_exec(
            *args, env=env, stdout=log, stderr=log, cwd=tempfile.gettempdir()
        )
        try:
            await _until_listening(f"http://127.0.0.1:{port}", started, log, args[0])
            yield Served(f"http://127.0.0.1:{port}", started.pid)
        finally:
            if started.returncode is None:
                started.send_signal(signal.SIGINT)  # py-spy, when profiling, writes its samples
            try:
                await asyncio.wait_for(started.wait(), STOP_SECONDS)
            except TimeoutError:  # its measurements are taken; do not hang the bench on it
                started.kill()
                await started.wait()


async def _until_listening(
    url: str, started: asyncio.subprocess.Process, log: IO[bytes], name: str
) -> None:
    async with aiohttp.ClientSession() as http:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                async with http.get(f"{url}/healthz") as health:
                    if health.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            if started.returncode is not None or time.monotonic() > deadline:
                log.seek(0)
                tail = log.read()[-2000:].decode(errors="replace")
                raise RuntimeError(f"{name} did not start listening:\n{tail}")
            await asyncio.sleep(0.1)


def rebound_env(fake: FakeSlack, database_url: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update(
        DATABASE_URL=database_url,
        REBOUND_TIMEZONE="Europe/Berlin",
        SLACK_BOT_TOKEN="xoxb-T1",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=fake.api_url,
        PORT=str(port),
    )
    return env


@asynccontextmanager
async def rebound(fake: FakeSlack, database_url: str) -> AsyncIterator[Served]:
    """`rebound run` in Slack's HTTP mode against `fake`, on `database_url`."""
    port = free_port()
    args = [str(REBOUND), "run"]
    profile = os.environ.get("BENCH_PY_SPY")
    if profile:  # where the CPU goes: py-spy samples every thread
        spy = Path(sys.executable).parent / "py-spy"
        # BENCH_PY_SPY_GIL=1: only the thread holding the GIL, i.e. where the CPU that all
        # commands share goes (a thread waiting for the GIL or a lock otherwise looks busy).
        gil = ["--gil"] if os.environ.get("BENCH_PY_SPY_GIL") else []
        args = [str(spy), "record", "--threads", *gil, "-f", "raw", "-o", profile, "--", *args]
    async with process(args, rebound_env(fake, database_url, port), port) as on:
        yield on


@asynccontextmanager
async def bare(
    fake: FakeSlack, *, respond: bool = False, before_response: bool = False
) -> AsyncIterator[Served]:
    """The baseline app (`bench.slack_bare`) against `fake`."""
    port = free_port()
    args = [sys.executable, "-m", "bench.slack_bare", "--port", str(port)]
    args += ["--secret", SECRET, "--api-url", fake.api_url]
    args += ["--respond"] if respond else []
    args += ["--before-response"] if before_response else []
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    async with process(args, env, port) as on:
        yield on


async def rejected(
    http: aiohttp.ClientSession,
    served: Served,
    fake: TimedFakeSlack,
    user: str,
    company: str,
    *,
    answer: bool = True,
) -> Timing:
    """One signed `/rejected <company>` by `user`; its ack and (with `answer`) answer times."""
    token = f"b{next(_tokens)}"
    body = slash_command_body(
        "/rejected", company, response_url=fake.response_url(token), user=user, user_name=user
    )
    answered = fake.expect(token) if answer else None
    headers = signed_headers(SECRET, body)
    sent = time.perf_counter()
    async with http.post(f"{served.url}/slack/events", data=body, headers=headers) as response:
        await response.read()
        acked = time.perf_counter()
        if response.status != 200:
            raise RuntimeError(f"/rejected got HTTP {response.status}")
    if answered is None:
        return Timing((acked - sent) * 1000, None)
    at = await asyncio.wait_for(answered, ANSWER_SECONDS)
    return Timing((acked - sent) * 1000, (at - sent) * 1000)


def cpu_seconds(pid: int) -> float:
    """The process's CPU time so far, user and system, all threads (Linux): what a command
    costs however busy the machine is, where wall time depends on what else runs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def resident_mb(pid: int) -> float:
    """The process's resident set size (VmRSS), in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS (not Linux?)")
