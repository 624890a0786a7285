"""`rebound run` and `rebound tick` with Slack: one event loop shared by Slack and the scheduler."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Coroutine
from datetime import datetime
from functools import partial
from typing import Any

from pydantic import SecretStr

from adapters.slack.config import SlackConfig
from adapters.slack.runtime import SlackRuntime
from adapters.slack.translate import PLATFORM
from bot.clock import SystemClock
from bot.delivery.due import Deliverer, Route, run_due_pass
from bot.delivery.report import PassReport
from bot.health import Health
from bot.runtime.heartbeat import Heartbeat
from bot.runtime.settings import Settings
from bot.runtime.wiring import Workers, build, exit_now, settle_memory
from bot.values import Outbound

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 10.0  # after SIGTERM: finish what is under way, then go regardless


def config_from(settings: Settings) -> SlackConfig:
    def secret(value: SecretStr | None) -> str:
        return value.get_secret_value() if value is not None else ""

    return SlackConfig(
        signing_secret=secret(settings.slack_signing_secret),
        bot_token=secret(settings.slack_bot_token),
        app_token=secret(settings.slack_app_token),
        client_id=settings.slack_client_id or "",
        client_secret=secret(settings.slack_client_secret),
        api_url=settings.slack_api_url,
        port=settings.port,
    )


class SlackConfigError(ValueError):
    pass


def checked(settings: Settings) -> SlackConfig:
    config = config_from(settings)
    problems = config.problems()
    if problems:
        raise SlackConfigError("; ".join(problems))
    return config


async def serve(settings: Settings, database: str, setting: str = "DATABASE_URL") -> None:
    """Run until SIGINT or SIGTERM: Slack (Socket Mode or HTTP) plus the due-work heartbeat.

    Stopping takes at most about SHUTDOWN_SECONDS, even while the database does not answer.
    """
    config = checked(settings)
    tz = settings.rebound_timezone
    loop = asyncio.get_running_loop()
    workers = Workers(loop)
    commands = {"slack": settings.slack_command_names}
    services = await asyncio.to_thread(
        partial(build, database, tz, setting=setting, registered=commands)
    )
    clock = SystemClock()
    health = Health(services.ping, settings.due_interval_seconds)
    runtime = SlackRuntime(config, services.core, clock, database, health)
    deliverer = Deliverer(services.work, route(runtime))
    heartbeat = Heartbeat(
        services.work,
        deliverer,
        clock,
        interval_seconds=settings.due_interval_seconds,
        default_timezone=tz,
        health=health,
    )
    stop = asyncio.Event()
    if sys.platform != "win32":  # Windows event loops have no signal handlers
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
    await runtime.start()
    settle_memory()
    heartbeat.start()
    try:
        await stop.wait()
    finally:
        deadline = loop.time() + SHUTDOWN_SECONDS
        for step in (heartbeat.stop(), runtime.stop()):
            await _bounded(step, deadline - loop.time())
        if not await workers.finish(max(deadline - loop.time(), 0.5)):
            exit_now(0)
        services.engine.dispose()


async def _bounded(step: Coroutine[Any, Any, None], seconds: float) -> None:
    """One shutdown step, abandoned after `seconds` (a blocked database must not hold us)."""
    try:
        await asyncio.wait_for(step, max(seconds, 0.1))
    except TimeoutError:
        name = getattr(step, "__qualname__", "step")
        log.warning("shutdown step timed out", extra={"step": name})
    except Exception as error:
        log.warning("shutdown step failed", extra={"error": type(error).__name__})


def route(runtime: SlackRuntime) -> Route:
    """Slack's process delivers to Slack members and channels only."""
    return {PLATFORM: runtime.messenger}


async def tick(
    settings: Settings,
    database: str,
    now: datetime,
    report: PassReport | None = None,
    setting: str = "DATABASE_URL",
) -> list[Outbound]:
    """One due-work pass delivered through Slack."""
    config = checked(settings)
    services = await asyncio.to_thread(
        partial(build, database, settings.rebound_timezone, setting=setting)
    )
    runtime = SlackRuntime(config, services.core, SystemClock(), database)
    try:
        return await run_due_pass(services.work, route(runtime), now, report)
    finally:
        await runtime.stop()
        services.engine.dispose()
