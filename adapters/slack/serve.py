"""`rebound run` and `rebound tick` with Slack: one event loop shared by Slack and the scheduler."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from datetime import datetime
from functools import partial

from pydantic import SecretStr

from adapters.slack.config import SlackConfig
from adapters.slack.runtime import SlackRuntime
from adapters.slack.translate import PLATFORM
from bot.app import build, settle_memory
from bot.clock import SystemClock
from bot.due import Deliverer, run_due_pass
from bot.ports import Messenger
from bot.report import PassReport
from bot.schedule import Heartbeat
from bot.settings import Settings
from bot.values import Outbound

log = logging.getLogger(__name__)


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
    """Run until SIGINT or SIGTERM: Slack (Socket Mode or HTTP) plus the due-work heartbeat."""
    config = checked(settings)
    tz = settings.rebound_timezone
    services = await asyncio.to_thread(partial(build, database, tz, setting=setting))
    clock = SystemClock()
    runtime = SlackRuntime(config, services.core, clock, database)
    deliverer = Deliverer(services.work, lambda platform: route(runtime, platform))
    heartbeat = Heartbeat(
        services.work,
        deliverer,
        clock,
        interval_seconds=settings.due_interval_seconds,
        default_timezone=tz,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    if sys.platform != "win32":  # Windows event loops have no signal handlers
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
    await runtime.start()
    settle_memory()
    heartbeat.start()
    try:
        await stop.wait()
    finally:
        await heartbeat.stop()
        await runtime.stop()
        services.engine.dispose()


def route(runtime: SlackRuntime, platform: str) -> Messenger | None:
    return runtime.messenger if platform == PLATFORM else None


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
        return await run_due_pass(services.work, lambda p: route(runtime, p), now, report)
    finally:
        await runtime.stop()
        services.engine.dispose()
